import { describe, expect, it } from 'vitest';
import { betaI, chiSquareSf, fSf, gammaQ, lnGamma } from '../../src/stats/distributions.js';
import { expectInputError } from '../support/errors.js';

describe('special functions for tail probabilities', () => {
  it('lnGamma matches factorials and Gamma(1/2) = sqrt(pi)', () => {
    expect(lnGamma(5)).toBeCloseTo(Math.log(24), 13);
    expect(lnGamma(20)).toBeCloseTo(Math.log(121645100408832000), 12);
    expect(lnGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13);
  });

  it('chi^2 with 2 degrees of freedom is exponential: P(X > x) = exp(-x/2)', () => {
    for (const x of [0.1, 1, 2, 10, 40]) expect(chiSquareSf(x, 2) / Math.exp(-x / 2)).toBeCloseTo(1, 12);
  });

  it('chi^2 with 1 degree of freedom is a squared normal: P(X > 9) = P(|Z| > 3) = 0.0026997960632601866', () => {
    expect(chiSquareSf(9, 1)).toBeCloseTo(0.0026997960632601866, 14);
  });

  it('Q(a, x) agrees on both sides of its series / continued-fraction switch (x = a + 1)', () => {
    const a = 7.5;
    const below = gammaQ(a, a + 1 - 1e-9);
    const above = gammaQ(a, a + 1 + 1e-9);
    expect(Math.abs(below - above)).toBeLessThan(1e-9);
  });

  it('F(2, 2) has survival 1/(1 + x); F(d1, d2) tails equal the incomplete beta of the other tail', () => {
    for (const x of [0.2, 1, 3, 50]) expect(fSf(x, 2, 2)).toBeCloseTo(1 / (1 + x), 13);
    // P(F(d1, d2) > x) = P(F(d2, d1) < 1/x)
    expect(fSf(2.5, 5, 20)).toBeCloseTo(1 - fSf(1 / 2.5, 20, 5), 12);
  });

  it('the F survival equals a numerical integral of its density (d1 = 5, d2 = 20, x = 2.5)', () => {
    const [d1, d2, x] = [5, 20, 2.5];
    const logC = lnGamma((d1 + d2) / 2) - lnGamma(d1 / 2) - lnGamma(d2 / 2) + (d1 / 2) * Math.log(d1 / d2);
    const pdf = (t: number) => Math.exp(logC + (d1 / 2 - 1) * Math.log(t) - ((d1 + d2) / 2) * Math.log1p((d1 * t) / d2));
    // Simpson on [x, 200] (the tail beyond is below 1e-12)
    const n = 200_000;
    const h = (200 - x) / n;
    let s = pdf(x) + pdf(200);
    for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * pdf(x + i * h);
    expect(fSf(x, d1, d2)).toBeCloseTo((s * h) / 3, 9);
  });

  it('I_x(1, 1) = x and I_x(a, b) = 1 - I_(1-x)(b, a)', () => {
    expect(betaI(0.3, 1, 1)).toBeCloseTo(0.3, 14);
    expect(betaI(0.2, 2.5, 7)).toBeCloseTo(1 - betaI(0.8, 7, 2.5), 14);
  });

  it('rejects arguments outside the domains with typed errors', () => {
    expectInputError(() => lnGamma(0), 'x');
    expectInputError(() => betaI(1.5, 1, 1), 'x');
    expectInputError(() => chiSquareSf(1, 0), 'dof');
    expectInputError(() => fSf(1, 1, -2), 'd2');
  });
});
