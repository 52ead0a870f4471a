import { NnftInputError } from '../errors.js';
import type { Matrix } from './matrix.js';

const norm = (v: readonly number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));

/** Checks a non-zero finite vector (typed error naming `field`); returns it normalised. */
export function unitVector(field: string, v: unknown, n?: number): number[] {
  if (!Array.isArray(v) || v.length === 0 || v.some((x) => typeof x !== 'number' || !Number.isFinite(x))) {
    throw new NnftInputError(field, v, 'must be a non-empty array of finite numbers');
  }
  if (n !== undefined && v.length !== n) throw new NnftInputError(field, v, `must have length ${n}`);
  const l = norm(v);
  if (l === 0) throw new NnftInputError(field, v, 'must not be the zero vector');
  return v.map((x) => x / l);
}

/**
 * The rotation of SO(n) that turns the direction of `a` into the direction of `b` within the plane
 * they span and fixes every vector orthogonal to it (the identity when they are parallel):
 * with a^, b^ unit and w = (b^ - (a^.b^) a^)/|...|, cos t = a^.b^, sin t = |b^ - (a^.b^) a^|,
 *
 *     R = I + sin t (w a^T - a^ w^T) + (cos t - 1)(a^ a^T + w w^T).
 *
 * For opposite directions the plane is (a, e_k) with e_k the basis vector least aligned with a; in
 * one dimension opposite directions cannot be joined by a rotation, which is an error.
 *
 * @example
 * ```ts
 * const R = rotationTaking([1, 0, 0], [0, 1, 0]);
 * applyMatrix(R, [1, 0, 0]); // returns [0, 1, 0] (to rounding)
 * ```
 */
export function rotationTaking(a: readonly number[], b: readonly number[]): Matrix {
  const ah = unitVector('a', a);
  const bh = unitVector('b', b, ah.length);
  const n = ah.length;
  const c = Math.max(-1, Math.min(1, ah.reduce((s, x, i) => s + x * bh[i], 0)));
  let w = bh.map((x, i) => x - c * ah[i]);
  let s = norm(w);
  if (s < 1e-12) {
    if (c > 0) return { n, data: identityData(n) };
    if (n === 1) throw new NnftInputError('b', b, 'points opposite to a: no rotation of SO(1) joins them');
    let k = 0;
    for (let i = 1; i < n; i++) if (Math.abs(ah[i]) < Math.abs(ah[k])) k = i;
    w = ah.map((x, i) => (i === k ? 1 : 0) - ah[k] * x);
    const l = norm(w);
    w = w.map((x) => x / l);
    s = 0;
  } else {
    w = w.map((x) => x / s);
  }
  const data = identityData(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      data[i * n + j] += s * (w[i] * ah[j] - ah[i] * w[j]) + (c - 1) * (ah[i] * ah[j] + w[i] * w[j]);
    }
  }
  return { n, data };
}

function identityData(n: number): Float64Array {
  const d = new Float64Array(n * n);
  for (let i = 0; i < n; i++) d[i * n + i] = 1;
  return d;
}
