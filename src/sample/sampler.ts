import { deformRun, resolveEnsembleDeform } from '../deform/ensemble.js';
import { deformEstimator, type DeformOptions } from '../deform/options.js';
import { NnftAbortError, NnftInputError, NnftRunError } from '../errors.js';
import { Accumulator, blockFromTaskSums, type BlockSums, type RunHeader } from '../stats/accumulator.js';
import { kernelConfig } from './ensemble.js';
import type { Estimator } from './kernel-config.js';
import {
  checkAccumulatorSize, checkEstimator, checkInteger, checkOrders, checkSeed, componentCount, LIMITS, resolveEnsemble,
  type EnsembleOptions,
} from './options.js';
import { JACKKNIFE_BLOCKS, shardBlocks, taskNetworks, taskRanges, type Shard } from './plan.js';
import { resolveReweight, reweightTarget, type ReweightOptions } from './reweight.js';
import { resolveSharedScale, type SharedScaleOptions } from './shared-scale.js';
import { resolveBiasMixture, withBiasMixture, type BiasMixtureOptions } from './bias-mixture.js';
import { warmupTask, type SampleTask, type TaskRunner } from './task.js';

/** Progress of a run, reported after every finished task. */
export interface Progress {
  /** Networks finished in this call (this shard). */
  readonly done: number;
  /** Networks this call will run. */
  readonly total: number;
  readonly elapsedSeconds: number;
  readonly networksPerSecond: number;
  /** Estimated seconds left (NaN before the first task finishes). */
  readonly etaSeconds: number;
}

/** Options of a sampling run. */
export interface SampleOptions extends EnsembleOptions {
  /** Networks in the whole run (all shards together). */
  networks: number;
  /** Orders of the correlators wanted; moments of every order up to the largest are accumulated. */
  orders: readonly number[];
  /** Seed: an integer in [0, 2^53). Network n of seed s is the same on any thread or shard. */
  seed: number;
  /**
   * `conditional` (default): average, over networks, the exact moments of the outputs given the
   * hidden layer (the last layer is Gaussian); unbiased, lower variance, and the last layer is never
   * drawn. `direct`: average sampled products of outputs. With `deform` the default is `direct`, and
   * `conditional` is an error (the weight needs the sampled output on the grid).
   */
  estimator?: Estimator;
  /**
   * Importance reweighting to other hyperparameters: networks are drawn at this run's
   * hyperparameters and weighted by the ratio of the target's parameter density to the sample's;
   * results are the target's moments (self-normalised), with `effectiveSampleSize` on the result.
   * Only hyperparameters that enter the densities alone can be targeted (not one that changes the
   * network function), and only normal densities (see src/sample/reweight.ts).
   */
  reweight?: ReweightOptions;
  /**
   * A deformation of the parameter density by exp(-(lambda / p!) int_region phi^p) (src/deform/):
   * the grid nodes are evaluated with every network, and the networks weighted; results are the
   * deformed ensemble's moments (self-normalised), with `effectiveSampleSize` and `warnings` on the
   * result. Needs d_out = 1 and the direct estimator (the default with deform). Combines with `reweight`.
   */
  deform?: DeformOptions;
  /**
   * A shared random scale s of every network's last-layer weights, s^2 = chi^2_dof / dof drawn per
   * network (src/sample/shared-scale.ts): independence breaking that keeps the ensemble non-Gaussian
   * at infinite width. Recorded in the run header; combines with every other option.
   */
  sharedScale?: SharedScaleOptions;
  /**
   * Importance sampling of the hidden biases: each unit's bias drawn from (1 - a) N(mb, sb^2) +
   * a N(mb + s sb, sb^2) (`{ shift: s, fraction: a }`) and each network weighted by prod_j p(b_j) / q(b_j)
   * (src/sample/bias-mixture.ts). The results are the ensemble's own (self-normalised), with
   * `effectiveSampleSize` and `warnings`; the variance drops by orders of magnitude where rare large
   * biases dominate (gauss-net's 4-point function). Needs normal hidden biases with sb > 0. Recorded
   * in the run header; combines with every other option.
   */
  biasMixture?: BiasMixtureOptions;
  /** Worker threads (default: every core). */
  threads?: number;
  /**
   * Jackknife blocks: consecutive network ranges whose sums are kept apart (default 32). Errors
   * come from them, shards are sets of them, and experiments that need sub-run statistics (the
   * papers' 10 chunks) read them directly.
   */
  blocks?: number;
  /** Run only shard `index` of `count` (whole jackknife blocks). */
  shard?: Shard;
  /** Called after every finished task. */
  onProgress?: (p: Progress) => void;
  /** Cancels the run: the promise rejects with NnftAbortError carrying the finished blocks. */
  signal?: AbortSignal;
}

