// Training throughput of the symmetry-breaking network (784 -> 50 -> 10, batch 64, Adam) on
// Fashion-MNIST: nnft's WASM kernels through the training pool (one run per worker, as in a sweep)
// against the same model and loop in PyTorch on CPU (bench/torch_train.py), both with intra-op threads
// and as single-threaded runs in parallel processes, measured in one run; and
// the wall time of the full default sweep, extrapolated from whole runs.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadFashionMnist, type FashionMnist } from '../src/data/fashion-mnist.js';
import { fashionMnistRuns, fashionMnistSettings } from '../src/experiments/fashion-mnist.js';
import { TrainPool } from '../src/train/pool.js';

const DEBIAN_PYTHON = '/usr/bin/python3';
const TORCH_SCRIPT = fileURLToPath(new URL('./torch_train.py', import.meta.url));
const SHAPE = { dIn: 784, hidden: 50, outputs: 10 };

/** Whether Debian's python with torch is installed. */
export function torchAvailable(): boolean {
  if (!existsSync(DEBIAN_PYTHON)) return false;
  try {
    execFileSync(DEBIAN_PYTHON, ['-c', 'import torch, numpy'], { stdio: 'ignore', timeout: 120_000 });
    return true;
  } catch {
    return false;
  }
}

/**
 * Training samples per second of nnft at `threads`: `threads` runs of `epochs` epochs at once (one
 * per worker), the sum of their rates over their training steps (evaluation excluded, as in the
 * PyTorch loop); the best of `repeats` rounds.
 */
export async function nnftTrainRate(data: FashionMnist, threads: number, epochs: number, repeats = 3): Promise<number> {
  const pool = await TrainPool.create(threads, data, SHAPE);
  try {
    // warm every worker: instantiation, data copy, tier-up of the kernels
    await Promise.all(Array.from({ length: threads }, (_, i) => pool.run({ seed: 100 + i, k: 0, muW: 0, targets: 'one-hot', epochs: 1, trainSamples: 6400 })));
    let best = 0;
    for (let r = 0; r < repeats; r++) {
      const runs = await Promise.all(Array.from({ length: threads }, (_, i) => pool.run({ seed: 1 + i + threads * r, k: 4, muW: 0.1, targets: 'one-hot', epochs })));
      if (!runs.every((x) => x.maxAccuracy > 10)) throw new Error('a run did not learn');
      best = Math.max(best, runs.reduce((a, x) => a + x.samples / x.trainSeconds, 0));
    }
    return best;
  } finally {
    await pool.close();
  }
}

const torchArgs = (dataPrefix: string, samples: number, threads: number, seed: number) =>
  [TORCH_SCRIPT, String(samples), String(threads), String(seed), '--data', dataPrefix, '--k', '4', '--mu', '0.1'];

function torchRateOf(out: string): number {
  const m = /samples_per_s=([0-9.e+]+)/.exec(out);
  if (!m) throw new Error(`torch_train.py printed no rate: ${out.slice(0, 200)}`);
  return Number(m[1]);
}

/** PyTorch's training samples per second at `threads` intra-op threads (best of `repeats` runs of `samples`). */
export function torchTrainRate(dataPrefix: string, threads: number, samples: number, repeats = 3): number {
  let best = 0;
  for (let r = 0; r < repeats; r++) {
    best = Math.max(best, torchRateOf(execFileSync(DEBIAN_PYTHON, torchArgs(dataPrefix, samples, threads, r + 1), { encoding: 'utf8', timeout: 600_000 })));
  }
  return best;
}

/**
 * PyTorch run the way nnft runs a sweep: `processes` single-threaded runs at once, the sum of their
 * rates (best of `repeats` rounds).
 */
export async function torchParallelRate(dataPrefix: string, processes: number, samples: number, repeats = 3): Promise<number> {
  const run = promisify(execFile);
  let best = 0;
  for (let r = 0; r < repeats; r++) {
    const outs = await Promise.all(Array.from({ length: processes }, (_, i) =>
      run(DEBIAN_PYTHON, torchArgs(dataPrefix, samples, 1, 1 + i + processes * r), { encoding: 'utf8', timeout: 600_000 })));
    best = Math.max(best, outs.reduce((a, o) => a + torchRateOf(o.stdout), 0));
  }
  return best;
}

