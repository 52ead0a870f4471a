import { NnftInputError } from '../errors.js';
import type { CouplingEstimate } from '../locality/couplings.js';
import { multisetCount, sortedRank } from '../stats/multiset.js';
import { denseTensor } from './symmetric-tensor.js';

/**
 * One reconstructed coupling g_r(i1..ir) over P lattice sites: a symmetric tensor stored in the
 * multiset layout of order r (src/stats/multiset.ts: sorted tuples in lexicographic order), with its
 * delete-one-block jackknife replicates when it was measured. It is a `CouplingEstimate`, so a
 * measured g_4 goes straight into `locality.couplingLocality(g4, sites)`.
 *
 * @example
 * ```ts
 * const g = new Coupling(2, 2, Float64Array.of(2, -0.5, 2));
 * g.at(1, 0);   // returns -0.5
 * g.seAt(0, 0); // returns NaN (exact: no replicates)
 * ```
 */
export class Coupling implements CouplingEstimate {
  /** r, the number of legs. */
  readonly order: number;
  /** P, the number of sites. */
  readonly components: number;
  /** g_r at every sorted multiset of order r. */
  readonly value: Float64Array;
  /** Jackknife standard error of every entry; null for couplings from exact correlators. */
  readonly se: Float64Array | null;
  /** The coupling recomputed without each jackknife block (empty for exact input). */
  readonly replicates: readonly Float64Array[];
  /** The jackknife factor (B - 1)/B (0 for exact input). */
  readonly factor: number;

  /**
   * @param order - r
   * @param components - P
   * @param value - `multisetCount(P, r)` entries
   * @param replicates - jackknife replicates of `value` (none: exact)
   * @param factor - (B - 1)/B of the replicates
   */
  constructor(order: number, components: number, value: Float64Array, replicates: readonly Float64Array[] = [], factor = 0) {
    const q = multisetCount(components, order);
    if (value.length !== q) throw new NnftInputError('value', value.length, `must hold the ${q} entries of order ${order} over ${components} sites`);
    if (replicates.some((r) => r.length !== q)) throw new NnftInputError('replicates', replicates.length, `must each hold ${q} entries`);
    this.order = order;
    this.components = components;
    this.value = value;
    this.replicates = replicates;
    this.factor = factor;
    this.se = replicates.length > 0 ? standardErrors(value.length, replicates, factor) : null;
  }

  /** g_r(i1..ir), indices in any order. */
  at(...idx: number[]): number {
    return this.value[this.rank(idx)];
  }

  /** The jackknife standard error of `at(...idx)` (NaN for exact input). */
  seAt(...idx: number[]): number {
    return this.se ? this.se[this.rank(idx)] : Number.NaN;
  }

  /** The full P^r tensor, row-major (every ordering of the indices). */
  toDense(): Float64Array {
    return denseTensor(this.value, this.order, this.components);
  }

  private rank(idx: number[]): number {
    if (idx.length !== this.order) throw new NnftInputError('indices', idx, `must number ${this.order} (the order of the coupling)`);
    return sortedRank(this.components, idx);
  }
}

/** se_j = sqrt(factor * sum_b (theta_bj - mean_j)^2). */
function standardErrors(q: number, replicates: readonly Float64Array[], factor: number): Float64Array {
  const B = replicates.length;
  const mean = new Float64Array(q);
  for (const r of replicates) for (let j = 0; j < q; j++) mean[j] += r[j] / B;
  const se = new Float64Array(q);
  for (const r of replicates) {
    for (let j = 0; j < q; j++) {
      const d = r[j] - mean[j];
      se[j] += d * d;
    }
  }
  for (let j = 0; j < q; j++) se[j] = Math.sqrt(factor * se[j]);
  return se;
}
