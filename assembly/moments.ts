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

/** Children (order `order`) of the multiset whose last index is k0 and whose product vector is par. */
function walk(order: i32, k0: i32, par: usize): void {
  const rowBytes = <usize>BATCH * 8;
  if (order == nMax) {
    for (let k = k0; k < components; k++) addTo(order, dot(par, phi + <usize>k * rowBytes));
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
