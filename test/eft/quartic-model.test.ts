import { describe, expect, it } from 'vitest';
import { eftKernel } from '../../src/eft/kernel.js';
import { leastSquares } from '../../src/eft/least-squares.js';
import { fitQuarticModel, orderings, quarticTemplates } from '../../src/eft/quartic-model.js';
import { listMultisets } from '../../src/stats/multiset.js';
import { expectInputError } from '../support/errors.js';

const X = [0.2, 0.4, 0.6, 0.8, 1.0, 1.2];

describe('least squares with a few unknowns', () => {
  it('solves a consistent system exactly and reports full rank', () => {
    const r = leastSquares([[1, 0], [0, 1], [1, 1]], [1, 2, 3]);
    expect(r.rank).toBe(2);
    expect(r.coefficients[0]).toBeCloseTo(1, 14);
    expect(r.coefficients[1]).toBeCloseTo(2, 14);
    expect(r.residualSS).toBeCloseTo(0, 24);
  });

  it('balances columns of very different size and honours weights', () => {
    // y = 2 a + 3e-12 b, columns 1 and 1e12 apart in size
    const A = [[1, 1e12], [2, 3e12], [3, 1e12], [1, 5e12]];
    const y = A.map(([a, b]) => 2 * a + 3e-12 * b);
    const r = leastSquares(A, y, [1, 2, 0.5, 4]);
    expect(r.coefficients[0]).toBeCloseTo(2, 12);
    expect(r.coefficients[1] / 3e-12).toBeCloseTo(1, 12);
  });

  it('returns the minimum-norm solution and rank 1 for proportional columns', () => {
    const r = leastSquares([[1, 2], [2, 4], [3, 6]], [5, 10, 15]);
    expect(r.rank).toBe(1);
    // balanced columns are equal, so the solution splits the fit equally between them: c0 = 2 c1 ... with c0 + 2 c1 = 5
    expect(r.coefficients[0] + 2 * r.coefficients[1]).toBeCloseTo(5, 12);
    expect(r.coefficients[0]).toBeCloseTo(2 * r.coefficients[1], 12);
  });
});

describe('the local + x^2-local + non-local quartic model (spec E.5)', () => {
  it('counts the orderings of each sorted 4-multiset (they add up to K^4)', () => {
    const w = orderings(6);
    expect(w.reduce((a, b) => a + b, 0)).toBe(1296);
    expect(w[0]).toBe(1);
    expect(w[listMultisets(6, 4).findIndex((t) => t.join() === '0,1,2,3')]).toBe(24);
  });

  it('recovers l0, l2, lNL from data made with them (erf-net), with zero percentage error on the held-out set', () => {
    const k = eftKernel('erf-net', { dIn: 1 });
    const train = quarticTemplates(k, X.map((x) => [0.01 * (Math.SQRT2 / 2) * x]), 100);
    const test = quarticTemplates(k, X.map((x) => [0.01 * x]), 100);
    const truth = { l0: 0.037, l2: -2.5e-4, lNL: 1.5e-5 };
    const make = (t: typeof train) => t.T0.map((v, r) => truth.l0 * v + truth.l2 * t.T2[r] + truth.lNL * t.TNL[r]);
    const f = fitQuarticModel({ templates: train, deltaG4: make(train) }, { templates: test, deltaG4: make(test) });
    expect(f.rank).toBe(3);
    expect(f.couplings.l0 / truth.l0).toBeCloseTo(1, 6);
    expect(f.couplings.l2 / truth.l2).toBeCloseTo(1, 4);
    expect(f.couplings.lNL / truth.lNL).toBeCloseTo(1, 4);
    expect(f.test.mape).toBeLessThan(1e-6);
  });

  it('finds the three templates proportional for relu-net with sb = 0 (rank 1), as the closed forms say', () => {
    const k = eftKernel('relu-net', { dIn: 1 });
    const t = quarticTemplates(k, X.map((x) => [x]), 100);
    // T0 = 24 prod x L^5 / 80, T2 = 24 prod x L^7 / 112, TNL = 8 * 3 prod x (L^3 / 12)^2
    const r = listMultisets(6, 4).findIndex((q) => q.join() === '0,1,2,3');
    const p = 0.2 * 0.4 * 0.6 * 0.8;
    expect(t.T0[r] / ((24 * p * 100 ** 5) / 80)).toBeCloseTo(1, 12);
    expect(t.T2[r] / ((24 * p * 100 ** 7) / 112)).toBeCloseTo(1, 12);
    expect(t.TNL[r] / (24 * p * (100 ** 3 / 12) ** 2)).toBeCloseTo(1, 12);
    const f = fitQuarticModel({ templates: t, deltaG4: t.T0 }, { templates: t, deltaG4: t.T0 });
    expect(f.rank).toBe(1);
    expect(f.test.mape).toBeLessThan(1e-9);
  });

  it('refuses too few tuples for three couplings, and a d_in other than 1', () => {
    const k = eftKernel('erf-net', { dIn: 1 });
    const one = quarticTemplates(k, [[0.5]], 10);
    expectInputError(() => fitQuarticModel({ templates: one, deltaG4: [1] }, { templates: one, deltaG4: [1] }), 'tuples');
    expectInputError(() => quarticTemplates(eftKernel('erf-net', { dIn: 2 }), [[0.5, 0.5]], 10), 'kernel.dIn');
  });
});
