/**
 * The local quartic coupling lambda at tree level (spec E.2, E.3), in the convention of the code of
 * Halverson, Maiti and Stoner (2020):
 *
 *     DeltaG4(t) = G4(t) - G4_GP(t) = 24 lambda_code I(t; Lambda),   I = int_box prod_i Kt(x, x_{t_i}) d^d x,
 *
 * and in the standard one, from the action S = ... + (lambda_std / 4!) int f^4 with weight e^{-S}:
 * DeltaG4 = -lambda_std I, hence lambda_std = -24 lambda_code. Every coupling this module returns
 * carries both, labelled.
 *
 * - Per tuple (the code's rg.py): lambda_t = DeltaG4(t) / (24 I(t)), error sigma_t / (24 |I(t)|).
 * - Pooled over tuples: weighted least squares of DeltaG4(t) = 24 lambda I(t) with weights
 *   1/sigma_t^2, lambda = sum w I DeltaG4 / (24 sum w I^2), error 1/(24 sqrt(sum w I^2)) when the
 *   tuples are independent, and chi^2 / dof (dof = tuples - 1): near 1 where one local coupling
 *   describes every tuple within the errors. (Tuples measured on one ensemble are correlated; the
 *   experiment propagates errors through the jackknife of the whole fit.)
 *
 * @example
 * ```ts
 * fitQuartic(Float64Array.of(48, 96), Float64Array.of(1, 1), Float64Array.of(1, 2)).lambda.code; // returns 2
 * ```
 *
 * @module
 */
import { NnftInputError } from '../errors.js';

/** lambda_std / lambda_code (spec E.2). */
export const LAMBDA_STD_PER_CODE = -24;

/** The tree-level symmetry factor of the code's convention, DeltaG4 = 24 lambda_code I. */
export const QUARTIC_FACTOR = 24;

/** A quartic coupling in both conventions, with standard errors. */
export interface Coupling {
  /** lambda_code: DeltaG4 = 24 lambda_code I. */
  readonly code: number;
  readonly codeSE: number;
  /** lambda_std = -24 lambda_code: the coupling of +lambda_std/4! f^4 in S (weight e^{-S}). */
  readonly std: number;
  readonly stdSE: number;
}

/** A coupling from lambda_code and its error. */
export function coupling(code: number, codeSE: number): Coupling {
  return { code, codeSE, std: LAMBDA_STD_PER_CODE * code, stdSE: Math.abs(LAMBDA_STD_PER_CODE) * codeSE };
}

/** Result of the pooled fit. */
export interface QuarticFit {
  readonly lambda: Coupling;
  /** sum over tuples of ((DeltaG4 - 24 lambda I) / sigma)^2. */
  readonly chi2: number;
  /** tuples - 1. */
  readonly dof: number;
  readonly chi2PerDof: number;
  readonly tuples: number;
}

function checkArrays(deltaG4: ArrayLike<number>, I: ArrayLike<number>, sigma: ArrayLike<number> | undefined, minTuples: number): number {
  const n = deltaG4.length;
  if (I.length !== n) throw new NnftInputError('I', I.length, `must have one integral per tuple (${n})`);
  if (sigma !== undefined && sigma.length !== n) throw new NnftInputError('sigma', sigma.length, `must have one error per tuple (${n})`);
  if (n < minTuples) throw new NnftInputError('tuples', n, `must be at least ${minTuples} for this fit`);
  for (let t = 0; t < n; t++) {
    if (!Number.isFinite(deltaG4[t])) throw new NnftInputError(`deltaG4[${t}]`, deltaG4[t], 'must be finite');
    if (!Number.isFinite(I[t]) || I[t] === 0) throw new NnftInputError(`I[${t}]`, I[t], 'must be finite and non-zero');
    if (sigma !== undefined && !(sigma[t] > 0 && Number.isFinite(sigma[t]))) throw new NnftInputError(`sigma[${t}]`, sigma[t], 'must be a finite number > 0');
  }
  return n;
}

/**
 * Per-tuple couplings lambda_t = DeltaG4(t) / (24 I(t)) (the code's rg.py), with errors when
 * `sigma` (the errors of DeltaG4) is given.
 *
 * @throws NnftInputError (`deltaG4[t]`, `I[t]`, `sigma[t]`, `tuples` when empty)
 */
export function perTupleCouplings(deltaG4: ArrayLike<number>, I: ArrayLike<number>, sigma?: ArrayLike<number>): Coupling[] {
  const n = checkArrays(deltaG4, I, sigma, 1);
  return Array.from({ length: n }, (_, t) => coupling(deltaG4[t] / (QUARTIC_FACTOR * I[t]), sigma === undefined ? NaN : sigma[t] / (QUARTIC_FACTOR * Math.abs(I[t]))));
}

/**
 * Tree-level DeltaG4(t) = 24 lambda_code I(t) for every tuple.
 *
 * @example
 * ```ts
 * treeLevelDeltaG4(0.5, Float64Array.of(1, 2)); // returns Float64Array [12, 24]
 * ```
 */
export function treeLevelDeltaG4(lambdaCode: number, I: ArrayLike<number>): Float64Array {
  if (!Number.isFinite(lambdaCode)) throw new NnftInputError('lambdaCode', lambdaCode, 'must be finite');
  return Float64Array.from(I, (v) => QUARTIC_FACTOR * lambdaCode * v);
}

/**
 * The pooled weighted least-squares coupling over tuples (see the module comment). Without `sigma`
 * every tuple has weight 1 (then codeSE is NaN and chi2 is the plain sum of squared residuals).
 *
 * @param deltaG4 - G4 - G4_GP (the connected 4-point function at mw = 0) per tuple
 * @param I - the vertex integrals per tuple (same order)
 * @param sigma - standard errors of deltaG4
 * @throws NnftInputError (`tuples` with fewer than 2 tuples; `deltaG4[t]`, `I[t]`, `sigma[t]`)
 */
export function fitQuartic(deltaG4: ArrayLike<number>, I: ArrayLike<number>, sigma?: ArrayLike<number>): QuarticFit {
  const n = checkArrays(deltaG4, I, sigma, 2);
  let sii = 0;
  let sig = 0;
  for (let t = 0; t < n; t++) {
    const w = sigma === undefined ? 1 : 1 / (sigma[t] * sigma[t]);
    const a = QUARTIC_FACTOR * I[t];
    sii += w * a * a;
    sig += w * a * deltaG4[t];
  }
  const code = sig / sii;
  let chi2 = 0;
  for (let t = 0; t < n; t++) {
    const w = sigma === undefined ? 1 : 1 / (sigma[t] * sigma[t]);
    chi2 += w * (deltaG4[t] - QUARTIC_FACTOR * code * I[t]) ** 2;
  }
  const dof = n - 1;
  return { lambda: coupling(code, sigma === undefined ? NaN : 1 / Math.sqrt(sii)), chi2, dof, chi2PerDof: chi2 / dof, tuples: n };
}
