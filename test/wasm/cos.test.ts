// The kernels behind cos-net: uniform variates, cos with range reduction and the radial samplers'
// vector math, and the forward pass of cos-net lane by lane against a scalar f64 reference.
import { beforeAll, describe, expect, it } from 'vitest';
import { kernelConfig } from '../../src/sample/ensemble.js';
import { WasmKernel } from '../../src/sample/kernel.js';
import { resolveEnsemble } from '../../src/sample/options.js';
import { nodeWasmModule } from '../../src/sample/wasm-node.js';
import { forEachMultiset, orderOffset } from '../../src/stats/multiset.js';
import { cosReferenceForward, referenceUniform, type CosReferenceNet } from '../support/cos-reference.js';

let kernel: WasmKernel;
beforeAll(async () => {
  kernel = await WasmKernel.create(await nodeWasmModule());
});

const grid = (lo: number, hi: number, n = 400_001): Float32Array => Float32Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));

describe('uniform variates', () => {
  it('are word p % 4 of block p / 4 of the stream, (floor(w / 2^9) + 1/2) 2^-23, in every lane', () => {
    const seed = 2 ** 33 + 5;
    const net0 = 2 ** 32 + 8; // a high counter word of 1
    const u = kernel.uniforms(seed % 2 ** 32, Math.floor(seed / 2 ** 32), 2, net0, 3);
    for (let p = 0; p < 12; p++) for (let l = 0; l < 4; l++) expect(u[4 * p + l]).toBe(referenceUniform(seed, 2, net0 + l, p));
  });

  it('lie strictly inside (0, 1) at the extreme words', () => {
    expect((0 + 0.5) * 2 ** -23).toBeGreaterThan(0);
    expect(Math.fround((2 ** 23 - 1 + 0.5) * 2 ** -23)).toBeLessThan(1);
  });
});

describe('vector math of the cos family (stated maximum errors)', () => {
  it('cos: absolute error < 1.4e-7 for |x| <= 8192', () => {
    const x = grid(-8192, 8192, 2_000_001);
    const y = kernel.vmath('cos', x);
    let worst = 0;
    for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(y[i] - Math.cos(x[i])));
    expect(worst).toBeLessThan(1.4e-7);
  });

  it('tan on a quarter turn: relative error < 6e-6 up to tan = 50, < 8e-5 up to 1000, absolute < 1.2e-7 below 0.05', () => {
    const x = grid(0, Math.atan(1000), 1_000_001);
    const y = kernel.vmath('tanQuarter', x);
    let rel50 = 0;
    let rel1000 = 0;
    let abs = 0;
    for (let i = 0; i < x.length; i++) {
      const t = Math.tan(x[i]);
      const e = Math.abs(y[i] - t);
      if (t < 0.05) abs = Math.max(abs, e);
      else if (t <= 50) rel50 = Math.max(rel50, e / t);
      else rel1000 = Math.max(rel1000, e / t);
    }
    expect(abs).toBeLessThan(1.2e-7);
    expect(rel50).toBeLessThan(6e-6);
    expect(rel1000).toBeLessThan(8e-5);
  });

  it('expm1: relative error < 1.5e-7 on (0, 88]', () => {
    const x = Float32Array.from({ length: 400_000 }, (_, i) => 88 * ((i + 1) / 400_000) ** 4);
    const y = kernel.vmath('expm1', x);
    let worst = 0;
    for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(y[i] - Math.expm1(x[i])) / Math.expm1(x[i]));
    expect(worst).toBeLessThan(1.5e-7);
  });
});

// Every radial sampler (flat; propagator: tan d = 1, log d = 2, table d = 3), widths across a tile.
const cases: (CosReferenceNet & { points: number[][]; seed: number })[] = [
  { width: 7, dIn: 1, dOut: 1, sw: 1, sb: 0, mw: 0, mb: 0, m: 1, lambda: 50, variant: 'uniform', points: [[0], [0.5], [2]], seed: 3 },
  { width: 70, dIn: 1, dOut: 2, sw: 1.3, sb: 0.4, mw: 0.2, mb: -0.1, m: 0.5, lambda: 8, variant: 'propagator', points: [[-1], [3]], seed: 4 },
  { width: 9, dIn: 2, dOut: 1, sw: 1, sb: 0, mw: 0, mb: 0, m: 1, lambda: 10, variant: 'uniform', points: [[0.3, -0.2], [1, 1]], seed: 5 },
  { width: 66, dIn: 2, dOut: 1, sw: 1, sb: 0, mw: 0, mb: 0, m: 2, lambda: 20, variant: 'propagator', points: [[0.3, -0.2], [1, 1]], seed: 6 },
  { width: 5, dIn: 3, dOut: 1, sw: 0.7, sb: 0, mw: 0, mb: 0, m: 1, lambda: 10, variant: 'uniform', points: [[0.1, 0.2, 0.3], [-1, 0, 0.5]], seed: 7 },
  { width: 130, dIn: 3, dOut: 1, sw: 1, sb: 0, mw: 0, mb: 0, m: 1, lambda: 10, variant: 'propagator', points: [[0.1, 0.2, 0.3], [-1, 0, 0.5]], seed: 2 ** 40 + 1 },
  { width: 11, dIn: 3, dOut: 1, sw: 1, sb: 0, mw: 0, mb: 0, m: 0, lambda: 6, variant: 'propagator', points: [[0.5, 0.5, 0.5]], seed: 8 },
];

describe.each(cases)('cos-net forward pass, d_in $dIn, width $width, $variant, m $m', (c) => {
  const e = resolveEnsemble({ arch: 'cos-net', width: c.width, dIn: c.dIn, dOut: c.dOut, points: c.points, sw: c.sw, sb: c.sb, mw: c.mw, mb: c.mb, hyper: { m: c.m, lambda: c.lambda, variant: c.variant } });

  it('matches the scalar f64 reference in every lane, within the f32 error bound', () => {
    kernel.configure(kernelConfig(e, c.seed, 2));
    const n0 = 4 * 2 ** 20 + 2;
    const count = 9;
    const phi = kernel.forwardRange(n0, count);
    const P = c.points.length * c.dOut;
    for (let n = 0; n < count; n++) {
      const want = cosReferenceForward(c, c.points, c.seed, n0 + n);
      for (let a = 0; a < P; a++) {
        expect(Math.abs(phi[n * P + a] - want.phi[a]), `network ${n0 + n} component ${a}: ${phi[n * P + a]} vs ${want.phi[a]}`).toBeLessThan(want.bound[a]);
      }
    }
  });

  it('accumulates exactly the sums of products of its own field values (direct estimator)', () => {
    kernel.configure(kernelConfig(e, c.seed, 4));
    const count = 200;
    const phi = kernel.forwardRange(0, count);
    const sums = kernel.sampleRange(0, count);
    const P = c.points.length * c.dOut;
    for (let n = 1; n <= 4; n++) {
      forEachMultiset(P, n, (idx, rank) => {
        let s = 0;
        for (let net = 0; net < count; net++) {
          let p = 1;
          for (const a of idx) p *= phi[net * P + a];
          s += p;
        }
        expect(Math.abs(sums[orderOffset(P, n) + rank] - s)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(s)) * count);
      });
    }
  });
});
