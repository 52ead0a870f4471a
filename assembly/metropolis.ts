// Metropolis chains in parameter space for a deformed density (src/deform/metropolis.ts)
//
//     P_lambda(theta) ∝ P_0(theta) exp(-lambda V[phi_theta]),   V = sum_g q_g phi(y_g)^p,
//
// for single-hidden-layer networks with d_out = 1, whose hidden units are i.i.d. under P_0. The field is
// a sum of one term per unit plus the output bias, so a chain's state is kept as those terms
// ("contributions") at the K points and G grid nodes, f32x4 per node with one chain per lane (four
// chains in lockstep), and the field as their f64 sum.
//
// A sweep visits units 0 .. N-1 in order, then the output bias (when it is random). The proposal for a
// unit is a fresh draw from P_0 of all its parameters (hidden weights, bias, amplitude, output weight):
// an independence proposal whose P_0 factors cancel, so the move is accepted with probability
// min(1, exp(-lambda (V_new - V_old))). The proposals of sweep s of chain c are the units and output
// bias of the "network" with counter (lo = s, hi = 2^31 + c), drawn exactly as the forward pass draws a
// network (hidden.ts; output normals of stream 1); the acceptance uniform of move j is word j % 4 of
// Philox block j / 4 of stream STREAM_ACCEPT of that counter. Sampled networks have n < 2^53, so hi < 2^21:
// chains never reuse a sampled network's variates. Sweep 0 is the initial state: every move is taken.
//
// After every sweep the field is summed afresh from the contributions (no drift of the running sums),
// V recomputed from it, and a record written per lane: the field at the K points, V, and the number
// of accepted moves of the sweep.

import { ACT_COS, ACT_ERF, ACT_EXP, ACT_LINEAR, ACT_RELU, ACT_TANH, unitValue } from './forward';
import { hiddenTile } from './hidden';
import { normalBlocks, philox4, word0, word1, word2, word3 } from './rng';
import {
  CFG_ACT, CFG_BUF0, CFG_BUF1, CFG_DEFORM, CFG_DEFORM_POWER, CFG_DIN, CFG_GRID, CFG_MB, CFG_MW, CFG_POINTS,
  CFG_SB1, CFG_SEED_HI, CFG_SEED_LO, CFG_UNIT_SLOTS, CFG_W1_SCALE, CFG_WIDTH, CFG_XS, CFG_ZC, TILE,
} from './layout';

// Byte offsets of a chain group's block (four chains), mirrored by src/deform/metropolis-kernel.ts.
export const MH_CFG = 0; // ptr: the run's configuration block (layout.ts)
export const MH_CONTRIB = 4; // ptr: (N + 1) x (K + G) f32x4, contribution of unit j (row N: the output bias) at node n
export const MH_FIELD = 8; // ptr: (K + G) x 4 f64, the field at each node (lanes 0, 1 then 2, 3)
export const MH_ACTION = 12; // ptr: 4 f64, V of each lane's state
export const MH_ROW = 16; // ptr: (K + G) f32x4, the proposed contribution
export const MH_WORDS = 20; // ptr: TILE + 4 u32x4, acceptance words of a tile of moves
export const MH_CHAIN0 = 24; // u32: chain of lane 0
export const MH_PROPOSED = 28; // ptr: G x 4 f64, the field on the grid in the proposed states
export const MH_LAMBDA = 32; // f64: lambda
export const MH_BYTES = 40;

/** Stream of the acceptance uniforms. */
const STREAM_ACCEPT: u32 = 4;

/** Acceptance words of moves j0 .. j0 + count - 1 (j0 a multiple of 4) at words + 16 (j - j0). */
function acceptWords(words: usize, j0: i32, count: i32, netLo: v128, netHi: v128, k0: v128, k1: v128): void {
  const s = i32x4.splat(STREAM_ACCEPT);
  for (let b = j0 >> 2; b < (j0 + count + 3) >> 2; b++) {
    philox4(i32x4.splat(b), s, netLo, netHi, k0, k1);
    const at = words + (<usize>((b << 2) - j0) << 4);
    v128.store(at, word0);
    v128.store(at, word1, 16);
    v128.store(at, word2, 32);
    v128.store(at, word3, 48);
  }
}

