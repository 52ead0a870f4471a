import { beforeAll, describe, expect, it } from 'vitest';
import { SeededRandom } from '../../src/symmetry/random.js';
import { TrainKernel, type LabelledImages } from '../../src/train/kernel.js';
import { trainWasmModule } from '../../src/train/wasm-node.js';
import { refForward, refGradients, refLoss, type RefBatch, type RefNet } from '../support/train-reference.js';

// f32 kernels against f64 references: a sum of d products of f32 values carries a relative rounding
// error of about d * 2^-24 of the sum of |terms|; with d <= 20 here 2^-17 of that scale is ample.
const F32_SUM = 2 ** -17;

let kernel: TrainKernel;
beforeAll(async () => {
  kernel = await TrainKernel.create(await trainWasmModule());
});

/** A random tiny problem: sizes that are not multiples of 4 exercise the zero padding. */
function problem(seed: number, dIn: number, hidden: number, outputs: number, count: number) {
  const rng = new SeededRandom(seed);
  const images = Float32Array.from({ length: count * dIn }, () => rng.normal());
  const labels = Int32Array.from({ length: count }, () => Math.floor(rng.uniform() * outputs));
  const w0 = Float32Array.from({ length: hidden * dIn }, () => rng.normal() / Math.sqrt(dIn));
  const w1 = Float32Array.from({ length: outputs * hidden }, () => 0.1 + rng.normal() / Math.sqrt(hidden));
  const net: RefNet = { dIn, hidden, outputs, w0: Float64Array.from(w0), w1: Float64Array.from(w1) };
  const set: LabelledImages = { images, labels, count };
  const rows = (idx: number[]) => idx.map((s) => images.subarray(s * dIn, (s + 1) * dIn));
  return { set, w0, w1, net, rows };
}

/** Largest |a - b| relative to the largest |b|. */
const relErr = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let d = 0;
  let s = 0;
  for (let i = 0; i < b.length; i++) {
    d = Math.max(d, Math.abs(a[i] - b[i]));
    s = Math.max(s, Math.abs(b[i]));
  }
  return d / s;
};

