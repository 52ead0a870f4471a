import { NnftInputError } from '../errors.js';
import type { EnsembleResult } from '../result.js';
import { blockWeights } from '../stats/accumulator.js';
import { cumulantPlan, cumulantsFromMoments } from '../stats/cumulants.js';
import { jackknife } from '../stats/jackknife.js';
import { flatIndex } from '../stats/multiset.js';

/** One separation of the cluster test. */
export interface ClusterPoint {
  /** The separation r (as given). */
  readonly r: number;
  /** R(r) = G_c^(4)(separated) / G_c^(4)(reference). */
  readonly ratio: number;
  /** Its delete-one-block jackknife standard error (the correlation of numerator and denominator included). */
  readonly se: number;
}

/** The cluster test of a connected 4-point function and its verdict. */
export interface ClusterTest {
  readonly profile: readonly ClusterPoint[];
  /** R at the largest separation over its standard error. */
  readonly z: number;
  /**
   * `non-local` when R at the largest separation differs from 0 by more than `zMax` standard errors
   * (connected correlators do not cluster), `local` when it is consistent with 0 at that level.
   */
  readonly verdict: 'local' | 'non-local';
}

/** Component indices of one separation: the quadruple whose G_c^(4) is divided by the reference's. */
export interface ClusterQuadruple {
  readonly r: number;
  readonly idx: readonly [number, number, number, number];
}

/**
 * The cluster test of spec F5: R(r) = G_c^(4)(x, x+u, x+re, x+re+u) / G_c^(4)(x, x+u, x, x+u) for
 * the given separations, each with the jackknife error of the ratio from the run's blocks. A local
 * (cluster-decomposing) theory has R(r) -> 0; a non-local one a non-zero limit. The verdict holds
 * R at the largest separation against its own statistical error, not against a fixed threshold.
 *
 * @param result - an ensemble with orders up to 4
 * @param reference - components of the reference quadruple (x, x+u, x, x+u)
 * @param separated - components of (x, x+u, x+re, x+re+u) for each r, in increasing r
 * @param zMax - standard errors beyond which R differs from 0 (default 4)
 * @throws NnftInputError for an empty `separated`, bad indices, a result of order below 4
 *
 * @example
 * ```ts
 * // points [0, 20] of cos-net (m = 1, Lambda = 8): R(20) = G_c(0,0,20,20)/G_c(0,0,0,0), about 0.762
 * clusterTest(r, [0, 0, 0, 0], [{ r: 20, idx: [0, 0, 1, 1] }]).verdict; // returns 'non-local'
 * ```
 */
export function clusterTest(
  result: EnsembleResult,
  reference: readonly [number, number, number, number],
  separated: readonly ClusterQuadruple[],
  zMax = 4,
): ClusterTest {
  if (!Array.isArray(separated) || separated.length === 0) throw new NnftInputError('separated', separated, 'must hold at least one separation');
  if (!(zMax > 0)) throw new NnftInputError('zMax', zMax, 'must be > 0');
  const P = result.components;
  if (result.header.nMax < 4) throw new NnftInputError('result', `nMax ${result.header.nMax}`, 'must hold moments up to order 4');
  const at = (field: string, idx: readonly number[]) => {
    if (!Array.isArray(idx) || idx.length !== 4 || idx.some((a) => !Number.isInteger(a) || a < 0 || a >= P)) {
      throw new NnftInputError(field, idx, `must be 4 component indices in [0, ${P - 1}]`);
    }
    return flatIndex(P, idx);
  };
  const ref = at('reference', reference);
  const nums = separated.map((s, i) => at(`separated[${i}].idx`, s.idx));
  const plan = cumulantPlan(P, result.header.nMax);
  const kappa = new Float64Array(plan.size);
  const out = new Float64Array(nums.length);
  const blocks = result.accumulator.blocks().map((b) => ({ count: blockWeights(b).sum, sums: b.sums }));
  const jk = jackknife(blocks, (m) => {
    cumulantsFromMoments(plan, m, kappa);
    for (let i = 0; i < nums.length; i++) out[i] = kappa[nums[i]] / kappa[ref];
    return out;
  });
  const profile = separated.map((s, i) => ({ r: s.r, ratio: jk.value[i], se: jk.se[i] }));
  const last = profile[profile.length - 1];
  const z = last.ratio / last.se;
  return { profile, z, verdict: Math.abs(z) > zMax ? 'non-local' : 'local' };
}
