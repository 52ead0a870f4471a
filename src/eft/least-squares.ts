/**
 * Linear least squares with a few unknowns, min_c sum_i w_i (y_i - sum_j A_ij c_j)^2, by the
 * singular value decomposition of the weighted design matrix with unit-norm columns (one-sided
 * Jacobi rotations). Columns of very different size (vertex integrals grow with different powers
 * of the cutoff) are balanced first, and a rank-deficient design (templates proportional to each
 * other, as all three quartic templates are for relu with sb = 0 in d_in = 1) gives the
 * minimum-norm solution in the balanced columns and reports its rank instead of failing.
 *
 * @example
 * ```ts
 * leastSquares([[1, 0], [0, 1], [1, 1]], [1, 2, 3]).coefficients; // returns Float64Array [1, 2] (to rounding)
 * ```
 *
 * @module
 */
import { NnftInputError } from '../errors.js';

/** The solution and what the decomposition says about it. */
export interface LeastSquaresResult {
  readonly coefficients: Float64Array;
  /** Number of singular values above rcond times the largest (of the balanced design). */
  readonly rank: number;
  /** Singular values of the weighted design with unit-norm columns, descending. */
  readonly singularValues: Float64Array;
  /** Weighted sum of squared residuals. */
  readonly residualSS: number;
}

/** Default relative threshold below which a singular value counts as zero. */
export const DEFAULT_RCOND = 1e-10;

/**
 * Solves the weighted least-squares problem (see the module comment).
 *
 * @param A - design matrix, rows of equal length p >= 1 (rows >= 1)
 * @param y - targets, one per row
 * @param weights - weights w_i >= 0 (default 1)
 * @param rcond - relative singular-value threshold (default 1e-10)
 * @throws NnftInputError (`A`, `A[i]`, `y`, `weights`, `rcond`) for bad shapes or non-finite values
 */
export function leastSquares(A: readonly (readonly number[])[], y: ArrayLike<number>, weights?: ArrayLike<number>, rcond = DEFAULT_RCOND): LeastSquaresResult {
  if (!Array.isArray(A) || A.length < 1) throw new NnftInputError('A', A, 'must be a non-empty array of rows');
  const m = A.length;
  const n = Array.isArray(A[0]) ? A[0].length : 0;
  if (n < 1) throw new NnftInputError('A[0]', A[0], 'must be a non-empty row of numbers');
  if (y.length !== m) throw new NnftInputError('y', y.length, `must hold one target per row (${m})`);
  if (weights !== undefined && weights.length !== m) throw new NnftInputError('weights', weights.length, `must hold one weight per row (${m})`);
  if (!(rcond >= 0 && rcond < 1)) throw new NnftInputError('rcond', rcond, 'must be in [0, 1)');
  // B = sqrt(W) A, column-major; b = sqrt(W) y
  const B = Array.from({ length: n }, () => new Float64Array(m));
  const b = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const row = A[i];
    if (!Array.isArray(row) || row.length !== n) throw new NnftInputError(`A[${i}]`, row, `must be a row of ${n} numbers`);
    const w = weights === undefined ? 1 : weights[i];
    if (!(w >= 0 && Number.isFinite(w))) throw new NnftInputError(`weights[${i}]`, w, 'must be a finite number >= 0');
    if (!Number.isFinite(y[i])) throw new NnftInputError(`y[${i}]`, y[i], 'must be finite');
    const sw = Math.sqrt(w);
    for (let j = 0; j < n; j++) {
      if (!Number.isFinite(row[j])) throw new NnftInputError(`A[${i}][${j}]`, row[j], 'must be finite');
      B[j][i] = sw * row[j];
    }
    b[i] = sw * y[i];
  }
  // balance: unit-norm columns (a zero column stays zero and gets coefficient 0)
  const scale = B.map((col) => {
    const s = Math.hypot(...col);
    if (s > 0) for (let i = 0; i < m; i++) col[i] /= s;
    return s;
  });
  // one-sided Jacobi: rotate column pairs until all are orthogonal; V accumulates the rotations
  const V = Array.from({ length: n }, (_, j) => Float64Array.from({ length: n }, (_, k) => (j === k ? 1 : 0)));
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        let alpha = 0;
        let beta = 0;
        let gamma = 0;
        for (let i = 0; i < m; i++) {
          alpha += B[p][i] * B[p][i];
          beta += B[q][i] * B[q][i];
          gamma += B[p][i] * B[q][i];
        }
        if (gamma === 0 || Math.abs(gamma) <= 1e-15 * Math.sqrt(alpha * beta)) continue;
        off = Math.max(off, Math.abs(gamma) / Math.sqrt(alpha * beta));
        const zeta = (beta - alpha) / (2 * gamma);
        const t = Math.sign(zeta || 1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        for (let i = 0; i < m; i++) {
          const bp = B[p][i];
          B[p][i] = c * bp - s * B[q][i];
          B[q][i] = s * bp + c * B[q][i];
        }
        for (let k = 0; k < n; k++) {
          const vp = V[p][k];
          V[p][k] = c * vp - s * V[q][k];
          V[q][k] = s * vp + c * V[q][k];
        }
      }
    }
    if (off < 1e-15) break;
  }
  const sigma = B.map((col) => Math.hypot(...col));
  const smax = Math.max(...sigma);
  const z = new Float64Array(n);
  let rank = 0;
  for (let j = 0; j < n; j++) {
    if (!(sigma[j] > rcond * smax)) continue;
    rank++;
    let ub = 0;
    for (let i = 0; i < m; i++) ub += B[j][i] * b[i];
    const f = ub / (sigma[j] * sigma[j]);
    for (let k = 0; k < n; k++) z[k] += f * V[j][k];
  }
  const coefficients = Float64Array.from(z, (v, k) => (scale[k] > 0 ? v / scale[k] : 0));
  let residualSS = 0;
  for (let i = 0; i < m; i++) {
    let pred = 0;
    for (let j = 0; j < n; j++) pred += A[i][j] * coefficients[j];
    const w = weights === undefined ? 1 : weights[i];
    residualSS += w * (y[i] - pred) ** 2;
  }
  return { coefficients, rank, singularValues: Float64Array.from(sigma).sort().reverse(), residualSS };
}
