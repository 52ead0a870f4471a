import { NnftInputError } from '../errors.js';
import { cumulantPlan, momentsFromCumulants } from '../stats/cumulants.js';
import { forEachMultiset, orderOffset } from '../stats/multiset.js';

/**
 * The n-point functions of the Gaussian process with covariance `cov` (P x P, symmetric) and zero
 * mean, for every multiset of orders 1..nMax in the flat layout of src/stats/multiset.ts: by Wick's
 * theorem G(a1..an) = sum over the (n-1)!! pairings of products of covariances, zero at odd n. They
 * are the moments whose only non-zero cumulants are those of order 2, which is how they are built.
 *
 * @example
 * ```ts
 * gpMoments([[2]], 4); // returns Float64Array [0, 2, 0, 12]   (E x^4 = 3 K^2)
 * ```
 */
export function gpMoments(cov: readonly (readonly number[])[], nMax: number): Float64Array {
  const P = cov.length;
  for (const [a, row] of cov.entries()) {
    if (!Array.isArray(row) || row.length !== P) throw new NnftInputError(`cov[${a}]`, row, `must be a row of ${P} numbers`);
    for (const [b, v] of row.entries()) {
      if (!Number.isFinite(v)) throw new NnftInputError(`cov[${a}][${b}]`, v, 'must be finite');
      if (v !== cov[b][a]) throw new NnftInputError(`cov[${a}][${b}]`, v, `must equal cov[${b}][${a}] (symmetric)`);
    }
  }
  const plan = cumulantPlan(P, nMax);
  const kappa = new Float64Array(plan.size);
  if (nMax >= 2) {
    const base = orderOffset(P, 2);
    forEachMultiset(P, 2, (idx, rank) => {
      kappa[base + rank] = cov[idx[0]][idx[1]];
    });
  }
  return momentsFromCumulants(plan, kappa);
}
