// Batched forward pass of single-hidden-layer networks, four networks per f32x4 (lane = network):
//   z_j(x_k) = zc_k + sb g0_{j,d} + sum_i xs_{k,i} g0_{j,i}          (hidden layer, stream 0)
//   f_o(x_k) = mb + sb1 g1_{b,o} + mw sum_j h_j(x_k) + (sw/sqrt N) sum_j g1_{j,o} h_j(x_k)
// with h = act(z) (times the unit's amplitude A_j for the cos family) and g0, g1 standard normals of
// streams 0 and 1 (rng.ts). Hidden-layer normal p = j (d_in + 1) + i is W0_{j,i} (i < d_in) or b0_j
// (i = d_in); other hidden densities are drawn as hidden.ts describes. Output-layer normal
// p = j d_out + o is W1_{o,j}, and p = N d_out + o is b1_o. The host folds the means and
// sigma_w / sqrt(d_in) of the first layer into xs and zc, and gauss-net's normalisation exp(-v(x)) into zc.
// With a shared scale (scale.ts) the last layer's weights, mw + (sw/sqrt N) g1, are multiplied by the
// network's s.

import { hiddenTile, plainRun } from './hidden';
import { polarTile } from './polar';
import { normalBlocks } from './rng';
import { drawScale, scaleS } from './scale';
import { cosf4, expf4, erff4, tanhf4 } from './vmath';
import {
  addGroupTerms, addMixtureTerms, addTileTerms, GROUP_OUTPUT_BIASES, GROUP_OUTPUT_WEIGHTS, startWeights, WEIGHT_DENSITY, WEIGHT_MIXTURE,
} from './weights';
import {
  CFG_BUF0, CFG_BUF1, CFG_DIN, CFG_DOUT, CFG_GROUP_ACC, CFG_MB, CFG_MW, CFG_PHI32, CFG_POINTS,
  CFG_GRID, CFG_POLAR, CFG_SB1, CFG_SCALE_DOF, CFG_SEED_HI, CFG_SEED_LO, CFG_UNIT_SLOTS, CFG_W1_SCALE, CFG_WEIGHTS, CFG_WIDTH, CFG_XS, CFG_ZC, TILE,
} from './layout';

export const ACT_RELU = 0;
export const ACT_ERF = 1;
export const ACT_EXP = 2;
export const ACT_TANH = 3;
export const ACT_LINEAR = 4;
/** cos(z) times a per-unit amplitude (tile slot d_in + 1): cos-net's hidden units. */
export const ACT_COS = 5;

/** The activation family `act` (a compile-time constant at every inlined call site). */
@inline export function activate(act: i32, z: v128): v128 {
  if (act == ACT_RELU) return f32x4.pmax(f32x4.splat(0), z);
  if (act == ACT_ERF) return erff4(z);
  if (act == ACT_EXP) return expf4(z);
  if (act == ACT_TANH) return tanhf4(z);
  if (act == ACT_COS) return cosf4(z);
  return z;
}

/**
 * A hidden unit's value at one point: its activation, times its amplitude for the cos family. (No
 * expression may branch on dInFixed outside `if`: a ternary on an inlined constant parameter makes
 * the compiler keep it as a runtime value, and the fixed-d_in loops lose their specialisation.)
 */
@inline export function unitValue(act: i32, dInFixed: i32, zc: v128, x0: v128, xk: usize, dIn: i32, pg: usize): v128 {
  const h = activate(act, preactivation(dInFixed, zc, x0, xk, dIn, pg));
  if (act != ACT_COS) return h;
  return f32x4.mul(h, v128.load(pg + (<usize>(dIn + 1) << 4)));
}

/**
 * Pre-activation z = zc + sb b0 + sum_i xs_i W0_i of the unit whose normals start at pg (b0
 * pre-scaled, x0 = xs_0 in every lane). `dInFixed` is d_in where the caller's loop is compiled for
 * it (1, or 3 as in the W2 benchmark, where the loop over the inputs cost 2%), 0 for a runtime loop; the
 * terms are added in the same order either way.
 */
@inline export function preactivation(dInFixed: i32, zc: v128, x0: v128, xk: usize, dIn: i32, pg: usize): v128 {
  if (dInFixed == 1) return f32x4.add(f32x4.add(zc, v128.load(pg, 16)), f32x4.mul(x0, v128.load(pg)));
  if (dInFixed == 3) {
    let z = f32x4.add(zc, v128.load(pg, 48));
    z = f32x4.add(z, f32x4.mul(x0, v128.load(pg)));
    z = f32x4.add(z, f32x4.mul(v128.load32_splat(xk, 4), v128.load(pg, 16)));
    return f32x4.add(z, f32x4.mul(v128.load32_splat(xk, 8), v128.load(pg, 32)));
  }
  let z = f32x4.add(zc, v128.load(pg + <usize>dIn * 16));
  for (let i = 0; i < dIn; i++) {
    z = f32x4.add(z, f32x4.mul(v128.load32_splat(xk + (<usize>i << 2)), v128.load(pg + (<usize>i << 4))));
  }
  return z;
}

