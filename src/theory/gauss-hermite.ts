/**
 * Probabilists' Gauss-Hermite quadrature (spec B.2): nodes t_i and weights w_i for the weight
 * exp(-t^2/2), normalised so that sum_i w_i = 1, i.e. for expectations over a standard normal,
 *
 *     E[f(g)] ~= sum_{i=1..n} w_i f(t_i),   g ~ N(0, 1),
 *
 * exact for polynomials of degree <= 2n - 1. This is numpy's `hermegauss(n)` with weights divided
 * by sqrt(2 pi).
 *
 * Method (Golub-Welsch nodes, Christoffel weights): the nodes are the eigenvalues of the Jacobi
 * matrix of the orthonormal probabilists' Hermite polynomials (zero diagonal, off-diagonal sqrt(k),
 * k = 1..n-1), found by Sturm-sequence bisection and polished by Newton steps on the recurrence
 *
 *     p_0 = 1, p_1 = t, p_{k+1}(t) = (t p_k(t) - sqrt(k) p_{k-1}(t)) / sqrt(k + 1),   p_n' = sqrt(n) p_{n-1};
 *
 * the weights are w_i = 1 / sum_{k=0..n-1} p_k(t_i)^2, which keeps full relative accuracy for the
 * tiny outer weights. Nodes and weights are symmetrised (t_{n-1-i} = -t_i) and the weights
 * renormalised to sum 1. Supported n: 1..200 (the sums overflow near n ~ 350, as in numpy).
 *
 * @example
 * ```ts
 * const { nodes, weights } = gaussHermite(3);
 * // nodes: [-sqrt(3), 0, sqrt(3)], weights: [1/6, 2/3, 1/6]
 * gaussHermiteExpectation((u) => u[0] ** 4 * u[1] ** 2, 2, 3); // returns 3  (E g^4 E g^2)
 * ```
 *
 * @module
 */
import { NnftInputError } from '../errors.js';

/** Largest supported number of Gauss-Hermite nodes per axis. */
export const MAX_GAUSS_HERMITE_NODES = 200;

/** A 1-D quadrature rule: nodes and weights (frozen-by-convention typed arrays; do not modify). */
export interface QuadratureRule {
  readonly nodes: Float64Array;
  readonly weights: Float64Array;
}

const cache = new Map<number, QuadratureRule>();

function validateNodeCount(n: unknown, field = 'n'): asserts n is number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_GAUSS_HERMITE_NODES) {
    throw new NnftInputError(field, n, `must be an integer in [1, ${MAX_GAUSS_HERMITE_NODES}]`);
  }
}

/** Number of eigenvalues of the Jacobi matrix below x (Sturm sequence of the LDL^T pivots). */
function sturmCount(x: number, n: number): number {
  let count = 0;
  let q = -x;
  if (q < 0) count++;
  for (let i = 1; i < n; i++) {
    if (q === 0) q = -1e-300;
    q = -x - i / q;
    if (q < 0) count++;
  }
  return count;
}

/** Orthonormal p_n(t) and p_{n-1}(t), and sum_{k<n} p_k(t)^2. */
function hermiteOrthonormal(t: number, n: number): { pn: number; pn1: number; sumSq: number } {
  let pPrev = 0;
  let p = 1;
  let sumSq = 0;
  for (let k = 0; k < n; k++) {
    sumSq += p * p;
    const next = (t * p - Math.sqrt(k) * pPrev) / Math.sqrt(k + 1);
    pPrev = p;
    p = next;
  }
  return { pn: p, pn1: pPrev, sumSq };
}

function compute(n: number): QuadratureRule {
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  const bound = 2 * Math.sqrt(n) + 1; // Gershgorin: |t| <= sqrt(k) + sqrt(k+1) < 2 sqrt(n)
  const half = Math.floor(n / 2);
  for (let j = 0; j < half; j++) {
    // j-th smallest eigenvalue (all negative for j < n/2)
    let lo = -bound;
    let hi = 0;
    for (let it = 0; it < 200 && hi - lo > 1e-15 * Math.max(1, Math.abs(lo)); it++) {
      const mid = 0.5 * (lo + hi);
      if (sturmCount(mid, n) >= j + 1) hi = mid;
      else lo = mid;
    }
    let t = 0.5 * (lo + hi);
    for (let it = 0; it < 3; it++) {
      const { pn, pn1 } = hermiteOrthonormal(t, n);
      const step = pn / (Math.sqrt(n) * pn1);
      if (!Number.isFinite(step) || Math.abs(step) > 1e-6 * Math.max(1, Math.abs(t))) break;
      t -= step;
    }
    nodes[j] = t;
    nodes[n - 1 - j] = -t;
  }
  if (n % 2 === 1) nodes[half] = 0;
  let total = 0;
  for (let j = 0; j < n; j++) {
    // weights are symmetric: compute the lower half (and the middle node), mirror the rest
    weights[j] = j < n - half ? 1 / hermiteOrthonormal(nodes[j], n).sumSq : weights[n - 1 - j];
    total += weights[j];
  }
  for (let j = 0; j < n; j++) weights[j] /= total;
  return { nodes, weights };
}

