// `nnft reproduce <experiment>`: runs a published experiment on one pool and writes its report.
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { mkdir, writeFile } from 'node:fs/promises';
import { runFreeTheory, PAPER_WIDTHS, type FreeTheoryReport } from '../experiments/free-theory.js';
import { freeTheoryHtml } from '../report/free-theory-report.js';
import { shardSampler } from '../cluster/shard-sampler.js';
import { planSample } from '../sample/sampler.js';
import { checkEstimator } from '../sample/options.js';
import { CliError, parseIntegerFlag, parseIntegerList, type RawOptions } from './options.js';
import { reproduceActions } from './reproduce-actions.js';
import { reproduceEft } from './reproduce-eft.js';
import { reproduceFashionMnist } from './reproduce-fashion-mnist.js';
import { reproduceSymmetry } from './reproduce-symmetry.js';
import type { SignalSource } from './signals.js';
import { runSweep } from './sweep.js';

export const EXPERIMENTS = ['free-theory', 'eft', 'symmetry', 'fashion-mnist', 'actions'] as const;

/** Where the command writes: text for stdout and stderr, and the working directory. */
export interface ReproduceIO {
  out(s: string): void;
  err(line: string): void;
  cwd: string;
  /** SIGINT and SIGTERM stop the sweep; its finished blocks stay in the checkpoint. */
  signals?: SignalSource;
}

const QUICK = { widths: [2, 5, 20, 100, 1000], networks: 20_000 };

/** A one-screen summary: fitted slopes and the agreement with the exact theory, per panel. */
export function summarizeFreeTheory(r: FreeTheoryReport, path: string): string {
  const lines = [
    `free theory: ${r.settings.networks.toLocaleString('en')} networks per width, ${r.settings.estimator} estimator, seed ${r.settings.seed}`,
    '',
    '  arch        d_in  m4 slope          m6 slope          N m4 (smallest N)   max |z| k4, k6',
  ];
  for (const p of r.panels) {
    const slope = (f: FreeTheoryReport['panels'][number]['slopes']['m4']) =>
      f ? `${f.slope.toFixed(3)} ± ${Number.isFinite(f.slopeSE) ? f.slopeSE.toFixed(3) : '–'}` : 'below background';
    const w0 = p.widths[0];
    const z4 = Math.max(...p.widths.map((w) => w.exact['4'].maxAbsZ));
    const z6 = Math.max(...p.widths.map((w) => w.exact['6'].maxAbsZ));
    lines.push(
      `  ${p.arch.padEnd(10)}  ${String(p.dIn).padEnd(4)}  ${slope(p.slopes.m4).padEnd(16)}  ${slope(p.slopes.m6).padEnd(16)}  ` +
        `${(w0.width * w0.deviation['4'].mAri).toPrecision(4).padEnd(18)}  ${z4.toFixed(2)}, ${z6.toFixed(2)}`,
    );
  }
  lines.push('', `expected slopes (exact theory): m4 ${r.expectedSlopes.m4}, m6 ${r.expectedSlopes.m6} above the background`, `report: ${path}`, '');
  return lines.join('\n');
}

/** Checks the experiment's name; CliError naming the known ones. */
export function checkExperiment(experiment: string): void {
  if (!(EXPERIMENTS as readonly string[]).includes(experiment)) {
    throw new CliError(`<experiment> must be one of ${EXPERIMENTS.join(', ')}. Value: ${JSON.stringify(experiment)}.`);
  }
}

/** The sweep the flags of `nnft reproduce` ask for (defaults: the paper's; --quick: a reduced sweep). */
export function reproduceFlags(opts: RawOptions) {
  const quick = opts.quick !== undefined;
  const networks = opts.networks !== undefined ? parseIntegerFlag('--networks', opts.networks) : quick ? QUICK.networks : 1_000_000;
  const widths = opts.widths !== undefined ? parseIntegerList('--widths', opts.widths) : quick ? QUICK.widths : [...PAPER_WIDTHS];
  const dIns = opts.dIn !== undefined ? parseIntegerList('--d-in', opts.dIn) : [1, 2, 3];
  const archs = opts.arch !== undefined ? opts.arch.split(',').map((a) => a.trim()) : undefined;
  const seed = opts.seed !== undefined ? parseIntegerFlag('--seed', opts.seed) : 1;
  const threads = opts.threads !== undefined ? parseIntegerFlag('--threads', opts.threads) : availableParallelism();
  const estimator = checkEstimator(opts.estimator);
  return { networks, widths, dIns, archs, seed, threads, estimator };
}

/** Runs `nnft reproduce`; resolves to the exit code. */
export async function reproduce(experiment: string, opts: RawOptions, io: ReproduceIO): Promise<number> {
  checkExperiment(experiment);
  if (experiment === 'eft') return reproduceEft(reproduceFlags(opts), opts, io);
  if (experiment === 'symmetry') return reproduceSymmetry(opts, io);
  if (experiment === 'fashion-mnist') return reproduceFashionMnist(opts, io);
  if (experiment === 'actions') return reproduceActions(opts, io);
  const { networks, widths, dIns, archs, seed, threads, estimator } = reproduceFlags(opts);
  // With --from, every run is read from the shard files of a cluster run instead of sampled.
  const fromShards = opts.from === undefined ? undefined : shardSampler(resolve(io.cwd, opts.from));
  if (fromShards && opts.checkpoint !== undefined) {
    throw new CliError(`--checkpoint does nothing with --from (the runs are read, not sampled). Value: ${JSON.stringify(opts.checkpoint)}.`);
  }
  const dir = resolve(io.cwd, opts.out ?? join('reports', experiment));
  // Validate one width's run before starting: every bad flag fails here, before any work.
  planSample({ arch: archs?.[0] ?? 'relu-net', width: widths[0], points: [0.5], networks, orders: [2], seed, threads, estimator });
  const t0 = performance.now();
  // The checkpoint's job: the settings every run of the sweep shares.
  const outcome = await runSweep(opts, io, { threads, job: { job: experiment, seed, networks, estimator } }, async (sampler) => {
    const report = await runFreeTheory({
      sampler: fromShards ?? sampler, archs, dIns, widths, networks, seed, threads, estimator,
      onStep: (s) => io.err(`nnft: [${s.index + 1}/${s.count}] ${s.arch} d_in=${s.dIn} N=${s.width}`),
    });
    await mkdir(dir, { recursive: true });
    const html = join(dir, 'index.html');
    await writeFile(join(dir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
    await writeFile(html, await freeTheoryHtml(report));
    return { report, html };
  });
  if (!outcome.ok) return outcome.code;
  io.out(summarizeFreeTheory(outcome.value.report, outcome.value.html));
  io.err(`nnft: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return 0;
}