// Second result of unitSums: sum over the tile's units of h (when asked for).
let unitSumH: v128 = f32x4.splat(0);

/**
 * Sum over the nu units of a tile of g1_u h_u (returned) and of h_u (in unitSumH, if withH) at one
 * point and output: even units on one accumulator and odd units on another (the sums are dependency
 * chains). Activations built from polynomials (all but relu and linear) take four units per step:
 * their evaluations are long independent chains that the core overlaps (W2, erf-net: 6-12% faster).
 */
@inline function unitSums(
  act: i32, dInFixed: i32, withH: bool, zc: v128, x0: v128, xk: usize, dIn: i32,
  pg: usize, nu: i32, pw: usize, unitStride: usize, outStride: usize,
): v128 {
  let a0 = f32x4.splat(0);
  let a1 = f32x4.splat(0);
  let h0 = f32x4.splat(0);
  let h1 = f32x4.splat(0);
  let u = 0;
  const four = act != ACT_RELU && act != ACT_LINEAR;
  for (; four && u + 4 <= nu; u += 4) {
    const g0 = unitValue(act, dInFixed, zc, x0, xk, dIn, pg);
    const g1 = unitValue(act, dInFixed, zc, x0, xk, dIn, pg + unitStride);
    const g2 = unitValue(act, dInFixed, zc, x0, xk, dIn, pg + 2 * unitStride);
    const g3 = unitValue(act, dInFixed, zc, x0, xk, dIn, pg + 3 * unitStride);
    a0 = f32x4.add(a0, f32x4.mul(v128.load(pw), g0));
    a1 = f32x4.add(a1, f32x4.mul(v128.load(pw + outStride), g1));
    a0 = f32x4.add(a0, f32x4.mul(v128.load(pw + 2 * outStride), g2));
    a1 = f32x4.add(a1, f32x4.mul(v128.load(pw + 3 * outStride), g3));
    if (withH) {
      h0 = f32x4.add(f32x4.add(h0, g0), g2);
      h1 = f32x4.add(f32x4.add(h1, g1), g3);
    }
    pg += 4 * unitStride;
    pw += 4 * outStride;
  }
  for (; u + 2 <= nu; u += 2) {
    const g0 = unitValue(act, dInFixed, zc, x0, xk, dIn, pg);
    const g1 = unitValue(act, dInFixed, zc, x0, xk, dIn, pg + unitStride);
    a0 = f32x4.add(a0, f32x4.mul(v128.load(pw), g0));
    a1 = f32x4.add(a1, f32x4.mul(v128.load(pw + outStride), g1));
    if (withH) {
      h0 = f32x4.add(h0, g0);
      h1 = f32x4.add(h1, g1);
    }
    pg += 2 * unitStride;
    pw += 2 * outStride;
  }
  if (u < nu) {
    const g0 = unitValue(act, dInFixed, zc, x0, xk, dIn, pg);
    a0 = f32x4.add(a0, f32x4.mul(v128.load(pw), g0));
    if (withH) h0 = f32x4.add(h0, g0);
  }
  if (withH) unitSumH = f32x4.add(h0, h1);
  return f32x4.add(a0, a1);
}

/** Lane l = low (resp. high) 32 bits of network net0 + l. */
@inline export function laneNetworks(net0: u64, high: bool): v128 {
  let v = i32x4.splat(0);
  v = i32x4.replace_lane(v, 0, <i32>(high ? (net0 >> 32) : net0));
  v = i32x4.replace_lane(v, 1, <i32>(high ? ((net0 + 1) >> 32) : net0 + 1));
  v = i32x4.replace_lane(v, 2, <i32>(high ? ((net0 + 2) >> 32) : net0 + 2));
  v = i32x4.replace_lane(v, 3, <i32>(high ? ((net0 + 3) >> 32) : net0 + 3));
  return v;
}

/**
 * Field values of networks net0 .. net0 + 3 at every point and output: component a = k d_out + o is
 * written as one f32x4 (lanes = networks) to CFG_PHI32 + 16 a. `plain`: see hidden.ts plainRun.
 */
