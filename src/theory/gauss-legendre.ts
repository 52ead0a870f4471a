/**
 * Gauss-Legendre quadrature on [-1, 1] (weights summing to 2), exact for polynomials of degree
 * <= 2n - 1; used piecewise between the kinks of relu integrands (spec D.4).
 *
 *     int_a^b f(t) dt ~= (b - a)/2 sum_i w_i f((a + b)/2 + (b - a)/2 x_i)
 *
 * Nodes by Newton's method on the Legendre recurrence from the Chebyshev-like initial guesses
 * cos(pi (i + 3/4)/(n + 1/2)); weights 2 / ((1 - x^2) P_n'(x)^2). Cached per n.
 *
 * @example
 * ```ts
 * integrateGaussLegendre(Math.sin, 0, Math.PI, 16); // returns 2 (to 1e-15)
 * ```
 *
 * @module
 */
import { NnftInputError } from '../errors.js';
import type { QuadratureRule } from './gauss-hermite.js';

const cache = new Map<number, QuadratureRule>();

/** P_n(x) by the three-term recurrence, and P_n'(x) = n (x P_n - P_{n-1}) / (x^2 - 1) (|x| < 1). */
function legendre(n: number, x: number): { p: number; dp: number } {
  let p0 = 1;
  let p1 = x;
  for (let k = 2; k <= n; k++) {
    const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
    p0 = p1;
    p1 = p2;
  }
  return { p: p1, dp: (n * (x * p1 - p0)) / (x * x - 1) };
}

/**
 * The n-point Gauss-Legendre rule on [-1, 1]: nodes ascending, weights summing to 2. Cached; the
 * arrays are shared, do not modify them.
 *
 * @param n - number of nodes, an integer in [1, 512]
 * @throws NnftInputError (`n`) for anything else
 *
 * @example
 * ```ts
 * gaussLegendre(2).nodes; // returns Float64Array [-0.5773502691896257, 0.5773502691896257]
 * ```
 */
export function gaussLegendre(n: number): QuadratureRule {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 512) {
    throw new NnftInputError('n', n, 'must be an integer in [1, 512]');
  }
  const hit = cache.get(n);
  if (hit !== undefined) return hit;
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  const m = Math.floor((n + 1) / 2);
  for (let i = 0; i < m; i++) {
    let x = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    // Newton on P_n from the standard initial guess
    for (let it = 0; it < 100; it++) {
      const { p, dp } = legendre(n, x);
      const dx = p / dp;
      x -= dx;
      if (Math.abs(dx) < 1e-16) break;
    }
    const { dp } = legendre(n, x);
    const w = 2 / ((1 - x * x) * dp * dp);
    nodes[i] = -x;
    nodes[n - 1 - i] = x;
    weights[i] = w;
    weights[n - 1 - i] = w;
  }
  if (n % 2 === 1) nodes[m - 1] = 0;
  const rule = { nodes, weights };
  cache.set(n, rule);
  return rule;
}

/**
 * int_a^b f(t) dt by the n-point Gauss-Legendre rule mapped to [a, b].
 *
 * @param f - integrand
 * @param a - lower limit (finite)
 * @param b - upper limit (finite)
 * @param n - nodes, an integer in [1, 512]
 *
 * @example
 * ```ts
 * integrateGaussLegendre((t) => t * t, 0, 3, 2); // returns 9 (8.999999999999998: exact up to rounding)
 * ```
 */
export function integrateGaussLegendre(f: (t: number) => number, a: number, b: number, n: number): number {
  const { nodes, weights } = gaussLegendre(n);
  const h = 0.5 * (b - a);
  const c = 0.5 * (a + b);
  let s = 0;
  for (let i = 0; i < n; i++) s += weights[i] * f(c + h * nodes[i]);
  return h * s;
}
