import { NnftInputError } from '../errors.js';
import { determinant, qr, type Matrix } from './matrix.js';
import { SeededRandom } from './random.js';

/** Largest dimension of the random rotations (the sampler allows 4096 inputs and 256 outputs). */
export const MAX_ROTATION_DIMENSION = 4096;

/** Checks a rotation dimension n >= 1 (typed error naming `field`). */
export function checkDimension(field: string, n: unknown): number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_ROTATION_DIMENSION) {
    throw new NnftInputError(field, n, `must be an integer in [1, ${MAX_ROTATION_DIMENSION}]`);
  }
  return n;
}

/**
 * A Haar-random rotation of SO(n), from `rng`: QR-decompose a matrix of independent standard
 * normals, G = Q R, and fix the signs, Q' = Q diag(sign R_ii), which makes Q' Haar-distributed on O(n)
 * (the QR factor alone is not: its distribution depends on the sign convention of the
 * decomposition; Mezzadri 2007). If det Q' = -1 the first column is negated: right-multiplying by
 * a fixed reflection maps the det = -1 half of O(n) onto SO(n) and preserves Haar measure.
 *
 * @example
 * ```ts
 * const R = haarRotation(5, new SeededRandom(1));
 * determinant(R); // returns 1 (to rounding)
 * ```
 */
export function haarRotation(n: number, rng: SeededRandom): Matrix {
  checkDimension('n', n);
  const g = new Float64Array(n * n);
  for (let i = 0; i < n * n; i++) g[i] = rng.normal();
  const { q, r } = qr({ n, data: g });
  const data = q.data;
  for (let j = 0; j < n; j++) {
    if (r.data[j * n + j] < 0) for (let i = 0; i < n; i++) data[i * n + j] = -data[i * n + j];
  }
  const out = { n, data };
  if (determinant(out) < 0) for (let i = 0; i < n; i++) data[i * n] = -data[i * n];
  return out;
}

/**
 * `count` Haar-random rotations of SO(n) from one seed: the same seed gives the same rotations.
 *
 * @example
 * ```ts
 * haarRotations(5, 1000, 7).length; // returns 1000
 * ```
 */
export function haarRotations(n: number, count: number, seed: number): Matrix[] {
  checkDimension('n', n);
  if (!Number.isInteger(count) || count < 0 || count > 1e6) throw new NnftInputError('count', count, 'must be an integer in [0, 1e6]');
  const rng = new SeededRandom(seed);
  return Array.from({ length: count }, () => haarRotation(n, rng));
}
