// Streaming accumulation of the sums of products phi_a1 ... phi_an over a batch of networks, for every
// multiset a1 <= ... <= an and every order n = 1..nMax, weighted by a per-network root weight.
//
// The multisets form a prefix tree: the children of multiset (a1..an) are (a1..an, k) for k >= an, and
// the product vector of a child (over the batch) is its parent's times phi_k. A depth-first walk visits
// each order's multisets in lexicographic order, so a cursor per order writes every sum straight to
// its rank. Leaves (order nMax) need only the dot product with their parent, never a stored vector.
// Summation order is fixed by the batch layout alone, so results are bit-for-bit reproducible.

import { BATCH, CFG_NMAX, CFG_OFFSETS, CFG_PHI64, CFG_POINTS, CFG_DOUT, CFG_POS, CFG_ROOT, CFG_STACK } from './layout';

let components: i32 = 0;
let nMax: i32 = 0;
let phi: usize = 0;
let stack: usize = 0;
let sums: usize = 0;
let cursors: usize = 0;

/** Sum over the batch of par[b] * phi[k][b] (two f64x2 accumulators: BATCH is a multiple of 4). */
@inline function dot(par: usize, row: usize): f64 {
  let s0 = f64x2.splat(0);
  let s1 = f64x2.splat(0);
  const end = par + BATCH * 8;
  while (par < end) {
    s0 = f64x2.add(s0, f64x2.mul(v128.load(par), v128.load(row)));
    s1 = f64x2.add(s1, f64x2.mul(v128.load(par, 16), v128.load(row, 16)));
    par += 32;
    row += 32;
  }
  const s = f64x2.add(s0, s1);
  return f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
}

/** child[b] = par[b] * phi[k][b]; returns the sum over the batch. */
@inline function product(par: usize, row: usize, child: usize): f64 {
  let s0 = f64x2.splat(0);
  let s1 = f64x2.splat(0);
  const end = par + BATCH * 8;
  while (par < end) {
    const c0 = f64x2.mul(v128.load(par), v128.load(row));
    const c1 = f64x2.mul(v128.load(par, 16), v128.load(row, 16));
    v128.store(child, c0);
    v128.store(child, c1, 16);
    s0 = f64x2.add(s0, c0);
    s1 = f64x2.add(s1, c1);
    par += 32;
    row += 32;
    child += 32;
  }
  const s = f64x2.add(s0, s1);
  return f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
}

@inline function addTo(order: i32, value: f64): void {
  const c = cursors + (<usize>order << 2);
  const pos = load<i32>(c);
  const p = sums + (<usize>pos << 3);
  store<f64>(p, load<f64>(p) + value);
  store<i32>(c, pos + 1);
}

/** Dots of par0 and par1 with rows k..k+3 (sums over the batch), added at out0 + 8i and out1 + 8i. */
@inline function dots2x4(par0: usize, par1: usize, row: usize, out0: usize, out1: usize): void {
  const rowBytes = <usize>BATCH * 8;
  let a0 = f64x2.splat(0), a1 = f64x2.splat(0), a2 = f64x2.splat(0), a3 = f64x2.splat(0);
  let b0 = f64x2.splat(0), b1 = f64x2.splat(0), b2 = f64x2.splat(0), b3 = f64x2.splat(0);
  const end = par0 + rowBytes;
  while (par0 < end) {
    const p = v128.load(par0);
    const q = v128.load(par1);
    const r0 = v128.load(row);
    const r1 = v128.load(row + rowBytes);
    const r2 = v128.load(row + 2 * rowBytes);
    const r3 = v128.load(row + 3 * rowBytes);
    a0 = f64x2.add(a0, f64x2.mul(p, r0));
    a1 = f64x2.add(a1, f64x2.mul(p, r1));
    a2 = f64x2.add(a2, f64x2.mul(p, r2));
    a3 = f64x2.add(a3, f64x2.mul(p, r3));
    b0 = f64x2.add(b0, f64x2.mul(q, r0));
    b1 = f64x2.add(b1, f64x2.mul(q, r1));
    b2 = f64x2.add(b2, f64x2.mul(q, r2));
    b3 = f64x2.add(b3, f64x2.mul(q, r3));
    par0 += 16;
    par1 += 16;
    row += 16;
  }
  addAt(out0, a0);
  addAt(out0 + 8, a1);
  addAt(out0 + 16, a2);
  addAt(out0 + 24, a3);
  addAt(out1, b0);
  addAt(out1 + 8, b1);
  addAt(out1 + 16, b2);
  addAt(out1 + 24, b3);
}

