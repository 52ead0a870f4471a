import { describe, expect, it } from 'vitest';
import { eftKernel } from '../../src/eft/kernel.js';
import { fitLine } from '../../src/eft/line-fit.js';
import { coupling, fitQuartic, LAMBDA_STD_PER_CODE, perTupleCouplings, treeLevelDeltaG4 } from '../../src/eft/quartic.js';
import { fitFlow, localFlowSlopes } from '../../src/eft/rg-flow.js';
import { kernelProductIntegrals } from '../../src/eft/vertex-integrals.js';
import { fitWidthScaling } from '../../src/eft/width-scaling.js';
import { multisetCount, orderOffset } from '../../src/stats/multiset.js';
import { exactCorrelators } from '../../src/theory/finite-width.js';
import { Z_MAX } from '../tolerance.js';

/** A seeded normal generator (xorshift + Box-Muller) for synthetic measurements. */
function normals(seed: number): () => number {
  let s = seed >>> 0 || 1;
  const u = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return ((s >>> 0) + 0.5) / 2 ** 32;
  };
  return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}

const XSET1A = [0.2, 0.4, 0.6, 0.8, 1.0, 1.2].map((x) => [x]);

describe('the quartic coupling (spec E.2, E.3)', () => {
  it('labels both conventions: lambda_std = -24 lambda_code, DeltaG4 = 24 lambda_code I', () => {
    expect(LAMBDA_STD_PER_CODE).toBe(-24);
    expect(coupling(0.5, 0.1)).toEqual({ code: 0.5, codeSE: 0.1, std: -12, stdSE: 2.4000000000000004 });
    expect(Array.from(treeLevelDeltaG4(0.5, [1, 2]))).toEqual([12, 24]);
    const [t] = perTupleCouplings([48], [2], [4.8]);
    expect(t.code).toBe(1);
    expect(t.codeSE).toBeCloseTo(0.1, 15);
  });

  it('recovers a known lambda from synthetic correlators within its error, with chi^2 per dof near 1', () => {
    const k = eftKernel('relu-net', { dIn: 2 });
    const points = [[0.5, 0.5], [0.5, 1], [1, 0.5], [1, 1]];
    const I = kernelProductIntegrals(k, points, 4, 10);
    const lambda = 3.2e-9;
    const rnd = normals(12345);
    for (let rep = 0; rep < 5; rep++) {
      // 3 % errors per tuple, independent
      const truth = treeLevelDeltaG4(lambda, I);
      const sigma = truth.map((v) => 0.03 * Math.abs(v));
      const data = truth.map((v, t) => v + sigma[t] * rnd());
      const f = fitQuartic(data, I, sigma);
      expect(Math.abs(f.lambda.code - lambda) / f.lambda.codeSE).toBeLessThan(Z_MAX);
      expect(f.lambda.std).toBe(-24 * f.lambda.code);
      expect(f.dof).toBe(34);
      // chi^2 with 34 dof: mean 34, sd sqrt(68)
      expect(Math.abs(f.chi2 - 34) / Math.sqrt(68)).toBeLessThan(Z_MAX);
    }
  });

  it('gives relu-net at N = 20 (sb = 0, d_in = 1) lambda_code = 0.625 Lambda^-5 on every tuple from the exact correlators, 3.72e-5 at Lambda = 7', () => {
    const exact = exactCorrelators({ activation: 'relu', width: 20, dIn: 1, sw: 1, sb: 0 }, XSET1A, 4);
    const k4 = exact.cumulants.subarray(orderOffset(6, 4), orderOffset(6, 4) + multisetCount(6, 4));
    const k = eftKernel('relu-net', { dIn: 1 });
    for (const L of [7, 100, 1e5]) {
      const I = kernelProductIntegrals(k, XSET1A, 4, L);
      for (const c of perTupleCouplings(k4, I)) expect(Math.abs(c.code / (0.625 * L ** -5) - 1)).toBeLessThan(1e-11);
      // one local lambda describes every tuple: the unweighted residuals vanish to rounding
      const f = fitQuartic(k4, I);
      expect(f.chi2 / k4.reduce((a, v) => a + v * v, 0)).toBeLessThan(1e-24);
    }
    expect(0.625 * 7 ** -5).toBeCloseTo(3.72e-5, 7);
  });
});

describe('the flow with the cutoff and the scaling with the width', () => {
  it('fits slope -(d_in + 4) for relu-net (sb = 0) from quadrature, d_in = 1, 2, 3, with R^2 = 1 where every tuple shares c_t', () => {
    const cutoffs = [7, 100, 1e5];
    const sets: Record<number, number[][]> = { 1: XSET1A, 2: [[0.5, 0.5], [0.5, 1], [1, 0.5], [1, 1]], 3: [[0.2, 0.2, 0.2], [1, 1, 0.2], [0.2, 1, 1], [1, 0.2, 1]] };
    for (const d of [1, 2, 3]) {
      const k = eftKernel('relu-net', { dIn: d });
      const c4 = exactCorrelators({ activation: 'relu', width: 20, dIn: d, sw: 1, sb: 0 }, sets[d], 4);
      const P = sets[d].length;
      const k4 = c4.cumulants.subarray(orderOffset(P, 4), orderOffset(P, 4) + multisetCount(P, 4));
      const lambdas = cutoffs.map((L) => perTupleCouplings(k4, kernelProductIntegrals(k, sets[d], 4, L, { nodes: d === 3 ? 8 : 16 })).map((c) => c.code));
      const f = fitFlow(cutoffs, lambdas);
      expect(Math.abs(f.slope + d + 4), `d=${d}`).toBeLessThan(1e-6);
      expect(f.points).toBe(cutoffs.length * multisetCount(P, 4));
      if (d === 1) expect(f.r2).toBeCloseTo(1, 12);
      for (const s of localFlowSlopes(cutoffs, lambdas.map((row) => row[0]))) expect(s).toBeCloseTo(-(d + 4), 6);
    }
  });

  it('skips couplings that vanish (no logarithm) and counts them', () => {
    const f = fitFlow([1, 10], [[1, 0], [0.1, 0]]);
    expect(f.skipped).toBe(2);
    expect(f.slope).toBeCloseTo(-1, 14);
  });

  it('recovers lambda ~ N^-1 from synthetic couplings with errors, the exponent within its error', () => {
    const widths = [2, 5, 10, 20, 50, 100, 500, 1000];
    const rnd = normals(777);
    const se = widths.map((N) => (0.02 * 0.3) / N);
    const lambda = widths.map((N, i) => 0.3 / N + se[i] * rnd());
    const f = fitWidthScaling(widths, lambda, se);
    expect(Math.abs(f.exponent + 1) / f.exponentSE).toBeLessThan(Z_MAX);
    expect(f.dof).toBe(6);
  });

  it('fits straight lines like scipy linregress (unweighted) and with errors (weighted)', () => {
    const u = fitLine([1, 2, 3, 4], [2, 4, 5, 8]);
    expect(u.slope).toBeCloseTo(1.9, 14);
    expect(u.intercept).toBeCloseTo(0, 14);
    expect(u.slopeSE).toBeCloseTo(Math.sqrt(0.7 / 2 / 5), 14);
    expect(u.r2).toBeCloseTo(9.5 ** 2 / (5 * 18.75), 14);
    const w = fitLine([1, 2, 3, 4], [2, 4, 5, 8], [1, 1, 1, 1]);
    expect(w.chi2).toBeCloseTo(0.7, 14);
    expect(w.slopeSE).toBeCloseTo(Math.sqrt(1 / 5), 14);
  });
});