/** A validated run: its header (what fixes the bits) and the tasks of this call. */
export interface RunPlan {
  readonly header: RunHeader;
  readonly tasks: SampleTask[];
  readonly taskBlocks: number[];
  /** Tasks per block of this call. */
  readonly blockTasks: Map<number, { n0: number; n1: number; tasks: number }>;
  /** Blocks finished before this call (a resumed run): they enter the accumulator first and are not run. */
  readonly done?: readonly BlockSums[];
}

/**
 * Validates every option and plans the run; throws NnftInputError before any work starts. `response`:
 * plan the linear response to `deform` (src/deform/linear-response.ts) instead of the deformed moments.
 */
export function planSample(o: SampleOptions, response = false): RunPlan {
  if (o === null || typeof o !== 'object') throw new NnftInputError('options', o, 'must be an object');
  const ensemble = resolveEnsemble(o);
  const networks = checkInteger('networks', o.networks, 1, LIMITS.networks);
  const orders = checkOrders(o.orders);
  const seed = checkSeed(o.seed);
  const nMax = orders[orders.length - 1];
  if (response && o.deform === undefined) throw new NnftInputError('deform', o.deform, 'must be given for a linear response');
  const estimator = o.deform === undefined ? checkEstimator(o.estimator) : deformEstimator(o.estimator);
  const sums = checkAccumulatorSize(componentCount(ensemble), nMax, estimator);
  if (o.threads !== undefined) checkInteger('threads', o.threads, 1, LIMITS.threads);
  if (o.onProgress !== undefined && typeof o.onProgress !== 'function') {
    throw new NnftInputError('onProgress', o.onProgress, 'must be a function');
  }
  const blockCount = o.blocks === undefined ? JACKKNIFE_BLOCKS : checkInteger('blocks', o.blocks, 2, LIMITS.blocks);
  const perTask = taskNetworks(ensemble.width, ensemble.dIn, ensemble.dOut, sums);
  const target = o.reweight === undefined ? undefined : resolveReweight(o.reweight, ensemble);
  const deform = o.deform === undefined ? undefined : resolveEnsembleDeform(o.deform, ensemble, response);
  const sharedScale = o.sharedScale === undefined ? undefined : resolveSharedScale(o.sharedScale);
  const biasMixture = o.biasMixture === undefined ? undefined : resolveBiasMixture(o.biasMixture, ensemble);
  const header: RunHeader = {
    ensemble, seed, networks, nMax, orders, blocks: blockCount, taskNetworks: perTask, estimator,
    // a response run's blocks hold the w- and w V-weighted sums and sum w V (src/deform/response.ts)
    sums: response ? 2 * sums + 1 : sums,
    ...(target && { reweight: reweightTarget(target) }),
    ...(deform && { deform: deformRun(deform) }),
    ...(sharedScale && { sharedScale }),
    ...(biasMixture && { biasMixture }),
  };
  const base = { ...kernelConfig(ensemble, seed, nMax, estimator, target, deform), ...(sharedScale && { sharedScale }) };
  const config = biasMixture ? withBiasMixture(base, biasMixture) : base;
  const blocks = shardBlocks(networks, o.shard, blockCount);
  const ranges = taskRanges(blocks, perTask);
  const blockTasks = new Map<number, { n0: number; n1: number; tasks: number }>();
  for (const b of blocks) blockTasks.set(b.index, { n0: b.n0, n1: b.n1, tasks: 0 });
  for (const t of ranges) blockTasks.get(t.block)!.tasks++;
  return {
    header,
    tasks: ranges.map((t) => ({ config, n0: t.n0, n1: t.n1 })),
    taskBlocks: ranges.map((t) => t.block),
    blockTasks,
  };
}

