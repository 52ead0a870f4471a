// Time to precision: the wall time each program needs to bring the relative standard error of the
// largest connected 4-point entry of a workload below a target. Every program's time is
// (networks needed) / (its networks per second at the given thread count), both measured here:
//   networks needed = v / (target |kappa4|)^2,  v = SE^2 M = the estimator's variance per network,
// measured by nnft on a pilot run of M networks for each estimator. The peers all use the direct
// estimator (sampled products over every parameter), so they share its variance per network.
import { sample } from '../src/index.js';
import type { Estimator } from '../src/sample/kernel-config.js';
import type { Workload } from './workloads.js';

export interface PrecisionRow {
  workload: string;
  /** The component multiset of the largest |connected 4-point| entry. */
  idx: number[];
  kappa4: number;
  /** Variance per network of each estimator's kappa4 estimate. */
  variance: Record<Estimator, number>;
  /** Networks needed for the target relative error. */
  networks: Record<Estimator, number>;
}

/** Measures the variance per network of both estimators on the largest connected 4-point entry. */
export async function precisionPilot(w: Workload, threads: number, pilotNetworks: Record<Estimator, number>, target = 0.1): Promise<PrecisionRow> {
  const run = (estimator: Estimator) =>
    sample({ ...w, orders: [4], networks: pilotNetworks[estimator], seed: 4242, threads, estimator });
  const cond = await run('conditional');
  // the largest entry, located and valued by the low-variance estimator
  const best = cond.correlators(4).reduce((a, b) => (Math.abs(b.connected) > Math.abs(a.connected) ? b : a));
  const direct = await run('direct');
  const variance = {
    conditional: cond.connectedSE(...best.idx) ** 2 * cond.networks,
    direct: direct.connectedSE(...best.idx) ** 2 * direct.networks,
  };
  const need = (v: number) => v / (target * Math.abs(best.connected)) ** 2;
  return {
    workload: w.name, idx: best.idx, kappa4: best.connected, variance,
    networks: { conditional: need(variance.conditional), direct: need(variance.direct) },
  };
}
