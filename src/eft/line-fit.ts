/**
 * Straight-line least squares y = intercept + slope x, unweighted (scipy's `linregress`: the slope's
 * standard error from the scatter about the line, and R^2) or with standard errors on y (the slope's
 * error from the errors, and chi^2 per degree of freedom). The EFT's log-log fits (RG flow of
 * lambda against Lambda, lambda against N) are both.
 *
 * Unweighted: slope = Sxy / Sxx, se^2 = (SSR / (n - 2)) / Sxx, R^2 = Sxy^2 / (Sxx Syy).
 * Weighted (w = 1/sigma^2): the same sums with weights, se^2 = 1 / Sxx_w, chi^2 = sum w r^2.
 *
 * @example
 * ```ts
 * fitLine([0, 1, 2], [1, 3, 5]).slope; // returns 2
 * ```
 *
 * @module
 */
import { NnftInputError } from '../errors.js';

/** A fitted line. */
export interface LineFit {
  readonly slope: number;
  /** Standard error of the slope (unweighted: from the scatter, NaN with 2 points; weighted: from sigma). */
  readonly slopeSE: number;
  readonly intercept: number;
  /** Standard error of the intercept (same conventions as slopeSE). */
  readonly interceptSE: number;
  /** Coefficient of determination (weighted sums when weighted). */
  readonly r2: number;
  /** Number of points. */
  readonly points: number;
  /** sum of squared residuals (weighted: chi^2). */
  readonly chi2: number;
  /** points - 2. */
  readonly dof: number;
}

/**
 * Fits a straight line.
 *
 * @param x - abscissae (finite, not all equal)
 * @param y - ordinates (finite), as many as x
 * @param sigma - standard errors of y (finite, > 0); omit for an unweighted fit
 * @throws NnftInputError (`x`, `y`, `sigma`, or `points` with fewer than 2 points or no spread in x)
 *
 * @example
 * ```ts
 * fitLine([1, 2, 3, 4], [2, 4, 5, 8], [1, 1, 1, 1]).chi2; // returns 0.7 (approximately)
 * ```
 */
export function fitLine(x: ArrayLike<number>, y: ArrayLike<number>, sigma?: ArrayLike<number>): LineFit {
  const n = x.length;
  if (y.length !== n) throw new NnftInputError('y', y.length, `must have as many values as x (${n})`);
  if (sigma !== undefined && sigma.length !== n) throw new NnftInputError('sigma', sigma.length, `must have as many values as x (${n})`);
  if (n < 2) throw new NnftInputError('points', n, 'must be at least 2 for a straight-line fit');
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(x[i])) throw new NnftInputError(`x[${i}]`, x[i], 'must be finite');
    if (!Number.isFinite(y[i])) throw new NnftInputError(`y[${i}]`, y[i], 'must be finite');
    if (sigma !== undefined && !(Number.isFinite(sigma[i]) && sigma[i] > 0)) throw new NnftInputError(`sigma[${i}]`, sigma[i], 'must be a finite number > 0');
    w[i] = sigma === undefined ? 1 : 1 / (sigma[i] * sigma[i]);
  }
  let sw = 0;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    sw += w[i];
    mx += w[i] * x[i];
    my += w[i] * y[i];
  }
  mx /= sw;
  my /= sw;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx;
    const dy = y[i] - my;
    sxx += w[i] * dx * dx;
    sxy += w[i] * dx * dy;
    syy += w[i] * dy * dy;
  }
  if (!(sxx > 0)) throw new NnftInputError('points', n, 'must not all share one abscissa');
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  let chi2 = 0;
  for (let i = 0; i < n; i++) chi2 += w[i] * (y[i] - intercept - slope * x[i]) ** 2;
  const dof = n - 2;
  // unweighted: the residual variance estimates sigma^2; weighted: sigma is given
  const s2 = sigma === undefined ? (dof > 0 ? chi2 / dof : NaN) : 1;
  const slopeSE = Math.sqrt(s2 / sxx);
  const interceptSE = Math.sqrt(s2 * (1 / sw + (mx * mx) / sxx));
  const r2 = syy > 0 ? (sxy * sxy) / (sxx * syy) : 1;
  return { slope, slopeSE, intercept, interceptSE, r2, points: n, chi2, dof };
}
