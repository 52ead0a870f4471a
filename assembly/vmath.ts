// Vector math on f32x4 lanes for the forward pass and the normal generator. Every routine states its
// maximum error over the range it is used on; test/wasm/vmath.test.ts measures it against f64.

const LN2: f32 = 0.6931471805599453;
const LOG2E: f32 = 1.4426950408889634;
// ln 2 split for Cody-Waite range reduction: LN2_HI has 12 trailing zero bits so n * LN2_HI is exact.
const LN2_HI: f32 = 0.693145751953125;
const LN2_LO: f32 = 1.428606765330187e-6;

/** Natural log for u in (0, 1]. Max relative error 2.0e-7 over (0, 1) (tested). */
@inline export function logf4(u: v128): v128 {
  // u = 2^e m with m in [sqrt(1/2), sqrt(2)); ln m = 2 atanh(s), s = (m - 1)/(m + 1), |s| <= 0.1716.
  const t = i32x4.sub(u, i32x4.splat(0x3f3504f3));
  const e = f32x4.convert_i32x4_s(i32x4.shr_s(t, 23));
  const m = i32x4.add(v128.and(t, i32x4.splat(0x007fffff)), i32x4.splat(0x3f3504f3));
  const one = f32x4.splat(1.0);
  const s = f32x4.div(f32x4.sub(m, one), f32x4.add(m, one));
  const s2 = f32x4.mul(s, s);
  // 2 atanh(s) = 2 (s + s^3/3 + s^5/5 + s^7/7 + s^9/9 + ...); the truncation error is below 1e-9.
  let p = f32x4.splat(<f32>(1.0 / 9.0));
  p = f32x4.add(f32x4.mul(p, s2), f32x4.splat(<f32>(1.0 / 7.0)));
  p = f32x4.add(f32x4.mul(p, s2), f32x4.splat(<f32>(1.0 / 5.0)));
  p = f32x4.add(f32x4.mul(p, s2), f32x4.splat(<f32>(1.0 / 3.0)));
  p = f32x4.add(f32x4.mul(p, s2), one);
  return f32x4.add(f32x4.mul(e, f32x4.splat(LN2)), f32x4.mul(f32x4.add(s, s), p));
}

/**
 * exp(x). Inputs are clamped to [-87, 88] (results below 1.6e-38 become that, no infinities).
 * Max relative error 2.5e-7 over [-87, 88] (tested).
 */
@inline export function expf4(x: v128): v128 {
  // pmin/pmax, not min/max: one instruction each in V8 (min/max spend six more on NaN and signed-zero
  // rules); with x first a NaN x still comes through as NaN.
  x = f32x4.pmin(f32x4.pmax(x, f32x4.splat(-87.0)), f32x4.splat(88.0));
  // x = n ln2 + r, |r| <= ln2/2; exp(r) by its Taylor series to r^7 (truncation < 3e-9).
  const n = f32x4.nearest(f32x4.mul(x, f32x4.splat(LOG2E)));
  let r = f32x4.sub(x, f32x4.mul(n, f32x4.splat(LN2_HI)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(LN2_LO)));
  let p = f32x4.splat(<f32>(1.0 / 5040.0));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(<f32>(1.0 / 720.0)));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(<f32>(1.0 / 120.0)));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(<f32>(1.0 / 24.0)));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(<f32>(1.0 / 6.0)));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(<f32>(0.5)));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(<f32>(1.0)));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(<f32>(1.0)));
  // 2^n by building the exponent field directly (n in [-126, 127] after the clamp).
  const scale = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23);
  return f32x4.mul(p, scale);
}

// erf(x) = x P(x^2) / Q(x^2) on |x| <= 4, P of degree 5 and Q of degree 5 (Q(0) = 1), fitted by
// iteratively reweighted least squares (near-minimax) to erf on 40000 points of [0, 4]: max absolute
// error 2.2e-8 in exact arithmetic; beyond 4, erf = +-1 to within 1.6e-8.
const ERF_P0: f32 = 1.128378976531107;
const ERF_P1: f32 = 0.19624143508087077;
const ERF_P2: f32 = 0.053466561716517612;
const ERF_P3: f32 = 0.0040033462674285798;
const ERF_P4: f32 = 0.00028803878959418215;
const ERF_P5: f32 = 0.0000019749403731225345;
const ERF_Q1: f32 = 0.50724560364134108;
const ERF_Q2: f32 = 0.11647338264640827;
const ERF_Q3: f32 = 0.015443816550621556;
const ERF_Q4: f32 = 0.0012162950562156767;
const ERF_Q5: f32 = 0.000037481871244982269;

