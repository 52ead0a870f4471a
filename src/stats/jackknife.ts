/**
 * Delete-one-block jackknife standard errors for smooth functions of means.
 *
 * ## Setting
 *
 * The data come in B blocks (batches of networks). Block b holds a count `c_b` (number of networks,
 * or a sum of weights) and a vector of sums `s_b` (length m: e.g. sums of products of outputs). The
 * full-sample mean is `xbar = S / C` with `S = sum_b s_b`, `C = sum_b c_b`, and the statistic is
 * `theta = f(xbar)` for some estimator f (cumulants from moments, ratios, ...).
 *
 * ## Estimate
 *
 * Leaving block b out gives the replicate `theta_b = f((S - s_b) / (C - c_b))`. With B' non-empty
 * blocks and `thetabar = (1/B') sum_b theta_b`,
 *
 *     se^2 = (B' - 1)/B' * sum_b (theta_b - thetabar)^2.
 *
 * ## Why the factor (B' - 1)/B', and the batch-means special case
 *
 * Take f the identity and equal counts c (so C = B'c). With block means `m_b = s_b / c`, the
 * leave-one-out mean is `(B' xbar - m_b) / (B' - 1)`, hence
 * `theta_b - thetabar = -(m_b - xbar) / (B' - 1)`: the replicates are squeezed together by a factor
 * B' - 1. Substituting,
 *
 *     se^2 = (B' - 1)/B' * sum_b (m_b - xbar)^2 / (B' - 1)^2 = sum_b (m_b - xbar)^2 / (B' (B' - 1)),
 *
 * which is exactly the batch-means variance of the mean: the sample variance of the B' block means,
 * divided by B'. For a smooth non-linear f, expanding `f(xbar_b) = f(xbar) + grad f . (xbar_b - xbar)
 * + ...` shows that the jackknife reproduces the delta-method error `grad f^T Cov(xbar) grad f`
 * to leading order, without needing the derivative. With unequal counts the replicate means are
 * weighted correctly (each is a ratio of totals), and the formula above is the usual
 * delete-a-group jackknife approximation.
 *
 * Blocks with count 0 carry no data and are skipped altogether (their sums are not added either).
 * With fewer than two non-empty blocks there is no spread to measure and `se` is NaN.
 *
 * The replicate spread is accumulated with Welford's update (no replicate is stored), so the work
 * space is a few vectors of length m and q whatever B is.
 *
 * @example
 * ```ts
 * import { jackknife } from './jackknife.js';
 * const blocks = [1, 2, 4, 5].map((m) => ({ count: 2, sums: Float64Array.of(2 * m) }));
 * const r = jackknife(blocks, (mean) => mean);
 * r.value; // returns Float64Array [3]
 * r.se[0]; // returns 0.91287... (= sqrt(10 / (4 * 3)) = sqrt(5/6), up to rounding)
 * ```
 *
 * @module
 */
import { NnftInputError } from '../errors.js';

/** One block of data: a count (or total weight) and the sums of the observed quantities. */
export interface JackknifeBlock {
  /** Number of samples in the block, or the sum of their weights; >= 0 (0: the block is ignored). */
  readonly count: number;
  /** Sums of the m observed quantities over the block's samples (weighted sums for weights). */
  readonly sums: Float64Array;
}

/** Jackknife result: the full-sample estimate and its standard error, element by element. */
export interface JackknifeResult {
  /** `estimator(S / C)` on all the data. */
  readonly value: Float64Array;
  /** Delete-one-block standard error of each component of `value` (NaN with < 2 non-empty blocks). */
  readonly se: Float64Array;
}

