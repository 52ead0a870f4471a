/**
 * Tests of invariance: is every correlator of an ensemble unchanged by a set of transformations?
 * (Spec G1: a transformation is a symmetry of the function-space density iff all its correlators are
 * invariant; they are computed in parameter space, from the sampled networks.)
 *
 * Per order and kind (moment or connected), over all entries of all transformations:
 *
 * - `mean` and `rms` of the deviations d = T.G - G, the spec's SO(5) metric (mu_M, sigma_M), with the
 *   propagated statistical `band` delta_M = rms over entries of sqrt(se(G)^2 + se(T.G)^2), as the
 *   authors' notebook computes it (it treats G and T.G as independent). `withinBand` is |mu_M| <= delta_M.
 * - `meanSE`: the jackknife error of mu_M itself (a function of the block moments, so exact to leading
 *   order, correlations included), and the z-scores d / se(d) of every entry with paired jackknife errors.
 * - A chi-squared of all entries, `Q = sum z^2`, with a null distribution matched to the entries'
 *   jackknife correlation matrix (`src/stats/diagonal-chi-square.ts`: the entries far outnumber the
 *   blocks, so their covariance cannot be inverted). Its p-value gives the verdict: `broken` below
 *   `alpha` (default 6.3e-5, the two-sided 4 sigma of the test suite), otherwise `invariant`;
 *   `exact` when every deviation is zero up to rounding with zero error (e.g. output rotations under
 *   the conditional estimator, which integrates the last layer out exactly).
 *
 * @module
 */
import { NnftInputError } from '../errors.js';
import type { EnsembleResult } from '../result.js';
import { DiagonalChiSquare, type DiagonalChiSquareResult } from '../stats/diagonal-chi-square.js';
import { multisetCount, orderOffset } from '../stats/multiset.js';
import { checkOrder, resolveAction, selectTuples, visitDeviations, type EntrySelection, type ResolvedAction } from './deviation.js';
import { correlatorRun, runReplicates, type CorrelatorKind, type CorrelatorRun } from './run.js';
import type { Transformation } from './transformation.js';

/** Two-sided p-value of 4 standard deviations: the default threshold of a verdict. */
export const FOUR_SIGMA_P = 6.334e-5;

/** Options of {@link testInvariance}. */
export interface InvarianceOptions extends EntrySelection {
  /** Orders to test (default: the orders the run was asked for). */
  readonly orders?: readonly number[];
  /** Moments, connected correlators or both (default both). */
  readonly kinds?: readonly CorrelatorKind[];
  /** p-value below which the verdict is `broken` (default {@link FOUR_SIGMA_P}). */
  readonly alpha?: number;
  /**
   * The chi-squared stacks the entries of the first this many transformations (default 64; every
   * other statistic uses all of them). Deviations under further rotations are linear combinations of
   * the same few correlator entries, so they add cost, not information.
   */
  readonly chiSquareTransformations?: number;
}

/** Verdict of a test of invariance. */
export type Verdict = 'exact' | 'invariant' | 'broken';

/** The deviation statistics of one order and kind. */
export interface OrderDeviation {
  readonly order: number;
  readonly kind: CorrelatorKind;
  readonly transformations: number;
  /** Deviation entries, over all transformations. */
  readonly entries: number;
  /** mu_M: mean of d over entries, with its jackknife error. */
  readonly mean: number;
  readonly meanSE: number;
  /** sigma_M: root mean square of d over entries, with its jackknife error. */
  readonly rms: number;
  readonly rmsSE: number;
  /** delta_M: rms over entries of sqrt(se(G)^2 + se(T.G)^2), the spec's propagated band. */
  readonly band: number;
  /** |mu_M| <= delta_M (spec G4 row 12). */
  readonly withinBand: boolean;
  /** Root mean square of G over the entries: the scale to read the deviations against. */
  readonly scale: number;
  /** z = d / se(d) (paired jackknife errors): root mean square and largest |z|. */
  readonly rmsZ: number;
  readonly maxAbsZ: number;
  /** Largest |d| among entries exact by construction (error below 1e-12 of the order's rms), relative to that rms. */
  readonly maxExactDeviation: number;
  readonly chiSquare: DiagonalChiSquareResult;
  readonly verdict: Verdict;
}

