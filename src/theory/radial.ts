/**
 * Integrals over a d-dimensional ball of rotation-invariant integrands, reduced to one radial
 * integral (spec actions-symmetry F3):
 *
 *     int_{|b| < R} d^d b F(|b|) cos(b . v) = S_{d-1} int_0^R dr r^{d-1} F(r) Omega_d(r |v|),
 *
 * with S_{d-1} the area of the unit sphere (2, 2 pi, 4 pi for d = 1, 2, 3) and Omega_d the angular
 * average of cos(r |v| cos theta): cos x (d = 1), J_0(x) (d = 2), sin x / x (d = 3).
 *
 * The radial integral is done by composite Gauss-Legendre (20 nodes per piece) on pieces graded
 * geometrically towards 0 around the scale m of the integrand (m 2^k, k >= -6) and no longer than one
 * period 2 pi/|v| of the oscillation: relative errors ~1e-13 for the integrands of Cos-net (tested
 * against closed forms).
 *
 * @module
 */
import { NnftInputError } from '../errors.js';
import { gaussLegendre } from './gauss-legendre.js';

/** Dimensions the angular averages are implemented for. */
export const MAX_BALL_DIMENSION = 3;

function checkDimension(d: number): void {
  if (!Number.isInteger(d) || d < 1 || d > MAX_BALL_DIMENSION) {
    throw new NnftInputError('dIn', d, `must be 1, 2 or 3 (the angular averages of ball integrals are implemented there)`);
  }
}

/** Area S_{d-1} of the unit sphere in R^d, d = 1, 2, 3: 2, 2 pi, 4 pi. */
export function sphereArea(d: number): number {
  checkDimension(d);
  return d === 1 ? 2 : d === 2 ? 2 * Math.PI : 4 * Math.PI;
}

/** Volume of the ball of radius R in R^d, d = 1, 2, 3: 2R, pi R^2, 4 pi R^3 / 3. */
export function ballVolume(d: number, R: number): number {
  return (sphereArea(d) * R ** d) / d;
}

/**
 * J_0(x) by the trapezoid rule on its integral over a period, J_0(x) = (1/2 pi) int cos(x sin t) dt:
 * the integrand is periodic and analytic, so M nodes are accurate to about 2 |J_M(x)|; with
 * M = 1.1 |x| + 40 that is below 1e-16.
 *
 * @example
 * ```ts
 * besselJ0(2.404825557695773); // returns 0 (to 1e-16; the first zero)
 * ```
 */
export function besselJ0(x: number): number {
  const M = Math.ceil(1.1 * Math.abs(x)) + 40;
  let s = 0;
  for (let k = 0; k < M; k++) s += Math.cos(x * Math.sin((2 * Math.PI * k) / M));
  return s / M;
}

/** Omega_d(x): the average of cos(x cos theta) over directions in R^d (d = 1, 2, 3). */
export function angularAverage(d: number, x: number): number {
  if (d === 1) return Math.cos(x);
  if (d === 2) return besselJ0(x);
  if (Math.abs(x) < 1e-4) return 1 - (x * x) / 6;
  return Math.sin(x) / x;
}

/** A quadrature rule on an interval: sum_i weights[i] f(nodes[i]). */
export interface IntervalRule {
  readonly nodes: Float64Array;
  readonly weights: Float64Array;
}

const NODES_PER_PIECE = 20;

/**
 * Composite Gauss-Legendre rule for int_0^R f(r) dr, f smooth on (0, R] with structure at the scale
 * `scale` (pieces graded geometrically towards 0: scale 2^k for k >= -6, or R 2^-k down to R 2^-40
 * when scale = 0) and oscillating with angular frequency `freq` (pieces no longer than 2 pi/freq).
 */
export function radialRule(R: number, scale: number, freq: number): IntervalRule {
  const cuts = [0];
  if (scale > 0) {
    for (let c = scale / 64; c < R; c *= 2) cuts.push(c);
  } else {
    for (let k = 40; k >= 1; k--) cuts.push(R * 2 ** -k);
  }
  cuts.push(R);
  const maxLength = freq > 0 ? (2 * Math.PI) / freq : Infinity;
  const gl = gaussLegendre(NODES_PER_PIECE);
  const nodes: number[] = [];
  const weights: number[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const a = cuts[i];
    const b = cuts[i + 1];
    const pieces = Math.max(1, Math.ceil((b - a) / maxLength));
    const h = (b - a) / pieces;
    for (let p = 0; p < pieces; p++) {
      const c = a + (p + 0.5) * h;
      for (let g = 0; g < NODES_PER_PIECE; g++) {
        nodes.push(c + 0.5 * h * gl.nodes[g]);
        weights.push(0.5 * h * gl.weights[g]);
      }
    }
  }
  return { nodes: Float64Array.from(nodes), weights: Float64Array.from(weights) };
}

/** int_0^R f(r) dr by {@link radialRule}. */
export function integrateRadial(f: (r: number) => number, R: number, scale: number, freq = 0): number {
  const { nodes, weights } = radialRule(R, scale, freq);
  let s = 0;
  for (let i = 0; i < nodes.length; i++) s += weights[i] * f(nodes[i]);
  return s;
}

/**
 * The radial part of the propagator density in a ball: int_0^r s^{d-1}/(s^2 + m^2) ds (d = 1, 2, 3,
 * closed forms; m >= 0, m > 0 for d <= 2). Its value at r = R times S_{d-1} is the normalisation
 * Z_b = int_{|b| < R} d^d b / (b^2 + m^2) of spec F3.
 */
export function propagatorRadialIntegral(d: number, m: number, r: number): number {
  checkDimension(d);
  if (d === 1) return Math.atan(r / m) / m;
  if (d === 2) return 0.5 * Math.log1p((r * r) / (m * m));
  // r - m atan(r/m), by its series where the two terms cancel
  const x = m > 0 ? r / m : Infinity;
  if (x < 0.1) {
    const x2 = x * x;
    let term = x * x2;
    let sum = 0;
    for (let k = 3; k < 40; k += 2) {
      sum += term / k;
      term *= -x2;
    }
    return m * sum;
  }
  return r - m * Math.atan(x);
}
