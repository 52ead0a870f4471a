/**
 * K = G^{-1}, the inverse of a 2-point matrix, by a Cholesky factorisation G = L L^T (no jitter:
 * a singular G is an error, not something to regularise silently), with its condition number.
 *
 * The reconstructed couplings amputate every leg with K, so noise in G reaches g_4 multiplied by
 * roughly ||K||^4: near-duplicate points (cond(G) large) make the reconstruction useless long before
 * the factorisation fails. The condition number is computed from the eigenvalues (Jacobi, exact for
 * the P <= ~30 of a lattice) and reported; above {@link SINGULAR_CONDITION} G counts as singular.
 *
 * @example
 * ```ts
 * const { K, conditionNumber } = invertTwoPoint(Float64Array.of(2, 1, 1, 2), 2);
 * K;               // returns Float64Array [2/3, -1/3, -1/3, 2/3] (to rounding)
 * conditionNumber; // returns 3 (to rounding)
 * ```
 *
 * @module
 */
import { NnftInputError } from '../errors.js';
import { symmetricEigen } from '../theory/linalg.js';

/**
 * Condition number beyond which G is treated as singular (K would carry no significant digits).
 *
 * @example
 * ```ts
 * invertTwoPoint(Float64Array.of(1, 1, 1, 1 + 1e-14), 2); // throws NnftInputError (G): cond ~ 4e14 > SINGULAR_CONDITION
 * ```
 */
export const SINGULAR_CONDITION = 1e12;

/**
 * The inverse of a 2-point matrix and how well conditioned it was.
 *
 * @example
 * ```ts
 * const { K, conditionNumber }: TwoPointInverse = invertTwoPoint(Float64Array.of(2, 1, 1, 2), 2);
 * ```
 */
export interface TwoPointInverse {
  /** K = G^{-1}, row-major P x P. */
  readonly K: Float64Array;
  /** cond(G) = largest / smallest eigenvalue. */
  readonly conditionNumber: number;
}

/**
 * K = G^{-1} by Cholesky, or undefined when a pivot is not positive (G not positive definite).
 * No validation: the hot path of the jackknife replicates.
 */
export function choleskyInverse(G: ArrayLike<number>, P: number): Float64Array | undefined {
  const L = new Float64Array(P * P);
  for (let i = 0; i < P; i++) {
    for (let j = 0; j <= i; j++) {
      let s = G[i * P + j];
      for (let k = 0; k < j; k++) s -= L[i * P + k] * L[j * P + k];
      if (i === j) {
        if (!(s > 0)) return undefined;
        L[i * P + i] = Math.sqrt(s);
      } else {
        L[i * P + j] = s / L[j * P + j];
      }
    }
  }
  // W = L^{-1} (lower triangular), then K = W^T W
  const W = new Float64Array(P * P);
  for (let j = 0; j < P; j++) {
    W[j * P + j] = 1 / L[j * P + j];
    for (let i = j + 1; i < P; i++) {
      let s = 0;
      for (let k = j; k < i; k++) s -= L[i * P + k] * W[k * P + j];
      W[i * P + j] = s / L[i * P + i];
    }
  }
  const K = new Float64Array(P * P);
  for (let i = 0; i < P; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = i; k < P; k++) s += W[k * P + i] * W[k * P + j];
      K[i * P + j] = s;
      K[j * P + i] = s;
    }
  }
  return K;
}

/**
 * The inverse of a symmetric positive-definite 2-point matrix and its condition number.
 *
 * @param G - row-major P x P, symmetric (only the lower triangle is read by the factorisation)
 * @param P - its size
 * @param field - the name reported in errors (default `G`)
 * @throws NnftInputError naming `field` when G is not positive definite or is numerically singular
 *   (condition number above {@link SINGULAR_CONDITION})
 *
 * @example
 * ```ts
 * invertTwoPoint(Float64Array.of(4), 1).K; // returns Float64Array [0.25]
 * ```
 */
export function invertTwoPoint(G: ArrayLike<number>, P: number, field = 'G'): TwoPointInverse {
  const { values } = symmetricEigen(G, P);
  const hi = values[0];
  const lo = values[P - 1];
  if (!(lo > 0)) {
    throw new NnftInputError(field, `smallest eigenvalue ${lo}`, 'must be positive definite (repeated or linearly dependent points make it singular)');
  }
  const conditionNumber = hi / lo;
  if (conditionNumber > SINGULAR_CONDITION) {
    throw new NnftInputError(field, `condition number ${conditionNumber.toExponential(3)}`, `is numerically singular (condition number above ${SINGULAR_CONDITION})`);
  }
  const K = choleskyInverse(G, P);
  if (!K) throw new NnftInputError(field, `${P} x ${P} matrix`, 'must be positive definite: its Cholesky factorisation fails');
  return { K, conditionNumber };
}
