// The free-theory experiment of Halverson, Maiti and Stoner, "Neural Networks and Quantum Field
// Theory" (2020), spec section C: how the n-point functions of relu-, erf- and gauss-nets approach
// the Gaussian process as the width grows, held against the exact finite-width theory (spec D).
import { getArchitecture } from '../arch/index.js';
import { NnftInputError } from '../errors.js';
import type { EnsembleResult } from '../result.js';
import type { Estimator } from '../sample/kernel-config.js';
import type { SampleOptions } from '../sample/sampler.js';
import { checkInteger, LIMITS } from '../sample/options.js';
import { flatIndex, forEachMultiset, orderOffset } from '../stats/multiset.js';
import type { ActivationName } from '../theory/activation.js';
import { exactCorrelators } from '../theory/finite-width.js';
import { gpMoments } from '../theory/gp-moments.js';
import { deviationStats, fitLogLogSlope, type Chunk, type LineFit } from './deviation.js';
import { paperPointSet, POINT_SETS } from './point-sets.js';

/** The paper's widths. */
export const PAPER_WIDTHS = [2, 3, 4, 5, 10, 20, 50, 100, 500, 1000] as const;
/** The three architectures of the paper and the theory's name for their activation. */
const ACTIVATION: Record<string, ActivationName> = { 'relu-net': 'relu', 'erf-net': 'erf', 'gauss-net': 'gauss' };
/** Chunks of the paper's statistics (spec C.2). */
export const CHUNKS = 10;
/** Jackknife blocks per width: three per chunk, so that z-scores rest on 30 blocks, not 10. */
const BLOCKS = 3 * CHUNKS;
/** Derived log-log slopes (spec C.3): m_4 and m_6 fall as 1/N above the noise floor. */
export const EXPECTED_SLOPE = { m4: -1, m6: -1 } as const;

export interface FreeTheoryOptions {
  archs?: readonly string[];
  dIns?: readonly number[];
  widths?: readonly number[];
  /** Networks per width (the paper: 10^6). */
  networks?: number;
  seed?: number;
  threads?: number;
  estimator?: Estimator;
  /** Runs a width and returns its result (default: the library's sample()). */
  sampler: (o: SampleOptions) => Promise<EnsembleResult>;
  /** Called before each width. */
  onStep?: (step: { arch: string; dIn: number; width: number; index: number; count: number }) => void;
}

/** The deviation measures of one order at one width. */
export interface OrderDeviation {
  mGeo: number;
  mAri: number;
  background: number;
}

/** Measured connected correlators of one order against the exact finite-width prediction. */
export interface ExactComparison {
  entries: number;
  maxAbsZ: number;
  /** Fraction of entries with |z| > 3. */
  fractionAbove3: number;
  /** The entry with the largest exact |value|: measured, its error, exact. */
  largest: { idx: number[]; measured: number; se: number; exact: number };
}

export interface WidthResult {
  width: number;
  networks: number;
  seconds: number;
  deviation: Record<'2' | '4' | '6', OrderDeviation>;
  exact: Record<'4' | '6', ExactComparison>;
}

export interface FreeTheoryPanel {
  arch: string;
  dIn: number;
  pointSet: string;
  points: number[][];
  sw: number;
  sb: number;
  widths: WidthResult[];
  /** Log-log slopes over the widths where m_n > 3 b_n (null with fewer than 2 such widths). */
  slopes: { m4: (LineFit & { widths: number[] }) | null; m6: (LineFit & { widths: number[] }) | null };
}

export interface FreeTheoryReport {
  experiment: 'free-theory';
  settings: { networks: number; seed: number; estimator: Estimator; chunks: number; widths: number[] };
  expectedSlopes: typeof EXPECTED_SLOPE;
  panels: FreeTheoryPanel[];
}

/** Compares every connected correlator of order n with the exact prediction. */
function compare(r: EnsembleResult, exact: Float64Array, P: number, n: number): ExactComparison {
  let maxAbsZ = 0;
  let above = 0;
  let count = 0;
  let largest = { idx: [] as number[], measured: 0, se: 0, exact: 0 };
  for (const e of r.correlators(n)) {
    const want = exact[flatIndex(P, e.idx)];
    const z = Math.abs(e.connected - want) / e.connected_se;
    maxAbsZ = Math.max(maxAbsZ, z);
    if (z > 3) above++;
    count++;
    if (Math.abs(want) > Math.abs(largest.exact)) largest = { idx: e.idx, measured: e.connected, se: e.connected_se, exact: want };
  }
  return { entries: count, maxAbsZ, fractionAbove3: above / count, largest };
}

/** The run's blocks merged into `count` chunks of consecutive blocks (block sums added in order). */
function toChunks(r: EnsembleResult, count: number): Chunk[] {
  const blocks = r.accumulator.blocks();
  const per = blocks.length / count;
  return Array.from({ length: count }, (_, c) => {
    const group = blocks.slice(c * per, (c + 1) * per);
    const sums = new Float64Array(group[0].sums.length);
    for (const b of group) for (let i = 0; i < sums.length; i++) sums[i] += b.sums[i];
    return { count: group.reduce((n, b) => n + b.n1 - b.n0, 0), sums };
  });
}

/** The slope of log10 m_n against log10 N over the widths where m_n stands above 3 b_n. */
function slopeAboveBackground(widths: WidthResult[], order: '4' | '6') {
  const used = widths.filter((w) => w.deviation[order].mAri > 3 * w.deviation[order].background);
  if (used.length < 2) return null;
  const fit = fitLogLogSlope(used.map((w) => w.width), used.map((w) => w.deviation[order].mAri));
  return { ...fit, widths: used.map((w) => w.width) };
}

