// The integrated autocorrelation time with Sokal's window against processes whose tau is known: an
// AR(1) series x_{t+1} = a x_t + sqrt(1 - a^2) e_t has rho(t) = a^t, so tau = (1 + a) / (2 (1 - a)).
import { describe, expect, it } from 'vitest';
import { integratedAutocorrelationTime } from '../../src/stats/autocorrelation.js';
import { expectInputError } from '../support/errors.js';
import { Z_MAX } from '../tolerance.js';
import { uniforms } from '../support/mulberry32.js';

/** Standard normals from a seeded 32-bit generator (mulberry32) by Box-Muller. */
function normals(seed: number, n: number): Float64Array {
  const u = uniforms(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
  return out;
}

function ar1(a: number, n: number, seed: number): Float64Array {
  const e = normals(seed, n);
  const x = new Float64Array(n);
  x[0] = e[0];
  for (let t = 1; t < n; t++) x[t] = a * x[t - 1] + Math.sqrt(1 - a * a) * e[t];
  return x;
}

describe('integratedAutocorrelationTime', () => {
  it.each([0, 0.5, 0.8])('of AR(1) chains with a = %d is (1 + a) / (2 (1 - a)) within 4 standard errors', (a) => {
    const chains = [1, 2, 3, 4].map((seed) => ar1(a, 20_000, seed));
    const t = integratedAutocorrelationTime(chains);
    const want = (1 + a) / (2 * (1 - a));
    expect(t.converged).toBe(true);
    expect(Math.abs(t.tau - want) / t.se, `${t.tau} ± ${t.se} vs ${want}`).toBeLessThan(Z_MAX);
    expect(t.window).toBeGreaterThanOrEqual(6 * t.tau);
  });

  it('tells independent values (tau = 1/2) from correlated ones: a = 0.5 is many standard errors above 1/2', () => {
    const t = integratedAutocorrelationTime([ar1(0.5, 20_000, 9)]);
    expect((t.tau - 0.5) / t.se).toBeGreaterThan(10);
  });

  it('says when the chains are too short for the window to close', () => {
    const t = integratedAutocorrelationTime([ar1(0.995, 400, 5)]);
    expect(t.converged).toBe(false);
    expect(t.window).toBe(100);
  });

  it('gives 1/2 for a constant series', () => {
    expect(integratedAutocorrelationTime([new Float64Array(10).fill(3)])).toEqual({ tau: 0.5, window: 0, se: 0, converged: true });
  });

  it('refuses no series, a series that is not a Float64Array, one value, a bad window factor', () => {
    expectInputError(() => integratedAutocorrelationTime([]), 'series');
    expectInputError(() => integratedAutocorrelationTime([[1, 2, 3] as never]), 'series');
    expectInputError(() => integratedAutocorrelationTime([Float64Array.of(1)]), 'series');
    expectInputError(() => integratedAutocorrelationTime([Float64Array.of(1, 2)], 0), 'c');
  });
});