describe('train.wasm kernels', () => {
  const sizes = [
    { dIn: 6, hidden: 5, outputs: 3, count: 7 },
    { dIn: 8, hidden: 12, outputs: 10, count: 13 },
    { dIn: 17, hidden: 3, outputs: 2, count: 4 },
  ];

  it.each(sizes)('the forward pass matches the f64 reference (d_in $dIn, hidden $hidden, outputs $outputs, $count samples)', (s) => {
    const p = problem(1, s.dIn, s.hidden, s.outputs, s.count);
    kernel.configure({ ...s, maxRows: 8 }, { train: p.set, test: p.set });
    kernel.setWeights(p.w0, p.w1);
    const want = refForward(p.net, p.rows([...Array(s.count).keys()])).f.flat();
    for (let start = 0; start < s.count; start += 8) {
      const n = Math.min(8, s.count - start);
      const got = kernel.outputs('test', start, n);
      expect(relErr(got, want.slice(start * s.outputs, (start + n) * s.outputs))).toBeLessThan(F32_SUM);
    }
  });

  it.each(sizes)('gradients match the chain rule in f64 (d_in $dIn, hidden $hidden, outputs $outputs)', (s) => {
    const p = problem(2, s.dIn, s.hidden, s.outputs, s.count);
    kernel.configure({ ...s, maxRows: 16 }, { train: p.set });
    kernel.setWeights(p.w0, p.w1);
    const order = Int32Array.from({ length: s.count }, (_, i) => s.count - 1 - i);
    kernel.setOrder(order);
    const n = s.count - 1; // a batch of samples order[0..n)
    const g = kernel.gradients(0, n);
    const batch: RefBatch = { x: p.rows([...order.subarray(0, n)]), y: [...order.subarray(0, n)].map((i) => p.set.labels[i]), on: 1, off: 0 };
    const want = refGradients(p.net, batch);
    expect(Math.abs(g.sse / (n * s.outputs) - want.loss) / want.loss).toBeLessThan(F32_SUM);
    expect(relErr(g.g0, want.g0)).toBeLessThan(F32_SUM);
    expect(relErr(g.g1, want.g1)).toBeLessThan(F32_SUM);
  });

  it('gradients match central finite differences of the f64 loss, one-hot and one-cold', () => {
    const s = { dIn: 6, hidden: 5, outputs: 3, count: 9 };
    const p = problem(3, s.dIn, s.hidden, s.outputs, s.count);
    kernel.configure({ ...s, maxRows: 12 }, { train: p.set });
    kernel.setWeights(p.w0, p.w1);
    kernel.setOrder(Int32Array.from({ length: s.count }, (_, i) => i));
    for (const [on, off] of [[1, 0], [0, 1]]) {
      kernel.setTargets(on, off);
      const g = kernel.gradients(0, s.count);
      const batch: RefBatch = { x: p.rows([...Array(s.count).keys()]), y: Array.from(p.set.labels, Number), on, off };
      // central differences with h = 1e-5: truncation O(h^2 L''') ~ 1e-10, rounding ~ 1e-16 / h ~ 1e-11;
      // a ReLU kink within h of a sample would show as an O(1) mismatch (none at this seed)
      const h = 1e-5;
      const fd = (w: Float64Array, i: number) => {
        const keep = w[i];
        w[i] = keep + h;
        const up = refLoss(p.net, batch);
        w[i] = keep - h;
        const down = refLoss(p.net, batch);
        w[i] = keep;
        return (up - down) / (2 * h);
      };
      const fd0 = p.net.w0.map((_, i) => fd(p.net.w0, i));
      const fd1 = p.net.w1.map((_, i) => fd(p.net.w1, i));
      expect(relErr(g.g0, fd0)).toBeLessThan(F32_SUM);
      expect(relErr(g.g1, fd1)).toBeLessThan(F32_SUM);
    }
  });

  it('the first Adam step moves every weight by lr g / (|g| + eps) against its gradient', () => {
    // at t = 1, m = (1 - b1) g and v = (1 - b2) g^2, so the bias-corrected step is lr g / (|g| + eps)
    const s = { dIn: 8, hidden: 4, outputs: 3, count: 8 };
    const p = problem(4, s.dIn, s.hidden, s.outputs, s.count);
    kernel.configure({ ...s, maxRows: 8 }, { train: p.set });
    kernel.setWeights(p.w0, p.w1);
    kernel.setOrder(Int32Array.from({ length: s.count }, (_, i) => i));
    const g = kernel.gradients(0, s.count);
    const lr = 1e-3;
    kernel.trainBatch(0, s.count, lr / (1 - 0.9), Math.sqrt(1 - 0.999));
    const after = kernel.weights();
    const check = (before: Float32Array, now: Float32Array, grad: Float32Array) => {
      for (let i = 0; i < before.length; i++) {
        const want = -lr * grad[i] / (Math.abs(grad[i]) + 1e-8);
        // a difference of two f32 weights of size |w| <= 4 is exact to 2^-22 |w|
        expect(Math.abs(now[i] - before[i] - want)).toBeLessThan(4 * 2 ** -22 + 1e-3 * 2 ** -20);
      }
    };
    check(p.w0, after.w0, g.g0);
    check(p.w1, after.w1, g.g1);
  });

  it('zero-padded inputs change nothing: a net on 6 inputs trains exactly like one on 8 with two zero inputs', () => {
    const a = problem(5, 6, 5, 3, 12);
    const images8 = new Float32Array(12 * 8);
    for (let s = 0; s < 12; s++) images8.set(a.set.images.subarray(s * 6, s * 6 + 6), s * 8);
    const w08 = new Float32Array(5 * 8);
    for (let j = 0; j < 5; j++) w08.set(a.w0.subarray(j * 6, j * 6 + 6), j * 8);
    const run = (dIn: number, images: Float32Array, w0: Float32Array) => {
      kernel.configure({ dIn, hidden: 5, outputs: 3, maxRows: 4 }, { train: { images, labels: a.set.labels, count: 12 } });
      kernel.setWeights(w0, a.w1);
      kernel.setOrder(Int32Array.from({ length: 12 }, (_, i) => (5 * i) % 12));
      const losses = [0, 4, 8, 0, 4, 8].map((start, t) => kernel.trainBatch(start, 4, 1e-2 / (1 - 0.9 ** (t + 1)), Math.sqrt(1 - 0.999 ** (t + 1))));
      return { losses, w: kernel.weights() };
    };
    const six = run(6, a.set.images, a.w0);
    const eight = run(8, images8, w08);
    expect(eight.losses).toEqual(six.losses);
    expect(eight.w.w1).toEqual(six.w.w1);
    for (let j = 0; j < 5; j++) {
      expect(eight.w.w0.subarray(j * 8, j * 8 + 6)).toEqual(six.w.w0.subarray(j * 6, j * 6 + 6));
      expect([...eight.w.w0.subarray(j * 8 + 6, j * 8 + 8)]).toEqual([0, 0]);
    }
  });
});
