// The conditional-Gaussian (Rao-Blackwell) estimator. Given a network's hidden activations h_j(x_k),
// its outputs are exactly Gaussian, f_o(x_k) | h ~ N(mu_k, C), with
//   mu_k = mb + mw S_k,   S_k = sum_j h_j(x_k),
//   C_(k,o),(k',o') = delta_oo' (sb1^2 + sw1^2 Q_kk'),   Q_kk' = sum_j h_j(x_k) h_j(x_k'),
// so the conditional moment M(S) = E[phi_a1 ... phi_an | h] of every multiset S is known exactly, and
// its average over networks is an unbiased estimator of the moment with a smaller variance than the
// sampled product's. The output layer's variates are never drawn. M follows from Stein's identity
//   M(S + a) = mu_a M(S) + sum_{b in S} C_ab M(S - b),
// a recursion over the multiset tree whose terms (parent, last element, and the distinct b in S with
// multiplicity and the index of S - b) the host tabulates once per run. A shared scale s of the last
// layer's weights (scale.ts) enters as mw -> s mw and sw1^2 -> s^2 sw1^2.

import { ACT_COS, ACT_ERF, ACT_EXP, ACT_LINEAR, ACT_RELU, ACT_TANH, laneNetworks, unitValue } from './forward';
import { hiddenTile, plainRun } from './hidden';
import { drawScale, SCALE_S2 } from './scale';
import { addMixtureTerms, addTileTerms, startWeights, WEIGHT_DENSITY, WEIGHT_MIXTURE } from './weights';
import {
  BATCH, CFG_BUF0, CFG_COV, CFG_DIN, CFG_GROUP_ACC, CFG_HBUF, CFG_MB, CFG_MROWS, CFG_MU, CFG_MW, CFG_NMAX,
  CFG_OFFSETS, CFG_POINTS, CFG_ROOT, CFG_SB1, CFG_SCALE_DOF, CFG_SEED_HI, CFG_SEED_LO, CFG_SUMS, CFG_TAB_LAST,
  CFG_TAB_MULT, CFG_TAB_PAIR, CFG_TAB_PARENT, CFG_TAB_SRC, CFG_TAB_START, CFG_UNIT_SLOTS, CFG_W1_SCALE,
  CFG_WEIGHTS, CFG_WIDTH, CFG_XS, CFG_ZC, CFG_ZERO_MEAN, TILE,
} from './layout';

/**
 * Activations of one tile's nu units at one point, written to hrow (one f32x4 per unit); returns
 * their sum.
 */
@inline function hiddenRow(
  act: i32, dInFixed: i32, zc: v128, x0: v128, xk: usize, dIn: i32, pg: usize, nu: i32, unitStride: usize, hrow: usize,
): v128 {
  let s = f32x4.splat(0);
  for (let u = 0; u < nu; u++) {
    const h = unitValue(act, dInFixed, zc, x0, xk, dIn, pg);
    v128.store(hrow, h);
    s = f32x4.add(s, h);
    pg += unitStride;
    hrow += 16;
  }
  return s;
}

/** sum_u a[u] b[u] over nu f32x4 rows (two accumulators: the sum is a dependency chain). */
@inline function rowDot(a: usize, b: usize, nu: i32): v128 {
  let s0 = f32x4.splat(0);
  let s1 = f32x4.splat(0);
  let u = 0;
  for (; u + 2 <= nu; u += 2) {
    s0 = f32x4.add(s0, f32x4.mul(v128.load(a), v128.load(b)));
    s1 = f32x4.add(s1, f32x4.mul(v128.load(a, 16), v128.load(b, 16)));
    a += 32;
    b += 32;
  }
  if (u < nu) s0 = f32x4.add(s0, f32x4.mul(v128.load(a), v128.load(b)));
  return f32x4.add(s0, s1);
}

/**
 * Q_kk' (k <= k', packed row by row) and S_k of networks net0 .. net0 + 3, as f32x4 (lane = network),
 * written to CFG_GROUP_ACC: K(K+1)/2 vectors Q, then K vectors S.
 */
