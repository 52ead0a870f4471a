import { describe, expect, it } from 'vitest';
import { gpMoments } from '../../src/theory/gp-moments.js';
import { flatIndex } from '../../src/stats/multiset.js';
import { expectInputError } from '../support/errors.js';

const K = [
  [2, 0.5, 0.3],
  [0.5, 1, -0.2],
  [0.3, -0.2, 1.5],
];

describe('GP n-point functions by Wick contraction', () => {
  it('vanish at odd orders and equal K at order 2', () => {
    const g = gpMoments(K, 5);
    for (const idx of [[0], [1], [0, 1, 2], [2, 2, 2], [0, 0, 1, 1, 2]]) expect(g[flatIndex(3, idx)]).toBe(0);
    expect(g[flatIndex(3, [0, 2])]).toBe(0.3);
  });

  it('give K12 K34 + K13 K24 + K14 K23 at order 4 (hand-computed)', () => {
    const g = gpMoments(K, 4);
    // (0,1,1,2): K01 K12 + K01 K12 + K02 K11 = 0.5(-0.2) + 0.5(-0.2) + 0.3(1) = 0.1
    expect(g[flatIndex(3, [0, 1, 1, 2])]).toBeCloseTo(0.1, 14);
    // (0,0,0,0): 3 K00^2 = 12
    expect(g[flatIndex(3, [0, 0, 0, 0])]).toBeCloseTo(12, 13);
  });

  it('count the 15 pairings at order 6 and 105 at order 8: E x^6 = 15 K^3, E x^8 = 105 K^4', () => {
    const g = gpMoments([[1]], 8);
    expect(g[flatIndex(1, [0, 0, 0, 0, 0, 0])]).toBeCloseTo(15, 12);
    expect(g[flatIndex(1, Array(8).fill(0))]).toBeCloseTo(105, 11);
  });

  it('sums the 15 pairings of distinct indices at order 6', () => {
    // six distinct components with covariance K_ab = a + b + 1 (a != b): brute-force pairing sum
    const P = 6;
    const C = Array.from({ length: P }, (_, a) => Array.from({ length: P }, (_, b) => (a === b ? 10 : a + b + 1)));
    const pairSum = (rest: number[]): number => {
      if (rest.length === 0) return 1;
      const [first, ...others] = rest;
      return others.reduce((s, b, i) => s + C[first][b] * pairSum(others.filter((_, j) => j !== i)), 0);
    };
    expect(gpMoments(C, 6)[flatIndex(P, [0, 1, 2, 3, 4, 5])]).toBeCloseTo(pairSum([0, 1, 2, 3, 4, 5]), 9);
  });

  it('rejects a covariance that is not square, not symmetric or not finite, naming the entry', () => {
    expectInputError(() => gpMoments([[1, 0]], 2), 'cov[0]');
    expectInputError(() => gpMoments([[1, 0.5], [0.4, 1]], 2), 'cov[0][1]');
    expectInputError(() => gpMoments([[NaN]], 2), 'cov[0][0]');
  });
});
