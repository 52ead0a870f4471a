// Relu units in polar form. With d_in = d_out = 1, centred normal parameters and no pre-activation
// offset at any point, a unit's pre-activation at point x is W0 x + b0 = xs g_w + sb g_b, and the
// normal pair (g_w, g_b) is r (cos theta, sin theta) with r Rayleigh and theta uniform, independent.
// Relu is positively homogeneous, so the unit's term of the output is
//   W1 relu(W0 x + b0) = (sw1 g r) relu(xs cos theta + sb sin theta),
// and g r, a standard normal times an independent Rayleigh, is standard Laplace:
// E exp(i t g r) = E exp(-t^2 r^2 / 2) = 1 / (1 + t^2). So the network's values at the points have the
// same law when each unit is drawn as (theta, L) with L Laplace: two variates per unit instead of
// three normals, and no square root. The tile holds (sqrt2 cos theta, sb sqrt2 sin theta) in the
// plain tile's slots (hidden.ts) and the output weights' tile holds L / sqrt2 (rng.ts polarBlocks),
// so the forward pass is the plain one. Unit j is polar variate j of stream 5; the output bias is
// still normal N of stream 1. The host decides when the form is exact (src/sample/polar-units.ts).

import { polarBlocks } from './rng';
import { CFG_SB } from './layout';

const STREAM_POLAR: u32 = 5;

/** Units u0 .. u0 + nu - 1 (u0 even) of the four networks (netLo, netHi) into buf0 and buf1. */
@inline export function polarTile(cfg: usize, buf0: usize, buf1: usize, u0: i32, nu: i32, netLo: v128, netHi: v128, k0: v128, k1: v128): void {
  polarBlocks(buf0, buf1, <u32>u0 >> 1, (<u32>(u0 + nu) + 1) >> 1, STREAM_POLAR, netLo, netHi, k0, k1);
  const sb = f32x4.splat(load<f32>(cfg, CFG_SB));
  for (let pb = buf0 + 16, end = buf0 + (<usize>nu << 5); pb < end; pb += 32) {
    v128.store(pb, f32x4.mul(sb, v128.load(pb)));
  }
}
