/**
 * The action of an output rotation on correlator tensors stored as unique multisets (the flat layout
 * of `src/stats/multiset.ts`, components a = k d_out + o).
 *
 * An output rotation acts on the output index of every component and leaves the points alone:
 *
 *     (R.G)_((k1,o1) ... (kn,on)) = sum_(p1..pn) R_(o1 p1) ... R_(on pn) G_((k1,p1) ... (kn,pn)).
 *
 * So the tensor splits into independent blocks, one per point tuple (k1..kn): the D^n outputs at
 * those points. Each block is gathered into a dense array (position p = sum_i o_i D^(n-1-i)),
 * multiplied by R along each of its n axes in turn (n D^(n+1) operations, instead of the (K D)^(2n)
 * of a naive contraction), and the unique entries are read back. For a sorted point tuple the unique
 * entries are the positions whose outputs do not decrease within a run of equal points; they are in
 * one-to-one correspondence with the multisets of components whose points are that tuple.
 *
 * @module
 */
import { flatIndex, forEachMultiset, validateOrder } from '../stats/multiset.js';
import type { Matrix } from './matrix.js';

/**
 * Flat indices of the dense output block at the point tuple (k1..kn), any order:
 * `map[p]` = flatIndex(K D, [(k1, o1), ..., (kn, on)]) for p = sum_i o_i D^(n-1-i).
 */
export function denseIndexMap(K: number, D: number, tuple: readonly number[]): Int32Array {
  const n = tuple.length;
  validateOrder(n, 'order', 1);
  const P = K * D;
  const size = D ** n;
  const map = new Int32Array(size);
  const comps = new Array<number>(n);
  for (let p = 0; p < size; p++) {
    let rest = p;
    for (let i = n - 1; i >= 0; i--) {
      comps[i] = tuple[i] * D + (rest % D);
      rest = Math.floor(rest / D);
    }
    map[p] = flatIndex(P, comps);
  }
  return map;
}

/**
 * Positions of the unique entries of the dense block at a SORTED point tuple: outputs non-decreasing
 * within each run of equal points.
 */
export function uniquePositions(D: number, tuple: readonly number[]): Int32Array {
  const n = tuple.length;
  const out: number[] = [];
  const o = new Array<number>(n);
  for (let p = 0; p < D ** n; p++) {
    let rest = p;
    for (let i = n - 1; i >= 0; i--) {
      o[i] = rest % D;
      rest = Math.floor(rest / D);
    }
    let ok = true;
    for (let i = 1; i < n && ok; i++) if (tuple[i] === tuple[i - 1] && o[i] < o[i - 1]) ok = false;
    if (ok) out.push(p);
  }
  return Int32Array.from(out);
}

/**
 * R applied along every axis of a dense block of order n (D^n entries), into `out` (allocated if
 * absent; must not be `src`). `work` is scratch of the same size.
 */
export function rotateDense(src: Float64Array, D: number, n: number, R: Matrix, out?: Float64Array, work?: Float64Array): Float64Array {
  const size = src.length;
  const dst = out ?? new Float64Array(size);
  const scratch = work ?? new Float64Array(size);
  const r = R.data;
  let from = src;
  for (let axis = 0; axis < n; axis++) {
    // targets alternate so that the last axis writes into dst
    const to = (n - 1 - axis) % 2 === 0 ? dst : scratch;
    const stride = D ** (n - 1 - axis);
    const span = stride * D;
    for (let base = 0; base < size; base += span) {
      for (let inner = 0; inner < stride; inner++) {
        const at = base + inner;
        for (let o = 0; o < D; o++) {
          let s = 0;
          const row = o * D;
          for (let q = 0; q < D; q++) s += r[row + q] * from[at + q * stride];
          to[at + o * stride] = s;
        }
      }
    }
    from = to;
  }
  return dst;
}

/**
 * R applied to the outputs of a whole flat tensor (every order 1..nMax, every point tuple) over
 * K points and D outputs: the correlators of the network R f. Linear, so it applies to block sums of
 * products as well as to moments and to connected correlators.
 */
export function rotateFlat(values: Float64Array, K: number, D: number, nMax: number, R: Matrix): Float64Array {
  const out = new Float64Array(values.length);
  for (let n = 1; n <= nMax; n++) {
    const size = D ** n;
    const dense = new Float64Array(size);
    const rotated = new Float64Array(size);
    const work = new Float64Array(size);
    forEachMultiset(K, n, (idx) => {
      const tuple = Array.from(idx);
      const map = denseIndexMap(K, D, tuple);
      for (let p = 0; p < size; p++) dense[p] = values[map[p]];
      rotateDense(dense, D, n, R, rotated, work);
      for (const p of uniquePositions(D, tuple)) out[map[p]] = rotated[p];
    });
  }
  return out;
}
