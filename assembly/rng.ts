import { cosPoly, logf4, sinPoly } from './vmath';

// Counter-based random numbers: Philox4x32-10 (Salmon, Moraes, Dror, Shaw, "Parallel random numbers:
// as easy as 1, 2, 3", SC'11) evaluated for four counters at once, one per f32x4 lane, and standard
// normal variates from its words by the Box-Muller transform.
//
// Streams. Network n of seed s draws its parameters from counters (block j, stream, n_lo, n_hi) under
// the key (s_lo, s_hi); normal p of a stream is word p % 4 of block p / 4. So every normal is a pure
// function of (seed, network, stream, p): the same on any thread, shard, machine or vectorisation.

// Philox4x32 round multipliers and Weyl key increments (the published constants).
const PHILOX_M0: u32 = 0xd2511f53;
const PHILOX_M1: u32 = 0xcd9e8d57;
const PHILOX_W0: u32 = 0x9e3779b9;
const PHILOX_W1: u32 = 0xbb67ae85;

/** High 32 bits of the unsigned 32x32 -> 64 products of the four lanes of `a` and `m`. */
@inline function mulhi(a: v128, m: v128): v128 {
  const lo = i64x2.extmul_low_i32x4_u(a, m); // lanes 0, 1 as u64
  const hi = i64x2.extmul_high_i32x4_u(a, m); // lanes 2, 3 as u64
  return i32x4.shuffle(lo, hi, 1, 3, 5, 7);
}

// The output of the last philox4 call, one vector per word (lane = counter).
export let word0: v128 = i32x4.splat(0);
export let word1: v128 = i32x4.splat(0);
export let word2: v128 = i32x4.splat(0);
export let word3: v128 = i32x4.splat(0);

/**
 * Philox4x32-10 of four counters (c0..c3 hold word i of the four counters) under keys (k0, k1)
 * (per lane); writes the result to word0..word3.
 */
@inline export function philox4(c0: v128, c1: v128, c2: v128, c3: v128, k0: v128, k1: v128): void {
  const m0 = i32x4.splat(PHILOX_M0);
  const m1 = i32x4.splat(PHILOX_M1);
  const w0 = i32x4.splat(PHILOX_W0);
  const w1 = i32x4.splat(PHILOX_W1);
  for (let round = 0; round < 10; round++) {
    const hi0 = mulhi(c0, m0);
    const lo0 = i32x4.mul(c0, m0);
    const hi1 = mulhi(c2, m1);
    const lo1 = i32x4.mul(c2, m1);
    c0 = v128.xor(v128.xor(hi1, c1), k0);
    c1 = lo1;
    c2 = v128.xor(v128.xor(hi0, c3), k1);
    c3 = lo0;
    k0 = i32x4.add(k0, w0);
    k1 = i32x4.add(k1, w1);
  }
  word0 = c0;
  word1 = c1;
  word2 = c2;
  word3 = c3;
}

// Box-Muller from two words (a, b): radius r = sqrt(-2 ln u), u = (floor(a / 2) + 1/2) 2^-31 in (0, 1)
// (31 bits: a signed conversion is one instruction, an unsigned one several), so |z| <= 6.7; angle theta uniform on the circle, built from 30 bits of b as a uniform angle in the
// first quadrant, reflected into a uniform quadrant by b's two top bits (one sign bit per output).
// Outputs r cos(theta), r sin(theta): two independent standard normals.

const TWO_POW_M31: f32 = 4.656612873077393e-10; // 2^-31
const TWO_POW_M30: f32 = 9.313225746154785e-10; // 2^-30
const HALF_PI: f32 = 1.5707963267948966;

/** Box-Muller radius sqrt(-2 ln u) / sqrt(2), u from the top 31 bits of each lane of `a`. */
@inline function radius(a: v128): v128 {
  const u = f32x4.add(
    f32x4.mul(f32x4.convert_i32x4_s(i32x4.shr_u(a, 1)), f32x4.splat(TWO_POW_M31)),
    f32x4.splat(TWO_POW_M31 * 0.5),
  );
  // sqrt(-2 ln u) * (1/sqrt2) = sqrt(-ln u): the 1/sqrt2 of the rotation below is folded in here.
  return f32x4.sqrt(f32x4.neg(logf4(u)));
}

/**
 * Writes r sqrt2 cos(theta) and r sqrt2 sin(theta) (without `scaled`, sqrt2 cos and sqrt2 sin) to out
 * and out + stride, for theta = (pi/2) t in the first quadrant reflected into the quadrant that bits 31
 * (cosine) and 30 (sine) of b choose: with phi = theta - pi/4 in [-pi/4, pi/4), sqrt2 cos(theta) =
 * cos phi - sin phi and sqrt2 sin(theta) = cos phi + sin phi.
 */
