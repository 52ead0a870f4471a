import { EnsembleResult } from '../result.js';
import { defaultThreads, NodePool } from './node-pool.js';
import { planSample, runPlan, type FaultInjection, type SampleOptions } from './sampler.js';

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
export async function sample(options: SampleOptions, faults?: FaultInjection): Promise<EnsembleResult> {
  const plan = planSample(options);
  const pool = await NodePool.create(options.threads ?? defaultThreads());
  try {
    return new EnsembleResult(await runPlan(pool, plan, options, faults));
  } finally {
    await pool.close();
  }
}