/**
 * Delete-one-block jackknife of `estimator(mean)`; see the module comment for the derivation.
 *
 * `estimator` is called 1 + B' times (B' = number of blocks with count > 0), each time with the SAME
 * `mean` buffer (length m), refilled in between: it must not keep a reference to it. It may return
 * a buffer of its own that it reuses between calls: each result is consumed before the next call.
 * Every call must return the same length q.
 *
 * @param blocks - the blocks; every `sums` has the same length m >= 1
 * @param estimator - maps a vector of means (length m) to the statistics (length q)
 * @returns `{ value, se }`, two fresh arrays of length q
 * @throws NnftInputError for an empty or malformed `blocks` (`blocks`, `blocks[i].count`,
 *   `blocks[i].sums`, `blocks[i].sums.length`), no block with count > 0, a non-function
 *   `estimator`, or an estimator whose output is not a Float64Array of constant length
 *
 * @example
 * ```ts
 * // ratio of means y/x on three single-sample blocks (x, y) = (1, 1), (1, 2), (2, 3):
 * const blocks = [[1, 1], [1, 2], [2, 3]].map(([x, y]) => ({ count: 1, sums: Float64Array.of(x, y) }));
 * const r = jackknife(blocks, (m) => Float64Array.of(m[1] / m[0]));
 * r.value; // returns Float64Array [1.5]
 * r.se[0]; // returns 0.19245... (= 1 / sqrt(27), up to rounding)
 * ```
 */
export function jackknife(
  blocks: readonly JackknifeBlock[],
  estimator: (mean: Float64Array) => Float64Array,
): JackknifeResult {
  const { S, C, nonEmpty, m } = blockTotals(blocks, estimator);
  const mean = new Float64Array(m);
  const invC = 1 / C;
  for (let i = 0; i < m; i++) mean[i] = S[i] * invC;
  const full = checkedOutput(estimator(mean));
  const q = full.length;
  const value = Float64Array.from(full);
  const se = new Float64Array(q);
  if (nonEmpty < 2) {
    se.fill(Number.NaN);
    return { value, se };
  }

  // Welford: running mean and sum of squared deviations of the replicates.
  const avg = new Float64Array(q);
  const m2 = se; // accumulate in place, turned into se at the end
  let k = 0;
  for (const blk of blocks) {
    if (blk.count === 0) continue;
    const inv = 1 / (C - blk.count);
    const s = blk.sums;
    for (let i = 0; i < m; i++) mean[i] = (S[i] - s[i]) * inv;
    const theta = checkedOutput(estimator(mean), q);
    k++;
    for (let j = 0; j < q; j++) {
      const d = theta[j] - avg[j];
      avg[j] += d / k;
      m2[j] += d * (theta[j] - avg[j]);
    }
  }
  const f = (nonEmpty - 1) / nonEmpty;
  for (let j = 0; j < q; j++) se[j] = Math.sqrt(f * m2[j]);
  return { value, se };
}

/** Every delete-one-block replicate of a statistic: what covariances and derived statistics need. */
export interface JackknifeReplicates {
  /** `estimator(S / C)` on all the data. */
  readonly value: Float64Array;
  /** `replicates[b]` = the statistic without the b-th non-empty block (B' of them, block order). */
  readonly replicates: Float64Array[];
  /**
   * (B' - 1)/B': the jackknife covariance of components i and j is
   * `factor * sum_b (theta_b,i - thetabar_i)(theta_b,j - thetabar_j)`, whose diagonal is `se^2`
   * of {@link jackknife}.
   */
  readonly factor: number;
}

/**
 * The delete-one-block replicates of `estimator(mean)` (same blocks and estimator contract as
 * {@link jackknife}), kept so that a caller can form the jackknife error of any function of the
 * statistic, or the covariance between its components. Memory: B' + 1 vectors of length q.
 *
 * @throws NnftInputError as {@link jackknife}, and for fewer than two non-empty blocks (`blocks`)
 *
 * @example
 * ```ts
 * const blocks = [1, 2, 4, 5].map((m) => ({ count: 2, sums: Float64Array.of(2 * m) }));
 * const r = jackknifeReplicates(blocks, (mean) => mean);
 * r.replicates.map((t) => t[0]); // returns [11/3, 10/3, 8/3, 7/3]
 * r.factor;                      // returns 0.75
 * ```
 */
