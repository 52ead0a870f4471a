// The polar variates behind relu units in polar form (assembly/rng.ts polarBlocks): lane-by-lane
// against the scalar reference, and their laws: a direction uniform on the circle and an independent
// standard Laplace variate, at 4e6 draws.
import { beforeAll, describe, expect, it } from 'vitest';
import { WasmKernel } from '../../src/sample/kernel.js';
import { nodeWasmModule } from '../../src/sample/wasm-node.js';
import { STREAM_POLAR } from '../../src/sample/wasm-layout.js';
import { referencePolar } from '../support/reference.js';
import { ksPValue } from '../support/kolmogorov.js';
import { Z_MAX } from '../tolerance.js';

let kernel: WasmKernel;
beforeAll(async () => {
  kernel = await WasmKernel.create(await nodeWasmModule());
});

/** `total` variates of seed `seed`: angles theta, Laplace variates L (rescaled by sqrt2) and |direction|^2 / 2. */
function draws(seed: number, total: number): { theta: Float64Array; laplace: Float64Array; norm: Float64Array } {
  const theta = new Float64Array(total);
  const laplace = new Float64Array(total);
  const norm = new Float64Array(total);
  let n = 0;
  for (let net = 0; n < total; net += 4) {
    const { directions, laplace: l } = kernel.polarVariates(seed, 0, STREAM_POLAR, net, 512);
    for (let i = 0; i < l.length && n < total; i++, n++) {
      const p = i >> 2;
      const lane = i & 3;
      const c = directions[8 * p + lane];
      const s = directions[8 * p + 4 + lane];
      theta[n] = Math.atan2(s, c);
      norm[n] = (c * c + s * s) / 2;
      laplace[n] = Math.SQRT2 * l[i];
    }
  }
  return { theta, laplace, norm };
}

const factorial = (k: number): number => (k <= 1 ? 1 : k * factorial(k - 1));
/** E L^k of the standard Laplace: k! for even k, 0 for odd. */
const laplaceMoment = (k: number): number => (k % 2 ? 0 : factorial(k));

describe('the polar variates', () => {
  it('map (seed, stream, network, index) to the documented angle and Laplace variate in every lane', () => {
    for (const [seed, net0] of [[7, 0], [2 ** 40 + 3, 4], [123, 2 ** 33 + 8]]) {
      const { directions, laplace } = kernel.polarVariates(seed % 2 ** 32, Math.floor(seed / 2 ** 32), STREAM_POLAR, net0, 5);
      for (let p = 0; p < 10; p++) {
        for (let lane = 0; lane < 4; lane++) {
          const want = referencePolar(seed, STREAM_POLAR, net0 + lane, p);
          expect(Math.abs(directions[8 * p + lane] - Math.SQRT2 * want.cos)).toBeLessThan(1e-6);
          expect(Math.abs(directions[8 * p + 4 + lane] - Math.SQRT2 * want.sin)).toBeLessThan(1e-6);
          expect(Math.abs(Math.SQRT2 * laplace[4 * p + lane] - want.laplace)).toBeLessThan(1e-6 * Math.max(1, Math.abs(want.laplace)));
        }
      }
    }
  });

  const N = 4_000_000;
  let v: ReturnType<typeof draws>;
  it('give directions on the circle of radius sqrt2 (to f32 rounding) and Laplace moments up to order 8 (z-scores)', () => {
    v = draws(20261208, N);
    let worst = 0;
    for (let i = 0; i < N; i++) worst = Math.max(worst, Math.abs(v.norm[i] - 1));
    expect(worst).toBeLessThan(1e-6);
    for (let k = 1; k <= 8; k++) {
      let s = 0;
      for (let i = 0; i < N; i++) s += v.laplace[i] ** k;
      const se = Math.sqrt((laplaceMoment(2 * k) - laplaceMoment(k) ** 2) / N);
      expect(Math.abs(s / N - laplaceMoment(k)) / se, `order ${k}: ${s / N}`).toBeLessThan(Z_MAX);
    }
  });

  it('have |L| exponential and theta uniform on the circle (Kolmogorov-Smirnov, p > 1e-4)', () => {
    const abs = ksPValue(v.laplace.map(Math.abs), (x) => 1 - Math.exp(-x));
    expect(abs.p, `D = ${abs.d}`).toBeGreaterThan(1e-4);
    const angle = ksPValue(Float64Array.from(v.theta), (t) => (t + Math.PI) / (2 * Math.PI));
    expect(angle.p, `D = ${angle.d}`).toBeGreaterThan(1e-4);
  });

  it('have the sign of L and the angle independent of |L| and of each other (z-scores of zero correlations)', () => {
    // statistics whose means vanish under independence, each with its own standard error
    const stats: [string, (i: number) => number][] = [
      ['|L| cos 2 theta', (i) => Math.abs(v.laplace[i]) * Math.cos(2 * v.theta[i])],
      ['|L| sin theta', (i) => Math.abs(v.laplace[i]) * Math.sin(v.theta[i])],
      ['L cos theta', (i) => v.laplace[i] * Math.cos(v.theta[i])],
      ['(L^2 - 2) cos 4 theta', (i) => (v.laplace[i] ** 2 - 2) * Math.cos(4 * v.theta[i])],
    ];
    for (const [name, f] of stats) {
      let s = 0;
      let s2 = 0;
      for (let i = 0; i < N; i++) {
        const x = f(i);
        s += x;
        s2 += x * x;
      }
      const mean = s / N;
      const se = Math.sqrt((s2 / N - mean * mean) / N);
      expect(Math.abs(mean) / se, `${name}: ${mean} +- ${se}`).toBeLessThan(Z_MAX);
    }
  });
});
