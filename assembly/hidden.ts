// The parameters of one tile of hidden units, four networks per f32x4 (lane = network), laid out for
// the forward pass: CFG_UNIT_SLOTS vectors per unit, slot i < d_in the weights, slot d_in the bias,
// and for the cos family slot d_in + 1 the unit's amplitude. The host folds each density's mean and
// the weights' scale into the points (layout.ts CFG_XS, CFG_ZC), so the tile holds
//   normal weights:   g                       (W0 = mean + scale g)
//   uniform weights:  u - 1/2                 (W0 = mid + width (u - 1/2))
//   ball weights:     the weight vector itself: direction g / |g| from d_in normals, radius from u_0
//   normal biases:    sb g                    (b0 = mean + sb g)
//   uniform biases:   width (u - 1/2)         (b0 = mid + width (u - 1/2))
// Variate i of unit j is number j (d_in + 1) + i of stream 0 (normals) or stream 2 (uniforms).
//
// A bias mixture (CFG_MIX_FRACTION a > 0, normal biases only) draws b0 = mean + sb z from
// (1 - a) N(mean, sb^2) + a N(mean + s sb, sb^2): z = g + s [u_j < a], u_j uniform j of stream 4 (one
// per unit, a stream no other option reads), g the bias's normal as above. Each unit's log-weight term
// goes to CFG_MIX_BUF (weights.ts WEIGHT_MIXTURE). The normals are those of the run without it, and
// Box-Muller's |g| <= 6.7 reaches 6.7 + s for the shifted component, which is where the heavy tails
// that the mixture is for live.

import { normalBlocks, uniformBlocks } from './rng';
import { expf4, expm1f4, logf4, tanQuarterf4 } from './vmath';
import { mixtureLogTerm } from './weights';
import {
  CFG_AMP_MASS2, CFG_AMP_SCALE, CFG_B0_KIND, CFG_DIN, CFG_INV_DIN, CFG_MIX_BUF, CFG_MIX_FRACTION, CFG_MIX_SHIFT, CFG_NBUF,
  CFG_RADIAL_KIND, CFG_RADIAL_MASS, CFG_RADIAL_NODES, CFG_RADIAL_PARAM, CFG_RADIAL_TABLE, CFG_SB, CFG_SCALE_DOF, CFG_UBUF,
  CFG_UNIT_SLOTS, CFG_W0_KIND, CFG_WEIGHTS,
} from './layout';

export const DENSITY_NORMAL = 0;
export const DENSITY_UNIFORM = 1;
export const DENSITY_BALL = 2;

// Radial samplers of a ball density, r from one uniform u (inverse CDF of the radial marginal):
export const RADIAL_FLAT = 0; // uniform in the ball: r = R u^(1/d)
export const RADIAL_TAN = 1; // d = 1, density 1/(r^2 + m^2): r = m tan(u atan(R/m))
export const RADIAL_LOG = 2; // d = 2, density 1/(r^2 + m^2): r = m sqrt((1 + R^2/m^2)^u - 1)
export const RADIAL_TABLE = 3; // any other: r(t) tabulated at t = u^(1/d), linear interpolation

const STREAM_NORMAL: u32 = 0;
const STREAM_UNIFORM: u32 = 2;
/** The bias mixture's component uniforms (3 is the shared scale's, scale.ts). */
const STREAM_MIXTURE: u32 = 4;

/**
 * Whether a run's hidden units are the papers' (normal weights and biases, no amplitude), every
 * network has weight 1 and no shared scale (scale.ts) multiplies its last layer: such runs take the
 * plain copies of the kernels, whose loops hold no call into the general sampler, the weight sources
 * or the scale (calls in a loop cost the plain path 5-9%).
 */
export function plainRun(cfg: usize): bool {
  return load<i32>(cfg, CFG_W0_KIND) == DENSITY_NORMAL && load<i32>(cfg, CFG_B0_KIND) == DENSITY_NORMAL
    && load<i32>(cfg, CFG_UNIT_SLOTS) == load<i32>(cfg, CFG_DIN) + 1 && load<i32>(cfg, CFG_WEIGHTS) == 0
    && load<i32>(cfg, CFG_SCALE_DOF) == 0;
}

/**
 * Parameters of units u0 .. u0 + nu - 1 of the four networks (netLo, netHi) into buf. The plain
 * copy (normal weights and biases) takes the normals as the tile, each bias multiplied by sb once
 * per unit instead of once per point; the general copy draws any densities (generalTile).
 */
