// One epoch of training on a subset of Fashion-MNIST, step by step, against two independent f64
// references: the scalar TypeScript one (always) and a NumPy script (when python3 with numpy is here).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadFashionMnist, FASHION_MNIST_PIXELS } from '../../src/data/fashion-mnist.js';
import { TrainKernel } from '../../src/train/kernel.js';
import { initialWeights, runTraining, shuffledOrder } from '../../src/train/run.js';
import { trainWasmModule } from '../../src/train/wasm-node.js';
import { refAdam, refGradients, type RefNet } from '../support/train-reference.js';

const SAMPLES = 640; // 10 batches of 64, every class
const SHAPE = { dIn: FASHION_MNIST_PIXELS, hidden: 50, outputs: 10 };
// The f32 kernel against f64: each loss is a mean of squares of 784- and 50-term f32 sums (relative
// rounding ~1e-6; measured up to 8e-6 after ten steps), and ten Adam steps move each weight by up to
// 1e-2 with relative errors of the same order. 2^-13 (1.2e-4) relative leaves a margin of 16; a wrong
// learning rate, bias correction or sign changes the weights by ~1e-3 absolute, ~1e-2 relative.
const TOL = 2 ** -13;

const hasNumpy = (() => {
  try {
    execFileSync('python3', ['-c', 'import numpy'], { stdio: 'ignore', timeout: 30_000 });
    return true;
  } catch {
    return false;
  }
})();

let kernel: TrainKernel;
let subset: { images: Float32Array; labels: Uint8Array; count: number };
let test: { images: Float32Array; labels: Uint8Array; count: number };
beforeAll(async () => {
  const d = await loadFashionMnist();
  // every 94th training image: 640 images across all ten classes
  const pick = Array.from({ length: SAMPLES }, (_, i) => i * 93);
  subset = {
    images: Float32Array.from(pick.flatMap((s) => [...d.train.images.subarray(s * 784, (s + 1) * 784)])),
    labels: Uint8Array.from(pick.map((s) => d.train.labels[s])),
    count: SAMPLES,
  };
  test = { images: d.test.images.subarray(0, 500 * 784), labels: d.test.labels.subarray(0, 500), count: 500 };
  kernel = await TrainKernel.create(await trainWasmModule());
});

/** The batches and learning rates of `epochs` epochs of runTraining's loop, and its initial weights. */
function plan(seed: number, k: number, muW: number, epochs: number) {
  const { w0, w1, rng } = initialWeights(seed, SHAPE, k, muW);
  const batches: number[][] = [];
  const lrs: number[] = [];
  for (let e = 0; e < epochs; e++) {
    const order = shuffledOrder(rng, SAMPLES);
    for (let s = 0; s < SAMPLES; s += 64) {
      batches.push([...order.subarray(s, s + 64)]);
      lrs.push(1e-3 * 0.7 ** e);
    }
  }
  return { w0, w1, batches, lrs };
}

/** The per-step losses and final weights of the scalar reference. */
function tsReference(p: ReturnType<typeof plan>, on: number, off: number) {
  const net: RefNet = { ...SHAPE, w0: Float64Array.from(p.w0), w1: Float64Array.from(p.w1) };
  const s0 = { m: new Float64Array(net.w0.length), v: new Float64Array(net.w0.length) };
  const s1 = { m: new Float64Array(net.w1.length), v: new Float64Array(net.w1.length) };
  const losses = p.batches.map((batch, t) => {
    const g = refGradients(net, {
      x: batch.map((s) => subset.images.subarray(s * 784, (s + 1) * 784)), y: batch.map((s) => subset.labels[s]), on, off,
    });
    refAdam(net.w0, g.g0, s0, t + 1, p.lrs[t]);
    refAdam(net.w1, g.g1, s1, t + 1, p.lrs[t]);
    return g.loss;
  });
  return { losses, w0: net.w0, w1: net.w1 };
}

