/**
 * Vertex integrals of the EFT (spec E.2, E.4, E.5): for points x_0..x_{K-1} and every sorted multiset
 * t = (t_1 <= ... <= t_n) of n legs,
 *
 *     I_w(t; Lambda) = int_{[-Lambda, Lambda]^d} w(x) prod_{i=1..n} Kt(x, x_{t_i}) d^d x,
 *
 * with an optional weight w (w = 1 for the local quartic vertex, w = |x|^2 for the x^2-local one), and
 * the non-local quartic P(ab|cd) = int int Kt(x, x_a) Kt(x, x_b) Kt(y, x_c) Kt(y, x_d) dx dy, which
 * factorises over the product box into I(a, b) I(c, d).
 *
 * One pass over the box rule serves every multiset: at each node the K propagators Kt(x, x_k) are
 * evaluated once and every product is accumulated, so the cost is (nodes) x (K kernel calls +
 * multisets x n products), whatever the number of legs or multisets.
 *
 * @example
 * ```ts
 * // relu-net, sb = 0, d = 1: I = sw^8 prod x_i Lambda^5 / 80 (spec E.2)
 * const I = kernelProductIntegrals(eftKernel('relu-net', { dIn: 1 }), [[0.2], [0.6], [1], [1.2]], 4, 7);
 * I[rankMultiset(4, [0, 1, 2, 3])]; // returns 30.2526 (approximately)
 * ```
 *
 * @module
 */
import { NnftInputError } from '../errors.js';
import { listMultisets, multisetCount, rankMultiset } from '../stats/multiset.js';
import { boxRule, forEachBoxNode, type BoxQuadratureOptions } from './box-quadrature.js';
import type { EftKernel } from './kernel.js';

/** A propagator Kt(x, y): an {@link EftKernel} or any function of a box point x and an external point y. */
export type Propagator = EftKernel | ((x: Float64Array, y: readonly number[]) => number);

/** Options of the vertex integrals: the box rule's, and a weight w(x). */
export interface VertexIntegralOptions extends BoxQuadratureOptions {
  /** Weight w(x) of the vertex (default 1); e.g. {@link squaredNorm} for the x^2-local vertex. */
  weight?: (x: Float64Array) => number;
}

/** The weight |x|^2 of the x^2-local quartic vertex (spec E.5). */
export const squaredNorm = (x: Float64Array): number => {
  let s = 0;
  for (let k = 0; k < x.length; k++) s += x[k] * x[k];
  return s;
};

/** Largest number of legs of a vertex integral. */
export const MAX_LEGS = 8;

function checkPoints(points: unknown, dIn: number | undefined): number[][] {
  if (!Array.isArray(points) || points.length < 1) throw new NnftInputError('points', points, 'must be a non-empty array of input points');
  const d = dIn ?? (Array.isArray(points[0]) ? points[0].length : -1);
  return points.map((p, k) => {
    if (!Array.isArray(p) || p.length !== d) throw new NnftInputError(`points[${k}]`, p, `must be an array of d_in = ${d} numbers`);
    for (const [j, v] of p.entries()) if (typeof v !== 'number' || !Number.isFinite(v)) throw new NnftInputError(`points[${k}][${j}]`, v, 'must be a finite number');
    return [...p];
  });
}

/** The propagator as a function, with the dimension and quadrature hints of an {@link EftKernel}. */
function resolvePropagator(kernel: Propagator): { kt: (x: Float64Array, y: readonly number[]) => number; dIn?: number; scale?: number } {
  if (typeof kernel === 'function') return { kt: kernel };
  if (kernel === null || typeof kernel !== 'object' || typeof kernel.kt !== 'function') {
    throw new NnftInputError('kernel', kernel, 'must be an EftKernel (eftKernel()) or a function (x, y) => Kt(x, y)');
  }
  return { kt: (x, y) => kernel.kt(x, y), dIn: kernel.dIn, scale: kernel.scale };
}

