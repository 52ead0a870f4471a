import { orderOffset } from '../stats/multiset.js';

/**
 * Adds every product of `phi`'s components of orders 1..nMax to `sums`, in the flat multiset layout
 * of src/stats/multiset.ts: a depth-first walk over sorted index tuples visits each order's
 * multisets in lexicographic order, so one running product per depth serves all of them.
 */
export function addProducts(phi: Float64Array, nMax: number, sums: Float64Array): void {
  const P = phi.length;
  for (let n = 1; n <= nMax; n++) {
    let at = orderOffset(P, n);
    const walk = (start: number, depth: number, product: number): void => {
      for (let i = start; i < P; i++) {
        const p = product * phi[i];
        if (depth === n) sums[at++] += p;
        else walk(i, depth + 1, p);
      }
    };
    walk(0, 1, 1);
  }
}
