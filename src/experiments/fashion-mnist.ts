// The Fashion-MNIST experiment of Maiti, Stoner and Halverson, "Symmetry-via-Duality" (2021), spec
// section G3: how breaking the output-rotation symmetry of the initialisation (mean muW on the first k
// rows of the last layer) changes the test accuracy a network reaches. The claims: with one-hot
// targets accuracy falls as muW and k grow; with one-cold targets, whose mean points along the
// breaking direction at k = 10, it rises with muW.
import { NnftInputError } from '../errors.js';
import { fitLine } from '../eft/line-fit.js';
import { meanInterval, tTwoSidedP, zeroMeanTest, type MeanInterval, type SignTest } from '../stats/run-statistics.js';
import { RUN_DEFAULTS, type Targets, type TrainRunOptions, type TrainRunResult } from '../train/run.js';
import type { RunStore } from './run-store.js';

/** The authors' grid: k in {0, 2, ..., 10}, muW in {0, 0.01, ..., 0.20}. */
export const PAPER_K = [0, 2, 4, 6, 8, 10] as const;
export const PAPER_MU = Array.from({ length: 21 }, (_, i) => i / 100);
/** The one-cold line plot's k (the breaking along (1, ..., 1), the one-cold targets' mean direction). */
export const ONE_COLD_K = 10;
/** Default runs per one-hot cell (the authors' heatmap: one run). */
export const DEFAULT_RUNS = 10;
/** Default runs per point of the one-cold line (the authors averaged 20). */
export const DEFAULT_COLD_RUNS = 20;
/** A reduced sweep for smoke checks. */
export const QUICK_SWEEP = { runs: 2, coldRuns: 2, epochs: 2, kValues: [0, 4, 10], muValues: [0, 0.1, 0.2] } as const;
/** Significance level of the verdicts on the claims. */
export const ALPHA = 0.05;

export interface FashionMnistSweepOptions {
  /** Runs (seeds) per one-hot cell: the heatmap and the one-hot claims (default 10). */
  runs?: number;
  /** Runs (seeds) per point of the one-cold line and its claim (default 20, the authors' count). */
  coldRuns?: number;
  /** Epochs per run (default 20). */
  epochs?: number;
  /** Seed of run 0; run r uses seed + r in every cell, one-hot and one-cold (default 1). */
  seed?: number;
  kValues?: readonly number[];
  muValues?: readonly number[];
  /** Training samples per epoch (default: all 60,000). */
  trainSamples?: number;
  /** Trains one network (a pool's run). */
  runner: (task: TrainRunOptions) => Promise<TrainRunResult>;
  /** Finished runs, read to resume and written as runs finish. */
  store?: RunStore<TrainRunResult>;
  /** Identifies the data (its checksum and split) in the store's fingerprint and the report. */
  data: { sha256: string; description: Record<string, unknown> };
  /** Runs in flight at once (default: all; the pool's thread count keeps them in order). */
  concurrency?: number;
  /** Called after every run (resumed runs first, all at once). */
  onRun?: (p: RunProgress) => void;
}

/** Progress after a run. */
export interface RunProgress {
  done: number;
  total: number;
  /** Runs taken from the store rather than run. */
  resumed: number;
  task: TrainRunOptions;
  result: TrainRunResult;
  /** Seconds left at the pace of the runs made so far (NaN before the first). */
  etaSeconds: number;
}

/** Settings of a sweep, every default filled in. */
export interface FashionMnistSettings {
  runs: number;
  coldRuns: number;
  epochs: number;
  seed: number;
  kValues: number[];
  muValues: number[];
  trainSamples?: number;
  batch: number;
  lr: number;
  gamma: number;
}

/** A trend fitted as a straight line: its slope tested against zero. */
export interface TrendTest {
  /** Mean slope (percentage points of accuracy per unit of x). */
  slope: number;
  se: number;
  t: number;
  p: number;
  /** Runs whose slopes were averaged (1: one run's least-squares fit). */
  runs: number;
  /** Sign test over runs (null with one run). */
  sign: SignTest | null;
  method: 'across runs' | 'one run (least squares)';
}

export interface Claim {
  claim: string;
  expected: 'negative' | 'positive';
  test: TrendTest;
  /** Change over the swept range (slope times its width), percentage points. */
  change: number;
  verdict: 'supported' | 'contradicted' | 'not significant';
}

