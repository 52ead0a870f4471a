import { runSample, type NodeSampleOptions } from '../sample/sample.js';
import { planSample } from '../sample/sampler.js';
import type { DeformOptions } from './options.js';
import { LinearResponse } from './response.js';

/** Options of `linearResponse`: those of `sample`, with a deformation whose lambda is where to differentiate (default 0). */
export interface LinearResponseOptions extends NodeSampleOptions {
  deform: DeformOptions;
}

/**
 * The exact derivative d/dlambda, at `deform.lambda` (default 0), of every moment and connected
 * correlator of the ensemble deformed by exp(-(lambda / p!) int_region phi^p), with jackknife errors:
 * -Cov(O, V) from one pass over the networks (src/deform/response.ts). Options, validation, threads,
 * shards, checkpoints and determinism are those of `sample` (direct estimator; d_out = 1).
 *
 * @throws NnftInputError naming the bad field, before any work starts
 *
 * @example
 * ```ts
 * const r = await linearResponse({ arch: 'cos-net', width: 1000, hyper: { m: 1, lambda: 8 }, points: [0], networks: 20000, orders: [4], seed: 1,
 *   deform: { region: [-3, 3] } });
 * r.connected(0, 0, 0, 0); // about -0.03 (phi^4 at tree level: -int_{-3}^{3} G(y)^4 dy = -0.0309) plus O(1/N)
 * ```
 */
export async function linearResponse(options: LinearResponseOptions): Promise<LinearResponse> {
  const plan = planSample(options, true);
  return new LinearResponse(await runSample(plan, options));
}
