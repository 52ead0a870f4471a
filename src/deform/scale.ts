/**
 * The size of a deformation's V = Delta S / lambda = sum_g q_g phi(y_g)^p before any sampling, from the
 * Gaussian (N = infinity) marginals phi(y_g) ~ N(mu_g, sigma_g^2): its mean, and a bound on its
 * root-mean-square by Minkowski's inequality, ||sum_g q_g phi_g^p||_2 <= sum_g |q_g| ||phi_g^p||_2 =
 * sum_g |q_g| sqrt(E[phi_g^(2p)]), which needs only the diagonal of the kernel (G kernel values, not G^2).
 *
 * The mean shifts the log-weights, log w = -lambda (V - mean), so that they stay near 0 whatever the
 * size of the region (for an even power and lambda > 0 they are then at most lambda mean); the bound
 * refuses a lambda for which the weight of a typical network, exp(-Delta S), would leave the range in
 * which sums of weighted products stay finite in f64. Between the two, the effective sample size
 * tells how far the deformed ensemble is from the base one.
 *
 * @module
 */
import { NnftInputError } from '../errors.js';
import { normalRawMoment } from '../theory/special.js';
import type { DeformGrid } from './options.js';

/**
 * Largest |lambda| x (bound on the root-mean-square of V) accepted: weights up to e^500, times the
 * products of field values, summed over up to 2^50 networks, stay below the f64 limit e^709.
 */
export const MAX_DEFORM_ACTION = 500;

/** Mean of V and a bound on its root-mean-square under the Gaussian marginals. */
export interface GaussianAction {
  readonly mean: number;
  readonly rmsBound: number;
}

/** The Gaussian mean of V and the Minkowski bound on its root-mean-square, from each node's mean and variance. */
export function gaussianAction(d: DeformGrid, mean: (g: number) => number, variance: (g: number) => number): GaussianAction {
  let m = 0;
  let rms = 0;
  for (let g = 0; g < d.nodes.length; g++) {
    const mu = mean(g);
    const v = variance(g);
    m += d.weights[g] * normalRawMoment(d.power, mu, v);
    rms += Math.abs(d.weights[g]) * Math.sqrt(normalRawMoment(2 * d.power, mu, v));
  }
  return { mean: m, rmsBound: rms };
}

/** Refuses (NnftInputError naming `deform.lambda`) a coupling with |lambda| x rmsBound above {@link MAX_DEFORM_ACTION}. */
export function checkDeformAction(d: DeformGrid, action: GaussianAction): void {
  const size = Math.abs(d.lambda) * action.rmsBound;
  if (size > MAX_DEFORM_ACTION) {
    throw new NnftInputError(
      'deform.lambda', d.lambda,
      `makes Delta S of a typical network as large as ${size.toPrecision(3)} (at most ${MAX_DEFORM_ACTION}; Gaussian bound on its ` +
        `root-mean-square), so the weights exp(-Delta S) would leave the range of f64; ` +
        `use |lambda| <= ${(MAX_DEFORM_ACTION / action.rmsBound).toPrecision(3)}, a smaller region, or the linear response`,
    );
  }
}
