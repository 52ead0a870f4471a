import { describe, expect, it } from 'vitest';
import { deviationStats, fitLogLogSlope } from '../../src/experiments/deviation.js';
import { POINT_SETS, paperPointSet } from '../../src/experiments/point-sets.js';
import { expectInputError } from '../support/errors.js';

describe('deviation measures (spec C.2)', () => {
  // One component (P = 1), order 2 at flat index 1. Two chunks of 10 networks: chunk means 1.1 and 0.9.
  const chunks = [
    { count: 10, sums: Float64Array.of(0, 11) },
    { count: 10, sums: Float64Array.of(0, 9) },
  ];

  it('measure |G_hat - G_GP| / G_GP and the ddof-0 chunk spread over G_GP, by hand', () => {
    const s = deviationStats(chunks, Float64Array.of(0, 0.8), 1, 2);
    expect(s.deviation[0]).toBeCloseTo(0.25, 14); // |1.0 - 0.8| / 0.8
    expect(s.background).toBeCloseTo(0.125, 14); // std(1.1, 0.9) = 0.1, / 0.8
    expect(s.mGeo).toBeCloseTo(0.25, 14);
    expect(s.mAri).toBeCloseTo(0.25, 14);
  });

  it('take the geometric mean over tuples for m_geo and the arithmetic mean for m_ari', () => {
    // P = 2, order 1 at flat indices 0, 1: deviations 0.1 and 0.001
    const c = [
      { count: 1, sums: Float64Array.of(1.1, 1.001, 0, 0, 0) },
      { count: 1, sums: Float64Array.of(1.1, 1.001, 0, 0, 0) },
    ];
    const s = deviationStats(c, Float64Array.of(1, 1, 1, 1, 1), 2, 1);
    expect(s.mGeo).toBeCloseTo(0.01, 12);
    expect(s.mAri).toBeCloseTo(0.0505, 12);
  });

  it('reject fewer than 2 chunks and a non-positive GP prediction', () => {
    expectInputError(() => deviationStats(chunks.slice(0, 1), Float64Array.of(0, 1), 1, 2), 'chunks');
    expectInputError(() => deviationStats(chunks, Float64Array.of(0, 0), 1, 2), 'gp[1]');
  });
});

describe('log-log slope fit', () => {
  it('recovers an exact power law with zero error', () => {
    const N = [2, 5, 10, 50, 100];
    const f = fitLogLogSlope(N, N.map((n) => 5 / n));
    expect(f.slope).toBeCloseTo(-1, 12);
    expect(f.intercept).toBeCloseTo(Math.log10(5), 12);
    expect(f.slopeSE).toBeLessThan(1e-12);
  });

  it('recovers a known slope from noisy data within 4 standard errors, with an error of the size sigma / sqrt(Sxx)', () => {
    let s = 7;
    const gauss = () => {
      // Box-Muller on a fixed linear congruential sequence
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      const u = (s + 0.5) / 2 ** 32;
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      const v = s / 2 ** 32;
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    };
    const N = [2, 3, 4, 5, 10, 20, 50, 100, 200, 500, 1000];
    const sigma = 0.05; // dex
    const m = N.map((n) => 10 ** (Math.log10(3) - 2 * Math.log10(n) + sigma * gauss()));
    const f = fitLogLogSlope(N, m);
    const x = N.map(Math.log10);
    const mx = x.reduce((a, b) => a + b) / x.length;
    const expectedSE = sigma / Math.sqrt(x.reduce((a, b) => a + (b - mx) ** 2, 0));
    expect(Math.abs(f.slope + 2) / f.slopeSE).toBeLessThan(4);
    expect(f.slopeSE / expectedSE).toBeGreaterThan(0.4);
    expect(f.slopeSE / expectedSE).toBeLessThan(2.5);
  });

  it('rejects mismatched lengths and non-positive values', () => {
    expectInputError(() => fitLogLogSlope([1, 2], [1]), 'N');
    expectInputError(() => fitLogLogSlope([1, 2], [1, 0]), 'm[1]');
  });
});

describe('the paper\'s point sets', () => {
  it('pick xset1A for relu-net at d_in = 1, xset4 for gauss-net at d_in = 2, xset5 for erf-net at d_in = 3', () => {
    expect(paperPointSet('relu-net', 1)).toBe('xset1A');
    expect(paperPointSet('gauss-net', 2)).toBe('xset4');
    expect(paperPointSet('erf-net', 3)).toBe('xset5');
    expect(POINT_SETS.xset4[1]).toEqual([-0.01, 0.01]);
  });

  it('are unknown for other architectures or dimensions', () => {
    expectInputError(() => paperPointSet('tanh-net', 1), 'arch');
    expectInputError(() => paperPointSet('erf-net', 4), 'arch');
  });
});