export function jackknifeReplicates(
  blocks: readonly JackknifeBlock[],
  estimator: (mean: Float64Array) => Float64Array,
): JackknifeReplicates {
  const { S, C, nonEmpty, m } = blockTotals(blocks, estimator);
  if (nonEmpty < 2) {
    throw new NnftInputError('blocks', `${nonEmpty} non-empty block`, 'must contain at least two blocks with count > 0 for replicates');
  }
  const mean = new Float64Array(m);
  const invC = 1 / C;
  for (let i = 0; i < m; i++) mean[i] = S[i] * invC;
  const value = Float64Array.from(checkedOutput(estimator(mean)));
  const replicates: Float64Array[] = [];
  for (const blk of blocks) {
    if (blk.count === 0) continue;
    const inv = 1 / (C - blk.count);
    for (let i = 0; i < m; i++) mean[i] = (S[i] - blk.sums[i]) * inv;
    replicates.push(Float64Array.from(checkedOutput(estimator(mean), value.length)));
  }
  return { value, replicates, factor: (nonEmpty - 1) / nonEmpty };
}

/** Checks an estimator's output: a Float64Array, of length `q` when given. */
function checkedOutput(theta: unknown, q?: number): Float64Array {
  if (!(theta instanceof Float64Array)) {
    throw new NnftInputError('estimator', theta, q === undefined ? 'must return a Float64Array' : `must return a Float64Array of the same length (${q}) on every call`);
  }
  if (q !== undefined && theta.length !== q) {
    throw new NnftInputError('estimator', `Float64Array(${theta.length})`, `must return a Float64Array of the same length (${q}) on every call`);
  }
  return theta;
}

/** Validates the blocks and the estimator; returns the totals over the non-empty blocks. */
function blockTotals(
  blocks: readonly JackknifeBlock[],
  estimator: unknown,
): { S: Float64Array; C: number; nonEmpty: number; m: number } {
  if (!Array.isArray(blocks) || blocks.length === 0) {
    throw new NnftInputError('blocks', blocks, 'must be a non-empty array of { count, sums } blocks');
  }
  if (typeof estimator !== 'function') {
    throw new NnftInputError('estimator', estimator, 'must be a function (mean: Float64Array) => Float64Array');
  }
  let m = -1;
  for (let b = 0; b < blocks.length; b++) {
    const blk = blocks[b];
    if (blk === null || typeof blk !== 'object') {
      throw new NnftInputError(`blocks[${b}]`, blk, 'must be an object { count, sums }');
    }
    if (typeof blk.count !== 'number' || !Number.isFinite(blk.count) || blk.count < 0) {
      throw new NnftInputError(`blocks[${b}].count`, blk.count, 'must be a finite number >= 0');
    }
    if (!(blk.sums instanceof Float64Array)) {
      throw new NnftInputError(`blocks[${b}].sums`, blk.sums, 'must be a Float64Array');
    }
    if (m < 0) {
      m = blk.sums.length;
      if (m === 0) throw new NnftInputError(`blocks[${b}].sums.length`, 0, 'must be at least 1');
    } else if (blk.sums.length !== m) {
      throw new NnftInputError(`blocks[${b}].sums.length`, blk.sums.length, `must be ${m}, the length of blocks[0].sums`);
    }
  }

  // Totals over the non-empty blocks.
  const S = new Float64Array(m);
  let C = 0;
  let nonEmpty = 0;
  for (const blk of blocks) {
    if (blk.count === 0) continue;
    nonEmpty++;
    C += blk.count;
    const s = blk.sums;
    for (let i = 0; i < m; i++) S[i] += s[i];
  }
  if (nonEmpty === 0) {
    throw new NnftInputError('blocks', `${blocks.length} blocks`, 'must contain at least one block with count > 0');
  }
  return { S, C, nonEmpty, m };
}
