import { beforeAll, describe, expect, it } from 'vitest';
import { erf } from '../../src/theory/special.js';
import { WasmKernel } from '../../src/sample/kernel.js';
import { nodeWasmModule } from '../../src/sample/wasm-node.js';

let kernel: WasmKernel;
beforeAll(async () => {
  kernel = await WasmKernel.create(await nodeWasmModule());
});

/** n points evenly over [lo, hi] plus the ends, as f32 (the errors below are for f32 inputs). */
const grid = (lo: number, hi: number, n = 400_001): Float32Array =>
  Float32Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));

function maxError(fn: 'exp' | 'log' | 'erf' | 'tanh', x: Float32Array, exact: (v: number) => number, relative: boolean): number {
  const y = kernel.vmath(fn, x);
  let worst = 0;
  for (let i = 0; i < x.length; i++) {
    const want = exact(x[i]);
    const err = Math.abs(y[i] - want) / (relative ? Math.abs(want) : 1);
    worst = Math.max(worst, err);
  }
  return worst;
}

describe('the f64 erf used as reference', () => {
  it('matches tabulated values to 1e-15', () => {
    const table: [number, number][] = [[0.5, 0.5204998778130465], [1, 0.8427007929497149], [2, 0.9953222650189527], [3, 0.9999779095030014], [-1.5, -0.9661051464753108]];
    for (const [x, v] of table) expect(Math.abs(erf(x) - v)).toBeLessThan(1e-15);
  });
});

describe('vector math of the kernels (stated maximum errors)', () => {
  it('exp: relative error < 2.5e-7 on [-87, 88]', () => {
    expect(maxError('exp', grid(-87, 88), Math.exp, true)).toBeLessThan(2.5e-7);
  });
  it('log: relative error < 2e-7 on (0, 1) away from 1, absolute < 1e-7 near 1', () => {
    const x = Float32Array.from({ length: 400_000 }, (_, i) => 2 ** (-32 + (32 * (i + 1)) / 400_001));
    const y = kernel.vmath('log', x);
    let worst = 0;
    for (let i = 0; i < x.length; i++) {
      const want = Math.log(x[i]);
      worst = Math.max(worst, Math.abs(y[i] - want) / Math.max(2e-7 * Math.abs(want), 1e-7));
    }
    expect(worst).toBeLessThan(1);
  });
  it('erf: absolute error < 4e-7 on [-6, 6]', () => {
    expect(maxError('erf', grid(-6, 6), erf, false)).toBeLessThan(4e-7);
  });
  it('tanh: absolute error < 2e-7 on [-12, 12]', () => {
    expect(maxError('tanh', grid(-12, 12), Math.tanh, false)).toBeLessThan(2e-7);
  });
  it('saturates without NaN or infinity far outside the ranges', () => {
    const x = Float32Array.of(-1e30, -200, 200, 1e30);
    for (const fn of ['exp', 'erf', 'tanh'] as const) for (const v of kernel.vmath(fn, x)) expect(Number.isFinite(v)).toBe(true);
  });
});