export interface FashionMnistReport {
  experiment: 'fashion-mnist';
  /** `seeds`: the one-hot cells' runs; `coldSeeds`: the one-cold line's. */
  settings: FashionMnistSettings & { seeds: number[]; coldSeeds: number[]; hidden: number; optimiser: string };
  data: Record<string, unknown>;
  notes: string[];
  /** One-hot max test accuracy (%) per (k, muW): mean over runs and its standard error. */
  heatmap: { kValues: number[]; muValues: number[]; mean: number[][]; se: number[][] };
  /** One-cold, k = 10: max test accuracy (%) per muW with its 95% t interval over the coldRuns runs. */
  oneCold: { k: number; muValues: number[]; points: MeanInterval[] };
  /** Accuracy at muW = 0 (no breaking), one-hot (over `runs` runs) and one-cold (over `coldRuns`). */
  baseline: { oneHot: MeanInterval; oneCold: MeanInterval };
  /** Slope of accuracy against muW at each k > 0 (one-hot). */
  oneHotSlopes: { k: number; test: TrendTest }[];
  claims: Claim[];
  timing: { runsTotal: number; runsMade: number; runsResumed: number; meanRunSeconds: number; wallSeconds: number };
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

/** Fills the defaults and checks every setting before the first run. */
export function fashionMnistSettings(o: Omit<FashionMnistSweepOptions, 'runner' | 'store' | 'data' | 'onRun'>): FashionMnistSettings {
  const runs = o.runs ?? DEFAULT_RUNS;
  if (!isInt(runs) || runs < 1 || runs > 10_000) throw new NnftInputError('runs', runs, 'must be an integer in [1, 10000]');
  const coldRuns = o.coldRuns ?? DEFAULT_COLD_RUNS;
  if (!isInt(coldRuns) || coldRuns < 1 || coldRuns > 10_000) throw new NnftInputError('coldRuns', coldRuns, 'must be an integer in [1, 10000]');
  const epochs = o.epochs ?? RUN_DEFAULTS.epochs;
  if (!isInt(epochs) || epochs < 1 || epochs > 1000) throw new NnftInputError('epochs', epochs, 'must be an integer in [1, 1000]');
  const seed = o.seed ?? 1;
  if (!isInt(seed) || seed < 0 || seed + Math.max(runs, coldRuns) > Number.MAX_SAFE_INTEGER) throw new NnftInputError('seed', seed, 'must be an integer in [0, 2^53 - runs)');
  const kValues = [...(o.kValues ?? PAPER_K)];
  kValues.forEach((k, i) => {
    if (!isInt(k) || k < 0 || k > 10) throw new NnftInputError(`kValues[${i}]`, k, 'must be an integer in [0, 10]');
  });
  const muValues = [...(o.muValues ?? PAPER_MU)];
  muValues.forEach((m, i) => {
    if (typeof m !== 'number' || !Number.isFinite(m) || Math.abs(m) > 100) throw new NnftInputError(`muValues[${i}]`, m, 'must be a number in [-100, 100]');
  });
  if (new Set(kValues).size !== kValues.length || kValues.length === 0) throw new NnftInputError('kValues', kValues, 'must be distinct, at least one');
  if (new Set(muValues).size !== muValues.length || muValues.length === 0) throw new NnftInputError('muValues', muValues, 'must be distinct, at least one');
  if (o.trainSamples !== undefined && (!isInt(o.trainSamples) || o.trainSamples < 1)) throw new NnftInputError('trainSamples', o.trainSamples, 'must be a positive integer');
  const s: FashionMnistSettings = { runs, coldRuns, epochs, seed, kValues: kValues.sort((a, b) => a - b), muValues: muValues.sort((a, b) => a - b), batch: RUN_DEFAULTS.batch, lr: RUN_DEFAULTS.lr, gamma: RUN_DEFAULTS.gamma };
  if (o.trainSamples !== undefined) s.trainSamples = o.trainSamples;
  return s;
}

/**
 * The run that cell (targets, k, muW) of seed `seed` needs. Without breaking (k = 0 or muW = 0)
 * every cell of a seed is the same run (the initial weights do not depend on k then), so those cells
 * share the run (0, 0).
 */
export function cellRun(s: FashionMnistSettings, targets: Targets, k: number, muW: number, seed: number): TrainRunOptions {
  const broken = k !== 0 && muW !== 0;
  const task: TrainRunOptions = { seed, k: broken ? k : 0, muW: broken ? muW : 0, targets, epochs: s.epochs, batch: s.batch, lr: s.lr, gamma: s.gamma };
  if (s.trainSamples !== undefined) task.trainSamples = s.trainSamples;
  return task;
}

const runKey = (t: TrainRunOptions) => `${t.targets} k=${t.k} mu=${t.muW} seed=${t.seed}`;

/**
 * Every distinct run of a sweep, seed by seed (the one-hot grid while r < runs, then the one-cold line
 * while r < coldRuns). A run is keyed by its targets, k, muW and seed alone, so changing either run
 * count keeps every finished run of the other seeds valid.
 */
export function fashionMnistRuns(s: FashionMnistSettings): TrainRunOptions[] {
  const seen = new Map<string, TrainRunOptions>();
  for (let r = 0; r < Math.max(s.runs, s.coldRuns); r++) {
    const seed = s.seed + r;
    if (r < s.runs) for (const k of s.kValues) for (const mu of s.muValues) seen.set(runKey(cellRun(s, 'one-hot', k, mu, seed)), cellRun(s, 'one-hot', k, mu, seed));
    if (r < s.coldRuns) for (const mu of s.muValues) seen.set(runKey(cellRun(s, 'one-cold', ONE_COLD_K, mu, seed)), cellRun(s, 'one-cold', ONE_COLD_K, mu, seed));
  }
  return [...seen.values()];
}

/** The slope of y against x: over runs (one fit per run, then the t-test of the mean) or within one run. */
export function trendTest(x: readonly number[], yPerRun: readonly (readonly number[])[]): TrendTest {
  if (yPerRun.length === 1) {
    const f = fitLine(x, yPerRun[0]);
    const t = f.slope / f.slopeSE;
    return { slope: f.slope, se: f.slopeSE, t, p: f.dof > 0 ? tTwoSidedP(t, f.dof) : NaN, runs: 1, sign: null, method: 'one run (least squares)' };
  }
  const z = zeroMeanTest(yPerRun.map((y) => fitLine(x, y).slope));
  return { slope: z.mean, se: z.se, t: z.t, p: z.p, runs: z.n, sign: z.sign, method: 'across runs' };
}

function verdict(expected: 'negative' | 'positive', t: TrendTest): Claim['verdict'] {
  if (!(t.p < ALPHA)) return 'not significant';
  return (t.slope < 0) === (expected === 'negative') ? 'supported' : 'contradicted';
}

/** Runs (or resumes) the sweep and analyses it. */
export async function runFashionMnist(o: FashionMnistSweepOptions): Promise<FashionMnistReport> {
  const s = fashionMnistSettings(o);
  const tasks = fashionMnistRuns(s);
  const results = new Map<string, TrainRunResult>();
  let resumed = 0;
  let done = 0;
  const t0 = performance.now();
  const pending: TrainRunOptions[] = [];
  for (const t of tasks) {
    const stored = o.store?.get(runKey(t));
    if (stored) {
      results.set(runKey(t), stored);
      resumed++;
      o.onRun?.({ done: ++done, total: tasks.length, resumed, task: t, result: stored, etaSeconds: NaN });
    } else pending.push(t);
  }
  let made = 0;
  const writes = new Set<Promise<void>>();
  const queue = [...pending];
  // `concurrency` loops, each taking the next run in order: runs finish seed by seed, so an
  // interrupted sweep leaves whole seeds behind
  const loop = async () => {
    for (let t = queue.shift(); t; t = queue.shift()) {
      const r = await o.runner(t);
      const write = o.store?.add(runKey(t), r);
      if (write) writes.add(write);
      await write;
      results.set(runKey(t), r);
      made++;
      const elapsed = (performance.now() - t0) / 1000;
      o.onRun?.({ done: ++done, total: tasks.length, resumed, task: t, result: r, etaSeconds: (elapsed / made) * (pending.length - made) });
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(o.concurrency ?? pending.length, pending.length)) }, loop));
  } catch (e) {
    queue.length = 0; // start nothing more
    await Promise.allSettled(writes); // every finished run is on disk before the failure is reported
    throw e;
  }

  const seeds = Array.from({ length: s.runs }, (_, r) => s.seed + r);
  const coldSeeds = Array.from({ length: s.coldRuns }, (_, r) => s.seed + r);
  const acc = (targets: Targets, k: number, mu: number, seed: number) => results.get(runKey(cellRun(s, targets, k, mu, seed)))!.maxAccuracy;
  const heatmap = {
    kValues: s.kValues, muValues: s.muValues,
    mean: s.kValues.map((k) => s.muValues.map((mu) => meanInterval(seeds.map((seed) => acc('one-hot', k, mu, seed))).mean)),
    se: s.kValues.map((k) => s.muValues.map((mu) => meanInterval(seeds.map((seed) => acc('one-hot', k, mu, seed))).se)),
  };
  const oneCold = { k: ONE_COLD_K, muValues: s.muValues, points: s.muValues.map((mu) => meanInterval(coldSeeds.map((seed) => acc('one-cold', ONE_COLD_K, mu, seed)))) };
  const baseline = {
    oneHot: meanInterval(seeds.map((seed) => acc('one-hot', 0, 0, seed))),
    oneCold: meanInterval(coldSeeds.map((seed) => acc('one-cold', 0, 0, seed))),
  };

  const muRange = s.muValues[s.muValues.length - 1] - s.muValues[0];
  const broken = s.kValues.filter((k) => k > 0);
  const positiveMu = s.muValues.filter((m) => m !== 0);
  const oneHotSlopes = s.muValues.length >= 3
    ? broken.map((k) => ({ k, test: trendTest(s.muValues, seeds.map((seed) => s.muValues.map((mu) => acc('one-hot', k, mu, seed)))) }))
    : [];
  const claims: Claim[] = [];
  const claim = (text: string, expected: Claim['expected'], test: TrendTest, range: number) =>
    claims.push({ claim: text, expected, test, change: test.slope * range, verdict: verdict(expected, test) });
  if (s.muValues.length >= 3 && broken.length > 0) {
    // per run: the mean over k > 0 of the slopes against muW
    const perRun = seeds.map((seed) => s.muValues.map((mu) => broken.reduce((a, k) => a + acc('one-hot', k, mu, seed), 0) / broken.length));
    claim(`one-hot: accuracy falls as muW grows (slope of the mean over k = ${broken.join(', ')}, against muW)`, 'negative', trendTest(s.muValues, perRun), muRange);
  }
  if (s.kValues.length >= 3 && positiveMu.length > 0) {
    const perRun = seeds.map((seed) => s.kValues.map((k) => positiveMu.reduce((a, mu) => a + acc('one-hot', k, mu, seed), 0) / positiveMu.length));
    claim(`one-hot: accuracy falls as k grows (slope of the mean over muW = ${positiveMu.join(', ')}, against k)`, 'negative',
      trendTest(s.kValues, perRun), s.kValues[s.kValues.length - 1] - s.kValues[0]);
  }
  if (s.muValues.length >= 3) {
    const perRun = coldSeeds.map((seed) => s.muValues.map((mu) => acc('one-cold', ONE_COLD_K, mu, seed)));
    claim(`one-cold (k = ${ONE_COLD_K}): accuracy rises as muW grows`, 'positive', trendTest(s.muValues, perRun), muRange);
  }

  const all = tasks.map((t) => results.get(runKey(t))!);
  return {
    experiment: 'fashion-mnist',
    settings: { ...s, seeds, coldSeeds, hidden: 50, optimiser: 'Adam (betas 0.9, 0.999, eps 1e-8), learning rate x 0.7 per epoch' },
    data: o.data.description,
    notes: [
      'The reported accuracy of a run is its maximum test accuracy over the epochs, as in the authors\' code.',
      'The authors\' heatmap is a single run (plot_heatmap.py loads run 0 for every run); their one-cold line averages 20 runs. '
        + `Here every one-hot cell averages ${plural(s.runs, 'run')} and every point of the one-cold line ${plural(s.coldRuns, 'run')}; `
        + `run r of every cell uses seed ${s.seed} + r (common random numbers: `
        + 'the same initial normals and data order, so cells of one seed differ only by the breaking).',
      'Without breaking (k = 0 or muW = 0) all cells of a seed are the same run, made once.',
      `Trend verdicts: slope tested against zero at level ${ALPHA} (two-sided t-test over the runs' fitted slopes: the one-hot claims `
        + `over the ${plural(s.runs, 'one-hot run')}, the one-cold claim over the ${plural(s.coldRuns, 'one-cold run')}; with one run, `
        + 'the least-squares error of that run\'s fit, which assumes independent scatter).',
    ],
    heatmap, oneCold, baseline, oneHotSlopes, claims,
    timing: {
      runsTotal: tasks.length, runsMade: made, runsResumed: resumed,
      meanRunSeconds: all.reduce((a, r) => a + r.seconds, 0) / all.length,
      wallSeconds: (performance.now() - t0) / 1000,
    },
  };
}

/** The fingerprint of a sweep's runs: what a stored run must match to be reused. */
export function runsFingerprint(s: FashionMnistSettings, dataSha256: string): string {
  return JSON.stringify({ epochs: s.epochs, batch: s.batch, lr: s.lr, gamma: s.gamma, trainSamples: s.trainSamples ?? null, hidden: 50, data: dataSha256 });
}
