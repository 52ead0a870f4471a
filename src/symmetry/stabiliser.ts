import { rotationTaking, unitVector } from './alignment.js';
import { haarRotation } from './haar.js';
import { multiply, transpose, type Matrix } from './matrix.js';
import type { SeededRandom } from './random.js';

/**
 * A Haar-random element of the stabiliser of `mu` in SO(n), {R : R mu = mu} ~ SO(n - 1): with A the
 * rotation taking e_0 to mu^ ({@link rotationTaking}) and Q Haar on SO(n - 1),
 * R = A diag(1, Q) A^T. This is the residual symmetry of a density whose only breaking is a mean
 * vector mu (spec G2). For n = 1 the stabiliser is trivial and R = 1.
 *
 * @example
 * ```ts
 * const R = stabiliserRotation([1, 1, 1, 1, 0, 0], new SeededRandom(3));
 * applyMatrix(R, [1, 1, 1, 1, 0, 0]); // returns [1, 1, 1, 1, 0, 0] (to rounding)
 * ```
 */
export function stabiliserRotation(mu: readonly number[], rng: SeededRandom): Matrix {
  const u = unitVector('mu', mu);
  const n = u.length;
  const e0 = Array.from({ length: n }, (_, i) => (i === 0 ? 1 : 0));
  const a = rotationTaking(e0, u);
  const inner = new Float64Array(n * n);
  inner[0] = 1;
  if (n > 1) {
    const q = haarRotation(n - 1, rng);
    for (let i = 1; i < n; i++) for (let j = 1; j < n; j++) inner[i * n + j] = q.data[(i - 1) * (n - 1) + (j - 1)];
  }
  return multiply(multiply(a, { n, data: inner }), transpose(a));
}
