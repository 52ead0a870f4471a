import { beforeAll, describe, expect, it } from 'vitest';
import { getArchitecture } from '../../src/arch/index.js';
import { kernelConfig } from '../../src/sample/ensemble.js';
import { WasmKernel } from '../../src/sample/kernel.js';
import { resolveEnsemble, type EnsembleOptions } from '../../src/sample/options.js';
import { forEachMultiset, orderOffset, totalMultisets } from '../../src/stats/multiset.js';
import { nodeWasmModule } from '../../src/sample/wasm-node.js';
import { polarUnits } from '../../src/sample/polar-units.js';
import { referenceForward } from '../support/reference.js';

let kernel: WasmKernel;
beforeAll(async () => {
  kernel = await WasmKernel.create(await nodeWasmModule());
});

// Widths below, at and above a tile (64 hidden units), not multiples of 4; several d_in, d_out, means.
// `polar`: relu units drawn in polar form (src/sample/polar-units.ts).
const cases: (EnsembleOptions & { seed: number; polar?: boolean })[] = [
  { arch: 'relu-net', width: 7, points: [0.2, -0.4, 1.3], seed: 1, sb: 1, mb: 0.1 },
  { arch: 'relu-net', width: 131, points: [0.2, -0.4, 1.3], seed: 6, sw: 1.3, sb: 0.6, polar: true },
  { arch: 'relu-net', width: 7, points: [-2, 0.5], seed: 2 ** 33 + 5, sb: 0, polar: true },
  { arch: 'erf-net', width: 70, dIn: 3, points: [[-1, 0.5, 1], [1, 1, -1]], seed: 2, mw: 0.3, mb: 0.2, dOut: 2 },
  { arch: 'gauss-net', width: 5, dIn: 2, points: [[0.01, -0.02], [0.5, 0.3]], seed: 3 },
  { arch: 'tanh-net', width: 131, points: [-2, 0.1], seed: 4, sw: 1.5, sb: 0.5, dOut: 3 },
  { arch: 'linear', width: 64, points: [0.7, -0.7], seed: 2 ** 35 + 9, mb: -0.4 },
];

describe.each(cases)('forward pass of $arch at width $width', (c) => {
  const e = resolveEnsemble(c);
  const arch = getArchitecture(e.arch);

  it('matches the scalar f64 reference in every lane, for a network count that is not a multiple of 4', () => {
    const cfg = kernelConfig(e, c.seed, 2);
    expect(polarUnits(cfg)).toBe(c.polar === true);
    kernel.configure(cfg);
    const n0 = 1000; // networks 1000..1010
    const count = 11;
    const phi = kernel.forwardRange(n0, count);
    const P = e.points.length * e.dOut;
    for (let n = 0; n < count; n++) {
      const want = referenceForward(
        { ...e, phi: arch.phi, offset: arch.preactivationOffset ? (x) => arch.preactivationOffset!(x, e) : undefined, polar: c.polar },
        e.points.map((p) => [...p]),
        c.seed,
        n0 + n,
      );
      for (let a = 0; a < P; a++) {
        // f32 forward pass: error grows like sqrt(N) ulps of the terms
        expect(Math.abs(phi[n * P + a] - want[a]), `network ${n0 + n} component ${a}`).toBeLessThan(1e-5 * Math.sqrt(e.width) * (1 + Math.abs(want[a])));
      }
    }
  });

  it('accumulates exactly the sums of products of its own field values, every multiset, orders 1..4', () => {
    const nMax = 4;
    kernel.configure(kernelConfig(e, c.seed, nMax));
    const count = 300; // two full batches of 128 and a partial one
    const phi = kernel.forwardRange(0, count);
    const sums = kernel.sampleRange(0, count);
    const P = e.points.length * e.dOut;
    expect(sums.length).toBe(totalMultisets(P, nMax));
    for (let n = 1; n <= nMax; n++) {
      forEachMultiset(P, n, (idx, rank) => {
        let s = 0;
        for (let net = 0; net < count; net++) {
          let p = 1;
          for (const a of idx) p *= phi[net * P + a];
          s += p;
        }
        const got = sums[orderOffset(P, n) + rank];
        expect(Math.abs(got - s), `order ${n} ${Array.from(idx)}`).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(s)) * count);
      });
    }
  });
});
