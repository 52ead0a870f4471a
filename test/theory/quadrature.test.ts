import { describe, expect, it } from 'vitest';
import { NnftInputError } from '../../src/errors.js';
import { gaussHermite, gaussHermiteExpectation, gaussHermiteGrid } from '../../src/theory/gauss-hermite.js';
import { gaussLegendre, integrateGaussLegendre } from '../../src/theory/gauss-legendre.js';
import { lowRankFactor, symmetricEigen } from '../../src/theory/linalg.js';
import {
  binomial,
  erf,
  erfc,
  gammaHalfInteger,
  gaussianMoment,
  normalCdf,
  normalIntervalProb,
  normalPdf,
  normalRawMoment,
  normalSf,
} from '../../src/theory/special.js';
import { ERF_TABLE, HERMEGAUSS } from './references.js';

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

describe('special functions', () => {
  it.each(ERF_TABLE)('erf(%s) and erfc match mpmath to a few ulp', (x, e, c) => {
    expect(rel(erf(x), e)).toBeLessThan(1e-15);
    expect(rel(erf(-x), -e)).toBeLessThan(1e-15);
    // erfc keeps full relative accuracy from x = 2 on; below it is 1 - erf (absolute 1e-16)
    if (x >= 2) expect(rel(erfc(x), c)).toBeLessThan(3e-15);
    else expect(Math.abs(erfc(x) - c)).toBeLessThan(3e-16);
    expect(Math.abs(erfc(-x) - (2 - c))).toBeLessThan(4e-16);
  });

  it('erf is odd, saturates to +-1 and passes NaN through', () => {
    expect(erf(0)).toBe(0);
    expect(erf(6)).toBe(1);
    expect(erf(-40)).toBe(-1);
    expect(erfc(40)).toBe(0);
    expect(Number.isNaN(erf(NaN))).toBe(true);
  });

  it('normal density, distribution and survival functions are consistent', () => {
    expect(normalPdf(0)).toBeCloseTo(1 / Math.sqrt(2 * Math.PI), 15);
    expect(normalPdf(Infinity)).toBe(0);
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 14);
    // far tail keeps relative accuracy: Q(10) = 7.619853024160527e-24
    expect(rel(normalSf(10), 7.619853024160527e-24)).toBeLessThan(1e-14);
    expect(normalIntervalProb(-Infinity, Infinity)).toBe(1);
    expect(normalIntervalProb(1, 1)).toBe(0);
    expect(normalIntervalProb(-1, 1)).toBeCloseTo(0.6826894921370859, 15);
  });

  it('Gamma at half-integers, Gaussian moments, binomials and normal raw moments', () => {
    expect(gammaHalfInteger(0.5)).toBeCloseTo(Math.sqrt(Math.PI), 15);
    expect(gammaHalfInteger(2.5)).toBeCloseTo((3 * Math.sqrt(Math.PI)) / 4, 15);
    expect(gammaHalfInteger(5)).toBe(24);
    expect([2, 4, 6, 8].map(gaussianMoment)).toEqual([1, 3, 15, 105]);
    expect(gaussianMoment(3)).toBe(0);
    expect(binomial(8, 4)).toBe(70);
    // E[w^m], w ~ N(mu, s2): m = 3: mu^3 + 3 mu s2
    expect(normalRawMoment(3, 0.3, 0.5)).toBeCloseTo(0.027 + 3 * 0.3 * 0.5, 15);
    expect(normalRawMoment(4, 0, 0.5)).toBeCloseTo(0.75, 15);
    expect(normalRawMoment(0, 2, 1)).toBe(1);
  });
});

