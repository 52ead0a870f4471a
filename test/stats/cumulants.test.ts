import { describe, expect, it } from 'vitest';
import { NnftInputError } from '../../src/errors.js';
import {
  CumulantPlan,
  cumulantPlan,
  cumulants,
  cumulantsBySetPartitions,
  cumulantsFromMoments,
  momentsFromCumulants,
} from '../../src/stats/cumulants.js';
import { flatIndex, forEachMultiset, totalMultisets } from '../../src/stats/multiset.js';
import { setPartitions } from '../../src/stats/set-partitions.js';
import { expectInputError } from '../support/errors.js';
import { symmetricUniforms as rng } from '../support/mulberry32.js';

/** The flat moment array of orders 1..nMax, entry by entry from `momentOf(sorted idx)`. */
function flat(P: number, nMax: number, momentOf: (idx: number[]) => number): Float64Array {
  const out = new Float64Array(totalMultisets(P, nMax));
  let s = 0;
  for (let n = 1; n <= nMax; n++) forEachMultiset(P, n, (idx) => (out[s++] = momentOf(Array.from(idx))));
  return out;
}

/**
 * Gaussian moments by Stein's lemma (Isserlis with a mean):
 * E[X_a1 X_a2..X_an] = m_a1 E[X_a2..X_an] + sum_{j>=2} S_{a1 aj} E[X_a2..(no aj)..X_an].
 */
function gaussianMoment(m: number[], S: number[][], idx: number[]): number {
  if (idx.length === 0) return 1;
  const [a, ...rest] = idx;
  let e = m[a] * gaussianMoment(m, S, rest);
  for (let j = 0; j < rest.length; j++) {
    e += S[a][rest[j]] * gaussianMoment(m, S, [...rest.slice(0, j), ...rest.slice(j + 1)]);
  }
  return e;
}

/** Touchard polynomial: E[X^n] = sum_k S(n, k) lambda^k for X ~ Poisson(lambda). */
function poissonMoment(lambda: number, n: number): number {
  let row = [1]; // Stirling numbers of the second kind S(0, k)
  for (let i = 1; i <= n; i++) {
    const next = new Array<number>(i + 1).fill(0);
    for (let k = 1; k <= i; k++) next[k] = k * (row[k] ?? 0) + (row[k - 1] ?? 0);
    row = next;
  }
  return row.reduce((acc, s, k) => acc + s * lambda ** k, 0);
}


/**
 * Per-entry magnitude of the set-partition sum, sum_pi (|pi|-1)! prod_B |mu(B)|: the scale that
 * rounding errors are relative to (the cumulant itself may cancel down to far less).
 */
function partitionScale(mu: Float64Array, P: number, nMax: number): Float64Array {
  const fact = [1, 1, 2, 6, 24, 120, 720, 5040];
  return flat(P, nMax, (idx) => {
    let total = 0;
    for (const pi of setPartitions(idx.length)) {
      let prod = fact[pi.length - 1];
      for (const b of pi) prod *= Math.abs(mu[flatIndex(P, b.map((r) => idx[r]))]);
      total += prod;
    }
    return total;
  });
}


describe('cumulantsFromMoments on hand-checkable examples', () => {
  it('turns [E X, E Y, E XX, E XY, E YY] = [1, 2, 5, 3, 8] into [1, 2, 4, 1, 4]', () => {
    expect(cumulantsFromMoments(cumulantPlan(2, 2), Float64Array.of(1, 2, 5, 3, 8))).toEqual(Float64Array.of(1, 2, 4, 1, 4));
  });

  it('gives every cumulant 1 for the Poisson(1) moments 1, 2, 5, 15, 52 (the Bell numbers)', () => {
    expect(cumulants(Float64Array.of(1, 2, 5, 15, 52), 1, 5)).toEqual(Float64Array.of(1, 1, 1, 1, 1));
  });

  it('matches kappa(X,Y,Z) = E XYZ - E XY E Z - E XZ E Y - E YZ E X + 2 E X E Y E Z', () => {
    const r = rng(7);
    const mu = flat(3, 3, () => r());
    const m = (...idx: number[]) => mu[flatIndex(3, idx)];
    const expected = m(0, 1, 2) - m(0, 1) * m(2) - m(0, 2) * m(1) - m(1, 2) * m(0) + 2 * m(0) * m(1) * m(2);
    expect(cumulants(mu, 3, 3)[flatIndex(3, [0, 1, 2])]).toBeCloseTo(expected, 14);
    // and for one variable: kappa3 = mu3 - 3 mu2 mu1 + 2 mu1^3
    const expected3 = m(0, 0, 0) - 3 * m(0, 0) * m(0) + 2 * m(0) ** 3;
    expect(cumulants(mu, 3, 3)[flatIndex(3, [0, 0, 0])]).toBeCloseTo(expected3, 14);
  });
});

