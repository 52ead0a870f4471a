/**
 * The exact O(lambda) coefficient of the connected 2- and 4-point functions of a field ensemble
 * deformed by exp(-lambda V), V = sum_g q_g phi(y_g)^p over the nodes of a quadrature grid (spec
 * actions-symmetry F4; src/deform/ builds the same V from the same grid), from the undeformed
 * ensemble's exact moments. Differentiating E_lambda[O] = E_0[O e^{-lambda V}] / E_0[e^{-lambda V}]
 * at lambda = 0,
 *
 *     d m(S) / d lambda = -Cov_0(phi_S, V) = -sum_g q_g [ M(S + y_g^p) - M(S) M(y_g^p) ],
 *
 * with M(S) = E_0[prod_{x in S} phi(x)] and S + y_g^p the list S with y_g appended p times. For an
 * ensemble whose odd moments vanish (Cos-net and every zero-mean Gaussian process), the connected
 * 4-point function kappa(1234) = m(1234) - sum_{3 pairings} m(ab) m(cd) + (terms with odd moments),
 * and the odd-moment terms have zero derivative at lambda = 0 (each is a product with at least two
 * odd factors, which vanish there), so whatever the power p
 *
 *     d kappa(1234) / d lambda = dm(1234) - sum_{3 pairings} [ dm(ab) M(cd) + M(ab) dm(cd) ],
 *     d kappa(12) / d lambda   = dm(12).
 *
 * At N = infinity (Wick moments of the kernel G) and p = 4 the first is the tree level
 * -sum_g 4! q_g prod_k G(x_k, y_g), the trapezoid rule of -int prod_k G(x_k - y) dy; at finite width the
 * exact moments of the i.i.d. network (src/theory/finite-width.ts) add every O(lambda / N^k) term.
 *
 * @module
 */
import { NnftInputError } from '../errors.js';

/** E_0[prod phi(x)] over a list of points (repeats allowed; any order). */
export type MomentSource = (points: readonly (readonly number[])[]) => number;

/** The quadrature of V: nodes y_g, weights q_g (including 1/p!), and the power p. */
export interface ResponseGrid {
  readonly nodes: readonly (readonly number[])[];
  readonly weights: readonly number[];
  readonly power: number;
}

/**
 * Wick's theorem for a zero-mean Gaussian field with covariance `kernel`: the sum over pairings of
 * products of covariances (0 for an odd number of points).
 *
 * @example
 * ```ts
 * const M = wickMoments((x, y) => Math.exp(-Math.abs(x[0] - y[0])));
 * M([[0], [0], [0], [0]]); // returns 3
 * ```
 */
export function wickMoments(kernel: (x: readonly number[], y: readonly number[]) => number): MomentSource {
  const pairings = (list: readonly (readonly number[])[]): number => {
    if (list.length === 0) return 1;
    if (list.length % 2 === 1) return 0;
    const [first, ...rest] = list;
    let s = 0;
    for (let j = 0; j < rest.length; j++) s += kernel(first, rest[j]) * pairings([...rest.slice(0, j), ...rest.slice(j + 1)]);
    return s;
  };
  return pairings;
}

function derivativeOfMoment(M: MomentSource, grid: ResponseGrid, S: readonly (readonly number[])[]): number {
  const base = M(S);
  let s = 0;
  for (let g = 0; g < grid.nodes.length; g++) {
    const y = grid.nodes[g];
    const yp = Array.from({ length: grid.power }, () => y);
    s -= grid.weights[g] * (M([...S, ...yp]) - base * M(yp));
  }
  return s;
}

/**
 * d/dlambda at lambda = 0 of the connected correlator kappa(phi(x_1), ..., phi(x_n)), n = 2 or 4, of
 * an ensemble with vanishing odd moments deformed by exp(-lambda sum_g q_g phi(y_g)^p) (see the
 * module comment). `moments` must hold moments up to order n + p.
 *
 * @param moments - the undeformed ensemble's moments
 * @param grid - the quadrature of V (a DeformGrid of src/deform/ fits)
 * @param points - the n points x_k
 * @throws NnftInputError (`points`, `grid`) for an order other than 2 or 4 or an empty grid
 *
 * @example
 * ```ts
 * // a constant kernel (one normal variable z) and V = z^4 / 24 at one node: d kappa_4 / d lambda = -1
 * const M = wickMoments(() => 1);
 * connectedResponse(M, { nodes: [[0]], weights: [1 / 24], power: 4 }, [[0], [0], [0], [0]]); // returns -1
 * ```
 */
export function connectedResponse(moments: MomentSource, grid: ResponseGrid, points: readonly (readonly number[])[]): number {
  if (!Array.isArray(points) || (points.length !== 2 && points.length !== 4)) {
    throw new NnftInputError('points', points, 'must hold 2 or 4 points (the connected 2- or 4-point function)');
  }
  if (!grid || !Array.isArray(grid.nodes) || grid.nodes.length === 0 || grid.weights?.length !== grid.nodes.length) {
    throw new NnftInputError('grid', grid?.nodes?.length, 'must hold nodes and as many weights, at least one');
  }
  if (!Number.isInteger(grid.power) || grid.power < 1) throw new NnftInputError('grid.power', grid.power, 'must be a positive integer');
  const dm = (S: readonly (readonly number[])[]) => derivativeOfMoment(moments, grid, S);
  if (points.length === 2) return dm(points);
  let out = dm(points);
  for (const [a, b, c, d] of [[0, 1, 2, 3], [0, 2, 1, 3], [0, 3, 1, 2]]) {
    const ab = [points[a], points[b]];
    const cd = [points[c], points[d]];
    out -= dm(ab) * moments(cd) + moments(ab) * dm(cd);
  }
  return out;
}