@inline export function hiddenTile(plain: bool, cfg: usize, buf: usize, u0: i32, nu: i32, netLo: v128, netHi: v128, k0: v128, k1: v128): void {
  if (plain) {
    const dIn = load<i32>(cfg, CFG_DIN);
    const sb = f32x4.splat(load<f32>(cfg, CFG_SB));
    const p0 = <u32>(u0 * (dIn + 1));
    normalBlocks(buf, p0 >> 2, (<u32>((u0 + nu) * (dIn + 1)) + 3) >> 2, STREAM_NORMAL, netLo, netHi, k0, k1);
    const unitStride = <usize>(dIn + 1) * 16;
    for (let pb = buf + <usize>dIn * 16, end = buf + <usize>nu * unitStride; pb < end; pb += unitStride) {
      v128.store(pb, f32x4.mul(sb, v128.load(pb)));
    }
  } else {
    generalTile(cfg, buf, u0, nu, netLo, netHi, k0, k1);
  }
}

/** t = u^(1/d) for u in (0, 1): exact for d = 1, 2; exp(log(u)/d) otherwise (relative error < 5e-7). */
@inline function rootOf(u: v128, dIn: i32, invD: f32): v128 {
  if (dIn == 1) return u;
  if (dIn == 2) return f32x4.sqrt(u);
  return expf4(f32x4.mul(logf4(u), f32x4.splat(invD)));
}

/** Linear interpolation of the radial table at t in (0, 1), lane by lane. */
@inline function tableAt(cfg: usize, t: v128): v128 {
  const table = load<usize>(cfg, CFG_RADIAL_TABLE);
  const last = load<i32>(cfg, CFG_RADIAL_NODES) - 1;
  const pos = f32x4.mul(t, f32x4.splat(<f32>last));
  const i = i32x4.min_s(i32x4.trunc_sat_f32x4_s(pos), i32x4.splat(last - 1));
  const frac = f32x4.sub(pos, f32x4.convert_i32x4_s(i));
  let lo = f32x4.splat(0);
  let hi = f32x4.splat(0);
  const p0 = table + (<usize>i32x4.extract_lane(i, 0) << 2);
  const p1 = table + (<usize>i32x4.extract_lane(i, 1) << 2);
  const p2 = table + (<usize>i32x4.extract_lane(i, 2) << 2);
  const p3 = table + (<usize>i32x4.extract_lane(i, 3) << 2);
  lo = f32x4.replace_lane(lo, 0, load<f32>(p0));
  hi = f32x4.replace_lane(hi, 0, load<f32>(p0, 4));
  lo = f32x4.replace_lane(lo, 1, load<f32>(p1));
  hi = f32x4.replace_lane(hi, 1, load<f32>(p1, 4));
  lo = f32x4.replace_lane(lo, 2, load<f32>(p2));
  hi = f32x4.replace_lane(hi, 2, load<f32>(p2, 4));
  lo = f32x4.replace_lane(lo, 3, load<f32>(p3));
  hi = f32x4.replace_lane(hi, 3, load<f32>(p3, 4));
  return f32x4.add(lo, f32x4.mul(frac, f32x4.sub(hi, lo)));
}

/** The radius of a ball density from one uniform u (see RADIAL_*). */
@inline function radiusOf(cfg: usize, u: v128, dIn: i32): v128 {
  const kind = load<i32>(cfg, CFG_RADIAL_KIND);
  const param = f32x4.splat(load<f32>(cfg, CFG_RADIAL_PARAM));
  if (kind == RADIAL_FLAT) return f32x4.mul(param, rootOf(u, dIn, load<f32>(cfg, CFG_INV_DIN)));
  const mass = f32x4.splat(load<f32>(cfg, CFG_RADIAL_MASS));
  if (kind == RADIAL_TAN) return f32x4.mul(mass, tanQuarterf4(f32x4.mul(u, param)));
  if (kind == RADIAL_LOG) return f32x4.mul(mass, f32x4.sqrt(expm1f4(f32x4.mul(u, param))));
  return tableAt(cfg, rootOf(u, dIn, load<f32>(cfg, CFG_INV_DIN)));
}