/** The outcome of {@link testInvariance}. */
export interface InvarianceResult {
  readonly run: string;
  readonly networks: number;
  readonly transformations: number;
  readonly alpha: number;
  readonly orders: OrderDeviation[];
  /** `broken` if any order is, else `invariant` if any is, else `exact`. */
  readonly verdict: Verdict;
}

/** Jackknife standard error from replicates (factor (B - 1)/B). */
function replicateSE(reps: ArrayLike<number>, factor: number): number {
  const B = reps.length;
  let m = 0;
  for (let b = 0; b < B; b++) m += reps[b];
  m /= B;
  let ss = 0;
  for (let b = 0; b < B; b++) ss += (reps[b] - m) ** 2;
  return Math.sqrt(factor * ss);
}

/** An error below 1e-12 of the order's scale is rounding: the entry is exact (reported as 0). */
const exactOrSE = (se: number, scale: number): number => (se > 1e-12 * scale ? se : 0);

/** Combines verdicts: any broken, else any invariant, else exact. */
export function combineVerdicts(vs: readonly Verdict[]): Verdict {
  if (vs.includes('broken')) return 'broken';
  return vs.includes('invariant') ? 'invariant' : 'exact';
}

/** Deviation statistics of one order and kind over resolved actions. */
function orderDeviation(
  run: CorrelatorRun, actions: ResolvedAction[], n: number, kind: CorrelatorKind, tuples: number[][], alpha: number, chiLimit: number,
): OrderDeviation {
  const { value, replicates, factor } = runReplicates(run, kind);
  const B = replicates.length;
  // the order's scale: an entry whose error is below 1e-12 of it is exact up to rounding
  const P = run.points.length * run.dOut;
  const start = orderOffset(P, n);
  const count = multisetCount(P, n);
  let ss = 0;
  for (let i = start; i < start + count; i++) ss += value[i] * value[i];
  const orderScale = Math.sqrt(ss / count) || 1;
  if (B < 4) throw new NnftInputError('blocks', B, 'must number at least 4 (non-empty) for a test of invariance');
  const chi = new DiagonalChiSquare(B, factor);
  const meanReps = new Float64Array(B);
  const squareReps = new Float64Array(B);
  const dReps = new Float64Array(B);
  let q = 0;
  let sumD = 0;
  let sumD2 = 0;
  let sumBand2 = 0;
  let sumG2 = 0;
  let sumZ2 = 0;
  let measured = 0;
  let maxAbsZ = 0;
  let maxExactDeviation = 0;
  visitDeviations(run, actions, n, kind, tuples, (e, a) => {
    const d = e.transformed - e.value;
    for (let b = 0; b < B; b++) {
      dReps[b] = e.transformedReplicates[b] - e.valueReplicates[b];
      meanReps[b] += dReps[b];
      squareReps[b] += dReps[b] * dReps[b];
    }
    const se = a < chiLimit ? chi.add(d, dReps, orderScale) : exactOrSE(replicateSE(dReps, factor), orderScale);
    if (se > 0) {
      const z = d / se;
      sumZ2 += z * z;
      maxAbsZ = Math.max(maxAbsZ, Math.abs(z));
      measured++;
    } else {
      maxExactDeviation = Math.max(maxExactDeviation, Math.abs(d) / orderScale);
    }
    sumBand2 += replicateSE(e.valueReplicates, factor) ** 2 + replicateSE(e.transformedReplicates, factor) ** 2;
    sumD += d;
    sumD2 += d * d;
    sumG2 += e.value * e.value;
    q++;
  });
  for (let b = 0; b < B; b++) {
    meanReps[b] /= q;
    squareReps[b] = Math.sqrt(squareReps[b] / q);
  }
  const mean = sumD / q;
  const band = Math.sqrt(sumBand2 / q);
  const scale = Math.sqrt(sumG2 / q);
  const chiSquare = chi.result();
  let verdict: Verdict;
  if (maxExactDeviation > 1e-9) verdict = 'broken';
  else if (chiSquare.entries === 0) verdict = 'exact';
  else verdict = chiSquare.pValue < alpha ? 'broken' : 'invariant';
  return {
    order: n, kind, transformations: actions.length, entries: q,
    mean, meanSE: replicateSE(meanReps, factor), rms: Math.sqrt(sumD2 / q), rmsSE: replicateSE(squareReps, factor), band, withinBand: Math.abs(mean) <= band, scale,
    rmsZ: measured > 0 ? Math.sqrt(sumZ2 / measured) : 0, maxAbsZ, maxExactDeviation, chiSquare, verdict,
  };
}