/**
 * Probabilists' Gauss-Hermite rule with n nodes for E over g ~ N(0, 1): sum_i w_i f(t_i), weights
 * summing to 1 (spec B.2). Cached per n; the returned arrays are shared, do not modify them.
 *
 * @param n - number of nodes, an integer in [1, 200]
 * @returns nodes (ascending) and weights
 * @throws NnftInputError (`n`) for anything else
 *
 * @example
 * ```ts
 * gaussHermite(2).nodes; // returns Float64Array [-1, 1]
 * ```
 */
export function gaussHermite(n: number): QuadratureRule {
  validateNodeCount(n);
  let rule = cache.get(n);
  if (rule === undefined) {
    rule = compute(n);
    cache.set(n, rule);
  }
  return rule;
}

/**
 * Tensor-product Gauss-Hermite grid over r i.i.d. standard normals: n^r points u (row-major,
 * `points[q * r + k]` = coordinate k of point q) with product weights summing to 1, so that
 * E[f(u)] ~= sum_q weights[q] f(points[q]) for u ~ N(0, I_r) (spec B.2, D.4).
 *
 * @param r - dimension, an integer >= 0 (r = 0: one point, weight 1)
 * @param n - nodes per axis, an integer in [1, 200]
 * @throws NnftInputError (`r`, `n`) for bad values or grids above 2^24 points
 */
export function gaussHermiteGrid(r: number, n: number): { points: Float64Array; weights: Float64Array; count: number } {
  if (typeof r !== 'number' || !Number.isInteger(r) || r < 0) throw new NnftInputError('r', r, 'must be a non-negative integer');
  validateNodeCount(n);
  const count = Math.pow(n, r);
  if (count > 1 << 24) throw new NnftInputError('n', n, `gives ${count} grid points in ${r} dimensions (limit 2^24)`);
  const { nodes, weights: w } = gaussHermite(n);
  const points = new Float64Array(count * r);
  const weights = new Float64Array(count);
  const digit = new Int32Array(r);
  for (let q = 0; q < count; q++) {
    let wt = 1;
    for (let k = 0; k < r; k++) {
      points[q * r + k] = nodes[digit[k]];
      wt *= w[digit[k]];
    }
    weights[q] = wt;
    for (let k = r - 1; k >= 0; k--) {
      if (++digit[k] < n) break;
      digit[k] = 0;
    }
  }
  return { points, weights, count };
}

/**
 * Expectation of f over r i.i.d. standard normals by the tensor-product rule with n nodes per
 * axis (n^r evaluations):
 *
 *     E[f(u)] ~= sum_{i_1..i_r} w_{i_1} ... w_{i_r} f(t_{i_1}, ..., t_{i_r}),   u ~ N(0, I_r).
 *
 * `f` receives a reused buffer of length r: read it, do not keep it.
 *
 * @param f - the integrand
 * @param r - dimension, an integer >= 0
 * @param n - nodes per axis, an integer in [1, 200]
 * @returns the quadrature estimate
 * @throws NnftInputError (`f`, `r`, `n`)
 *
 * @example
 * ```ts
 * gaussHermiteExpectation((u) => Math.cos(u[0]), 1, 40); // returns 0.6065306597126334  (e^{-1/2})
 * ```
 */
export function gaussHermiteExpectation(f: (u: Float64Array) => number, r: number, n: number): number {
  if (typeof f !== 'function') throw new NnftInputError('f', f, 'must be a function');
  if (typeof r !== 'number' || !Number.isInteger(r) || r < 0) throw new NnftInputError('r', r, 'must be a non-negative integer');
  validateNodeCount(n);
  const { nodes, weights } = gaussHermite(n);
  const u = new Float64Array(r);
  if (r === 0) return f(u);
  const digit = new Int32Array(r);
  const count = Math.pow(n, r);
  let sum = 0;
  for (let q = 0; q < count; q++) {
    let wt = 1;
    for (let k = 0; k < r; k++) {
      u[k] = nodes[digit[k]];
      wt *= weights[digit[k]];
    }
    sum += wt * f(u);
    for (let k = r - 1; k >= 0; k--) {
      if (++digit[k] < n) break;
      digit[k] = 0;
    }
  }
  return sum;
}