/** erf(x). Max absolute error 4e-7 over the reals, f32 rounding included (tested). */
@inline export function erff4(x: v128): v128 {
  const ax = f32x4.pmin(f32x4.abs(x), f32x4.splat(4.0)); // pmin: see expf4
  const t = f32x4.mul(ax, ax);
  let p = f32x4.splat(ERF_P5);
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(ERF_P4));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(ERF_P3));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(ERF_P2));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(ERF_P1));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(ERF_P0));
  let q = f32x4.splat(ERF_Q5);
  q = f32x4.add(f32x4.mul(q, t), f32x4.splat(ERF_Q4));
  q = f32x4.add(f32x4.mul(q, t), f32x4.splat(ERF_Q3));
  q = f32x4.add(f32x4.mul(q, t), f32x4.splat(ERF_Q2));
  q = f32x4.add(f32x4.mul(q, t), f32x4.splat(ERF_Q1));
  q = f32x4.add(f32x4.mul(q, t), f32x4.splat(1.0));
  const r = f32x4.pmin(f32x4.div(f32x4.mul(ax, p), q), f32x4.splat(1.0));
  // copy the sign of x onto r (r >= 0)
  return v128.or(r, v128.and(x, i32x4.splat(0x80000000)));
}

// Polynomials for sin and cos on [-pi/4, pi/4], fitted by least squares at 20000 Chebyshev nodes
// (near-minimax): |error| <= 2.5e-9 (sin, degree 7) and 2.8e-8 (cos, degree 6), below f32 rounding.
// Shared by the Box-Muller rotation (rng.ts), cos and the radial samplers.
const SIN1: f32 = 0.99999999692202579;
const SIN3: f32 = -0.16666650686603574;
const SIN5: f32 = 0.0083320363304423412;
const SIN7: f32 = -0.00019503963125804685;
const COS0: f32 = 0.9999999723759491;
const COS2: f32 = -0.49999856557568323;
const COS4: f32 = 0.04165502090542111;
const COS6: f32 = -0.00135858438874505;

/** sin(ph) for ph in [-pi/4, pi/4], given p2 = ph^2. */
@inline export function sinPoly(ph: v128, p2: v128): v128 {
  let sn = f32x4.splat(SIN7);
  sn = f32x4.add(f32x4.mul(sn, p2), f32x4.splat(SIN5));
  sn = f32x4.add(f32x4.mul(sn, p2), f32x4.splat(SIN3));
  return f32x4.mul(f32x4.add(f32x4.mul(sn, p2), f32x4.splat(SIN1)), ph);
}

/** cos(ph) for ph in [-pi/4, pi/4], given p2 = ph^2. */
@inline export function cosPoly(p2: v128): v128 {
  let cs = f32x4.splat(COS6);
  cs = f32x4.add(f32x4.mul(cs, p2), f32x4.splat(COS4));
  cs = f32x4.add(f32x4.mul(cs, p2), f32x4.splat(COS2));
  return f32x4.add(f32x4.mul(cs, p2), f32x4.splat(COS0));
}

// pi/2 in three parts for Cody-Waite reduction (Cephes' split of pi/4, doubled): PIO2_1 has 8
// significant bits and PIO2_2 11, so k PIO2_1 and k PIO2_2 are exact for |k| < 2^13, |x| <= 12868.
const TWO_OVER_PI: f32 = 0.6366197723675814;
const PIO2_1: f32 = 1.5703125;
const PIO2_2: f32 = 4.837512969970703125e-4;
const PIO2_3: f32 = 7.54978995489188216e-8;

/**
 * cos(x): x = k pi/2 + r with |r| <= pi/4, then +-cos r or +-sin r by the quadrant k mod 4.
 * Max absolute error 1.4e-7 for |x| <= 8192 (tested); the reduction is exact only below |x| = 12868.
 */
