/**
 * Exact correlators of a single-hidden-layer ensemble whose last-layer weights share one random scale
 * per network (spec actions-symmetry F1, source 2, construction 1): f_o(x) = b1_o + s T_o(x) with
 * T_o(x) = sum_j W1_oj h_j(x) the ordinary finite-width network without its bias, and
 *
 *     s^2 = chi^2_nu / nu,   E[s^2] = 1,   Var(s^2) = 2/nu,
 *
 * s independent of every other parameter. The neurons are then only conditionally independent.
 *
 * ## Derivation
 *
 * b1, s and T are independent, so joint cumulants of f are those of U = s T plus the bias terms
 * (mb at order 1, sb^2 delta(o, o') at order 2). Given s, U is T scaled by s, so every raw moment of
 * order n factorises,
 *
 *     E[U_a1 ... U_an] = E[s^n] E[T_a1 ... T_an],
 *     E[s^n] = (2/nu)^(n/2) Gamma((nu + n)/2) / Gamma(nu/2),   E[s^(n+2)] = E[s^n] (nu + n)/nu.
 *
 * The moments of T are rebuilt from its cumulants (the exact finite-width ones of `finite-width.ts`
 * minus the bias terms), scaled order by order, and turned back into cumulants. For zero means this
 * gives, at every width N,
 *
 *     G^(2)(12)    = sb^2 + K12,                   K = E[T T] (the hidden layer's part of the GP kernel),
 *     G_c^(4)(1234) = E[s^4] kappa_4[T](1234) + Var(s^2) (K12 K34 + K13 K24 + K14 K23),
 *
 * with kappa_4[T] = O(1/N) the i.i.d. finite-width term and E[s^4] = 1 + 2/nu: the second term
 * survives N -> infinity, where f = b1 + s g with g the Gaussian process of kernel K.
 *
 * @example
 * ```ts
 * const t = exactSharedScaleCorrelators({ activation: 'erf', width: 1e9, dIn: 1, sb: 0 }, [[0.5]], 4, 4);
 * t.cumulants[3] / t.cumulants[1] ** 2; // about 1.5: the excess kurtosis 3 Var(s^2) at N = infinity, nu = 4
 * ```
 *
 * @module
 */
import { NnftInputError } from '../errors.js';
import { cumulantPlan, cumulantsFromMoments, momentsFromCumulants } from '../stats/cumulants.js';
import { forEachMultiset } from '../stats/multiset.js';
import { FiniteWidthTheory, type ExactCorrelators, type NetworkSpec } from './finite-width.js';
import type { NeuronMomentOptions } from './neuron-moments.js';

/**
 * Largest degrees of freedom nu of a shared scale: the sampler draws chi^2_nu as the sum of nu
 * squared normals, which at nu = 10^4 costs about as much as 3000 hidden units of d_in = 1.
 */
export const MAX_SHARED_SCALE_DOF = 10_000;

/**
 * Checks the degrees of freedom nu of a shared scale: an integer in [1, MAX_SHARED_SCALE_DOF].
 *
 * @throws NnftInputError naming `field`
 */
export function checkSharedScaleDof(value: unknown, field = 'dof'): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_SHARED_SCALE_DOF) {
    throw new NnftInputError(field, value, `must be an integer in [1, ${MAX_SHARED_SCALE_DOF}] (the degrees of freedom nu of s^2 = chi^2_nu / nu)`);
  }
  return value;
}

/**
 * E[s^n] of the shared scale s = sqrt(chi^2_nu / nu), n >= 0: exact for even n (a finite product),
 * and for odd n from E[s] = sqrt(2/nu) Gamma((nu + 1)/2) / Gamma(nu/2), whose Gamma ratio is built by
 * its recursion in nu (relative error about nu 1e-16).
 *
 * @throws NnftInputError naming `dof` or `n`
 *
 * @example
 * ```ts
 * sharedScaleMoment(4, 4); // returns 1.5  (1 + 2/nu)
 * sharedScaleMoment(1, 1); // returns 0.7978845608028654  (sqrt(2/pi))
 * ```
 */
export function sharedScaleMoment(dof: number, n: number): number {
  const nu = checkSharedScaleDof(dof);
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw new NnftInputError('n', n, 'must be a non-negative integer');
  let m = 1;
  if (n % 2 === 1) {
    // r(nu) = Gamma((nu + 1)/2) / Gamma(nu/2): r(1) = 1/sqrt(pi), r(2) = sqrt(pi)/2, r(nu + 2) = r(nu) (nu + 1)/nu
    let v = 2 - (nu % 2);
    let r = v === 1 ? 1 / Math.sqrt(Math.PI) : Math.sqrt(Math.PI) / 2;
    for (; v < nu; v += 2) r *= (v + 1) / v;
    m = Math.sqrt(2 / nu) * r;
  }
  for (let k = n % 2; k < n; k += 2) m *= (nu + k) / nu;
  return m;
}

/**
 * Every exact connected and raw correlator of orders 1..nMax of the ensemble `spec` with a shared
 * scale of nu = `dof` degrees of freedom on its last-layer weights (see the module comment), in the
 * flat layout of {@link ExactCorrelators}. `spec` is that of `exactCorrelators` (an activation, or
 * `neurons` of another hidden unit); its `mb`, `sb` are the output bias's.
 *
 * @param spec - the ensemble without the scale
 * @param points - the K input points
 * @param nMax - highest order, 1..8
 * @param dof - nu, an integer in [1, MAX_SHARED_SCALE_DOF]
 * @param options - neuron-moment integrator options
 * @throws NnftInputError for bad input (`dof`, and as `exactCorrelators`)
 *
 * @example
 * ```ts
 * const t = exactSharedScaleCorrelators({ activation: 'relu', width: 5, dIn: 1, sb: 0 }, [[1]], 4, 2);
 * t.cumulants[1];  // returns 0.5 (to rounding): G^(2) = K(1, 1) = sw^2 x^2 / 2, as without the scale
 * ```
 */
export function exactSharedScaleCorrelators(
  spec: NetworkSpec, points: readonly ArrayLike<number>[], nMax: number, dof: number, options?: NeuronMomentOptions,
): ExactCorrelators {
  checkSharedScaleDof(dof);
  const theory = new FiniteWidthTheory(spec, options);
  const base = theory.correlators(points, nMax);
  const { P, dOut, orderOffsets: off } = base;
  const plan = cumulantPlan(P, nMax);
  const { mb, sb } = theory.spec;
  // the output bias's cumulants, which the scale leaves alone
  const bias = new Float64Array(base.cumulants.length);
  for (let a = 0; a < P; a++) bias[off[1] + a] = mb;
  if (nMax >= 2) {
    forEachMultiset(P, 2, (idx, r) => {
      if (idx[0] % dOut === idx[1] % dOut) bias[off[2] + r] = sb * sb;
    });
  }
  const kappaT = base.cumulants.map((c, i) => c - bias[i]);
  const moments = momentsFromCumulants(plan, kappaT);
  for (let n = 1; n <= nMax; n++) {
    const e = sharedScaleMoment(dof, n);
    for (let i = off[n]; i < off[n + 1]; i++) moments[i] *= e;
  }
  const cumulants = cumulantsFromMoments(plan, moments);
  for (let i = 0; i < cumulants.length; i++) cumulants[i] += bias[i];
  return { ...base, cumulants, moments: momentsFromCumulants(plan, cumulants) };
}
