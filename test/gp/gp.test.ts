// The Gaussian-process sampler (N = infinity): moments against Wick's theorem on the kernel,
// vanishing connected 4-point functions, bit-for-bit determinism, the jitter it reports, bad input.
import { describe, expect, it } from 'vitest';
import { NnftInputError } from '../../src/errors.js';
import { jitteredCholesky, sampleGaussianProcess, type GpSampleOptions } from '../../src/gp/index.js';
import { nodeWasmModule } from '../../src/sample/wasm-node.js';
import { Accumulator } from '../../src/stats/accumulator.js';
import { forEachMultiset, orderOffset } from '../../src/stats/multiset.js';
import { gpMoments } from '../../src/theory/gp-moments.js';
import { Z_MAX } from '../tolerance.js';

const ou = (x: readonly number[], y: readonly number[]) => Math.exp(-Math.abs(x[0] - y[0])) / 2;
const points = [-0.5, 0, 0.3, 1.2];
const base: GpSampleOptions = { points, kernel: ou, name: 'ou', networks: 40_000, orders: [2, 4], seed: 5 };

async function expectRejects(p: Promise<unknown>, field: string): Promise<void> {
  const e = await p.then(() => undefined, (err: unknown) => err);
  expect(e).toBeInstanceOf(NnftInputError);
  expect((e as NnftInputError).field).toBe(field);
}

describe('Gaussian-process sampler', () => {
  it('moments of orders 1..4 agree with Wick contractions of the kernel, connected 4-point with 0', async () => {
    const r = await sampleGaussianProcess(base, await nodeWasmModule());
    const P = points.length;
    const cov = points.map((x) => points.map((y) => ou([x], [y])));
    const wick = gpMoments(cov, 4);
    for (let n = 1; n <= 4; n++) {
      forEachMultiset(P, n, (idx, rank) => {
        const i = [...idx];
        const z = (r.moment(...i) - wick[orderOffset(P, n) + rank]) / r.momentSE(...i);
        expect(Math.abs(z), `moment ${i}`).toBeLessThan(Z_MAX);
        if (n >= 3) expect(Math.abs(r.connected(...i) / r.connectedSE(...i)), `connected ${i}`).toBeLessThan(Z_MAX);
      });
    }
    expect(r.header.gp).toEqual({ kernel: 'ou', jitter: 0, relativeJitter: 0 });
    expect(r.header.ensemble.width).toBe(0);
    expect(r.networks).toBe(40_000);
  });

  it('the seed fixes the bits; another seed changes them; the accumulator round-trips', async () => {
    const module = await nodeWasmModule();
    const o = { ...base, networks: 999 };
    const a = await sampleGaussianProcess(o, module);
    const b = await sampleGaussianProcess(o, module);
    const c = await sampleGaussianProcess({ ...o, seed: 6 }, module);
    expect(a.accumulator.toBytes()).toEqual(b.accumulator.toBytes());
    expect(a.moment(0, 1)).not.toBe(c.moment(0, 1));
    expect(a.accumulator.blocks().length).toBe(32);
    expect(Accumulator.fromBytes(a.accumulator.toBytes()).header.gp).toEqual(a.header.gp);
  });

  it('a kernel matrix slightly indefinite by rounding gets the smallest jitter of the ladder that factorises it', async () => {
    // eigenvalues about 2 and -5e-16: no pivot is positive without jitter, 1e-14 x mean diagonal suffices
    const kernel = [[1, 1], [1, 1 - 1e-15]];
    const r = await sampleGaussianProcess({ ...base, points: [0, 0], kernel, networks: 2000, orders: [2] }, await nodeWasmModule());
    const g = r.header.gp!;
    expect(g.relativeJitter).toBe(1e-14);
    expect(g.jitter).toBe(1e-14 * (1 + (1 - 1e-15)) / 2);
    // the two components are equal up to the jitter
    expect(Math.abs(r.moment(0, 0) + r.moment(1, 1) - 2 * r.moment(0, 1))).toBeLessThan(1e-10);
    expect(jitteredCholesky(Float64Array.of(2, 0, 0, 3), 2).jitter).toBe(0);
  });

  it('bad input is a typed error naming the field', async () => {
    const module = await nodeWasmModule();
    await expectRejects(sampleGaussianProcess({ ...base, kernel: [[1, 2], [2, 1], [0, 0]] as number[][], points: [0, 1, 2] }, module), 'kernel[0]');
    await expectRejects(sampleGaussianProcess({ ...base, kernel: [[1, 2], [2, 1]], points: [0, 1] }, module), 'kernel');
    await expectRejects(sampleGaussianProcess({ ...base, points: [0, Number.NaN] }, module), 'points[1][0]');
    await expectRejects(sampleGaussianProcess({ ...base, kernel: () => Number.NaN }, module), 'kernel[0][0]');
    await expectRejects(sampleGaussianProcess({ ...base, networks: 0 }, module), 'networks');
    await expectRejects(sampleGaussianProcess({ ...base, orders: [9] }, module), 'orders[0]');
  });
});