/** Internal hooks for tests of fault tolerance. */
export interface FaultInjection {
  /** Task indices whose first attempt kills its worker. */
  crashTasks?: readonly number[];
  /** Called when a task failed and is run again. */
  onRetry?: (task: number, error: unknown) => void;
}

const MAX_ATTEMPTS = 3;

/**
 * Runs a planned sample on a pool. Task results are added to their block in task order, whatever
 * order they finish in, and blocks enter the accumulator only when whole: the sums do not depend on
 * the thread count, and a failure or cancellation keeps every finished block. `onBlock` sees each
 * block as it enters (a checkpoint records it).
 */
export async function runPlan(
  runner: TaskRunner,
  plan: RunPlan,
  o: Pick<SampleOptions, 'onProgress' | 'signal'> & { onBlock?: (block: BlockSums) => void } = {},
  faults: FaultInjection = {},
): Promise<Accumulator> {
  const acc = new Accumulator(plan.header, plan.done);
  const { tasks, taskBlocks } = plan;
  const total = tasks.reduce((s, t) => s + t.n1 - t.n0, 0);
  const t0 = performance.now();
  const pending = new Map<number, Float64Array>(); // finished, not yet folded into their block
  const blockSums = new Map<number, Float64Array>();
  const blockDone = new Map<number, number>();
  let nextToFold = 0;
  let done = 0;
  const crash = new Set(faults.crashTasks ?? []);

  const fold = () => {
    while (pending.has(nextToFold)) {
      const sums = pending.get(nextToFold)!;
      pending.delete(nextToFold);
      const b = taskBlocks[nextToFold];
      const into = blockSums.get(b);
      if (into) for (let i = 0; i < sums.length; i++) into[i] += sums[i];
      else blockSums.set(b, sums);
      const count = (blockDone.get(b) ?? 0) + 1;
      blockDone.set(b, count);
      const info = plan.blockTasks.get(b)!;
      if (count === info.tasks) {
        const block = blockFromTaskSums(b, info.n0, info.n1, blockSums.get(b)!);
        acc.add(block);
        blockSums.delete(b);
        o.onBlock?.(block);
      }
      nextToFold++;
    }
  };

  if (o.signal?.aborted) throw new NnftAbortError('sampling cancelled before it started', acc);
  // Warm every worker so that real tasks run optimised code (V8 tiers a wasm function up between calls).
  if (tasks.length > 0) {
    await Promise.all(Array.from({ length: runner.threads }, () => runner.run(warmupTask(tasks[0].config), o.signal)))
      .catch((e) => {
        if (o.signal?.aborted) throw new NnftAbortError('sampling cancelled', acc);
        throw e;
      });
  }

  let next = 0;
  let failure: unknown;
  const window = runner.threads * 2;
  const runOne = async (index: number): Promise<void> => {
    for (let attempt = 1; ; attempt++) {
      const task = crash.delete(index) ? { ...tasks[index], crash: true } : tasks[index];
      try {
        const sums = await runner.run(task, o.signal);
        pending.set(index, sums);
        done += tasks[index].n1 - tasks[index].n0;
        fold();
        if (o.onProgress) {
          const elapsedSeconds = (performance.now() - t0) / 1000;
          const rate = done / elapsedSeconds;
          o.onProgress({ done, total, elapsedSeconds, networksPerSecond: rate, etaSeconds: (total - done) / rate });
        }
        return;
      } catch (e) {
        if (o.signal?.aborted || attempt >= MAX_ATTEMPTS) throw e;
        faults.onRetry?.(index, e);
      }
    }
  };
  const lane = async (): Promise<void> => {
    while (next < tasks.length && failure === undefined && !o.signal?.aborted) {
      const index = next++;
      try {
        await runOne(index);
      } catch (e) {
        failure ??= e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(window, tasks.length) }, lane));
  if (o.signal?.aborted) {
    throw new NnftAbortError(`sampling cancelled after ${acc.networksDone} networks in whole blocks`, acc);
  }
  if (failure !== undefined) {
    throw new NnftRunError(
      `sampling failed after ${MAX_ATTEMPTS} attempts of a task (${(failure as Error)?.message ?? failure}); ` +
        `${acc.blocks().length} finished blocks are kept in \`partial\``,
      acc,
      failure,
    );
  }
  return acc;
}
