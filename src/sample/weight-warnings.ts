import type { RunHeader } from '../stats/accumulator.js';

/**
 * Below this fraction of the networks the effective sample size (sum w)^2 / sum w^2 of a weighted run
 * is reported as collapsed: a few networks then carry most of the weight, and the jackknife errors,
 * which assume many comparable contributions per block, are no longer trustworthy.
 */
export const ESS_WARNING_FRACTION = 0.05;

/**
 * What a result should say about its weights (reweighting, a deformation, a bias mixture): weights that
 * left the range of f64, an effective sample size below {@link ESS_WARNING_FRACTION} of the networks,
 * and a deformation whose density is not normalisable (odd power, or lambda < 0 with an even one), for
 * which reweighting is only perturbative.
 */
export function weightWarnings(header: RunHeader, networks: number, weight: number, effectiveSampleSize: number): string[] {
  const out: string[] = [];
  const d = header.deform;
  if (!header.reweight && !header.biasMixture && !(d && d.lambda !== 0)) return out;
  if (!(weight > 0 && Number.isFinite(weight) && Number.isFinite(effectiveSampleSize))) {
    out.push(`the network weights left the range of f64 (sum of weights ${weight}): the results are not numbers; use a smaller |lambda| or region`);
    return out;
  }
  if (effectiveSampleSize < ESS_WARNING_FRACTION * networks) {
    out.push(
      `effective sample size ${effectiveSampleSize.toPrecision(3)} is ${((100 * effectiveSampleSize) / networks).toPrecision(2)}% of the ${networks} networks ` +
        `(below ${100 * ESS_WARNING_FRACTION}%): a few networks carry the weights, so the results and their errors are unreliable; ` +
        (d && d.lambda !== 0 ? 'reduce |lambda| or the region, or use the linear response' : header.biasMixture ? 'use a smaller bias-mixture fraction or shift' : 'reweight to a closer target'),
    );
  }
  if (d && d.lambda !== 0 && !d.response && (d.power % 2 === 1 || d.lambda < 0)) {
    out.push(
      `exp(-Delta S) with power ${d.power} and lambda ${d.lambda} is unbounded: the deformed density is not normalisable at N = infinity, ` +
        'so the reweighted results are perturbative (the linear response is exact)',
    );
  }
  return out;
}
