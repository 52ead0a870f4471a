// The exports of nnft.wasm. The host owns all policy (which networks, where buffers live); these
// functions take a configuration block (layout.ts) and flat buffers, and return sums.

import {
  BATCH, CFG_ACT, CFG_DEFORM_V, CFG_DOUT, CFG_ESTIMATOR, CFG_LOGW, CFG_PHI32, CFG_PHI64, CFG_POINTS, CFG_RESPONSE, CFG_ROOT,
  CFG_SUMS, CFG_WEIGHTS, LANES, TILE,
} from './layout';
import { conditionalBatch, hiddenStats, storeConditionalGroup } from './conditional';
import { forwardGroup } from './forward';
import { accumulateBatch } from './moments';
import { philox4, word0, word1, word2, word3, normalBlocks, polarBlocks, uniformBlocks } from './rng';
import { cosf4, expf4, expm1f4, erff4, logf4, tanQuarterf4, tanhf4 } from './vmath';
import { addDeformTerms, storeWeights, WEIGHT_DEFORM } from './weights';

export { accumulateBatch };
export { metropolisSweeps } from './metropolis';

/** Start of memory the host may use (after the module's static data), 16-byte aligned. */
export function heapBase(): usize {
  return (__heap_base + 15) & ~(<usize>15);
}
export function batchSize(): i32 {
  return BATCH;
}
export function tileSize(): i32 {
  return TILE;
}

/** Moves one group's f32x4 field values into batch column `col` (f64); lanes >= `valid` become 0. */
function storeGroup(cfg: usize, col: i32, valid: i32): void {
  const P = load<i32>(cfg, CFG_POINTS) * load<i32>(cfg, CFG_DOUT);
  const src = load<usize>(cfg, CFG_PHI32);
  const dst = load<usize>(cfg, CFG_PHI64) + (<usize>col << 3);
  const keep = i32x4.gt_s(i32x4.splat(valid), i32x4(0, 1, 2, 3));
  for (let a = 0; a < P; a++) {
    const v = v128.and(v128.load(src + (<usize>a << 4)), keep);
    const row = dst + <usize>a * BATCH * 8;
    v128.store(row, f64x2.promote_low_f32x4(v));
    v128.store(row, f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 0, 1)), 16);
  }
}

/**
 * The batch's root weights: exp(log w) of its first nb networks (1 without weights), 0 beyond; adds
 * their sum and sum of squares to out[sums] and out[sums + 1].
 */
function rootWeights(cfg: usize, nb: i32, weighted: bool, out: usize): void {
  const root = load<usize>(cfg, CFG_ROOT);
  const logw = load<usize>(cfg, CFG_LOGW);
  let s1 = 0.0;
  let s2 = 0.0;
  for (let b = 0; b < BATCH; b++) {
    const w = b < nb ? (weighted ? Math.exp(load<f64>(logw + (<usize>b << 3))) : 1.0) : 0.0;
    store<f64>(root + (<usize>b << 3), w);
    s1 += w;
    s2 += w * w;
  }
  const p = out + (<usize>load<i32>(cfg, CFG_SUMS) << 3);
  store<f64>(p, load<f64>(p) + s1);
  store<f64>(p, load<f64>(p, 8) + s2, 8);
}

/**
 * The linear response to a deformation (CFG_RESPONSE = r > 0): the batch's products weighted by w V
 * (V of weights.ts, w the root weights) are added to the second block of sums, out[r ..], and the sum
 * of w V to out[CFG_SUMS - 1]. The root weights are overwritten.
 */
function responseBatch(cfg: usize, nb: i32, out: usize, r: i32): void {
  const root = load<usize>(cfg, CFG_ROOT);
  const v = load<usize>(cfg, CFG_DEFORM_V);
  let s = 0.0;
  for (let b = 0; b < BATCH; b++) {
    const p = root + (<usize>b << 3);
    const w = b < nb ? load<f64>(p) * load<f64>(v + (<usize>b << 3)) : 0.0;
    store<f64>(p, w);
    s += w;
  }
  const at = out + (<usize>(load<i32>(cfg, CFG_SUMS) - 1) << 3);
  store<f64>(at, load<f64>(at) + s);
  accumulateBatch(cfg, out + (<usize>r << 3));
}

/**
 * Adds to `out` the sums over networks net0 .. net0 + count - 1 of every product of field values up
 * to order nMax, each network weighted by its root weight: sampled products (direct estimator) or
 * their conditional expectations given the hidden layer (conditional estimator, CFG_ESTIMATOR = 1);
 * then the sum of the weights and of their squares (out[CFG_SUMS], out[CFG_SUMS + 1]). Weights are 1
 * unless a weight source is on (weights.ts). With CFG_RESPONSE, the V-weighted sums follow (see
 * responseBatch). Networks are processed in batches of BATCH from net0, so the summation order
 * depends only on (net0, count).
 */