/** u in (0, 1) from a 32-bit word: (w + 1/2) 2^-32, exact in f64. */
@inline function uniformOf(w: u32): f64 {
  return (<f64>w + 0.5) * 2.3283064365386963e-10;
}

/** The proposed contribution a h_j(x_n) of the unit whose tile slots start at pg, at every node. */
@inline function unitRow(act: i32, dInFixed: i32, cfg: usize, nodes: i32, dIn: i32, pg: usize, a: v128, row: usize): void {
  const xs = load<usize>(cfg, CFG_XS);
  const zcs = load<usize>(cfg, CFG_ZC);
  for (let n = 0; n < nodes; n++) {
    const xk = xs + <usize>(n * dIn) * 4;
    const h = unitValue(act, dInFixed, v128.load32_splat(zcs + (<usize>n << 2)), v128.load32_splat(xk), xk, dIn, pg);
    v128.store(row + (<usize>n << 4), f32x4.mul(a, h));
  }
}

/** x^p, lane by lane (p - 1 products, as the weighted sampler forms phi^p: weights.ts). */
@inline function powerTerm(x: v128, power: i32): v128 {
  let y = x;
  for (let i = 1; i < power; i++) y = f64x2.mul(y, x);
  return y;
}

/**
 * One Metropolis move of the four lanes: the contribution at `cur` (K + G f32x4) against the proposal
 * in MH_ROW. Returns the accepted lanes as an i32x4 mask; the field, V and `cur` take the proposal in
 * accepted lanes. `forced`: accept every lane (the initial state).
 */