@inline function hiddenStatsOf(act: i32, plain: bool, cfg: usize, net0: u64): void {
  const dIn = load<i32>(cfg, CFG_DIN);
  const width = load<i32>(cfg, CFG_WIDTH);
  const points = load<i32>(cfg, CFG_POINTS);
  const xs = load<usize>(cfg, CFG_XS);
  const zcs = load<usize>(cfg, CFG_ZC);
  const buf0 = load<usize>(cfg, CFG_BUF0);
  const hbuf = load<usize>(cfg, CFG_HBUF);
  const acc = load<usize>(cfg, CFG_GROUP_ACC);
  const pairs = (points * (points + 1)) >> 1;
  const sums = acc + <usize>pairs * 16;
  const netLo = laneNetworks(net0, false);
  const netHi = laneNetworks(net0, true);
  const k0 = i32x4.splat(load<u32>(cfg, CFG_SEED_LO));
  const k1 = i32x4.splat(load<u32>(cfg, CFG_SEED_HI));
  let slots = dIn + 1; // the plain copies' tile layout (hidden.ts)
  if (!plain) slots = load<i32>(cfg, CFG_UNIT_SLOTS);
  const unitStride = <usize>slots * 16;
  const rowBytes = <usize>TILE * 16;
  let weighted = false;
  let mixed = false;
  let scaled = false;
  if (!plain) {
    weighted = (load<i32>(cfg, CFG_WEIGHTS) & WEIGHT_DENSITY) != 0;
    mixed = (load<i32>(cfg, CFG_WEIGHTS) & WEIGHT_MIXTURE) != 0;
    scaled = load<i32>(cfg, CFG_SCALE_DOF) != 0;
  }
  if (scaled) drawScale(cfg, netLo, netHi, k0, k1);

  memory.fill(acc, 0, <usize>(pairs + points) * 16);
  if (weighted || mixed) startWeights(cfg);
  for (let u0 = 0; u0 < width; u0 += TILE) {
    const nu = min(TILE, width - u0);
    hiddenTile(plain, cfg, buf0, u0, nu, netLo, netHi, k0, k1);
    if (weighted) addTileTerms(cfg, buf0, nu, slots, dIn);
    if (mixed) addMixtureTerms(cfg, nu);
    for (let k = 0; k < points; k++) {
      const zc = v128.load32_splat(zcs + (<usize>k << 2));
      const xk = xs + <usize>(k * dIn) * 4;
      const x0 = v128.load32_splat(xk);
      const hrow = hbuf + <usize>k * rowBytes;
      let s: v128;
      if (dIn == 1) s = hiddenRow(act, 1, zc, x0, xk, dIn, buf0, nu, unitStride, hrow);
      else s = hiddenRow(act, 0, zc, x0, xk, dIn, buf0, nu, unitStride, hrow);
      const ps = sums + <usize>k * 16;
      v128.store(ps, f32x4.add(v128.load(ps), s));
    }
    let q = acc;
    for (let k = 0; k < points; k++) {
      for (let k2 = k; k2 < points; k2++) {
        v128.store(q, f32x4.add(v128.load(q), rowDot(hbuf + <usize>k * rowBytes, hbuf + <usize>k2 * rowBytes, nu)));
        q += 16;
      }
    }
  }
}

// One function per activation family and kind of run (see forward.ts).
function statsRelu(cfg: usize, net0: u64): void { hiddenStatsOf(ACT_RELU, true, cfg, net0); }
function statsErf(cfg: usize, net0: u64): void { hiddenStatsOf(ACT_ERF, true, cfg, net0); }
function statsExp(cfg: usize, net0: u64): void { hiddenStatsOf(ACT_EXP, true, cfg, net0); }
function statsTanh(cfg: usize, net0: u64): void { hiddenStatsOf(ACT_TANH, true, cfg, net0); }
function statsLinear(cfg: usize, net0: u64): void { hiddenStatsOf(ACT_LINEAR, true, cfg, net0); }
function statsReluAny(cfg: usize, net0: u64): void { hiddenStatsOf(ACT_RELU, false, cfg, net0); }
function statsErfAny(cfg: usize, net0: u64): void { hiddenStatsOf(ACT_ERF, false, cfg, net0); }
function statsExpAny(cfg: usize, net0: u64): void { hiddenStatsOf(ACT_EXP, false, cfg, net0); }
function statsTanhAny(cfg: usize, net0: u64): void { hiddenStatsOf(ACT_TANH, false, cfg, net0); }
function statsLinearAny(cfg: usize, net0: u64): void { hiddenStatsOf(ACT_LINEAR, false, cfg, net0); }
function statsCosAny(cfg: usize, net0: u64): void { hiddenStatsOf(ACT_COS, false, cfg, net0); }