export function sampleRange(cfg: usize, net0: f64, count: i32, out: usize): void {
  const act = load<i32>(cfg, CFG_ACT);
  const conditional = load<i32>(cfg, CFG_ESTIMATOR) == 1;
  const weighted = load<i32>(cfg, CFG_WEIGHTS) != 0;
  const deform = (load<i32>(cfg, CFG_WEIGHTS) & WEIGHT_DEFORM) != 0;
  const response = load<i32>(cfg, CFG_RESPONSE);
  const first = <u64>net0;
  for (let b0 = 0; b0 < count; b0 += BATCH) {
    const nb = min(BATCH, count - b0);
    if (conditional) {
      for (let g = 0; g < BATCH; g += LANES) {
        if (g < nb) {
          hiddenStats(cfg, act, first + <u64>(b0 + g));
          if (weighted) storeWeights(cfg, g);
        }
        storeConditionalGroup(cfg, g, nb - g);
      }
      rootWeights(cfg, nb, weighted, out);
      conditionalBatch(cfg, out);
    } else {
      for (let g = 0; g < BATCH; g += LANES) {
        if (g < nb) {
          forwardGroup(cfg, act, first + <u64>(b0 + g));
          if (deform) addDeformTerms(cfg, g);
          if (weighted) storeWeights(cfg, g);
        }
        storeGroup(cfg, g, nb - g);
      }
      rootWeights(cfg, nb, weighted, out);
      accumulateBatch(cfg, out);
      if (response != 0) responseBatch(cfg, nb, out, response);
    }
  }
}

/**
 * Field values of networks net0 .. net0 + count - 1, written as f32 to out[n * P + a]
 * (P = K d_out components). For tests and for users who want the raw samples.
 */
export function forwardRange(cfg: usize, net0: f64, count: i32, out: usize): void {
  const act = load<i32>(cfg, CFG_ACT);
  const P = load<i32>(cfg, CFG_POINTS) * load<i32>(cfg, CFG_DOUT);
  const phi = load<usize>(cfg, CFG_PHI32);
  const first = <u64>net0;
  for (let g = 0; g < count; g += LANES) {
    forwardGroup(cfg, act, first + <u64>g);
    const lanes = min(LANES, count - g);
    for (let l = 0; l < lanes; l++) {
      for (let a = 0; a < P; a++) {
        store<f32>(out + (<usize>((g + l) * P + a) << 2), load<f32>(phi + (<usize>a << 4) + (<usize>l << 2)));
      }
    }
  }
}

/**
 * Standard normals 0 .. 4 blocks - 1 of `stream` for networks net0 .. net0 + 3 (lanes), written as
 * f32x4 per normal index to out (the generator behind every parameter).
 */
export function normals(out: usize, seedLo: u32, seedHi: u32, stream: u32, net0: f64, blocks: u32): void {
  const n = <u64>net0;
  let lo = i32x4.splat(<i32>n);
  lo = i32x4.add(lo, i32x4(0, 1, 2, 3));
  // networks in one group never straddle a 2^32 boundary when net0 is a multiple of 4
  const hi = i32x4.splat(<i32>(n >> 32));
  normalBlocks(out, 0, blocks, stream, lo, hi, i32x4.splat(seedLo), i32x4.splat(seedHi));
}

/** Uniforms 0 .. 4 blocks - 1 of `stream` for networks net0 .. net0 + 3, laid out as `normals`. */
export function uniforms(out: usize, seedLo: u32, seedHi: u32, stream: u32, net0: f64, blocks: u32): void {
  const n = <u64>net0;
  const lo = i32x4.add(i32x4.splat(<i32>n), i32x4(0, 1, 2, 3));
  const hi = i32x4.splat(<i32>(n >> 32));
  uniformBlocks(out, 0, blocks, stream, lo, hi, i32x4.splat(seedLo), i32x4.splat(seedHi));
}

/**
 * Polar variates 0 .. 2 blocks - 1 of `stream` for networks net0 .. net0 + 3 (rng.ts polarBlocks):
 * directions to out (two f32x4 per variate), Laplace variates / sqrt2 to out1 (one f32x4 per variate).
 */
export function polarVariates(out: usize, out1: usize, seedLo: u32, seedHi: u32, stream: u32, net0: f64, blocks: u32): void {
  const n = <u64>net0;
  const lo = i32x4.add(i32x4.splat(<i32>n), i32x4(0, 1, 2, 3));
  const hi = i32x4.splat(<i32>(n >> 32));
  polarBlocks(out, out1, 0, blocks, stream, lo, hi, i32x4.splat(seedLo), i32x4.splat(seedHi));
}

/**
 * Philox4x32-10 of four (counter, key) pairs: ctr = 4 x f32x4-sized vectors (word i of the four
 * counters), key = 2 vectors; the 4 output words go to out in the same layout.
 */
export function philox(ctr: usize, key: usize, out: usize): void {
  philox4(v128.load(ctr), v128.load(ctr, 16), v128.load(ctr, 32), v128.load(ctr, 48), v128.load(key), v128.load(key, 16));
  v128.store(out, word0);
  v128.store(out, word1, 16);
  v128.store(out, word2, 32);
  v128.store(out, word3, 48);
}

export const FN_EXP = 0;
export const FN_LOG = 1;
export const FN_ERF = 2;
export const FN_TANH = 3;
export const FN_COS = 4;
export const FN_TAN_QUARTER = 5;
export const FN_EXPM1 = 6;

/** Applies vector-math routine `fn` to n f32 values (n a multiple of 4), for accuracy tests. */
export function vmath(fn: i32, src: usize, dst: usize, n: i32): void {
  for (let i = 0; i < n; i += 4) {
    const x = v128.load(src + (<usize>i << 2));
    let y: v128;
    if (fn == FN_EXP) y = expf4(x);
    else if (fn == FN_LOG) y = logf4(x);
    else if (fn == FN_ERF) y = erff4(x);
    else if (fn == FN_COS) y = cosf4(x);
    else if (fn == FN_TAN_QUARTER) y = tanQuarterf4(x);
    else if (fn == FN_EXPM1) y = expm1f4(x);
    else y = tanhf4(x);
    v128.store(dst + (<usize>i << 2), y);
  }
}
