/**
 * Statistics over independent runs (one value per run, e.g. a run's fitted slope): the mean with
 * its standard error and Student-t interval, the two-sided one-sample t-test of mean = 0, and the
 * exact two-sided sign test.
 *
 * - t-test: t = mean / (s / sqrt(n)) with s the sample standard deviation; two-sided
 *   p = I_(dof / (dof + t^2))(dof / 2, 1/2) (regularized incomplete beta), dof = n - 1.
 * - Interval: mean ± t_(dof, (1 + level) / 2) s / sqrt(n); the quantile by bisection of the CDF.
 * - Sign test: with n+ positive and n- negative values (zeros dropped), m = n+ + n-,
 *   p = min(1, 2 P(Bin(m, 1/2) <= min(n+, n-))).
 *
 * @example
 * ```ts
 * signTest([1, 2, 3, 4, 5, 6]).p; // returns 0.03125 (= 2 / 2^6)
 * tTwoSidedP(0, 5);              // returns 1
 * ```
 *
 * @module
 */
import { NnftInputError } from '../errors.js';
import { betaI, lnGamma } from './distributions.js';

/** Two-sided p-value of a Student t statistic with `dof` degrees of freedom. */
export function tTwoSidedP(t: number, dof: number): number {
  if (!(dof > 0)) throw new NnftInputError('dof', dof, 'must be > 0');
  if (Number.isNaN(t)) return NaN;
  if (!Number.isFinite(t)) return 0;
  return betaI(dof / (dof + t * t), dof / 2, 0.5);
}

/** The quantile t_(dof, q) of Student's t for q in (0.5, 1). */
export function tQuantile(q: number, dof: number): number {
  if (!(q > 0.5 && q < 1)) throw new NnftInputError('q', q, 'must be in (0.5, 1)');
  let lo = 0;
  let hi = 1;
  while (tTwoSidedP(hi, dof) > 2 * (1 - q)) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (tTwoSidedP(mid, dof) > 2 * (1 - q)) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Mean, standard error and t interval of independent values (NaN error and interval for one value). */
export interface MeanInterval {
  n: number;
  mean: number;
  se: number;
  lo: number;
  hi: number;
}

export function meanInterval(values: readonly number[], level = 0.95): MeanInterval {
  const n = values.length;
  if (n < 1) throw new NnftInputError('values', n, 'must hold at least one value');
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { n, mean, se: NaN, lo: NaN, hi: NaN };
  const s2 = values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1);
  const se = Math.sqrt(s2 / n);
  const half = tQuantile((1 + level) / 2, n - 1) * se;
  return { n, mean, se, lo: mean - half, hi: mean + half };
}

/** The exact two-sided sign test of a zero median. */
export interface SignTest {
  positive: number;
  negative: number;
  p: number;
}

export function signTest(values: readonly number[]): SignTest {
  const positive = values.filter((v) => v > 0).length;
  const negative = values.filter((v) => v < 0).length;
  const m = positive + negative;
  const low = Math.min(positive, negative);
  let tail = 0;
  for (let i = 0; i <= low; i++) tail += Math.exp(lnGamma(m + 1) - lnGamma(i + 1) - lnGamma(m - i + 1) - m * Math.LN2);
  return { positive, negative, p: m === 0 ? 1 : Math.min(1, 2 * tail) };
}

/** A one-sample t-test of mean = 0 with the sign test alongside. */
export interface ZeroMeanTest extends MeanInterval {
  t: number;
  p: number;
  sign: SignTest;
}

export function zeroMeanTest(values: readonly number[], level = 0.95): ZeroMeanTest {
  const m = meanInterval(values, level);
  const t = m.mean / m.se;
  return { ...m, t, p: m.n < 2 ? NaN : tTwoSidedP(t, m.n - 1), sign: signTest(values) };
}
