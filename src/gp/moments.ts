import { orderOffset } from '../stats/multiset.js';

/**
 * Adds every product of `phi`'s components of orders 1..nMax, times `weight`, to `sums`, in the flat
 * multiset layout of src/stats/multiset.ts: a depth-first walk over sorted index tuples visits each
 * order's multisets in lexicographic order, so one running product per depth serves all of them. The
 * weight starts the product (weight 1 changes no bit).
 */
export function addProducts(phi: Float64Array, nMax: number, sums: Float64Array, weight = 1): void {
  const P = phi.length;
  const product = new Float64Array(nMax + 1); // product[d]: weight times the tuple's first d factors
  const index = new Int32Array(nMax + 1);
  product[0] = weight;
  for (let n = 1; n <= nMax; n++) {
    let at = orderOffset(P, n);
    let depth = 1;
    index[1] = 0;
    while (depth > 0) {
      const i = index[depth];
      if (i >= P) {
        depth--;
        index[depth]++;
        continue;
      }
      const p = product[depth - 1] * phi[i];
      if (depth === n) {
        sums[at++] += p;
        index[depth]++;
      } else {
        product[depth] = p;
        index[++depth] = i;
      }
    }
  }
}