@inline export function cosf4(x: v128): v128 {
  const k = f32x4.nearest(f32x4.mul(x, f32x4.splat(TWO_OVER_PI)));
  let r = f32x4.sub(x, f32x4.mul(k, f32x4.splat(PIO2_1)));
  r = f32x4.sub(r, f32x4.mul(k, f32x4.splat(PIO2_2)));
  r = f32x4.sub(r, f32x4.mul(k, f32x4.splat(PIO2_3)));
  const r2 = f32x4.mul(r, r);
  const q = i32x4.trunc_sat_f32x4_s(k);
  // odd quadrants take sin r; quadrants 1 and 2 (two's complement: also -3, -2) flip the sign
  const odd = i32x4.eq(v128.and(q, i32x4.splat(1)), i32x4.splat(1));
  const v = v128.bitselect(sinPoly(r, r2), cosPoly(r2), odd);
  return v128.xor(v, i32x4.shl(v128.and(i32x4.add(q, i32x4.splat(1)), i32x4.splat(2)), 30));
}

/**
 * tan(t) for t in [0, pi/2): with ph = t - pi/4 in [-pi/4, pi/4), tan t = (cos ph + sin ph)/(cos ph - sin ph).
 * Relative error 6e-6 where tan t <= 50 and 8e-5 where tan t <= 1000, absolute 1.2e-7 where
 * tan t < 0.05 (tested): near the pole the f32 rounding of t - pi/4 dominates.
 */
@inline export function tanQuarterf4(t: v128): v128 {
  const ph = f32x4.sub(t, f32x4.splat(<f32>0.7853981633974483));
  const p2 = f32x4.mul(ph, ph);
  const s = sinPoly(ph, p2);
  const c = cosPoly(p2);
  return f32x4.div(f32x4.add(c, s), f32x4.sub(c, s));
}

/**
 * exp(x) - 1 for x >= 0: the Taylor series to x^9 below 1/2 (truncation < 1e-8 relative), exp(x) - 1
 * above. Max relative error 1.5e-7 over (0, 88] (tested).
 */
@inline export function expm1f4(x: v128): v128 {
  let p = f32x4.splat(<f32>(1.0 / 362880.0));
  p = f32x4.add(f32x4.mul(p, x), f32x4.splat(<f32>(1.0 / 40320.0)));
  p = f32x4.add(f32x4.mul(p, x), f32x4.splat(<f32>(1.0 / 5040.0)));
  p = f32x4.add(f32x4.mul(p, x), f32x4.splat(<f32>(1.0 / 720.0)));
  p = f32x4.add(f32x4.mul(p, x), f32x4.splat(<f32>(1.0 / 120.0)));
  p = f32x4.add(f32x4.mul(p, x), f32x4.splat(<f32>(1.0 / 24.0)));
  p = f32x4.add(f32x4.mul(p, x), f32x4.splat(<f32>(1.0 / 6.0)));
  p = f32x4.add(f32x4.mul(p, x), f32x4.splat(<f32>0.5));
  p = f32x4.mul(f32x4.add(f32x4.mul(p, x), f32x4.splat(<f32>1.0)), x);
  const big = f32x4.sub(expf4(x), f32x4.splat(<f32>1.0));
  return v128.bitselect(p, big, f32x4.lt(x, f32x4.splat(<f32>0.5)));
}

/**
 * tanh(x) = sign(x) (e - 1)/(e + 1), e = exp(2|x|), |x| clamped to 9 (tanh 9 = 1 - 3e-8).
 * Max absolute error 2e-7 over the reals (tested); relative error near 0 is larger, absolute is what
 * the forward pass needs.
 */
@inline export function tanhf4(x: v128): v128 {
  const ax = f32x4.pmin(f32x4.abs(x), f32x4.splat(9.0)); // pmin: see expf4
  const e = expf4(f32x4.add(ax, ax));
  const r = f32x4.div(f32x4.sub(e, f32x4.splat(1.0)), f32x4.add(e, f32x4.splat(1.0)));
  return v128.or(r, v128.and(x, i32x4.splat(0x80000000)));
}