function move(mh: usize, cfg: usize, cur: usize, words: usize, forced: bool): v128 {
  const K = load<i32>(cfg, CFG_POINTS);
  const G = load<i32>(cfg, CFG_GRID);
  const power = load<i32>(cfg, CFG_DEFORM_POWER);
  const q = load<usize>(cfg, CFG_DEFORM) + 8; // q_g after the coefficient
  const field = load<usize>(mh, MH_FIELD);
  const row = load<usize>(mh, MH_ROW);
  const action = load<usize>(mh, MH_ACTION);
  // V of the proposed states, in f64 from the f64 field and the exact f64 difference of two f32 terms
  const proposed = load<usize>(mh, MH_PROPOSED);
  let v01 = f64x2.splat(0);
  let v23 = f64x2.splat(0);
  for (let g = 0; g < G; g++) {
    const n = <usize>(K + g);
    const cn = v128.load(row + (n << 4));
    const co = v128.load(cur + (n << 4));
    const f01 = f64x2.add(v128.load(field + (n << 5)), f64x2.sub(f64x2.promote_low_f32x4(cn), f64x2.promote_low_f32x4(co)));
    const f23 = f64x2.add(
      v128.load(field + (n << 5), 16),
      f64x2.sub(f64x2.promote_low_f32x4(i32x4.shuffle(cn, cn, 2, 3, 0, 1)), f64x2.promote_low_f32x4(i32x4.shuffle(co, co, 2, 3, 0, 1))),
    );
    v128.store(proposed + (<usize>g << 5), f01);
    v128.store(proposed + (<usize>g << 5), f23, 16);
    const qg = f64x2.splat(load<f64>(q + (<usize>g << 3)));
    v01 = f64x2.add(v01, f64x2.mul(qg, powerTerm(f01, power)));
    v23 = f64x2.add(v23, f64x2.mul(qg, powerTerm(f23, power)));
  }
  const lambda = load<f64>(mh, MH_LAMBDA);
  const w = v128.load(words);
  // accept with probability min(1, exp(-lambda (V_new - V_old))); u < 1 = exp(0) always accepts at lambda = 0
  let m = i32x4.splat(0);
  const n0 = f64x2.extract_lane(v01, 0);
  const n1 = f64x2.extract_lane(v01, 1);
  const n2 = f64x2.extract_lane(v23, 0);
  const n3 = f64x2.extract_lane(v23, 1);
  if (forced || uniformOf(<u32>i32x4.extract_lane(w, 0)) < Math.exp(-lambda * (n0 - load<f64>(action)))) m = i32x4.replace_lane(m, 0, -1);
  if (forced || uniformOf(<u32>i32x4.extract_lane(w, 1)) < Math.exp(-lambda * (n1 - load<f64>(action, 8)))) m = i32x4.replace_lane(m, 1, -1);
  if (forced || uniformOf(<u32>i32x4.extract_lane(w, 2)) < Math.exp(-lambda * (n2 - load<f64>(action, 16)))) m = i32x4.replace_lane(m, 2, -1);
  if (forced || uniformOf(<u32>i32x4.extract_lane(w, 3)) < Math.exp(-lambda * (n3 - load<f64>(action, 24)))) m = i32x4.replace_lane(m, 3, -1);
  if (!v128.any_true(m)) return m;
  const m01 = i64x2.extend_low_i32x4_s(m);
  const m23 = i64x2.extend_high_i32x4_s(m);
  v128.store(action, v128.bitselect(v01, v128.load(action), m01));
  v128.store(action, v128.bitselect(v23, v128.load(action, 16), m23), 16);
  for (let n = 0; n < K; n++) {
    const at = <usize>n;
    const cn = v128.load(row + (at << 4));
    const co = v128.load(cur + (at << 4));
    const d01 = f64x2.sub(f64x2.promote_low_f32x4(cn), f64x2.promote_low_f32x4(co));
    const d23 = f64x2.sub(f64x2.promote_low_f32x4(i32x4.shuffle(cn, cn, 2, 3, 0, 1)), f64x2.promote_low_f32x4(i32x4.shuffle(co, co, 2, 3, 0, 1)));
    const pf = field + (at << 5);
    v128.store(pf, f64x2.add(v128.load(pf), v128.and(d01, m01)));
    v128.store(pf, f64x2.add(v128.load(pf, 16), v128.and(d23, m23)), 16);
    v128.store(cur + (at << 4), v128.bitselect(cn, co, m));
  }
  // the grid's field in the proposed states is at hand: take it where accepted
  for (let g = 0; g < G; g++) {
    const at = <usize>(K + g);
    const pf = field + (at << 5);
    const pp = proposed + (<usize>g << 5);
    v128.store(pf, v128.bitselect(v128.load(pp), v128.load(pf), m01));
    v128.store(pf, v128.bitselect(v128.load(pp, 16), v128.load(pf, 16), m23), 16);
    v128.store(cur + (at << 4), v128.bitselect(v128.load(row + (at << 4)), v128.load(cur + (at << 4)), m));
  }
  return m;
}

/** The field summed afresh from the contributions (units in order, then the bias), and V from it. */
function recompute(mh: usize, cfg: usize): void {
  const K = load<i32>(cfg, CFG_POINTS);
  const G = load<i32>(cfg, CFG_GRID);
  const nodes = K + G;
  const rows = load<i32>(cfg, CFG_WIDTH) + 1;
  const field = load<usize>(mh, MH_FIELD);
  const contrib = load<usize>(mh, MH_CONTRIB);
  memory.fill(field, 0, <usize>nodes << 5);
  for (let j = 0; j < rows; j++) {
    const c = contrib + (<usize>(j * nodes) << 4);
    for (let n = 0; n < nodes; n++) {
      const v = v128.load(c + (<usize>n << 4));
      const pf = field + (<usize>n << 5);
      v128.store(pf, f64x2.add(v128.load(pf), f64x2.promote_low_f32x4(v)));
      v128.store(pf, f64x2.add(v128.load(pf, 16), f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 0, 1))), 16);
    }
  }
  const power = load<i32>(cfg, CFG_DEFORM_POWER);
  const q = load<usize>(cfg, CFG_DEFORM) + 8;
  let v01 = f64x2.splat(0);
  let v23 = f64x2.splat(0);
  for (let g = 0; g < G; g++) {
    const pf = field + (<usize>(K + g) << 5);
    const qg = f64x2.splat(load<f64>(q + (<usize>g << 3)));
    v01 = f64x2.add(v01, f64x2.mul(qg, powerTerm(v128.load(pf), power)));
    v23 = f64x2.add(v23, f64x2.mul(qg, powerTerm(v128.load(pf, 16), power)));
  }
  const action = load<usize>(mh, MH_ACTION);
  v128.store(action, v01);
  v128.store(action, v23, 16);
}

