import { EnsembleResult } from '../result.js';
import { Checkpoint, sampleJob, type CheckpointOptions } from './checkpoint.js';
import { defaultThreads, lazyPool } from './node-pool.js';
import type { Accumulator } from '../stats/accumulator.js';
import { planSample, runPlan, type FaultInjection, type RunPlan, type SampleOptions } from './sampler.js';

/** Options of `sample` in Node: those of every platform, and a checkpoint file. */
export interface NodeSampleOptions extends SampleOptions {
  /**
   * Save the finished jackknife blocks to a file every few seconds and at the end (also when the
   * run fails or is cancelled); with `resume: true`, run only the blocks the file lacks. The result
   * is bit-identical to an uninterrupted run. A file of another configuration (architecture, width,
   * points, seed, orders, estimator, hyperparameters, shard, format version) is refused with an
   * NnftFileError naming the field; a corrupt or truncated one with an NnftFileError too.
   */
  checkpoint?: CheckpointOptions;
}

/**
 * Samples an ensemble of random networks on every core and returns its moments and connected
 * correlators with jackknife standard errors. Every option is validated before any work starts.
 *
 * @example
 * ```ts
 * const r = await sample({ arch: 'relu-net', width: 1000, points: [0.2, 0.4, 0.6], networks: 1e5, orders: [2, 4], seed: 7 });
 * r.moment(0, 2);   // about 0.06 = K(0.2, 0.6) = sw^2 x x' / 2 for relu with sb = 0
 * ```
 */
export async function sample(options: NodeSampleOptions, faults?: FaultInjection): Promise<EnsembleResult> {
  return new EnsembleResult(await runSample(planSample(options), options, faults));
}

/** Runs a planned sample on a pool of every core (or `threads`), with its checkpoint if asked; returns the sums. */
export async function runSample(plan: RunPlan, options: NodeSampleOptions, faults?: FaultInjection): Promise<Accumulator> {
  const checkpoint = options.checkpoint === undefined ? undefined : await Checkpoint.open(options.checkpoint, sampleJob(plan, options.shard));
  const run = async () => {
    const pool = lazyPool(options.threads ?? defaultThreads());
    try {
      return checkpoint ? await checkpoint.run(pool, plan, options, faults) : await runPlan(pool, plan, options, faults);
    } finally {
      await pool.close();
    }
  };
  return checkpoint ? await checkpoint.closeAfter(run(), (a) => a) : await run();
}

