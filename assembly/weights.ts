// Per-network importance weights, computed next to the forward pass. Every source that is on
// (CFG_WEIGHTS, bits WEIGHT_*) adds its log-weight to the four lanes of the current group of networks
// (f64); sampleRange turns the batch's log-weights into its root weights exp(log w), by which every
// accumulated product is multiplied. A new source adds a bit, a function that adds to the lanes, and
// a call where its inputs are at hand.
//
// WEIGHT_DENSITY: the ratio p_target(theta) / p_sample(theta) of two parameter densities that differ
// in normal densities only. A parameter theta = mu_s + (sigma_s / kappa) v of a group whose tile value
// is v (kappa = 1 for the weights, sb for the pre-multiplied hidden biases) contributes
//   log p_t(theta) - log p_s(theta) = alpha v^2 + beta v + gamma,
// with alpha, beta of the four groups (hidden weights, hidden biases, output weights, output biases)
// and the sum of every gamma written by the host (src/sample/reweight.ts) at CFG_WCOEF.
//
// WEIGHT_DEFORM: a deformation of the density by exp(-Delta S), Delta S = lambda V with
// V = sum_g q_g phi(y_g)^p over CFG_GRID grid nodes y_g (quadrature weights q_g that include 1/p!;
// src/deform/). The forward pass evaluates the nodes after the K points (CFG_PHI32 rows K..K+G-1, d_out
// = 1) without accumulating them; V is kept per network (CFG_DEFORM_V, for the linear response) and
// c V (c = -lambda) is added to the log-weight. A constant shift of log w goes into the constant term.
//
// WEIGHT_MIXTURE: importance sampling of the hidden biases. Each unit's bias b = mb + sb z is drawn
// from q = (1 - a) N(mb, sb^2) + a N(mb + s sb, sb^2) instead of p = N(mb, sb^2) (hidden.ts), and the
// network is weighted by prod_j p(b_j) / q(b_j), i.e. log w gains -sum_j L(z_j) with
//   L(z) = log((1 - a) + a exp(t)),   t = s z - s^2/2,
// which hidden.ts evaluates per unit (mixtureLogTerm) into CFG_MIX_BUF as it draws z.

import { expf4, logf4 } from './vmath';
import { CFG_DEFORM, CFG_DEFORM_POWER, CFG_DEFORM_V, CFG_GRID, CFG_LOGW, CFG_MIX_BUF, CFG_PHI32, CFG_POINTS, CFG_WCOEF } from './layout';

export const WEIGHT_DENSITY = 1;
export const WEIGHT_DEFORM = 2;
export const WEIGHT_MIXTURE = 4;

export const GROUP_HIDDEN_WEIGHTS = 0;
export const GROUP_HIDDEN_BIASES = 1;
export const GROUP_OUTPUT_WEIGHTS = 2;
export const GROUP_OUTPUT_BIASES = 3;

// log-weights of lanes 0, 1 and 2, 3 of the current group
let lw01: v128 = f64x2.splat(0);
let lw23: v128 = f64x2.splat(0);

/** Starts a group of four networks at the constant term. */
export function startWeights(cfg: usize): void {
  const c = f64x2.splat(load<f64>(load<usize>(cfg, CFG_WCOEF), 64));
  lw01 = c;
  lw23 = c;
}

/**
 * Adds group g's terms alpha v^2 + beta v for `count` tile values, one f32x4 each, from p in steps of
 * `stride` bytes. Sums are formed in f64.
 */
export function addGroupTerms(cfg: usize, g: i32, p: usize, count: i32, stride: usize): void {
  const coef = load<usize>(cfg, CFG_WCOEF) + (<usize>g << 4);
  const alpha = load<f64>(coef);
  const beta = load<f64>(coef, 8);
  if (alpha == 0 && beta == 0) return;
  let s01 = f64x2.splat(0);
  let s23 = f64x2.splat(0);
  let q01 = f64x2.splat(0);
  let q23 = f64x2.splat(0);
  for (let i = 0; i < count; i++) {
    const v = v128.load(p);
    const lo = f64x2.promote_low_f32x4(v);
    const hi = f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 0, 1));
    s01 = f64x2.add(s01, lo);
    s23 = f64x2.add(s23, hi);
    q01 = f64x2.add(q01, f64x2.mul(lo, lo));
    q23 = f64x2.add(q23, f64x2.mul(hi, hi));
    p += stride;
  }
  const a = f64x2.splat(alpha);
  const b = f64x2.splat(beta);
  lw01 = f64x2.add(lw01, f64x2.add(f64x2.mul(a, q01), f64x2.mul(b, s01)));
  lw23 = f64x2.add(lw23, f64x2.add(f64x2.mul(a, q23), f64x2.mul(b, s23)));
}

