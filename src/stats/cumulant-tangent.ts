/**
 * The derivative of the joint cumulants along a direction in moment space: for moments mu(t) with
 * mu(0) = mu and mu'(0) = dmu, kappa'(0) = J(mu) dmu, where J is the Jacobian of the moment-to-cumulant
 * map of `cumulants.ts`. Differentiating its recursion term by term,
 *
 *     kappa(S)  = mu(S) - sum_{B ⊊ S, first ∈ B} kappa(B) mu(S \ B),
 *     dkappa(S) = dmu(S) - sum_{B ⊊ S, first ∈ B} [dkappa(B) mu(S \ B) + kappa(B) dmu(S \ B)],
 *
 * which is exact (the map is a polynomial; no step size, only rounding), and costs twice the cumulants.
 *
 * @example
 * ```ts
 * // one variable, nMax = 2: kappa_2 = mu_2 - mu_1^2, so dkappa_2 = dmu_2 - 2 mu_1 dmu_1
 * cumulantTangent(cumulantPlan(1, 2), Float64Array.of(1, 3), Float64Array.of(0.5, 2));
 * // returns { cumulants: Float64Array [1, 2], tangent: Float64Array [0.5, 1] }
 * ```
 *
 * @module
 */
import { NnftInputError } from '../errors.js';
import { CumulantPlan } from './cumulants.js';

/** The cumulants at `moments` and their derivative along `tangent` (both in the flat multiset layout). */
export interface CumulantTangent {
  readonly cumulants: Float64Array;
  readonly tangent: Float64Array;
}

/**
 * Cumulants and their directional derivative (see the module comment). `out` may supply the two
 * destination arrays (reused between calls by a jackknife).
 *
 * @throws NnftInputError (`plan`, `moments`, `dMoments`) for a foreign plan or arrays of the wrong length
 */
export function cumulantTangent(plan: CumulantPlan, moments: Float64Array, dMoments: Float64Array, out?: CumulantTangent): CumulantTangent {
  if (!(plan instanceof CumulantPlan)) throw new NnftInputError('plan', plan, 'must be a CumulantPlan from cumulantPlan(P, nMax)');
  for (const [field, a] of [['moments', moments], ['dMoments', dMoments]] as const) {
    if (!(a instanceof Float64Array) || a.length !== plan.size) throw new NnftInputError(field, a, `must be a Float64Array of length ${plan.size}`);
  }
  const kappa = out?.cumulants ?? new Float64Array(plan.size);
  const dk = out?.tangent ?? new Float64Array(plan.size);
  const { start, bIndex, cIndex, coef, size } = plan;
  let t = 0;
  for (let s = 0; s < size; s++) {
    const end = start[s + 1];
    let acc = moments[s];
    let dacc = dMoments[s];
    for (; t < end; t++) {
      const b = bIndex[t];
      const c = cIndex[t];
      acc -= coef[t] * kappa[b] * moments[c];
      dacc -= coef[t] * (dk[b] * moments[c] + kappa[b] * dMoments[c]);
    }
    kappa[s] = acc;
    dk[s] = dacc;
  }
  return { cumulants: kappa, tangent: dk };
}
