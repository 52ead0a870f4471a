/**
 * The `sharedScale` option: independence breaking by one random scale per network (spec
 * actions-symmetry F1, source 2, construction 1). Each network draws s > 0 with
 *
 *     s^2 = chi^2_nu / nu = (1/nu) sum_{i < nu} g_i^2,   E[s^2] = 1,   Var(s^2) = 2/nu,
 *
 * from nu normals of its own Philox stream (assembly/scale.ts), and its last-layer weights W1 (mean
 * and fluctuation, not the bias b1) are multiplied by s. The hidden units are then only conditionally
 * independent: the 2-point function is unchanged, and the connected 4-point function gains
 * Var(s^2) (K12 K34 + K13 K24 + K14 K23), which survives N -> infinity
 * (src/theory/shared-scale.ts has the exact correlators at every width). Both estimators, every
 * architecture, reweighting and deformations combine with it; a run without it is bit for bit
 * what it was.
 *
 * @module
 */
import { NnftInputError } from '../errors.js';
import { checkSharedScaleDof } from '../theory/shared-scale.js';

/**
 * A shared random scale of every network's last-layer weights.
 *
 * @example
 * ```ts
 * const r = await sample({ arch: 'erf-net', width: 1000, points: [0.5], sb: 0, networks: 1e5, orders: [2, 4], seed: 1, sharedScale: { dof: 4 } });
 * r.connected(0, 0, 0, 0) / r.moment(0, 0) ** 2; // about 1.5 = 3 Var(s^2): non-Gaussian at large N
 * ```
 */
export interface SharedScaleOptions {
  /** The degrees of freedom nu of s^2 = chi^2_nu / nu: an integer in [1, 10^4] (Var(s^2) = 2/nu). */
  dof: number;
}

/** A validated shared scale, as recorded in the run header. */
export interface SharedScale {
  readonly dof: number;
}

/** Validates the `sharedScale` option; throws NnftInputError naming `sharedScale` or `sharedScale.<field>`. */
export function resolveSharedScale(given: unknown): SharedScale {
  if (given === null || typeof given !== 'object' || Array.isArray(given)) {
    throw new NnftInputError('sharedScale', given, 'must be an object { dof }');
  }
  const g = given as Record<string, unknown>;
  for (const k of Object.keys(g)) {
    if (k !== 'dof') throw new NnftInputError(`sharedScale.${k}`, g[k], 'is not an option of sharedScale: use dof');
  }
  return { dof: checkSharedScaleDof(g.dof, 'sharedScale.dof') };
}