describe('Gauss-Hermite (probabilists, weights sum to 1; spec B.2)', () => {
  it('n = 3 is t = (-sqrt 3, 0, sqrt 3), w = (1/6, 2/3, 1/6)', () => {
    const { nodes, weights } = gaussHermite(3);
    expect(nodes[0]).toBeCloseTo(-Math.sqrt(3), 15);
    expect(nodes[1]).toBe(0);
    expect(nodes[2]).toBeCloseTo(Math.sqrt(3), 15);
    expect(weights[0]).toBeCloseTo(1 / 6, 15);
    expect(weights[1]).toBeCloseTo(2 / 3, 15);
  });

  it.each(HERMEGAUSS)('n = %i matches numpy hermegauss', (n, tLast, wLast, tMid, wMid) => {
    const { nodes, weights } = gaussHermite(n);
    expect(rel(nodes[n - 1], tLast)).toBeLessThan(1e-14);
    expect(rel(weights[n - 1], wLast)).toBeLessThan(1e-12);
    expect(Math.abs(nodes[n >> 1] - tMid)).toBeLessThan(1e-14);
    expect(rel(weights[n >> 1], wMid)).toBeLessThan(1e-13);
  });

  it('every n in 1..200: symmetric, sum 1, exact Gaussian moments up to degree 2n - 1', () => {
    for (let n = 1; n <= 200; n++) {
      const { nodes, weights } = gaussHermite(n);
      let sum = 0;
      for (let i = 0; i < n; i++) {
        sum += weights[i];
        expect(nodes[i] + nodes[n - 1 - i]).toBe(0);
        if (i > 0) expect(nodes[i]).toBeGreaterThan(nodes[i - 1]);
      }
      expect(Math.abs(sum - 1)).toBeLessThan(1e-14);
      for (let k = 2; k <= Math.min(2 * n - 2, 12); k += 2) {
        let m = 0;
        for (let i = 0; i < n; i++) m += weights[i] * nodes[i] ** k;
        expect(rel(m, gaussianMoment(k))).toBeLessThan(1e-12);
      }
    }
  });

  it('caches per n', () => {
    expect(gaussHermite(40)).toBe(gaussHermite(40));
  });

  it('tensor expectation over r i.i.d. normals', () => {
    expect(gaussHermiteExpectation((u) => u[0] ** 4 * u[1] ** 2, 2, 3)).toBeCloseTo(3, 14);
    expect(gaussHermiteExpectation((u) => Math.cos(u[0]), 1, 40)).toBeCloseTo(Math.exp(-0.5), 15);
    // E[exp(a.u)] = exp(|a|^2/2) in 3 dimensions
    expect(rel(gaussHermiteExpectation((u) => Math.exp(0.3 * u[0] - 0.2 * u[1] + 0.5 * u[2]), 3, 20), Math.exp(0.19))).toBeLessThan(1e-14);
    expect(gaussHermiteExpectation(() => 7, 0, 5)).toBe(7);
    const g = gaussHermiteGrid(2, 4);
    expect(g.count).toBe(16);
    expect(g.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 15);
  });

  it('rejects bad node counts and dimensions', () => {
    for (const n of [0, 201, 2.5, NaN, -1]) expect(() => gaussHermite(n)).toThrow(NnftInputError);
    expect(() => gaussHermiteExpectation((u) => u[0], -1, 4)).toThrow(NnftInputError);
    expect(() => gaussHermiteExpectation(3 as unknown as () => number, 1, 4)).toThrow(NnftInputError);
  });
});

describe('Gauss-Legendre and the symmetric eigensolver', () => {
  it('Gauss-Legendre is exact to degree 2n - 1 and integrates smooth functions', () => {
    expect(integrateGaussLegendre((t) => t ** 7 + t ** 6, -1, 1, 4)).toBeCloseTo(2 / 7, 15);
    expect(integrateGaussLegendre(Math.sin, 0, Math.PI, 16)).toBeCloseTo(2, 14);
    const { weights } = gaussLegendre(33);
    expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(2, 14);
    expect(() => gaussLegendre(0)).toThrow(NnftInputError);
  });

  it('Jacobi eigendecomposition reconstructs the matrix; low-rank factor drops null directions', () => {
    const A = [4, 1, 2, 1, 3, 0.5, 2, 0.5, 5];
    const { values, vectors } = symmetricEigen(A, 3);
    expect(values[0]).toBeGreaterThanOrEqual(values[1]);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        let s = 0;
        for (let k = 0; k < 3; k++) s += vectors[i * 3 + k] * values[k] * vectors[j * 3 + k];
        expect(s).toBeCloseTo(A[i * 3 + j], 13);
      }
    }
    // rank-1 covariance (1, 2)(1, 2)^T
    const { factor, rank } = lowRankFactor([1, 2, 2, 4], 2);
    expect(rank).toBe(1);
    expect(factor[0] * factor[0]).toBeCloseTo(1, 14);
    expect(factor[0] * factor[1]).toBeCloseTo(2, 14);
    expect(lowRankFactor([0, 0, 0, 0], 2).rank).toBe(0);
  });
});
