import { afterAll } from 'vitest';
import { EnsembleResult } from '../../src/result.js';
import { NodePool } from '../../src/sample/node-pool.js';
import { planSample, runPlan, type SampleOptions } from '../../src/sample/sampler.js';

/**
 * A sampler on one pool shared by a test file's runs (the pool starts on the first run and closes
 * after the file), so that short runs do not each pay for starting workers.
 */
export function sharedSampler(threads = 2): (o: SampleOptions) => Promise<EnsembleResult> {
  let pool: Promise<NodePool> | undefined;
  afterAll(async () => {
    await (await pool)?.close();
  });
  return async (o) => {
    const p = await (pool ??= NodePool.create(threads));
    return new EnsembleResult(await runPlan(p, planSample(o), o));
  };
}