/** The kernel's per-step losses over the same batches. */
function kernelTrajectory(p: ReturnType<typeof plan>, on: number, off: number) {
  kernel.configure({ ...SHAPE, maxRows: 64 }, { train: subset, test });
  kernel.setWeights(p.w0, p.w1);
  kernel.setTargets(on, off);
  kernel.setOrder(Int32Array.from(p.batches.flat().slice(0, SAMPLES)));
  const losses: number[] = [];
  p.batches.forEach((batch, t) => {
    if (t % 10 === 0) kernel.setOrder(Int32Array.from(p.batches.slice(t, t + 10).flat()));
    losses.push(kernel.trainBatch((t % 10) * 64, 64, p.lrs[t] / (1 - 0.9 ** (t + 1)), Math.sqrt(1 - 0.999 ** (t + 1))) / 640);
  });
  return { losses, ...kernel.weights() };
}

const maxRel = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let m = 0;
  let s = 0;
  for (let i = 0; i < b.length; i++) {
    m = Math.max(m, Math.abs(a[i] - b[i]));
    s = Math.max(s, Math.abs(b[i]));
  }
  return m / s;
};

describe('training trajectory on 640 Fashion-MNIST images', () => {
  it.each([
    { targets: 'one-hot', on: 1, off: 0, k: 4, muW: 0.1 },
    { targets: 'one-cold', on: 0, off: 1, k: 10, muW: 0.05 },
  ])('per-step losses and final weights match the scalar f64 reference ($targets, k $k, muW $muW)', ({ on, off, k, muW }) => {
    const p = plan(11, k, muW, 1);
    const got = kernelTrajectory(p, on, off);
    const want = tsReference(p, on, off);
    for (let t = 0; t < want.losses.length; t++) expect(Math.abs(got.losses[t] / want.losses[t] - 1)).toBeLessThan(TOL);
    expect(maxRel(got.w0, want.w0)).toBeLessThan(TOL);
    expect(maxRel(got.w1, want.w1)).toBeLessThan(TOL);
    expect(want.losses.at(-1)!).toBeLessThan(want.losses[0]); // it learns
  });

  it('per-step losses and final weights match the NumPy reference (test/fixtures/train_reference.py)', () => {
    if (!hasNumpy) throw new Error('python3 with numpy is needed for the reference trajectory (Debian: apt-get install -y python3-numpy)');
    const p = plan(12, 6, 0.15, 1);
    const xFile = join(mkdtempSync(join(tmpdir(), 'nnft-train-')), 'x.f32');
    writeFileSync(xFile, new Uint8Array(subset.images.buffer, subset.images.byteOffset, subset.images.byteLength));
    const input = JSON.stringify({
      xFile, y: [...subset.labels], ...SHAPE, w0: [...p.w0], w1: [...p.w1], on: 1, off: 0, batches: p.batches, lrs: p.lrs,
    });
    const script = fileURLToPath(new URL('../fixtures/train_reference.py', import.meta.url));
    const want = JSON.parse(execFileSync('python3', [script], { input, encoding: 'utf8', maxBuffer: 1 << 26, timeout: 60_000 }));
    rmSync(dirname(xFile), { recursive: true, force: true });
    const got = kernelTrajectory(p, 1, 0);
    for (let t = 0; t < want.losses.length; t++) expect(Math.abs(got.losses[t] / want.losses[t] - 1)).toBeLessThan(TOL);
    expect(maxRel(got.w0, want.w0)).toBeLessThan(TOL);
    expect(maxRel(got.w1, want.w1)).toBeLessThan(TOL);
  });

  it('runTraining follows the same steps: two epochs with the learning rate times 0.7 after the first', () => {
    const p = plan(13, 2, 0.2, 2);
    const want = tsReference(p, 1, 0);
    kernel.configure({ ...SHAPE, maxRows: 100 }, { train: subset, test });
    const r = runTraining(kernel, { trainCount: SAMPLES, test, ...SHAPE }, { seed: 13, k: 2, muW: 0.2, targets: 'one-hot', epochs: 2 });
    const epochMean = (e: number) => want.losses.slice(10 * e, 10 * e + 10).reduce((a, b) => a + b, 0) / 10;
    expect(Math.abs(r.trainLoss[0] / epochMean(0) - 1)).toBeLessThan(TOL);
    expect(Math.abs(r.trainLoss[1] / epochMean(1) - 1)).toBeLessThan(TOL);
    expect(maxRel(kernel.weights().w1, want.w1)).toBeLessThan(TOL);
    expect(r.samples).toBe(2 * SAMPLES);
    expect(r.testAccuracy).toHaveLength(2);
    expect(r.maxAccuracy).toBe(Math.max(...r.testAccuracy));
  });
});
