/**
 * The Wilsonian flow of the quartic coupling with the cutoff (spec E.3). The prediction DeltaG4 =
 * 24 lambda(Lambda) I(Lambda) must not depend on Lambda, so lambda runs against the vertex integral:
 * lambda_t(Lambda) = DeltaG4(t) / (24 I_t(Lambda)), and
 *
 *     beta(lambda) = Lambda d lambda / d Lambda = s(Lambda) lambda,   s = d log lambda / d log Lambda.
 *
 * For a kernel homogeneous of degree 1 in x (relu with sb = 0) I_t is proportional to
 * Lambda^(d_in + 4), so s = -(d_in + 4) exactly at every cutoff; erf's propagator tends to a
 * constant, so I grows like Lambda^d_in and s -> -d_in; gauss's decays, so s -> 0.
 *
 * The fit is the code's: one ordinary regression of log10 |lambda_t| on log10 Lambda pooled over all
 * tuples and cutoffs (scipy linregress: slope, its standard error from the scatter, R^2). When every
 * tuple is measured at every cutoff, the per-tuple offsets log10 |DeltaG4(t)| average out of the
 * slope, so sampling noise moves only the intercept and R^2: the slope measures the integrals.
 *
 * @example
 * ```ts
 * // lambda = 0.625 Lambda^-5 for two tuples at three cutoffs
 * const c = [7, 10, 100];
 * fitFlow(c, c.map((L) => [0.625 * L ** -5, 0.625 * L ** -5])).slope; // returns -5 (to rounding)
 * ```
 *
 * @module
 */
import { NnftInputError } from '../errors.js';
import { fitLine, type LineFit } from './line-fit.js';

/** The flow's regression and the local slopes between neighbouring cutoffs. */
export interface FlowFit extends LineFit {
  /** Points left out because lambda_t was 0 or not finite (no logarithm). */
  readonly skipped: number;
}

function checkCutoffs(cutoffs: readonly number[]): void {
  if (!Array.isArray(cutoffs) || cutoffs.length < 2) throw new NnftInputError('cutoffs', cutoffs, 'must list at least 2 cutoffs');
  for (const [i, c] of cutoffs.entries()) {
    if (typeof c !== 'number' || !Number.isFinite(c) || c <= 0) throw new NnftInputError(`cutoffs[${i}]`, c, 'must be a finite number > 0');
  }
}

/**
 * The pooled log-log regression of |lambda_t(Lambda)| on Lambda.
 *
 * @param cutoffs - the cutoffs Lambda (> 0), at least 2
 * @param lambdas - lambdas[c][t]: the coupling of tuple t at cutoff c (any convention: the slope is the same)
 * @throws NnftInputError (`cutoffs...`, `lambdas` of the wrong shape, `points` with fewer than 2 usable points)
 */
export function fitFlow(cutoffs: readonly number[], lambdas: readonly ArrayLike<number>[]): FlowFit {
  checkCutoffs(cutoffs);
  if (!Array.isArray(lambdas) || lambdas.length !== cutoffs.length) throw new NnftInputError('lambdas', lambdas?.length, `must hold one row per cutoff (${cutoffs.length})`);
  const x: number[] = [];
  const y: number[] = [];
  let skipped = 0;
  for (const [c, row] of lambdas.entries()) {
    for (let t = 0; t < row.length; t++) {
      const v = Math.abs(row[t]);
      if (v > 0 && Number.isFinite(v)) {
        x.push(Math.log10(cutoffs[c]));
        y.push(Math.log10(v));
      } else skipped++;
    }
  }
  return { ...fitLine(x, y), skipped };
}

/**
 * Local slopes s = d log lambda / d log Lambda between neighbouring cutoffs (the beta function over
 * lambda), from one coupling per cutoff; entry i belongs to the interval [cutoffs[i], cutoffs[i+1]].
 *
 * @throws NnftInputError (`cutoffs...`, `lambda` of the wrong length)
 */
export function localFlowSlopes(cutoffs: readonly number[], lambda: ArrayLike<number>): number[] {
  checkCutoffs(cutoffs);
  if (lambda.length !== cutoffs.length) throw new NnftInputError('lambda', lambda.length, `must hold one coupling per cutoff (${cutoffs.length})`);
  return cutoffs.slice(1).map((c, i) => Math.log(Math.abs(lambda[i + 1] / lambda[i])) / Math.log(c / cutoffs[i]));
}
