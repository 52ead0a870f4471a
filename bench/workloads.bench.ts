// Throughput of whole sampling runs (direct estimator) on the peer workloads W1-W4, at a given
// thread count, through the same pool and planner as `sample()`.
import { NodePool } from '../src/sample/node-pool.js';
import { planSample, runPlan } from '../src/sample/sampler.js';
import type { Estimator } from '../src/sample/kernel-config.js';
import type { Workload } from './workloads.js';

/**
 * Networks per second of nnft on a workload: the best of `repeats` runs of about `seconds` each (the
 * machines are shared: the best run is the one least disturbed by other work).
 */
export async function nnftRate(w: Workload, threads: number, seconds = 2, repeats = 3, estimator: Estimator = 'direct'): Promise<number> {
  const pool = await NodePool.create(threads);
  try {
    const opts = { ...w, orders: [w.nMax], seed: 12345, threads, estimator };
    // start and warm every worker (the first run also compiles the kernels), then calibrate
    await runPlan(pool, planSample({ ...opts, networks: 20_000 }));
    let networks = 20_000;
    for (;;) {
      const t0 = performance.now();
      await runPlan(pool, planSample({ ...opts, networks }));
      const s = (performance.now() - t0) / 1000;
      if (s > 0.3) {
        networks = Math.max(1000, Math.round((networks * seconds) / s));
        break;
      }
      networks *= 4;
    }
    const rates: number[] = [];
    for (let r = 0; r < repeats; r++) {
      const plan = planSample({ ...opts, networks, seed: 12345 + r });
      const t0 = performance.now();
      const acc = await runPlan(pool, plan);
      const s = (performance.now() - t0) / 1000;
      if (!Number.isFinite(acc.totals().sums[0])) throw new Error('non-finite sums');
      rates.push(networks / s);
    }
    return Math.max(...rates);
  } finally {
    await pool.close();
  }
}