describe('cumulantsFromMoments on distributions with known cumulants', () => {
  it('gives kappa1 = 1, kappa2 = 4 and zero above for N(1, 4) (moments 1, 5, 13, 73, ...)', () => {
    const mu = flat(1, 8, (idx) => gaussianMoment([1], [[4]], idx));
    expect(Array.from(mu.subarray(0, 4))).toEqual([1, 5, 13, 73]);
    expect(cumulants(mu, 1, 8)).toEqual(Float64Array.of(1, 4, 0, 0, 0, 0, 0, 0));
  });

  it('gives every cumulant = 2 for Poisson(2) (Touchard moments 2, 6, 22, 94, ...)', () => {
    const mu = flat(1, 8, (idx) => poissonMoment(2, idx.length));
    expect(Array.from(mu.subarray(0, 4))).toEqual([2, 6, 22, 94]);
    expect(cumulants(mu, 1, 8)).toEqual(new Float64Array(8).fill(2));
  });

  it('gives the mean, the covariance and nothing above order 2 for a correlated Gaussian vector with non-zero mean', () => {
    const m = [1, -1, 2];
    const S = [
      [2, 1, 0],
      [1, 3, -1],
      [0, -1, 1],
    ];
    const mu = flat(3, 6, (idx) => gaussianMoment(m, S, idx));
    const expected = flat(3, 6, (idx) => (idx.length === 1 ? m[idx[0]] : idx.length === 2 ? S[idx[0]][idx[1]] : 0));
    expect(cumulants(mu, 3, 6)).toEqual(expected);
  });

  it('handles repeated components: (X, X, Y) with X ~ Poisson(2), Y ~ Poisson(3) independent', () => {
    // E[prod] = E[X^a] E[Y^b], a = number of indices 0 or 1, b = number of indices 2.
    const mu = flat(3, 6, (idx) => {
      const b = idx.filter((i) => i === 2).length;
      return poissonMoment(2, idx.length - b) * poissonMoment(3, b);
    });
    // kappa = 2 when every index is 0 or 1 (a cumulant of X alone), 3 when all are 2, else 0.
    const expected = flat(3, 6, (idx) => (idx.every((i) => i < 2) ? 2 : idx.every((i) => i === 2) ? 3 : 0));
    expect(cumulants(mu, 3, 6)).toEqual(expected);
    expect(cumulants(mu, 3, 6)[flatIndex(3, [0, 1])]).toBe(2); // Cov(X, X) = Var X
  });

  it('makes every mixed cumulant vanish for independent X ~ N(1, 4) and Y ~ Poisson(3)', () => {
    const mu = flat(2, 8, (idx) => {
      const b = idx.filter((i) => i === 1).length;
      return gaussianMoment([1], [[4]], new Array(idx.length - b).fill(0)) * poissonMoment(3, b);
    });
    const expected = flat(2, 8, (idx) => {
      if (idx.every((i) => i === 0)) return idx.length === 1 ? 1 : idx.length === 2 ? 4 : 0;
      if (idx.every((i) => i === 1)) return 3;
      return 0;
    });
    expect(cumulants(mu, 2, 8)).toEqual(expected);
  });
});

describe('cumulantsFromMoments against the set-partition formula', () => {
  it.each([
    [3, 6],
    [2, 8],
    [5, 4],
    [1, 8],
  ])('agrees to 1e-12 relative (to the sum of |terms|) on random moment arrays for P = %i, nMax = %i', (P, nMax) => {
    const r = rng(1000 * P + nMax);
    for (let trial = 0; trial < 3; trial++) {
      const mu = flat(P, nMax, () => 1 + r());
      const fast = cumulantsFromMoments(cumulantPlan(P, nMax), mu);
      const ref = cumulantsBySetPartitions(mu, P, nMax);
      const scale = partitionScale(mu, P, nMax);
      let worst = 0;
      for (let i = 0; i < ref.length; i++) worst = Math.max(worst, Math.abs(fast[i] - ref[i]) / scale[i]);
      expect(worst).toBeLessThan(1e-12);
    }
  });
});

