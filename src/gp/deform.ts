import { checkDeformAction, gaussianAction } from '../deform/scale.js';
import { resolveDeformGrid, type DeformGrid } from '../deform/options.js';
import { NnftInputError } from '../errors.js';
import { jitteredCholesky } from './cholesky.js';

/**
 * A deformation of a Gaussian process (src/deform/), with the joint draw of the field on the points
 * and the grid. Grid nodes that coincide with a point reuse its value; the R others are drawn given
 * the points, so that the points' values are those of the undeformed run bit for bit:
 *
 *     [phi_P]   [L11   0 ] [z_P]     L11 L11^T = K_PP (+ jitter),  L21 = K_RP L11^{-T},
 *     [phi_R] = [L21  L22] [z_R],    L22 L22^T = K_RR - L21 L21^T (+ jitter, relative to the mean of diag K_RR).
 *
 * On a fine grid of a smooth kernel K_RR - L21 L21^T is numerically singular, and the jitter (recorded
 * in the run header) adds that much independent noise variance at the extra nodes.
 */
export interface GpDeform extends DeformGrid {
  /** Constant s of log w = -lambda (V - s): the Gaussian mean of V. */
  readonly shift: number;
  readonly response: boolean;
  /** For each grid node, the index of its value among the drawn ones: a point (< P) or extra node P + r. */
  readonly node: Int32Array;
  /** Number R of grid nodes that are not points. */
  readonly extra: number;
  /** L21, R x P row-major. */
  readonly cross: Float64Array;
  /** L22, R x R lower triangular row-major. */
  readonly factor: Float64Array;
  /** Absolute jitter added to the diagonal of K_RR - L21 L21^T. */
  readonly jitter: number;
}

/**
 * Validates `deform` for a Gaussian process on `points` with covariance function `kernel`, whose
 * factor on the points is `factor11` (P x P lower, row-major), and prepares the joint draw; throws
 * NnftInputError naming the field (the kernel must be a function: the grid needs its values off the points).
 */
export function resolveGpDeform(
  given: unknown, points: readonly (readonly number[])[], kernel: unknown, factor11: Float64Array, response: boolean,
): GpDeform {
  if (typeof kernel !== 'function') throw new NnftInputError('kernel', kernel, 'must be a function of two points with deform: the field is drawn on the grid too');
  const k = kernel as (x: readonly number[], y: readonly number[]) => number;
  const d = resolveDeformGrid(given, points[0].length, response ? 0 : undefined);
  const action = gaussianAction(d, () => 0, (g) => Number(k(d.nodes[g], d.nodes[g])));
  checkDeformAction(d, action);
  const P = points.length;
  const at = new Map<string, number>();
  points.forEach((x, a) => {
    const key = x.join(',');
    if (!at.has(key)) at.set(key, a);
  });
  const extraNodes: (readonly number[])[] = [];
  const node = new Int32Array(d.nodes.length);
  d.nodes.forEach((y, g) => {
    const a = at.get(y.join(','));
    if (a !== undefined) node[g] = a;
    else {
      node[g] = P + extraNodes.length;
      extraNodes.push(y);
    }
  });
  const R = extraNodes.length;
  const cross = new Float64Array(R * P);
  const schur = new Float64Array(R * R);
  let diag = 0;
  for (let r = 0; r < R; r++) {
    // row r of L21: forward substitution L11 l = K_P,r
    for (let a = 0; a < P; a++) {
      let s = Number(k(points[a], extraNodes[r]));
      for (let c = 0; c < a; c++) s -= factor11[a * P + c] * cross[r * P + c];
      cross[r * P + a] = s / factor11[a * P + a];
    }
    for (let q = 0; q <= r; q++) {
      let s = Number(k(extraNodes[r], extraNodes[q]));
      if (q === r) diag += s;
      for (let c = 0; c < P; c++) s -= cross[r * P + c] * cross[q * P + c];
      schur[r * R + q] = s;
      schur[q * R + r] = s;
    }
  }
  const { factor, jitter } = R > 0 ? jitteredCholesky(schur, R, diag / R) : { factor: new Float64Array(0), jitter: 0 };
  return { ...d, shift: action.mean, response, node, extra: R, cross, factor, jitter };
}

/** Fills values[P ..] with the extra nodes' field from the normals z (length P + R) and the points' values. */
export function drawGrid(d: GpDeform, P: number, z: Float64Array, values: Float64Array): void {
  const R = d.extra;
  for (let r = 0; r < R; r++) {
    let v = 0;
    for (let c = 0; c < P; c++) v += d.cross[r * P + c] * z[c];
    for (let c = 0; c <= r; c++) v += d.factor[r * R + c] * z[P + c];
    values[P + r] = v;
  }
}

/** V = sum_g q_g phi(y_g)^p from the drawn values. */
export function actionOf(d: GpDeform, values: Float64Array): number {
  let v = 0;
  for (let g = 0; g < d.node.length; g++) {
    const x = values[d.node[g]];
    let xp = x;
    for (let i = 1; i < d.power; i++) xp *= x;
    v += d.weights[g] * xp;
  }
  return v;
}