/** The hidden-layer statistics of one group of four networks; `act` and the run's kind select the copy. */
export function hiddenStats(cfg: usize, act: i32, net0: u64): void {
  if (plainRun(cfg)) {
    if (act == ACT_RELU) statsRelu(cfg, net0);
    else if (act == ACT_ERF) statsErf(cfg, net0);
    else if (act == ACT_EXP) statsExp(cfg, net0);
    else if (act == ACT_TANH) statsTanh(cfg, net0);
    else statsLinear(cfg, net0);
  } else if (act == ACT_RELU) statsReluAny(cfg, net0);
  else if (act == ACT_ERF) statsErfAny(cfg, net0);
  else if (act == ACT_EXP) statsExpAny(cfg, net0);
  else if (act == ACT_TANH) statsTanhAny(cfg, net0);
  else if (act == ACT_COS) statsCosAny(cfg, net0);
  else statsLinearAny(cfg, net0);
}

/**
 * Moves one group's conditional means mu_k = mb + mw S_k and covariances sb1^2 + sw1^2 Q_kk' into
 * batch column `col` (f64); lanes >= `valid` become 0 (their root weight is 0 too). With a shared
 * scale, mw and sw1^2 are those of the last layer's weights times s and s^2 of each network.
 */
export function storeConditionalGroup(cfg: usize, col: i32, valid: i32): void {
  const points = load<i32>(cfg, CFG_POINTS);
  const pairs = (points * (points + 1)) >> 1;
  const acc = load<usize>(cfg, CFG_GROUP_ACC);
  const mb = <f64>load<f32>(cfg, CFG_MB);
  const mw = <f64>load<f32>(cfg, CFG_MW);
  const sb1 = <f64>load<f32>(cfg, CFG_SB1);
  const sw1 = <f64>load<f32>(cfg, CFG_W1_SCALE);
  const mu = load<usize>(cfg, CFG_MU) + (<usize>col << 3);
  const cov = load<usize>(cfg, CFG_COV) + (<usize>col << 3);
  const rowBytes = <usize>BATCH * 8;
  const scaled = load<i32>(cfg, CFG_SCALE_DOF) != 0;
  for (let l = 0; l < 4; l++) {
    const keep = l < valid;
    let c = sw1 * sw1;
    let m = mw;
    if (scaled) {
      const s2 = load<f64>(SCALE_S2 + (<usize>l << 3));
      c *= s2;
      m *= Math.sqrt(s2);
    }
    for (let p = 0; p < pairs; p++) {
      const q = <f64>load<f32>(acc + (<usize>p << 4) + (<usize>l << 2));
      store<f64>(cov + <usize>p * rowBytes + (<usize>l << 3), keep ? sb1 * sb1 + c * q : 0);
    }
    for (let k = 0; k < points; k++) {
      const s = <f64>load<f32>(acc + (<usize>(pairs + k) << 4) + (<usize>l << 2));
      store<f64>(mu + <usize>k * rowBytes + (<usize>l << 3), keep ? mb + m * s : 0);
    }
  }
}

/**
 * Adds to `out` the batch sums of the conditional moments of every multiset of orders 1..nMax (flat
 * layout), weighted by CFG_ROOT. Orders below nMax are kept per network (CFG_MROWS) for the next
 * order; with zero means the odd orders vanish and are skipped.
 */