/** Writes the training set where torch_train.py reads it (PREFIX.f32, PREFIX.u8); returns the prefix and a cleanup. */
export function writeTorchData(data: FashionMnist): { prefix: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'nnft-train-bench-'));
  const prefix = join(dir, 'train');
  const x = data.train.images;
  writeFileSync(`${prefix}.f32`, new Uint8Array(x.buffer, x.byteOffset, x.byteLength));
  writeFileSync(`${prefix}.u8`, data.train.labels);
  return { prefix, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * The default sweep's wall time at `threads`, extrapolated: `sample` whole runs of the default 20
 * epochs made at once on the pool give the seconds per run per thread; times the sweep's distinct runs.
 */
export async function sweepEstimate(data: FashionMnist, threads: number, sample = threads) {
  const s = fashionMnistSettings({});
  const distinct = fashionMnistRuns(s).length;
  const pool = await TrainPool.create(threads, data, SHAPE);
  try {
    const t0 = performance.now();
    const runs = await Promise.all(Array.from({ length: sample }, (_, i) => pool.run({ seed: 1 + i, k: 6, muW: 0.05, targets: 'one-hot', epochs: s.epochs })));
    const wall = (performance.now() - t0) / 1000;
    const perRun = (wall * threads) / sample; // thread-seconds per run
    return { distinct, runs: s.runs, coldRuns: s.coldRuns, epochs: s.epochs, sampled: sample, wall, perRun, sweepSeconds: (distinct * perRun) / threads, accuracy: runs.map((r) => r.maxAccuracy) };
  } finally {
    await pool.close();
  }
}

/** Runs the train suite; prints a markdown section. */
export async function runTrainBench(threadList: number[], withTorch: boolean, epochs = 2): Promise<void> {
  const data = await loadFashionMnist({ shared: true });
  const torch = withTorch && torchAvailable();
  const rates = new Map<string, number>();
  const files = torch ? writeTorchData(data) : undefined;
  try {
    for (const t of threadList) {
      rates.set(`nnft:${t}`, await nnftTrainRate(data, t, epochs));
      if (files) rates.set(`torch:${t}`, torchTrainRate(files.prefix, t, epochs * data.train.count));
      if (files && t > 1) rates.set(`torch-runs:${t}`, await torchParallelRate(files.prefix, t, epochs * data.train.count));
      process.stderr.write(`  measured training throughput at threads=${t}\n`);
    }
  } finally {
    files?.remove();
  }
  const fmt = (v: number) => (v >= 1e3 ? `${(v / 1e3).toFixed(1)}k` : v.toFixed(0));
  console.log(`\n## Training throughput, samples/s (784-50-10, batch 64, Adam; best of 3; ${new Date().toISOString().slice(0, 10)})\n`);
  console.log(`| program | ${threadList.map((t) => `threads ${t}`).join(' | ')} |`);
  console.log(`|---|${threadList.map(() => '---').join('|')}|`);
  console.log(`| nnft (one run per worker) | ${threadList.map((t) => fmt(rates.get(`nnft:${t}`)!)).join(' | ')} |`);
  if (torch) {
    console.log(`| PyTorch (intra-op threads) | ${threadList.map((t) => fmt(rates.get(`torch:${t}`)!)).join(' | ')} |`);
    console.log(`| PyTorch (one single-threaded run per process) | ${threadList.map((t) => fmt(rates.get(t > 1 ? `torch-runs:${t}` : `torch:${t}`)!)).join(' | ')} |`);
  }
  else if (withTorch) console.log(`\nPyTorch not installed (${DEBIAN_PYTHON} with python3-torch): skipped`);
  if (torch) {
    const ratio = (t: number, peer: string) => (rates.get(`nnft:${t}`)! / rates.get(`${peer}:${t}`)!).toFixed(2);
    console.log(`\nnnft / PyTorch (intra-op threads): ${threadList.map((t) => `threads ${t} ${ratio(t, 'torch')}x`).join(', ')}`);
    const multi = threadList.filter((t) => t > 1);
    if (multi.length) console.log(`nnft / PyTorch (one run per process): ${multi.map((t) => `threads ${t} ${ratio(t, 'torch-runs')}x`).join(', ')}`);
  }
  const tMax = Math.max(...threadList);
  const est = await sweepEstimate(data, tMax);
  const h = est.sweepSeconds / 3600;
  console.log(`\nFull default sweep (\`nnft reproduce fashion-mnist\`: ${est.runs} runs per one-hot cell, ${est.coldRuns} per one-cold point, ${est.epochs} epochs): ${est.distinct} distinct runs; `
    + `${est.sampled} whole runs made at once on ${tMax} threads took ${est.wall.toFixed(1)} s (${est.perRun.toFixed(1)} thread-seconds per run, `
    + `max accuracy ${est.accuracy.map((a) => a.toFixed(2)).join(', ')}%), so the sweep takes about ${h.toFixed(1)} h on ${tMax} threads (extrapolated).`);
}