/**
 * Tests whether the correlators of a sampled ensemble are invariant under every transformation of
 * a set (see the module comment for the statistics). Output rotations need a run with d_out equal to
 * their size; input rotations and translations need a paired run (`pairedPoints`), whose base
 * points are the first half unless `basePoints` says otherwise.
 *
 * @throws NnftInputError before any work: `transformations` (empty or not transformations),
 *   `rotation` (wrong size for the run's outputs or inputs), `shift`, `points` (the run lacks the image of a base
 *   point), `orders` (an order the run did not measure), `kinds`, `alpha`, `basePoints`, `tuples[n]`
 *
 * @example
 * ```ts
 * const r = await sample({ arch: 'gauss-net', width: 10, dOut: 5, points: [0.1, 0.2], networks: 1e5, orders: [2, 4], seed: 1, estimator: 'direct' });
 * testInvariance(r, haarRotations(5, 10, 1).map(outputRotation)).verdict; // 'invariant' (zero-mean output weights)
 * ```
 */
export function testInvariance(
  result: EnsembleResult | CorrelatorRun,
  transformations: readonly Transformation[],
  options: InvarianceOptions = {},
): InvarianceResult {
  const run = correlatorRun(result);
  if (!Array.isArray(transformations) || transformations.length === 0) {
    throw new NnftInputError('transformations', transformations, 'must be a non-empty array of transformations');
  }
  const alpha = options.alpha ?? FOUR_SIGMA_P;
  if (!(alpha > 0 && alpha < 1)) throw new NnftInputError('alpha', alpha, 'must be in (0, 1)');
  const kinds = options.kinds ?? (['moment', 'connected'] as const);
  if (!Array.isArray(kinds) || kinds.length === 0 || kinds.some((k) => k !== 'moment' && k !== 'connected')) {
    throw new NnftInputError('kinds', kinds, "must be a non-empty array of 'moment' and 'connected'");
  }
  const orders = options.orders ?? run.orders;
  if (!Array.isArray(orders) || orders.length === 0) throw new NnftInputError('orders', orders, 'must be a non-empty array of orders');
  for (const n of orders) checkOrder(run, n);
  const actions = transformations.map((t) => resolveAction(run, t, options.basePoints));
  const base = actions[0].pointImage.length;
  if (actions.some((a) => a.pointImage.length !== base)) {
    throw new NnftInputError('basePoints', options.basePoints, 'must be the same for every transformation: give basePoints when mixing output and input transformations');
  }
  const tuplesByOrder = new Map(orders.map((n) => [n, selectTuples(n, base, options.tuples)]));
  const out: OrderDeviation[] = [];
  const chiLimit = options.chiSquareTransformations ?? 64;
  if (!Number.isInteger(chiLimit) || chiLimit < 1) throw new NnftInputError('chiSquareTransformations', chiLimit, 'must be an integer >= 1');
  for (const n of orders) {
    for (const kind of kinds) {
      // the connected 1-point function is the moment: test it once
      if (n === 1 && kind === 'connected' && kinds.includes('moment')) continue;
      out.push(orderDeviation(run, actions, n, kind, tuplesByOrder.get(n)!, alpha, chiLimit));
    }
  }
  return {
    run: run.label, networks: run.networks, transformations: transformations.length, alpha, orders: out,
    verdict: combineVerdicts(out.map((o) => o.verdict)),
  };
}
