// Time to precision: the wall time each program needs to bring the relative standard error of the
// largest connected 4-point entry of a workload below a target. Every program's time is
// (networks needed) / (its networks per second at the given thread count), both measured here:
//   networks needed = v / (target |kappa4|)^2,  v = SE^2 M = the estimator's variance per network,
// measured by nnft on a pilot run of M networks for each variant: the conditional and the direct
// estimator, and the conditional estimator with the workload's bias mixture (importance sampling of
// the hidden biases, where the architecture has normal ones). The peers all use the direct estimator
// (sampled products over every parameter), so they share its variance per network.
//
// Heavy tails: where the plain estimators are heavy-tailed (W3, gauss-net: their variance carries
// E[e^{8b}]), a pilot sees only part of their variance, so their networks needed, and the peers'
// times, are lower bounds there; the mixture's variance is finite with finite error and its pilot
// is reliable.
import { sample, type SampleOptions } from '../src/index.js';
import type { Estimator } from '../src/sample/kernel-config.js';
import type { Workload } from './workloads.js';

/** The ways nnft estimates a workload's correlators. */
export type Variant = Estimator | 'mixture';

/** How each variant is named in the tables. */
export const VARIANT_LABEL: Record<Variant, string> = { conditional: 'conditional', direct: 'direct', mixture: 'conditional + bias mixture' };

/** The variants a workload can run (the mixture only where the workload has one). */
export const variantsOf = (w: Workload): Variant[] => (w.mixture ? ['conditional', 'direct', 'mixture'] : ['conditional', 'direct']);

/** The workload with a variant's sampling options, ready to spread into `sample` (or nnftRate). */
export function variantWorkload(w: Workload, v: Variant): Workload & Pick<SampleOptions, 'estimator' | 'biasMixture'> {
  return v === 'mixture' ? { ...w, estimator: 'conditional', biasMixture: w.mixture } : { ...w, estimator: v };
}

export interface PrecisionRow {
  workload: string;
  /** The component multiset of the largest |connected 4-point| entry. */
  idx: number[];
  kappa4: number;
  /** The variant whose run located and valued the entry (the one with the smallest relative error on it). */
  valuedBy: Variant;
  /** Networks of each variant's pilot run. */
  pilotNetworks: Partial<Record<Variant, number>>;
  /** Variance per network of each variant's kappa4 estimate. */
  variance: Partial<Record<Variant, number>>;
  /** Networks needed for the target relative error. */
  networks: Partial<Record<Variant, number>>;
}

/** Measures the variance per network of every variant on the largest connected 4-point entry. */
export async function precisionPilot(w: Workload, threads: number, pilotNetworks: Partial<Record<Variant, number>>, target = 0.1): Promise<PrecisionRow> {
  const variants = variantsOf(w).filter((v) => pilotNetworks[v] !== undefined);
  const runs = new Map<Variant, Awaited<ReturnType<typeof sample>>>();
  for (const v of variants) runs.set(v, await sample({ ...variantWorkload(w, v), orders: [4], networks: pilotNetworks[v]!, seed: 4242, threads }));
  // the largest entry, located and valued by the variant that measures its own largest entry best
  const largest = (v: Variant) => runs.get(v)!.correlators(4).reduce((a, b) => (Math.abs(b.connected) > Math.abs(a.connected) ? b : a));
  const relative = (v: Variant) => largest(v).connected_se / Math.abs(largest(v).connected);
  const valuedBy = variants.reduce((a, b) => (relative(b) < relative(a) ? b : a));
  const best = largest(valuedBy);
  const variance: Partial<Record<Variant, number>> = {};
  const networks: Partial<Record<Variant, number>> = {};
  for (const v of variants) {
    const r = runs.get(v)!;
    variance[v] = r.connectedSE(...best.idx) ** 2 * r.networks;
    networks[v] = variance[v]! / (target * Math.abs(best.connected)) ** 2;
  }
  return { workload: w.name, idx: best.idx, kappa4: best.connected, valuedBy, pilotNetworks, variance, networks };
}
