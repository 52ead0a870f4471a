import type { KernelConfig } from './kernel-config.js';

/**
 * Whether the kernels draw a run's hidden units in polar form (assembly/polar.ts): each relu unit as
 * a uniform direction and a Laplace amplitude, two variates instead of three normals, with the same
 * law of the network's values at the points. That holds for direct sampling of relu networks with
 * d_in = d_out = 1, normal hidden densities, centred output weights and no pre-activation offset at
 * any point (the hidden weight and bias means cancel there), and no weight source or shared scale
 * (which read the parameters themselves). A pure function of the configuration, so every worker,
 * shard and browser makes the same choice.
 */
export function polarUnits(cfg: KernelConfig): boolean {
  return cfg.estimator === 'direct' && cfg.activation === 'relu' && cfg.dIn === 1 && cfg.dOut === 1
    && cfg.hidden === undefined && cfg.weights === undefined && cfg.sharedScale === undefined
    && cfg.mw1 === 0 && cfg.zc.every((z) => z === 0);
}