describe('momentsFromCumulants', () => {
  it('rebuilds E X = 1, E X^2 = 5, E X^3 = 13 from the N(1, 4) cumulants (1, 4, 0)', () => {
    expect(momentsFromCumulants(cumulantPlan(1, 3), Float64Array.of(1, 4, 0))).toEqual(Float64Array.of(1, 5, 13));
  });

  it('inverts cumulantsFromMoments on random moments for P = 4, nMax = 6', () => {
    const plan = cumulantPlan(4, 6);
    const r = rng(99);
    const mu = flat(4, 6, () => r());
    const back = momentsFromCumulants(plan, cumulantsFromMoments(plan, mu));
    for (let i = 0; i < mu.length; i++) expect(back[i]).toBeCloseTo(mu[i], 12);
  });
});

describe('cumulantPlan', () => {
  it('is built once per (P, nMax) and shared', () => {
    expect(cumulantPlan(3, 4)).toBe(cumulantPlan(3, 4));
    expect(cumulantPlan(3, 4)).not.toBe(cumulantPlan(3, 5));
    expect(Object.isFrozen(cumulantPlan(3, 4))).toBe(true);
  });

  it('stores 3 distinct terms for (a,a,a,a) out of 7 subsets (B = {a}, {a,a}, {a,a,a} with multiplicity 1, 3, 3)', () => {
    const plan = cumulantPlan(1, 4);
    const s = flatIndex(1, [0, 0, 0, 0]);
    expect(plan.start[s + 1] - plan.start[s]).toBe(3);
    const coef = Array.from(plan.coef.subarray(plan.start[s], plan.start[s + 1])).sort();
    expect(coef).toEqual([1, 3, 3]);
  });

  it('writes into the given out array and returns it', () => {
    const plan = cumulantPlan(2, 2);
    const out = new Float64Array(5);
    expect(cumulantsFromMoments(plan, Float64Array.of(1, 2, 5, 3, 8), out)).toBe(out);
    expect(out).toEqual(Float64Array.of(1, 2, 4, 1, 4));
  });
});

describe('bad input', () => {
  it.each([0, -2, 1.5, Number.NaN, '6'])('rejects P = %s, naming P', (P) => {
    expectInputError(() => cumulantPlan(P as number, 4), 'P');
    expectInputError(() => cumulantsBySetPartitions(new Float64Array(1), P as number, 1), 'P');
  });

  it.each([0, 9, 2.5, -1])('rejects nMax = %s, naming nMax (must be in [1, 8])', (nMax) => {
    expectInputError(() => cumulantPlan(3, nMax), 'nMax');
    expect(() => cumulantPlan(3, nMax)).toThrow('must be an integer in [1, 8]');
    expectInputError(() => cumulantsBySetPartitions(new Float64Array(1), 3, nMax), 'nMax');
  });

  it('rejects a moments array of the wrong length, naming moments.length', () => {
    expectInputError(() => cumulantsFromMoments(cumulantPlan(2, 2), new Float64Array(4)), 'moments.length');
    expectInputError(() => cumulantsBySetPartitions(new Float64Array(4), 2, 2), 'moments.length');
    expectInputError(() => momentsFromCumulants(cumulantPlan(2, 2), new Float64Array(6)), 'cumulants.length');
    expect(() => cumulantsFromMoments(cumulantPlan(2, 2), new Float64Array(4))).toThrow('`moments.length` must be 5');
  });

  it('rejects moments that are not a Float64Array, naming moments', () => {
    expectInputError(() => cumulantsFromMoments(cumulantPlan(2, 2), [1, 2, 5, 3, 8] as unknown as Float64Array), 'moments');
  });

  it('rejects an out array of the wrong length or overlapping the moments', () => {
    const plan = cumulantPlan(2, 2);
    const mu = Float64Array.of(1, 2, 5, 3, 8);
    expectInputError(() => cumulantsFromMoments(plan, mu, new Float64Array(3)), 'out.length');
    expectInputError(() => cumulantsFromMoments(plan, mu, mu), 'out');
    const shared = new Float64Array(8);
    expectInputError(() => cumulantsFromMoments(plan, shared.subarray(0, 5), shared.subarray(3, 8)), 'out');
  });

  it('rejects something that is not a plan, naming plan', () => {
    expectInputError(() => cumulantsFromMoments({ size: 5 } as unknown as CumulantPlan, new Float64Array(5)), 'plan');
  });

  it('refuses a plan too large to hold (P = 32, nMax = 6), naming P', () => {
    expectInputError(() => cumulantPlan(32, 6), 'P');
  });
});
