/**
 * The coupling as a function of the width: lambda(N) = A N^p, fitted as a straight line in
 * ln |lambda| against ln N weighted by the errors (sigma_ln = sigma / |lambda|). At mw = 0 the
 * connected 4-point function is exactly C4 / N (spec D.4), so at any fixed cutoff p = -1.
 *
 * @example
 * ```ts
 * fitWidthScaling([10, 100], [0.1, 0.01], [0.001, 0.0001]).exponent; // returns -1 (to rounding)
 * ```
 *
 * @module
 */
import { NnftInputError } from '../errors.js';
import { fitLine } from './line-fit.js';

/** A power-law fit lambda(N) = amplitude N^exponent. */
export interface WidthScalingFit {
  readonly exponent: number;
  /** From the errors of lambda (not rescaled by chi^2). */
  readonly exponentSE: number;
  /** A = lambda at N = 1, with its sign. */
  readonly amplitude: number;
  readonly chi2: number;
  readonly dof: number;
  /** chi^2 / dof (NaN with 2 widths). */
  readonly chi2PerDof: number;
  /** Number of widths fitted. */
  readonly points: number;
}

/**
 * Fits lambda(N) = A N^p.
 *
 * @param widths - the widths N (positive integers), at least 2 distinct
 * @param lambda - the coupling at each width (non-zero, one sign)
 * @param se - its standard errors (> 0)
 * @throws NnftInputError (`widths[i]`, `lambda[i]`, `se[i]`, `points` with fewer than 2 widths)
 */
export function fitWidthScaling(widths: readonly number[], lambda: readonly number[], se: readonly number[]): WidthScalingFit {
  if (!Array.isArray(widths) || widths.length < 2) throw new NnftInputError('points', widths?.length, 'must be at least 2 widths');
  if (lambda.length !== widths.length || se.length !== widths.length) throw new NnftInputError('lambda', lambda.length, `must pair with the ${widths.length} widths (and so must se)`);
  const sign = Math.sign(lambda[0]);
  for (const [i, N] of widths.entries()) {
    if (!Number.isInteger(N) || N < 1) throw new NnftInputError(`widths[${i}]`, N, 'must be a positive integer');
    if (!(Number.isFinite(lambda[i]) && Math.sign(lambda[i]) === sign && sign !== 0)) throw new NnftInputError(`lambda[${i}]`, lambda[i], 'must be finite, non-zero and of the sign of lambda[0] (a power law)');
    if (!(Number.isFinite(se[i]) && se[i] > 0)) throw new NnftInputError(`se[${i}]`, se[i], 'must be a finite number > 0');
  }
  const fit = fitLine(widths.map(Math.log), lambda.map((v) => Math.log(Math.abs(v))), lambda.map((v, i) => se[i] / Math.abs(v)));
  return {
    exponent: fit.slope, exponentSE: fit.slopeSE, amplitude: sign * Math.exp(fit.intercept),
    chi2: fit.chi2, dof: fit.dof, chi2PerDof: fit.dof > 0 ? fit.chi2 / fit.dof : NaN, points: widths.length,
  };
}