/** The hidden-layer terms of a tile of nu units (slots f32x4 per unit, d_in weights then the bias). */
export function addTileTerms(cfg: usize, buf: usize, nu: i32, slots: i32, dIn: i32): void {
  const stride = <usize>slots << 4;
  for (let i = 0; i < dIn; i++) addGroupTerms(cfg, GROUP_HIDDEN_WEIGHTS, buf + (<usize>i << 4), nu, stride);
  addGroupTerms(cfg, GROUP_HIDDEN_BIASES, buf + (<usize>dIn << 4), nu, stride);
}

/** Writes the current group's log-weights to batch column col of CFG_LOGW. */
export function storeWeights(cfg: usize, col: i32): void {
  const p = load<usize>(cfg, CFG_LOGW) + (<usize>col << 3);
  v128.store(p, lw01);
  v128.store(p, lw23, 16);
}

/**
 * The deformation of the current group (WEIGHT_DEFORM): V = sum_g q_g phi_g^p of its four networks in
 * f64 from the grid rows of CFG_PHI32, stored at batch column col of CFG_DEFORM_V, and c V added to
 * the log-weights.
 */
export function addDeformTerms(cfg: usize, col: i32): void {
  const grid = load<i32>(cfg, CFG_GRID);
  const power = load<i32>(cfg, CFG_DEFORM_POWER);
  const coef = load<usize>(cfg, CFG_DEFORM);
  let row = load<usize>(cfg, CFG_PHI32) + (<usize>load<i32>(cfg, CFG_POINTS) << 4);
  let v01 = f64x2.splat(0);
  let v23 = f64x2.splat(0);
  for (let g = 0; g < grid; g++) {
    const v = v128.load(row);
    const lo = f64x2.promote_low_f32x4(v);
    const hi = f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 0, 1));
    let plo = lo;
    let phi = hi;
    for (let i = 1; i < power; i++) {
      plo = f64x2.mul(plo, lo);
      phi = f64x2.mul(phi, hi);
    }
    const q = f64x2.splat(load<f64>(coef + (<usize>(g + 1) << 3)));
    v01 = f64x2.add(v01, f64x2.mul(q, plo));
    v23 = f64x2.add(v23, f64x2.mul(q, phi));
    row += 16;
  }
  const out = load<usize>(cfg, CFG_DEFORM_V) + (<usize>col << 3);
  v128.store(out, v01);
  v128.store(out, v23, 16);
  const c = f64x2.splat(load<f64>(coef));
  lw01 = f64x2.add(lw01, f64x2.mul(c, v01));
  lw23 = f64x2.add(lw23, f64x2.mul(c, v23));
}

/**
 * L(z) = log((1 - a) + a exp(s z - s^2/2)) of a bias mixture (WEIGHT_MIXTURE) in f32, with one exp:
 * e = exp(-|t|) and L = log((1 - a) + a e) for t <= 0, t + log((1 - a) e + a) for t > 0, so nothing
 * overflows for any shift and the log's argument lies in [min(a, 1 - a), 1]. Absolute error about
 * 3e-7 (1 + |t|) (the rounding of t and of the vector exp and log, vmath.ts).
 */
@inline export function mixtureLogTerm(z: v128, shift: v128, halfShift2: v128, a: v128, oneMinusA: v128): v128 {
  const t = f32x4.sub(f32x4.mul(shift, z), halfShift2);
  const e = expf4(f32x4.neg(f32x4.abs(t)));
  const up = f32x4.gt(t, f32x4.splat(0));
  const sum = v128.bitselect(f32x4.add(f32x4.mul(oneMinusA, e), a), f32x4.add(oneMinusA, f32x4.mul(a, e)), up);
  return f32x4.add(v128.and(t, up), logf4(sum));
}

/** Subtracts the bias mixture's terms L(z_j) of a tile's nu units (CFG_MIX_BUF, one f32x4 each) from the log-weights, summed in f64. */
export function addMixtureTerms(cfg: usize, nu: i32): void {
  let p = load<usize>(cfg, CFG_MIX_BUF);
  let s01 = f64x2.splat(0);
  let s23 = f64x2.splat(0);
  for (let i = 0; i < nu; i++) {
    const v = v128.load(p);
    s01 = f64x2.add(s01, f64x2.promote_low_f32x4(v));
    s23 = f64x2.add(s23, f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 0, 1)));
    p += 16;
  }
  lw01 = f64x2.sub(lw01, s01);
  lw23 = f64x2.sub(lw23, s23);
}