@inline function circlePoint(t: v128, b: v128, scaled: bool, r: v128, out: usize, stride: usize): void {
  const ph = f32x4.mul(f32x4.sub(t, f32x4.splat(0.5)), f32x4.splat(HALF_PI));
  const p2 = f32x4.mul(ph, ph);
  const sn = sinPoly(ph, p2);
  const cs = cosPoly(p2);
  let c = f32x4.sub(cs, sn);
  let s = f32x4.add(cs, sn);
  if (scaled) {
    c = f32x4.mul(r, c);
    s = f32x4.mul(r, s);
  }
  const signMask = i32x4.splat(0x80000000);
  v128.store(out, v128.xor(c, v128.and(b, signMask)));
  v128.store(out + stride, v128.xor(s, v128.and(i32x4.shl(b, 1), signMask)));
}

/** The Box-Muller pair of radius r: the angle's first-quadrant part from the low 30 bits of b. */
@inline function rotate(b: v128, r: v128, out: usize, stride: usize): void {
  const t = f32x4.mul(f32x4.convert_i32x4_s(v128.and(b, i32x4.splat(0x3fffffff))), f32x4.splat(TWO_POW_M30));
  circlePoint(t, b, true, r, out, stride);
}

// Polar variates (assembly/polar.ts): variate p of a stream takes words A = 2 (p % 2) and B = A + 1 of
// block p / 2. B gives a direction (sqrt2 cos theta, sqrt2 sin theta), theta uniform on the circle: the
// first-quadrant angle from B's low 24 bits (a uniform t in [0, 1) exactly, f32's resolution) and the
// quadrant from its two top bits, as for the normals. A and the six remaining bits of B give a
// standard Laplace variate L = +-(-ln u): the sign from A's bit 0, u in (0, 1] from 37 bits (A's top
// 31, then B's bits 24..29), u >= 2^-38, so |L| <= 26.3 (the Laplace's own mass beyond is 3.6e-12).

const TWO_POW_M24: f32 = 5.9604644775390625e-8;
const TWO_POW_M37: f32 = 7.275957614183426e-12;
const TWO_POW_M38: f32 = 3.637978807091713e-12;
const INV_SQRT2: f32 = 0.7071067811865476;

/**
 * Writes variate (A, B) of the polar form: sqrt2 cos(theta) and sqrt2 sin(theta) to out and
 * out + 16, and L / sqrt2 to out1.
 */
@inline function polarVariate(a: v128, b: v128, out: usize, out1: usize): void {
  const t = f32x4.mul(f32x4.convert_i32x4_s(v128.and(b, i32x4.splat(0x00ffffff))), f32x4.splat(TWO_POW_M24));
  circlePoint(t, b, false, f32x4.splat(1), out, 16);
  const hi = f32x4.mul(f32x4.convert_i32x4_s(i32x4.shr_u(a, 1)), f32x4.splat(TWO_POW_M31));
  const ext = f32x4.convert_i32x4_s(v128.and(i32x4.shr_u(b, 24), i32x4.splat(63)));
  const u = f32x4.add(hi, f32x4.add(f32x4.mul(ext, f32x4.splat(TWO_POW_M37)), f32x4.splat(TWO_POW_M38)));
  // -ln(u) / sqrt2 >= 0, its sign bit then set from bit 0 of A
  const magnitude = f32x4.mul(logf4(u), f32x4.splat(-INV_SQRT2));
  v128.store(out1, v128.xor(magnitude, i32x4.shl(a, 31)));
}

// What philoxBlocks makes of a block's four words (a compile-time constant at each call).
const BLOCK_NORMALS = 0; // four normals: out + 16 w, one f32x4 per word
const BLOCK_POLAR = 1; // two polar variates: directions to out (32 bytes each), Laplace variates to out1 (16 each)

@inline function emitBlock(kind: i32, w0: v128, w1: v128, w2: v128, w3: v128, out: usize, out1: usize): void {
  if (kind == BLOCK_NORMALS) {
    rotate(w1, radius(w0), out, 16);
    rotate(w3, radius(w2), out + 32, 16);
  } else {
    polarVariate(w0, w1, out, out1);
    polarVariate(w2, w3, out + 32, out1 + 16);
  }
}

/**
 * Blocks j in [j0, j1) of stream `stream` for the four networks whose indices are (netLo, netHi) per
 * lane, under seed key (k0, k1), turned into variates of `kind`: block j's go to out + 64 (j - j0)
 * (and, for polar variates, out1 + 32 (j - j0)).
 */