@inline function forwardGroupOf(act: i32, plain: bool, polar: bool, cfg: usize, net0: u64): void {
  const dIn = load<i32>(cfg, CFG_DIN);
  const width = load<i32>(cfg, CFG_WIDTH);
  let points = load<i32>(cfg, CFG_POINTS);
  if (!plain) points += load<i32>(cfg, CFG_GRID); // a deformation's grid nodes follow the points (weights.ts)
  const dOut = load<i32>(cfg, CFG_DOUT);
  const xs = load<usize>(cfg, CFG_XS);
  const zcs = load<usize>(cfg, CFG_ZC);
  const buf0 = load<usize>(cfg, CFG_BUF0);
  const buf1 = load<usize>(cfg, CFG_BUF1);
  const acc = load<usize>(cfg, CFG_GROUP_ACC); // K d_out sums of g1 h, then K sums of h
  const sumH = acc + <usize>(points * dOut) * 16;
  const netLo = laneNetworks(net0, false);
  const netHi = laneNetworks(net0, true);
  const k0 = i32x4.splat(load<u32>(cfg, CFG_SEED_LO));
  const k1 = i32x4.splat(load<u32>(cfg, CFG_SEED_HI));
  let slots = dIn + 1; // the plain copies' tile layout (hidden.ts)
  if (!plain) slots = load<i32>(cfg, CFG_UNIT_SLOTS);
  const unitStride = <usize>slots * 16;
  const outStride = <usize>dOut * 16;
  let weighted = false; // the density source's terms (weights.ts)
  let mixed = false; // a bias mixture's terms (weights.ts)
  let anyWeights = false;
  let scaled = false; // a shared scale of the last layer (scale.ts)
  if (!plain) {
    weighted = (load<i32>(cfg, CFG_WEIGHTS) & WEIGHT_DENSITY) != 0;
    mixed = (load<i32>(cfg, CFG_WEIGHTS) & WEIGHT_MIXTURE) != 0;
    anyWeights = load<i32>(cfg, CFG_WEIGHTS) != 0;
    scaled = load<i32>(cfg, CFG_SCALE_DOF) != 0;
  }
  if (scaled) drawScale(cfg, netLo, netHi, k0, k1);

  // sum_j h_j is only needed when the output weights have a mean
  const withH = load<f32>(cfg, CFG_MW) != 0;
  memory.fill(acc, 0, <usize>(points * dOut + points) * 16);
  if (anyWeights) startWeights(cfg);
  for (let u0 = 0; u0 < width; u0 += TILE) {
    const nu = min(TILE, width - u0);
    if (polar) {
      polarTile(cfg, buf0, buf1, u0, nu, netLo, netHi, k0, k1);
    } else {
      hiddenTile(plain, cfg, buf0, u0, nu, netLo, netHi, k0, k1);
      // the last tile's output weights run on into the output biases (normals N d_out + o), which so
      // share their Philox blocks (W3, N = 5: 5 blocks a group instead of 6)
      const last = u0 + nu == width ? 1 : 0;
      normalBlocks(buf1, <u32>(u0 * dOut) >> 2, (<u32>((u0 + nu + last) * dOut) + 3) >> 2, 1, netLo, netHi, k0, k1);
    }
    if (weighted) {
      addTileTerms(cfg, buf0, nu, slots, dIn);
      addGroupTerms(cfg, GROUP_OUTPUT_WEIGHTS, buf1, nu * dOut, 16);
    }
    if (mixed) addMixtureTerms(cfg, nu);
    for (let k = 0; k < points; k++) {
      const zc = v128.load32_splat(zcs + (<usize>k << 2));
      const xk = xs + <usize>(k * dIn) * 4;
      const x0 = v128.load32_splat(xk);
      for (let o = 0; o < dOut; o++) {
        const pw = buf1 + <usize>o * 16;
        let a: v128;
        // one specialised loop per (d_in = 1, 3 (plain runs) or other, output-weight mean zero or not)
        if (dIn == 1) {
          a = withH
            ? unitSums(act, 1, true, zc, x0, xk, dIn, buf0, nu, pw, unitStride, outStride)
            : unitSums(act, 1, false, zc, x0, xk, dIn, buf0, nu, pw, unitStride, outStride);
        } else if (plain && dIn == 3) {
          a = withH
            ? unitSums(act, 3, true, zc, x0, xk, dIn, buf0, nu, pw, unitStride, outStride)
            : unitSums(act, 3, false, zc, x0, xk, dIn, buf0, nu, pw, unitStride, outStride);
        } else {
          a = withH
            ? unitSums(act, 0, true, zc, x0, xk, dIn, buf0, nu, pw, unitStride, outStride)
            : unitSums(act, 0, false, zc, x0, xk, dIn, buf0, nu, pw, unitStride, outStride);
        }
        const pa = acc + <usize>(k * dOut + o) * 16;
        v128.store(pa, f32x4.add(v128.load(pa), a));
        if (withH && o == 0) {
          const ph = sumH + <usize>k * 16;
          v128.store(ph, f32x4.add(v128.load(ph), unitSumH));
        }
      }
    }
  }

  // Output biases: normals N d_out + o of stream 1, after the last tile's output weights in buf1
  // (relu units in polar form drew no output weights there: their own blocks).
  const pb = <u32>(width * dOut);
  let bias = buf1 + <usize>(pb - <u32>(((width - 1) / TILE) * TILE * dOut)) * 16;
  if (polar) {
    const jb = pb >> 2;
    normalBlocks(buf1, jb, (pb + <u32>dOut + 3) >> 2, 1, netLo, netHi, k0, k1);
    bias = buf1 + <usize>(pb - (jb << 2)) * 16;
  }
  if (weighted) addGroupTerms(cfg, GROUP_OUTPUT_BIASES, bias, dOut, 16);
  const mb = f32x4.splat(load<f32>(cfg, CFG_MB));
  const sb1 = f32x4.splat(load<f32>(cfg, CFG_SB1));
  let mw = f32x4.splat(load<f32>(cfg, CFG_MW));
  let w1 = f32x4.splat(load<f32>(cfg, CFG_W1_SCALE));
  if (scaled) {
    mw = f32x4.mul(mw, scaleS);
    w1 = f32x4.mul(w1, scaleS);
  }
  const phi = load<usize>(cfg, CFG_PHI32);
  for (let k = 0; k < points; k++) {
    const h = v128.load(sumH + <usize>k * 16);
    for (let o = 0; o < dOut; o++) {
      const a = k * dOut + o;
      let f = f32x4.add(mb, f32x4.mul(sb1, v128.load(bias + <usize>o * 16)));
      f = f32x4.add(f, f32x4.mul(mw, h));
      f = f32x4.add(f, f32x4.mul(w1, v128.load(acc + <usize>a * 16)));
      v128.store(phi + <usize>a * 16, f);
    }
  }
}