/**
 * The vertex integrals I_w(t; Lambda) for every sorted multiset t of `legs` point indices, in rank
 * order (lexicographic; `rankMultiset(K, t)` of src/stats/multiset.ts). An {@link EftKernel} sets
 * the dimension and the panel grading (its `scale`), and the points' coordinates become breakpoints
 * of every axis, unless the options say otherwise.
 *
 * @param kernel - the propagator
 * @param points - the K external points, each of length d_in (1..3)
 * @param legs - the number of legs n, 1..8
 * @param cutoff - Lambda > 0
 * @param options - weight and box-rule options
 * @throws NnftInputError (`kernel`, `points...`, `legs`, `cutoff`, `options...`), or `kernel` when
 *   an integral is not finite
 */
export function kernelProductIntegrals(kernel: Propagator, points: readonly (readonly number[])[], legs: number, cutoff: number, options?: VertexIntegralOptions): Float64Array {
  const prop = resolvePropagator(kernel);
  const pts = checkPoints(points, prop.dIn);
  if (typeof legs !== 'number' || !Number.isInteger(legs) || legs < 1 || legs > MAX_LEGS) {
    throw new NnftInputError('legs', legs, `must be an integer in [1, ${MAX_LEGS}]`);
  }
  const weight = options?.weight;
  if (weight !== undefined && typeof weight !== 'function') throw new NnftInputError('options.weight', weight, 'must be a function of x');
  const dIn = pts[0].length;
  const breakpoints = options?.breakpoints ?? (prop.dIn === undefined ? undefined : Array.from({ length: dIn }, (_, k) => pts.map((p) => p[k])));
  const rule = boxRule(dIn, cutoff, { ...options, scale: options?.scale ?? prop.scale, breakpoints });
  const K = pts.length;
  const tuples = listMultisets(K, legs);
  const T = tuples.length;
  const flat = Int32Array.from(tuples.flat());
  const kv = new Float64Array(K);
  const sums = new Float64Array(T);
  forEachBoxNode(rule, (x, w) => {
    const wx = weight === undefined ? w : w * weight(x);
    if (wx === 0) return;
    for (let k = 0; k < K; k++) kv[k] = prop.kt(x, pts[k]);
    for (let t = 0, o = 0; t < T; t++, o += legs) {
      let p = wx;
      for (let i = 0; i < legs; i++) p *= kv[flat[o + i]];
      sums[t] += p;
    }
  });
  for (let t = 0; t < T; t++) {
    if (!Number.isFinite(sums[t])) throw new NnftInputError('kernel', typeof kernel === 'function' ? 'function' : kernel.arch, `gave a non-finite integral for legs ${tuples[t].join(',')} at Lambda = ${cutoff}`);
  }
  return sums;
}

/**
 * The non-local quartic integral P(ab|cd) = I(a, b) I(c, d) from the two-leg integrals `I2` of
 * {@link kernelProductIntegrals} (legs = 2) over K points.
 *
 * @throws NnftInputError (`I2`, `legs`) for a table of the wrong size or a point index out of range
 */
export function nonLocalPair(I2: Float64Array, K: number, a: number, b: number, c: number, d: number): number {
  if (!(I2 instanceof Float64Array) || !Number.isInteger(K) || K < 1 || I2.length !== multisetCount(K, 2)) {
    throw new NnftInputError('I2', I2, `must be the Float64Array of the ${Number.isInteger(K) && K > 0 ? multisetCount(K, 2) : '?'} two-leg integrals over K points`);
  }
  for (const v of [a, b, c, d]) if (!Number.isInteger(v) || v < 0 || v >= K) throw new NnftInputError('legs', [a, b, c, d], `must be point indices in [0, ${K - 1}]`);
  return I2[rankMultiset(K, [a, b])] * I2[rankMultiset(K, [c, d])];
}

/**
 * For every sorted 4-multiset t = (a, b, c, d), the sum over its three pairings
 * P(ab|cd) + P(ac|bd) + P(ad|bc) (spec E.5: T_NL = 8 times this), in rank order.
 *
 * @param I2 - two-leg integrals over K points (rank order)
 * @param K - number of points
 * @throws NnftInputError as {@link nonLocalPair}
 */
export function nonLocalQuartic(I2: Float64Array, K: number): Float64Array {
  const tuples = listMultisets(K, 4);
  const out = new Float64Array(tuples.length);
  for (const [r, [a, b, c, d]] of tuples.entries()) {
    out[r] = nonLocalPair(I2, K, a, b, c, d) + nonLocalPair(I2, K, a, c, b, d) + nonLocalPair(I2, K, a, d, b, c);
  }
  return out;
}
