import { beforeAll, describe, expect, it } from 'vitest';
import { erf } from '../../src/theory/special.js';
import { WasmKernel } from '../../src/sample/kernel.js';
import { nodeWasmModule } from '../../src/sample/wasm-node.js';
import { referenceNormal } from '../support/reference.js';
import { Z_MAX } from '../tolerance.js';
import { ksPValue } from '../support/kolmogorov.js';

let kernel: WasmKernel;
beforeAll(async () => {
  kernel = await WasmKernel.create(await nodeWasmModule());
});

/** 1e7 normals: networks 0..N-1 (4 per call), 64 blocks (256 normals) of stream 0 each. */
function draws(seed: number, total: number): Float64Array {
  const out = new Float64Array(total);
  let n = 0;
  for (let net = 0; n < total; net += 4) {
    const z = kernel.normals(seed, 0, 0, net, 64);
    const take = Math.min(z.length, total - n);
    for (let i = 0; i < take; i++) out[n + i] = z[i];
    n += take;
  }
  return out;
}

const normalMoment = (k: number): number => (k % 2 ? 0 : Array.from({ length: k / 2 }, (_, i) => 2 * i + 1).reduce((a, b) => a * b, 1));

describe('the normal generator', () => {
  it('maps (seed, stream, network, index) to the documented Box-Muller variate in every lane', () => {
    for (const [seed, stream, net0] of [[7, 0, 0], [2 ** 40 + 3, 1, 4], [123, 0, 2 ** 33 + 8]]) {
      const z = kernel.normals(seed % 2 ** 32, Math.floor(seed / 2 ** 32), stream, net0, 5);
      for (let j = 0; j < 5; j++) {
        for (let w = 0; w < 4; w++) {
          for (let lane = 0; lane < 4; lane++) {
            const want = referenceNormal(seed, stream, net0 + lane, 4 * j + w);
            expect(Math.abs(z[16 * j + 4 * w + lane] - want)).toBeLessThan(2e-6 * Math.max(1, Math.abs(want)));
          }
        }
      }
    }
  });

  const N = 10_000_000;
  let z: Float64Array;
  it('has the moments of N(0, 1) up to order 8 (z-scores at 1e7 draws)', () => {
    z = draws(20260101, N);
    for (let k = 1; k <= 8; k++) {
      let s = 0;
      for (let i = 0; i < N; i++) s += z[i] ** k;
      const mean = s / N;
      const se = Math.sqrt((normalMoment(2 * k) - normalMoment(k) ** 2) / N);
      expect(Math.abs(mean - normalMoment(k)) / se, `order ${k}: ${mean}`).toBeLessThan(Z_MAX);
    }
  });

  it('passes a Kolmogorov-Smirnov test against N(0, 1) at 1e7 draws (p > 1e-4)', () => {
    const { d, p } = ksPValue(Float64Array.from(z), (x) => 0.5 * (1 + erf(x / Math.SQRT2)));
    expect(p, `D = ${d}`).toBeGreaterThan(1e-4);
  });
});