@inline function philoxBlocks(kind: i32, out: usize, out1: usize, j0: u32, j1: u32, stream: u32, netLo: v128, netHi: v128, k0: v128, k1: v128): void {
  const s = i32x4.splat(stream);
  const m0 = i32x4.splat(PHILOX_M0);
  const m1 = i32x4.splat(PHILOX_M1);
  const w0 = i32x4.splat(PHILOX_W0);
  const w1 = i32x4.splat(PHILOX_W1);
  let j = j0;
  // Two blocks per step, their Philox rounds interleaved: each round is a chain of dependent
  // multiplies, and two independent chains keep the core busy. (The rounds are written out here, in
  // locals, rather than shared with philox4, whose results pass through globals: 5% slower.)
  for (; j + 2 <= j1; j += 2) {
    let a0 = i32x4.splat(j), a1 = s, a2 = netLo, a3 = netHi;
    let b0 = i32x4.splat(j + 1), b1 = s, b2 = netLo, b3 = netHi;
    let q0 = k0, q1 = k1;
    for (let round = 0; round < 10; round++) {
      const ahi0 = mulhi(a0, m0);
      const alo0 = i32x4.mul(a0, m0);
      const ahi1 = mulhi(a2, m1);
      const alo1 = i32x4.mul(a2, m1);
      const bhi0 = mulhi(b0, m0);
      const blo0 = i32x4.mul(b0, m0);
      const bhi1 = mulhi(b2, m1);
      const blo1 = i32x4.mul(b2, m1);
      a0 = v128.xor(v128.xor(ahi1, a1), q0);
      a1 = alo1;
      a2 = v128.xor(v128.xor(ahi0, a3), q1);
      a3 = alo0;
      b0 = v128.xor(v128.xor(bhi1, b1), q0);
      b1 = blo1;
      b2 = v128.xor(v128.xor(bhi0, b3), q1);
      b3 = blo0;
      q0 = i32x4.add(q0, w0);
      q1 = i32x4.add(q1, w1);
    }
    emitBlock(kind, a0, a1, a2, a3, out, out1);
    emitBlock(kind, b0, b1, b2, b3, out + 64, out1 + 32);
    out += 128;
    out1 += 64;
  }
  if (j < j1) {
    philox4(i32x4.splat(j), s, netLo, netHi, k0, k1);
    emitBlock(kind, word0, word1, word2, word3, out, out1);
  }
}

/**
 * Standard normals p in [4 j0, 4 j1) of stream `stream` for the four networks whose indices are
 * (netLo, netHi) per lane, under seed key (k0, k1): normal p of lane l goes to
 * out + 16 (p - 4 j0) + 4 l, i.e. one f32x4 per normal index, lanes = networks.
 */
export function normalBlocks(out: usize, j0: u32, j1: u32, stream: u32, netLo: v128, netHi: v128, k0: v128, k1: v128): void {
  philoxBlocks(BLOCK_NORMALS, out, 0, j0, j1, stream, netLo, netHi, k0, k1);
}

/**
 * Polar variates p in [2 j0, 2 j1) of stream `stream` for the four networks (netLo, netHi) under the
 * key (k0, k1): the direction of variate p to out + 32 (p - 2 j0) (cos, then sin, one f32x4 each) and
 * its Laplace variate to out1 + 16 (p - 2 j0).
 */
export function polarBlocks(out: usize, out1: usize, j0: u32, j1: u32, stream: u32, netLo: v128, netHi: v128, k0: v128, k1: v128): void {
  philoxBlocks(BLOCK_POLAR, out, out1, j0, j1, stream, netLo, netHi, k0, k1);
}

// Uniform variates: uniform p of a stream is word p % 4 of block p / 4 (the counters of the normals),
// u = (floor(w / 2^9) + 1/2) 2^-23: 23 bits, so every u is exact in f32 and lies in (0, 1).
const TWO_POW_M23: f32 = 1.1920928955078125e-7;

@inline function uniform(w: v128): v128 {
  return f32x4.add(f32x4.mul(f32x4.convert_i32x4_s(i32x4.shr_u(w, 9)), f32x4.splat(TWO_POW_M23)), f32x4.splat(TWO_POW_M24));
}

/**
 * Uniforms p in [4 j0, 4 j1) of stream `stream` for the four networks (netLo, netHi) under the key
 * (k0, k1): uniform p of lane l goes to out + 16 (p - 4 j0) + 4 l, as normalBlocks lays out normals.
 */
export function uniformBlocks(out: usize, j0: u32, j1: u32, stream: u32, netLo: v128, netHi: v128, k0: v128, k1: v128): void {
  const s = i32x4.splat(stream);
  for (let j = j0; j < j1; j++) {
    philox4(i32x4.splat(j), s, netLo, netHi, k0, k1);
    v128.store(out, uniform(word0));
    v128.store(out, uniform(word1), 16);
    v128.store(out, uniform(word2), 32);
    v128.store(out, uniform(word3), 48);
    out += 64;
  }
}