/** Lanes' counters: hi = 2^31 + chain (chain0 + lane). */
@inline function chainCounters(chain0: u32): v128 {
  let v = i32x4.splat(0);
  v = i32x4.replace_lane(v, 0, <i32>(0x80000000 | chain0));
  v = i32x4.replace_lane(v, 1, <i32>(0x80000000 | (chain0 + 1)));
  v = i32x4.replace_lane(v, 2, <i32>(0x80000000 | (chain0 + 2)));
  v = i32x4.replace_lane(v, 3, <i32>(0x80000000 | (chain0 + 3)));
  return v;
}

/** Sweeps sweep0 .. sweep0 + count - 1 of the group, activation `act` fixed at compile time. */
@inline function sweepsOf(act: i32, mh: usize, sweep0: u32, count: i32, out: usize): void {
  const cfg = load<usize>(mh, MH_CFG);
  const dIn = load<i32>(cfg, CFG_DIN);
  const width = load<i32>(cfg, CFG_WIDTH);
  const K = load<i32>(cfg, CFG_POINTS);
  const nodes = K + load<i32>(cfg, CFG_GRID);
  const slots = load<i32>(cfg, CFG_UNIT_SLOTS);
  const buf0 = load<usize>(cfg, CFG_BUF0);
  const buf1 = load<usize>(cfg, CFG_BUF1);
  const contrib = load<usize>(mh, MH_CONTRIB);
  const row = load<usize>(mh, MH_ROW);
  const words = load<usize>(mh, MH_WORDS);
  const field = load<usize>(mh, MH_FIELD);
  const k0 = i32x4.splat(load<u32>(cfg, CFG_SEED_LO));
  const k1 = i32x4.splat(load<u32>(cfg, CFG_SEED_HI));
  const netHi = chainCounters(load<u32>(mh, MH_CHAIN0));
  const mw = f32x4.splat(load<f32>(cfg, CFG_MW));
  const w1 = f32x4.splat(load<f32>(cfg, CFG_W1_SCALE));
  const mb = f32x4.splat(load<f32>(cfg, CFG_MB));
  const sb1 = load<f32>(cfg, CFG_SB1);
  const unitStride = <usize>slots << 4;
  const rowBytes = <usize>nodes << 4;
  const recordBytes = <usize>(K + 2) << 3;
  for (let t = 0; t < count; t++) {
    const s = sweep0 + <u32>t;
    const forced = s == 0;
    if (forced) memory.fill(contrib, 0, <usize>(width + 1) * rowBytes);
    if (forced) recompute(mh, cfg);
    const netLo = i32x4.splat(<i32>s);
    let accepted = i32x4.splat(0);
    for (let u0 = 0; u0 < width; u0 += TILE) {
      const nu = min(TILE, width - u0);
      hiddenTile(false, cfg, buf0, u0, nu, netLo, netHi, k0, k1);
      normalBlocks(buf1, <u32>u0 >> 2, (<u32>(u0 + nu) + 3) >> 2, 1, netLo, netHi, k0, k1);
      acceptWords(words, u0, nu, netLo, netHi, k0, k1);
      for (let u = 0; u < nu; u++) {
        const a = f32x4.add(mw, f32x4.mul(w1, v128.load(buf1 + (<usize>u << 4))));
        // one specialised loop for d_in = 1 (forward.ts unitValue)
        if (dIn == 1) unitRow(act, 1, cfg, nodes, dIn, buf0 + <usize>u * unitStride, a, row);
        else unitRow(act, 0, cfg, nodes, dIn, buf0 + <usize>u * unitStride, a, row);
        const m = move(mh, cfg, contrib + <usize>(u0 + u) * rowBytes, words + (<usize>u << 4), forced);
        accepted = i32x4.sub(accepted, m);
      }
    }
    // the output bias b1 = mb + sb1 g (normal N of stream 1): a move only when it is random
    if (forced || sb1 != 0) {
      const jb = <u32>width >> 2;
      normalBlocks(buf1, jb, jb + 1, 1, netLo, netHi, k0, k1);
      const b = f32x4.add(mb, f32x4.mul(f32x4.splat(sb1), v128.load(buf1 + (<usize>(width & 3) << 4))));
      for (let n = 0; n < nodes; n++) v128.store(row + (<usize>n << 4), b);
      acceptWords(words, width & ~3, 4, netLo, netHi, k0, k1);
      const m = move(mh, cfg, contrib + <usize>width * rowBytes, words + (<usize>(width & 3) << 4), forced);
      accepted = i32x4.sub(accepted, m);
    }
    recompute(mh, cfg);
    const action = load<usize>(mh, MH_ACTION);
    for (let l = 0; l < 4; l++) {
      const rec = out + (<usize>(t * 4 + l)) * recordBytes;
      for (let k = 0; k < K; k++) store<f64>(rec + (<usize>k << 3), load<f64>(field + (<usize>k << 5) + (<usize>l << 3)));
      store<f64>(rec + (<usize>K << 3), load<f64>(action + (<usize>l << 3)));
    }
    store<f64>(out + (<usize>(t * 4) * recordBytes) + (<usize>(K + 1) << 3), <f64>i32x4.extract_lane(accepted, 0));
    store<f64>(out + (<usize>(t * 4 + 1) * recordBytes) + (<usize>(K + 1) << 3), <f64>i32x4.extract_lane(accepted, 1));
    store<f64>(out + (<usize>(t * 4 + 2) * recordBytes) + (<usize>(K + 1) << 3), <f64>i32x4.extract_lane(accepted, 2));
    store<f64>(out + (<usize>(t * 4 + 3) * recordBytes) + (<usize>(K + 1) << 3), <f64>i32x4.extract_lane(accepted, 3));
  }
}

