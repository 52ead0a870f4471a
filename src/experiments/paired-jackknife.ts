/**
 * Jackknife errors of statistics that compare two runs of the same networks (the same seed and
 * blocks: a deformed run and its undeformed baseline, say). Their errors are strongly correlated, so
 * the error of a difference is far below the errors added in quadrature: each delete-one-block
 * replicate leaves the same block out of both runs. Each run is self-normalised by its own weights.
 *
 * @module
 */
import { NnftInputError } from '../errors.js';
import type { EnsembleResult } from '../result.js';
import { blockWeights } from '../stats/accumulator.js';
import { cumulantPlan, cumulantsFromMoments } from '../stats/cumulants.js';
import { jackknife, type JackknifeResult } from '../stats/jackknife.js';

/**
 * Delete-one-block jackknife of `statistic(connectedA, connectedB)`, the connected correlators of every
 * order 1..nMax of two runs over the same blocks (flat multiset layout), on the full runs and on each
 * replicate. The buffers are reused between calls; `statistic` must not keep them.
 *
 * @throws NnftInputError (`b`) when the runs differ in components, orders or blocks
 *
 * @example
 * ```ts
 * // G_c^(4)(0,0,0,0) at lambda minus at 0, on the same networks
 * pairedJackknife(deformed, base, (a, b) => Float64Array.of(a[i] - b[i]));
 * ```
 */
export function pairedJackknife(a: EnsembleResult, b: EnsembleResult, statistic: (a: Float64Array, b: Float64Array) => Float64Array): JackknifeResult {
  const [ba, bb] = [a.accumulator.blocks(), b.accumulator.blocks()];
  if (a.components !== b.components || a.header.nMax !== b.header.nMax || ba.length !== bb.length || ba.some((x, i) => x.n0 !== bb[i].n0 || x.n1 !== bb[i].n1)) {
    throw new NnftInputError('b', `${b.components} components, ${bb.length} blocks`, 'must be a run of the same points, orders and blocks as a');
  }
  const S = a.header.sums;
  const plan = cumulantPlan(a.components, a.header.nMax);
  const [ma, mb, ca, cb] = [new Float64Array(S), new Float64Array(S), new Float64Array(plan.size), new Float64Array(plan.size)];
  // every block counts once; each run's weighted sums are divided by its own weight total
  const blocks = ba.map((x, i) => {
    const sums = new Float64Array(2 * S + 2);
    sums.set(x.sums, 0);
    sums.set(bb[i].sums, S);
    sums[2 * S] = blockWeights(x).sum;
    sums[2 * S + 1] = blockWeights(bb[i]).sum;
    return { count: 1, sums };
  });
  return jackknife(blocks, (m) => {
    for (let i = 0; i < S; i++) {
      ma[i] = m[i] / m[2 * S];
      mb[i] = m[S + i] / m[2 * S + 1];
    }
    return statistic(cumulantsFromMoments(plan, ma, ca), cumulantsFromMoments(plan, mb, cb));
  });
}