export function conditionalBatch(cfg: usize, out: usize): void {
  const nMax = load<i32>(cfg, CFG_NMAX);
  const total = load<i32>(cfg, CFG_SUMS);
  const offsets = load<usize>(cfg, CFG_OFFSETS);
  const zeroMean = load<i32>(cfg, CFG_ZERO_MEAN) != 0;
  const root = load<usize>(cfg, CFG_ROOT);
  const rows = load<usize>(cfg, CFG_MROWS);
  const mu = load<usize>(cfg, CFG_MU);
  const cov = load<usize>(cfg, CFG_COV);
  const parent = load<usize>(cfg, CFG_TAB_PARENT);
  const last = load<usize>(cfg, CFG_TAB_LAST);
  const start = load<usize>(cfg, CFG_TAB_START);
  const pairOf = load<usize>(cfg, CFG_TAB_PAIR);
  const src = load<usize>(cfg, CFG_TAB_SRC);
  const mult = load<usize>(cfg, CFG_TAB_MULT);
  const rowBytes = <usize>BATCH * 8;
  const stored = load<i32>(offsets + (<usize>nMax << 2)); // flat index where order nMax starts
  for (let n = 1; n <= nMax; n++) {
    if (zeroMean && (n & 1) == 1) continue;
    const s0 = load<i32>(offsets + (<usize>n << 2));
    const s1 = n == nMax ? total : load<i32>(offsets + (<usize>(n + 1) << 2));
    for (let s = s0; s < s1; s++) {
      const keep = s < stored;
      const dst = rows + <usize>s * rowBytes;
      const p = load<i32>(parent + (<usize>s << 2));
      const from = p < 0 ? root : rows + <usize>p * rowBytes;
      const m = mu + <usize>load<i32>(last + (<usize>s << 2)) * rowBytes;
      const t0 = load<i32>(start + (<usize>s << 2));
      const t1 = load<i32>(start + (<usize>(s + 1) << 2));
      let a0 = f64x2.splat(0);
      let a1 = f64x2.splat(0);
      // Eight networks at a time held in registers across all terms: one store per row, no re-reads.
      for (let i: usize = 0; i < rowBytes; i += 64) {
        let v0 = f64x2.splat(0);
        let v1 = f64x2.splat(0);
        let v2 = f64x2.splat(0);
        let v3 = f64x2.splat(0);
        if (!zeroMean) {
          // the mean term mu_a M(S')
          v0 = f64x2.mul(v128.load(m + i), v128.load(from + i));
          v1 = f64x2.mul(v128.load(m + i, 16), v128.load(from + i, 16));
          v2 = f64x2.mul(v128.load(m + i, 32), v128.load(from + i, 32));
          v3 = f64x2.mul(v128.load(m + i, 48), v128.load(from + i, 48));
        }
        // the Wick terms mult_b C_ab M(S' - b)
        for (let t = t0; t < t1; t++) {
          const c = cov + <usize>load<i32>(pairOf + (<usize>t << 2)) * rowBytes + i;
          const q = load<i32>(src + (<usize>t << 2));
          const f = (q < 0 ? root : rows + <usize>q * rowBytes) + i;
          const k = f64x2.splat(load<f64>(mult + (<usize>t << 3)));
          v0 = f64x2.add(v0, f64x2.mul(f64x2.mul(v128.load(c), v128.load(f)), k));
          v1 = f64x2.add(v1, f64x2.mul(f64x2.mul(v128.load(c, 16), v128.load(f, 16)), k));
          v2 = f64x2.add(v2, f64x2.mul(f64x2.mul(v128.load(c, 32), v128.load(f, 32)), k));
          v3 = f64x2.add(v3, f64x2.mul(f64x2.mul(v128.load(c, 48), v128.load(f, 48)), k));
        }
        if (keep) {
          v128.store(dst + i, v0);
          v128.store(dst + i, v1, 16);
          v128.store(dst + i, v2, 32);
          v128.store(dst + i, v3, 48);
        }
        a0 = f64x2.add(a0, f64x2.add(v0, v1));
        a1 = f64x2.add(a1, f64x2.add(v2, v3));
      }
      const sum = f64x2.add(a0, a1);
      const o = out + (<usize>s << 3);
      store<f64>(o, load<f64>(o) + f64x2.extract_lane(sum, 0) + f64x2.extract_lane(sum, 1));
    }
  }
}