// One copy per activation family, compiled with its activation fixed (as forward.ts does).
function sweepsRelu(mh: usize, s0: u32, count: i32, out: usize): void { sweepsOf(ACT_RELU, mh, s0, count, out); }
function sweepsErf(mh: usize, s0: u32, count: i32, out: usize): void { sweepsOf(ACT_ERF, mh, s0, count, out); }
function sweepsExp(mh: usize, s0: u32, count: i32, out: usize): void { sweepsOf(ACT_EXP, mh, s0, count, out); }
function sweepsTanh(mh: usize, s0: u32, count: i32, out: usize): void { sweepsOf(ACT_TANH, mh, s0, count, out); }
function sweepsLinear(mh: usize, s0: u32, count: i32, out: usize): void { sweepsOf(ACT_LINEAR, mh, s0, count, out); }
function sweepsCos(mh: usize, s0: u32, count: i32, out: usize): void { sweepsOf(ACT_COS, mh, s0, count, out); }

/**
 * Runs sweeps sweep0 .. sweep0 + count - 1 of the four chains of the group block `mh` (sweep 0: the
 * initial state), writing one record of K + 2 f64 per sweep and lane to out: the field at the K points,
 * V, and the moves accepted in the sweep (record (t, lane) at out + 8 (K + 2) (4 t + lane)).
 */
export function metropolisSweeps(mh: usize, sweep0: u32, count: i32, out: usize): void {
  const act = load<i32>(load<usize>(mh, MH_CFG), CFG_ACT);
  if (act == ACT_COS) sweepsCos(mh, sweep0, count, out);
  else if (act == ACT_RELU) sweepsRelu(mh, sweep0, count, out);
  else if (act == ACT_ERF) sweepsErf(mh, sweep0, count, out);
  else if (act == ACT_EXP) sweepsExp(mh, sweep0, count, out);
  else if (act == ACT_TANH) sweepsTanh(mh, sweep0, count, out);
  else sweepsLinear(mh, sweep0, count, out);
}
