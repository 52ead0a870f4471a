/**
 * Small dense linear algebra for the theory layer: the symmetric eigendecomposition (cyclic Jacobi)
 * used to factor a point covariance C = U diag(l) U^T into z = mu + U_r sqrt(l_r) u (spec D.4).
 *
 * @module
 */

/** Eigendecomposition of a symmetric matrix: `values` descending, `vectors[i * n + k]` = U_{ik}. */
export interface SymmetricEigen {
  readonly n: number;
  readonly values: Float64Array;
  readonly vectors: Float64Array;
}

/**
 * Eigenvalues and orthonormal eigenvectors of a symmetric n x n matrix (row-major, only symmetric
 * input is meaningful), by cyclic Jacobi rotations to machine precision:
 * A = U diag(values) U^T, values sorted descending, column k of U is the k-th eigenvector.
 * Relative accuracy ~ n eps ||A|| per eigenvalue; meant for n <= ~32.
 *
 * @param a - the matrix, row-major, length n*n (not modified)
 * @param n - dimension
 *
 * @example
 * ```ts
 * symmetricEigen(Float64Array.of(2, 1, 1, 2), 2).values; // returns Float64Array [3, 1] (to rounding)
 * ```
 */
export function symmetricEigen(a: ArrayLike<number>, n: number): SymmetricEigen {
  const A = Float64Array.from(a);
  const V = new Float64Array(n * n);
  for (let i = 0; i < n; i++) V[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let diag = 0;
    for (let i = 0; i < n; i++) {
      diag += A[i * n + i] * A[i * n + i];
      for (let j = i + 1; j < n; j++) off += A[i * n + j] * A[i * n + j];
    }
    if (off <= 1e-32 * diag || off === 0) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = A[p * n + q];
        if (apq === 0) continue;
        const app = A[p * n + p];
        const aqq = A[q * n + q];
        const theta = (aqq - app) / (2 * apq);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = A[k * n + p];
          const akq = A[k * n + q];
          A[k * n + p] = c * akp - s * akq;
          A[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = A[p * n + k];
          const aqk = A[q * n + k];
          A[p * n + k] = c * apk - s * aqk;
          A[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = V[k * n + p];
          const vkq = V[k * n + q];
          V[k * n + p] = c * vkp - s * vkq;
          V[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => A[j * n + j] - A[i * n + i]);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const src = order[k];
    values[k] = A[src * n + src];
    for (let i = 0; i < n; i++) vectors[i * n + k] = V[i * n + src];
  }
  return { n, values, vectors };
}

/**
 * Low-rank factor of a positive semi-definite covariance (spec D.4): B = U_r diag(sqrt(l_r)) with
 * the eigenvalues l > relTol * l_max kept (r of them), so that C ~= B B^T and a Gaussian vector with
 * covariance C is z = B u, u ~ N(0, I_r). Columns are ordered by decreasing eigenvalue.
 *
 * @param c - covariance, row-major n x n
 * @param n - dimension
 * @param relTol - relative eigenvalue cut (spec: 1e-12)
 * @returns `factor[i * rank + k]` = B_{ik}, and the rank (0 when C = 0)
 */
export function lowRankFactor(c: ArrayLike<number>, n: number, relTol = 1e-12): { factor: Float64Array; rank: number } {
  const { values, vectors } = symmetricEigen(c, n);
  const lmax = n > 0 ? values[0] : 0;
  let rank = 0;
  if (lmax > 0) while (rank < n && values[rank] > relTol * lmax) rank++;
  const factor = new Float64Array(n * rank);
  for (let k = 0; k < rank; k++) {
    const s = Math.sqrt(values[k]);
    for (let i = 0; i < n; i++) factor[i * rank + k] = vectors[i * n + k] * s;
  }
  return { factor, rank };
}
