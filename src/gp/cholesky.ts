import { NnftInputError } from '../errors.js';

/**
 * Jitter ladder, relative to the mean diagonal of the kernel matrix: the factorisation tries each in
 * turn and keeps the first that succeeds. A Gram matrix of a valid kernel on distinct points needs
 * none; close or repeated points make it singular, and rounding then needs a little.
 */
export const JITTER_LADDER: readonly number[] = [0, 1e-14, 1e-12, 1e-10, 1e-8, 1e-6];

/** A Cholesky factor `K + jitter I = L L^T` and the jitter it needed. */
export interface JitteredCholesky {
  /** Lower-triangular L, row-major P x P. */
  readonly factor: Float64Array;
  /** Absolute amount added to every diagonal entry (0 when none was needed). */
  readonly jitter: number;
  /** The same, relative to the mean diagonal of K (an entry of {@link JITTER_LADDER}). */
  readonly relativeJitter: number;
}

/** Cholesky of `a + jitter I` (row-major P x P); undefined when a pivot is not positive. */
function cholesky(a: Float64Array, P: number, jitter: number): Float64Array | undefined {
  const l = new Float64Array(P * P);
  for (let i = 0; i < P; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * P + j] + (i === j ? jitter : 0);
      for (let k = 0; k < j; k++) s -= l[i * P + k] * l[j * P + k];
      if (i === j) {
        if (!(s > 0)) return undefined;
        l[i * P + i] = Math.sqrt(s);
      } else {
        l[i * P + j] = s / l[j * P + j];
      }
    }
  }
  return l;
}

/**
 * Factorises a symmetric kernel matrix with the smallest jitter of {@link JITTER_LADDER} that makes
 * every pivot positive.
 *
 * @param kernel - row-major P x P symmetric matrix
 * @param P - its size
 * @param scale - what the jitter is relative to (default: the mean diagonal; a conditional covariance,
 *   whose diagonal may vanish, passes the mean diagonal of the covariance it was conditioned from)
 * @throws NnftInputError (`kernel`) for non-finite or asymmetric entries, or a matrix that is not
 *   positive semi-definite even with the largest jitter
 *
 * @example
 * ```ts
 * jitteredCholesky(Float64Array.of(1, 1, 1, 1), 2).relativeJitter; // returns 1e-14 (rank 1)
 * ```
 */
export function jitteredCholesky(kernel: Float64Array, P: number, scale?: number): JitteredCholesky {
  let trace = 0;
  for (let i = 0; i < P; i++) {
    for (let j = 0; j < P; j++) {
      const v = kernel[i * P + j];
      if (!Number.isFinite(v)) throw new NnftInputError(`kernel[${i}][${j}]`, v, 'must be finite');
      if (v !== kernel[j * P + i]) throw new NnftInputError(`kernel[${i}][${j}]`, v, `must equal kernel[${j}][${i}] (symmetric)`);
    }
    trace += kernel[i * P + i];
  }
  const unit = scale ?? trace / P;
  if (!(unit > 0)) throw new NnftInputError('kernel', `mean diagonal ${unit}`, 'must have a positive diagonal');
  for (const rel of JITTER_LADDER) {
    const factor = cholesky(kernel, P, rel * unit);
    if (factor) return { factor, jitter: rel * unit, relativeJitter: rel };
  }
  const top = JITTER_LADDER[JITTER_LADDER.length - 1];
  throw new NnftInputError('kernel', `${P} x ${P} matrix`, `is not positive semi-definite: Cholesky fails even with jitter ${top} x mean diagonal`);
}
