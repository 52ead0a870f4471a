/**
 * Errors of statistics built from many correlators of one ensemble (a pooled coupling, a tuple
 * average of ratios, a least-squares fit): the statistic is recomputed on every delete-one-block
 * replicate of the run, so the correlations between tuples (all measured on the same networks)
 * are propagated, which per-entry errors cannot do.
 *
 * @module
 */
import { NnftInputError } from '../errors.js';
import type { EnsembleResult } from '../result.js';
import { cumulantPlan, cumulantsFromMoments } from '../stats/cumulants.js';
import { jackknife, type JackknifeResult } from '../stats/jackknife.js';

/**
 * Delete-one-block jackknife of `statistic(moments, connected)`, where `moments` and `connected`
 * are the run's raw moments and connected correlators of every order 1..nMax in the flat multiset
 * layout (`flatIndex(P, idx)` of src/stats/multiset.ts), on the full run and on each replicate.
 * The buffers are reused between calls; `statistic` must not keep them.
 *
 * @param result - a sampled ensemble
 * @param statistic - the statistic, returning a Float64Array of fixed length
 * @throws NnftInputError (`result`, or the jackknife's own checks)
 *
 * @example
 * ```ts
 * // the connected 4-point function of component 0 and its error, as result.connected(0, 0, 0, 0)
 * correlatorJackknife(r, (_m, c) => Float64Array.of(c[flatIndex(r.components, [0, 0, 0, 0])]));
 * ```
 */
export function correlatorJackknife(result: EnsembleResult, statistic: (moments: Float64Array, connected: Float64Array) => Float64Array): JackknifeResult {
  if (result === null || typeof result !== 'object' || !result.accumulator) throw new NnftInputError('result', result, 'must be an EnsembleResult');
  const plan = cumulantPlan(result.components, result.header.nMax);
  const connected = new Float64Array(plan.size);
  const blocks = result.accumulator.blocks().map((b) => ({ count: b.n1 - b.n0, sums: b.sums }));
  return jackknife(blocks, (m) => statistic(m, cumulantsFromMoments(plan, m, connected)));
}
