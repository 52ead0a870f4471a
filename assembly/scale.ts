// A shared random scale (spec actions-symmetry F1, source 2, construction 1): one s > 0 per network,
//   s^2 = chi^2_nu / nu = (1/nu) sum_{i < nu} g_i^2,   g_i = normal i of stream STREAM_SCALE,
// by which the network's last-layer weights are multiplied (not its bias), so that E[s^2] = 1 and
// Var(s^2) = 2/nu. The neurons are then only conditionally independent, and the ensemble stays
// non-Gaussian at infinite width. The g_i are a pure function of (seed, network, i) like every other
// parameter (rng.ts), and a run with CFG_SCALE_DOF = 0 never draws them.

import { normalBlocks } from './rng';
import { CFG_SCALE_BUF, CFG_SCALE_DOF, SCALE_CHUNK } from './layout';

/** The Philox stream of the scale's normals (0, 1, 2: the hidden normals, output normals, hidden uniforms). */
const STREAM_SCALE: u32 = 3;

/** s of the last drawn group of four networks (f32 lanes, for the forward pass). */
export let scaleS: v128 = f32x4.splat(1);

/** s^2 of the last drawn group, four f64 (lane l at offset 8 l), for the conditional estimator. */
export const SCALE_S2: usize = memory.data(32, 16);

/**
 * Draws s for the four networks (netLo, netHi) under the key (k0, k1): the squares of normals
 * 0 .. nu - 1 summed in f64, SCALE_CHUNK normals at a time through CFG_SCALE_BUF.
 */
export function drawScale(cfg: usize, netLo: v128, netHi: v128, k0: v128, k1: v128): void {
  const nu = load<i32>(cfg, CFG_SCALE_DOF);
  const buf = load<usize>(cfg, CFG_SCALE_BUF);
  let q01 = f64x2.splat(0);
  let q23 = f64x2.splat(0);
  for (let p0 = 0; p0 < nu; p0 += SCALE_CHUNK) {
    const count = min(SCALE_CHUNK, nu - p0);
    // p0 is a multiple of SCALE_CHUNK, so chunks start on whole blocks; the last block's extra normals are not summed
    normalBlocks(buf, <u32>p0 >> 2, (<u32>(p0 + count) + 3) >> 2, STREAM_SCALE, netLo, netHi, k0, k1);
    let p = buf;
    for (let i = 0; i < count; i++) {
      const v = v128.load(p);
      const lo = f64x2.promote_low_f32x4(v);
      const hi = f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 0, 1));
      q01 = f64x2.add(q01, f64x2.mul(lo, lo));
      q23 = f64x2.add(q23, f64x2.mul(hi, hi));
      p += 16;
    }
  }
  const n = f64x2.splat(<f64>nu);
  const s01 = f64x2.div(q01, n);
  const s23 = f64x2.div(q23, n);
  v128.store(SCALE_S2, s01);
  v128.store(SCALE_S2, s23, 16);
  scaleS = i32x4.shuffle(f32x4.demote_f64x2_zero(f64x2.sqrt(s01)), f32x4.demote_f64x2_zero(f64x2.sqrt(s23)), 0, 1, 4, 5);
}