@inline function addAt(p: usize, v: v128): void {
  addF(p, f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1));
}

@inline function addF(p: usize, v: f64): void {
  store<f64>(p, load<f64>(p) + v);
}

/**
 * Children of order nMax - 1 of a multiset with last index k0 and product vector par, with all
 * their leaves. Two siblings are done at once so that each row load feeds two dot products (a
 * 2 x 4 register block); leaf (k', k) sits at rank offset k - k' within sibling k''s leaves.
 */
function walkPenultimate(k0: i32, par: usize): void {
  const order = nMax - 1;
  const rowBytes = <usize>BATCH * 8;
  const c0 = stack + <usize>order * rowBytes;
  const c1 = stack + <usize>nMax * rowBytes;
  const leafCursor = cursors + (<usize>nMax << 2);
  let k = k0;
  for (; k + 1 < components; k += 2) {
    addTo(order, product(par, phi + <usize>k * rowBytes, c0));
    addTo(order, product(par, phi + <usize>(k + 1) * rowBytes, c1));
    const base = load<i32>(leafCursor);
    const out0 = sums + (<usize>base << 3); // leaves (k, k..P-1)
    const out1 = out0 + (<usize>(components - k) << 3); // leaves (k + 1, k + 1..P-1)
    addF(out0, dot(c0, phi + <usize>k * rowBytes));
    let j = k + 1;
    for (; j + 4 <= components; j += 4) {
      dots2x4(c0, c1, phi + <usize>j * rowBytes, out0 + (<usize>(j - k) << 3), out1 + (<usize>(j - k - 1) << 3));
    }
    for (; j < components; j++) {
      const row = phi + <usize>j * rowBytes;
      addF(out0 + (<usize>(j - k) << 3), dot(c0, row));
      addF(out1 + (<usize>(j - k - 1) << 3), dot(c1, row));
    }
    store<i32>(leafCursor, base + 2 * (components - k) - 1);
  }
  if (k < components) {
    addTo(order, product(par, phi + <usize>k * rowBytes, c0));
    addTo(nMax, dot(c0, phi + <usize>k * rowBytes));
  }
}

/** Children (order `order`) of the multiset whose last index is k0 and whose product vector is par. */
function walk(order: i32, k0: i32, par: usize): void {
  const rowBytes = <usize>BATCH * 8;
  if (order == nMax) {
    for (let k = k0; k < components; k++) addTo(order, dot(par, phi + <usize>k * rowBytes));
    return;
  }
  if (order == nMax - 1) {
    walkPenultimate(k0, par);
    return;
  }
  const child = stack + <usize>order * rowBytes;
  for (let k = k0; k < components; k++) {
    addTo(order, product(par, phi + <usize>k * rowBytes, child));
    walk(order + 1, k, child);
  }
}

/**
 * Adds the batch in CFG_PHI64 (component a of network b at a * BATCH + b, f64), weighted by CFG_ROOT,
 * to `out`: the sums of every order 1..nMax, order n's block starting at CFG_OFFSETS[n].
 */
export function accumulateBatch(cfg: usize, out: usize): void {
  components = load<i32>(cfg, CFG_POINTS) * load<i32>(cfg, CFG_DOUT);
  nMax = load<i32>(cfg, CFG_NMAX);
  phi = load<usize>(cfg, CFG_PHI64);
  stack = load<usize>(cfg, CFG_STACK);
  sums = out;
  cursors = load<usize>(cfg, CFG_POS);
  memory.copy(cursors, load<usize>(cfg, CFG_OFFSETS), <usize>(nMax + 1) << 2);
  walk(1, 0, load<usize>(cfg, CFG_ROOT));
}