/** Any densities (and the amplitude slot): variates first, then the tile. */
function generalTile(cfg: usize, buf: usize, u0: i32, nu: i32, netLo: v128, netHi: v128, k0: v128, k1: v128): void {
  const dIn = load<i32>(cfg, CFG_DIN);
  const slots = load<i32>(cfg, CFG_UNIT_SLOTS);
  const wKind = load<i32>(cfg, CFG_W0_KIND);
  const bKind = load<i32>(cfg, CFG_B0_KIND);
  const nbuf = load<usize>(cfg, CFG_NBUF);
  const ubuf = load<usize>(cfg, CFG_UBUF);
  const per = dIn + 1;
  const j0 = <u32>(u0 * per) >> 2; // u0 is a multiple of TILE: tiles start on whole blocks
  const j1 = (<u32>((u0 + nu) * per) + 3) >> 2;
  if (wKind != DENSITY_UNIFORM || bKind == DENSITY_NORMAL) normalBlocks(nbuf, j0, j1, STREAM_NORMAL, netLo, netHi, k0, k1);
  if (wKind != DENSITY_NORMAL || bKind == DENSITY_UNIFORM) uniformBlocks(ubuf, j0, j1, STREAM_UNIFORM, netLo, netHi, k0, k1);
  const half = f32x4.splat(0.5);
  const sb = f32x4.splat(load<f32>(cfg, CFG_SB));
  const withAmp = slots > per;
  const ampScale = f32x4.splat(load<f32>(cfg, CFG_AMP_SCALE));
  const ampMass2 = load<f32>(cfg, CFG_AMP_MASS2);
  const mixA = load<f32>(cfg, CFG_MIX_FRACTION);
  const mixed = mixA > 0 && bKind == DENSITY_NORMAL;
  const mbuf = load<usize>(cfg, CFG_MIX_BUF);
  const a = f32x4.splat(mixA);
  const oneMinusA = f32x4.splat(1 - mixA);
  const shift = f32x4.splat(load<f32>(cfg, CFG_MIX_SHIFT));
  const halfShift2 = f32x4.mul(f32x4.mul(shift, shift), f32x4.splat(0.5));
  // u0 is a multiple of TILE, so the units' uniforms start on a whole block
  if (mixed) uniformBlocks(mbuf, <u32>u0 >> 2, (<u32>(u0 + nu) + 3) >> 2, STREAM_MIXTURE, netLo, netHi, k0, k1);
  for (let u = 0; u < nu; u++) {
    const src = <usize>(u * per) << 4;
    const g = nbuf + src;
    const un = ubuf + src;
    const dst = buf + (<usize>(u * slots) << 4);
    let r2 = f32x4.splat(0);
    if (wKind == DENSITY_BALL) {
      const r = radiusOf(cfg, v128.load(un), dIn);
      if (dIn == 1) {
        // direction +-1: the sign of the normal (a signed zero still has one)
        v128.store(dst, v128.or(r, v128.and(v128.load(g), i32x4.splat(0x80000000))));
      } else {
        let ss = f32x4.splat(0);
        for (let i = 0; i < dIn; i++) {
          const gi = v128.load(g + (<usize>i << 4));
          ss = f32x4.add(ss, f32x4.mul(gi, gi));
        }
        // |g| = 0 has probability ~ 2^(-30 d): the weight vector is then 0, still inside the ball
        const scale = v128.and(f32x4.div(r, f32x4.sqrt(ss)), f32x4.gt(ss, f32x4.splat(0)));
        for (let i = 0; i < dIn; i++) v128.store(dst + (<usize>i << 4), f32x4.mul(v128.load(g + (<usize>i << 4)), scale));
      }
      r2 = f32x4.mul(r, r);
    } else {
      for (let i = 0; i < dIn; i++) {
        const w = wKind == DENSITY_NORMAL ? v128.load(g + (<usize>i << 4)) : f32x4.sub(v128.load(un + (<usize>i << 4)), half);
        v128.store(dst + (<usize>i << 4), w);
        r2 = f32x4.add(r2, f32x4.mul(w, w));
      }
    }
    let bias = bKind == DENSITY_NORMAL ? v128.load(g + (<usize>dIn << 4)) : f32x4.sub(v128.load(un + (<usize>dIn << 4)), half);
    if (mixed) {
      const pm = mbuf + (<usize>u << 4);
      bias = f32x4.add(bias, v128.and(f32x4.lt(v128.load(pm), a), shift));
      v128.store(pm, mixtureLogTerm(bias, shift, halfShift2, a, oneMinusA));
    }
    v128.store(dst + (<usize>dIn << 4), f32x4.mul(sb, bias));
    if (withAmp) {
      const amp = ampMass2 < 0 ? ampScale : f32x4.div(ampScale, f32x4.sqrt(f32x4.add(r2, f32x4.splat(ampMass2))));
      v128.store(dst + (<usize>per << 4), amp);
    }
  }
}