// One function per activation family and kind of run (plain or general, hidden.ts plainRun), so
// that each is compiled with its activation and loops fixed: dispatching inside one body let the
// optimiser merge the copies back into runtime branches in the innermost loop.
function forwardRelu(cfg: usize, net0: u64): void { forwardGroupOf(ACT_RELU, true, false, cfg, net0); }
function forwardReluPolar(cfg: usize, net0: u64): void { forwardGroupOf(ACT_RELU, true, true, cfg, net0); }
function forwardErf(cfg: usize, net0: u64): void { forwardGroupOf(ACT_ERF, true, false, cfg, net0); }
function forwardExp(cfg: usize, net0: u64): void { forwardGroupOf(ACT_EXP, true, false, cfg, net0); }
function forwardTanh(cfg: usize, net0: u64): void { forwardGroupOf(ACT_TANH, true, false, cfg, net0); }
function forwardLinear(cfg: usize, net0: u64): void { forwardGroupOf(ACT_LINEAR, true, false, cfg, net0); }
function forwardReluAny(cfg: usize, net0: u64): void { forwardGroupOf(ACT_RELU, false, false, cfg, net0); }
function forwardErfAny(cfg: usize, net0: u64): void { forwardGroupOf(ACT_ERF, false, false, cfg, net0); }
function forwardExpAny(cfg: usize, net0: u64): void { forwardGroupOf(ACT_EXP, false, false, cfg, net0); }
function forwardTanhAny(cfg: usize, net0: u64): void { forwardGroupOf(ACT_TANH, false, false, cfg, net0); }
function forwardLinearAny(cfg: usize, net0: u64): void { forwardGroupOf(ACT_LINEAR, false, false, cfg, net0); }
function forwardCosAny(cfg: usize, net0: u64): void { forwardGroupOf(ACT_COS, false, false, cfg, net0); }

/** The forward pass of one group of four networks; `act` and the run's kind select the copy. */
export function forwardGroup(cfg: usize, act: i32, net0: u64): void {
  if (load<i32>(cfg, CFG_POLAR) != 0) forwardReluPolar(cfg, net0); // relu only (src/sample/polar-units.ts)
  else if (plainRun(cfg)) {
    if (act == ACT_RELU) forwardRelu(cfg, net0);
    else if (act == ACT_ERF) forwardErf(cfg, net0);
    else if (act == ACT_EXP) forwardExp(cfg, net0);
    else if (act == ACT_TANH) forwardTanh(cfg, net0);
    else forwardLinear(cfg, net0);
  } else if (act == ACT_RELU) forwardReluAny(cfg, net0);
  else if (act == ACT_ERF) forwardErfAny(cfg, net0);
  else if (act == ACT_EXP) forwardExpAny(cfg, net0);
  else if (act == ACT_TANH) forwardTanhAny(cfg, net0);
  else if (act == ACT_COS) forwardCosAny(cfg, net0);
  else forwardLinearAny(cfg, net0);
}