/** The settings of a sweep, every default filled in. */
export interface FreeTheorySettings {
  archs: string[];
  dIns: number[];
  widths: number[];
  networks: number;
  seed: number;
  estimator: Estimator;
}

/** Fills the defaults and checks every input (before the first width runs). */
export function freeTheorySettings(o: Omit<FreeTheoryOptions, 'sampler'>): FreeTheorySettings {
  const archs = [...(o.archs ?? ['relu-net', 'erf-net', 'gauss-net'])];
  const dIns = [...(o.dIns ?? [1, 2, 3])];
  const widths = [...(o.widths ?? PAPER_WIDTHS)];
  const networks = o.networks ?? 1_000_000;
  const seed = o.seed ?? 1;
  const estimator = o.estimator ?? 'conditional';
  for (const a of archs) {
    if (!ACTIVATION[a]) throw new NnftInputError('arch', a, 'must be relu-net, erf-net or gauss-net');
    for (const d of dIns) paperPointSet(a, d);
  }
  for (const [i, w] of widths.entries()) checkInteger(`widths[${i}]`, w, 1, LIMITS.width);
  checkInteger('networks', networks, CHUNKS * 3, LIMITS.networks);
  return { archs, dIns, widths, networks, seed, estimator };
}

/** The paper's points for an architecture and input dimension. */
const pointsOf = (arch: string, dIn: number): number[][] => POINT_SETS[paperPointSet(arch, dIn)].map((p) => [...p]);

/** The sampling run of one width. */
function widthRun(s: FreeTheorySettings, arch: string, points: number[][], width: number, threads?: number): SampleOptions {
  return { arch, width, points, networks: s.networks, orders: [2, 4, 6], seed: s.seed, threads, blocks: BLOCKS, estimator: s.estimator };
}

/**
 * The sampling runs of a sweep, in the order runFreeTheory makes them (architecture, then d_in, then
 * width): what a cluster samples ahead of the experiment, which then reads them back through its sampler.
 */
export function freeTheoryRuns(o: Omit<FreeTheoryOptions, 'sampler'>): SampleOptions[] {
  const s = freeTheorySettings(o);
  return s.archs.flatMap((arch) => s.dIns.flatMap((dIn) => s.widths.map((width) => widthRun(s, arch, pointsOf(arch, dIn), width, o.threads))));
}

/**
 * Runs the experiment: for each architecture, input dimension and width, sample G2, G4, G6 in 10
 * chunks, measure m_2, m_4, m_6 and their backgrounds against the GP, fit the slopes of m_4 and m_6
 * against N, and hold every connected G4 and G6 against the exact finite-width theory
 * (kappa_n(N) = kappa_n(1) N^(1 - n/2) at mw = 0, computed once per point set).
 */
export async function runFreeTheory(o: FreeTheoryOptions): Promise<FreeTheoryReport> {
  const settings = freeTheorySettings(o);
  const { archs, dIns, widths, networks, seed, estimator } = settings;
  const panels: FreeTheoryPanel[] = [];
  const count = archs.length * dIns.length * widths.length;
  let index = 0;
  for (const arch of archs) {
    for (const dIn of dIns) {
      const pointSet = paperPointSet(arch, dIn);
      const points = pointsOf(arch, dIn);
      const { sw, sb } = getArchitecture(arch).defaults;
      const shape = { sw, sb, mw: 0, mb: 0, width: 1, dIn, dOut: 1 };
      const P = points.length;
      const K = points.map((x) => points.map((y) => getArchitecture(arch).kernel!(x, y, shape)));
      const gp = gpMoments(K, 6);
      const unit = exactCorrelators({ activation: ACTIVATION[arch], width: 1, dIn, sw, sb }, points, 6).cumulants;
      const results: WidthResult[] = [];
      for (const width of widths) {
        o.onStep?.({ arch, dIn, width, index: index++, count });
        const t0 = performance.now();
        const r = await o.sampler(widthRun(settings, arch, points, width, o.threads));
        const seconds = (performance.now() - t0) / 1000;
        const chunks = toChunks(r, CHUNKS);
        const dev = (n: number): OrderDeviation => {
          const s = deviationStats(chunks, gp, P, n);
          return { mGeo: s.mGeo, mAri: s.mAri, background: s.background };
        };
        // exact connected correlators at this width, by the N^(1 - n/2) scaling of the unit cumulants
        const exact = new Float64Array(unit.length);
        for (const n of [4, 6]) {
          const base = orderOffset(P, n);
          forEachMultiset(P, n, (_idx, rank) => {
            exact[base + rank] = unit[base + rank] * width ** (1 - n / 2);
          });
        }
        results.push({
          width, networks: r.networks, seconds,
          deviation: { '2': dev(2), '4': dev(4), '6': dev(6) },
          exact: { '4': compare(r, exact, P, 4), '6': compare(r, exact, P, 6) },
        });
      }
      panels.push({
        arch, dIn, pointSet, points, sw, sb, widths: results,
        slopes: { m4: slopeAboveBackground(results, '4'), m6: slopeAboveBackground(results, '6') },
      });
    }
  }
  return { experiment: 'free-theory', settings: { networks, seed, estimator, chunks: CHUNKS, widths }, expectedSlopes: EXPECTED_SLOPE, panels };
}
