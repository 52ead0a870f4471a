/**
 * The `biasMixture` option: importance sampling of the hidden biases (the third weight source of
 * assembly/weights.ts). Each unit's bias b = mb + sb z is drawn from the two-component mixture
 *
 *     q(b) = (1 - a) N(mb, sb^2) + a N(mb + s sb, sb^2)
 *
 * instead of p(b) = N(mb, sb^2), the component from one uniform per unit of the network's own Philox
 * stream (a stream of its own, so runs without the option keep their bits), and each network is
 * weighted by
 *
 *     w = prod_j p(b_j) / q(b_j) = prod_j 1 / ((1 - a) + a exp(s z_j - s^2/2)),   0 < w <= (1 - a)^-N.
 *
 * E_q[w F] = E_p[F] for every F, so the self-normalised averages (sum w P / sum w) estimate the
 * ensemble's moments exactly, with `effectiveSampleSize` on the result. The point is variance: when a
 * correlator is dominated by rare large biases (gauss-net, h = exp(b - ...) lognormal, whose
 * connected 4-point function carries E[h^4] = E[e^{4b}], dominated by b near 4 sb), plain sampling has
 * heavy-tailed estimates, while a component near the dominant biases samples them often and the
 * bounded weights keep the variance finite and small (for E[e^{4b}] with s = 4: relative variance
 * about 1/a instead of e^{16 sb^2}). The units are independent under q, so E_q[w^2] = E_p[w_1]^N and
 * the expected effective fraction of the networks is E_p[w_1]^-N ({@link biasMixtureEfficiency}).
 *
 * Only normal hidden biases of positive standard deviation can be mixed (relu-, erf-, gauss-, tanh-
 * nets and linear, at sb > 0; not cos-net's uniform phases). Both estimators, any d_in and d_out,
 * reweighting, deformations and a shared scale combine with it (the log-weights add).
 *
 * @module
 */
import { getArchitecture } from '../arch/index.js';
import { NnftInputError } from '../errors.js';
import type { KernelConfig } from './kernel-config.js';
import type { Ensemble } from './options.js';

/**
 * A two-component normal mixture for the hidden biases.
 *
 * @example
 * ```ts
 * // gauss-net at N = 5: the connected 4-point function to ~1% from 10^5 networks
 * const r = await sample({ arch: 'gauss-net', width: 5, points: [0], networks: 1e5, orders: [4], seed: 1, biasMixture: { shift: 4, fraction: 0.25 } });
 * r.connected(0, 0, 0, 0); // about 32.2 = 3 (e^4 - 1) / 5
 * ```
 */
export interface BiasMixtureOptions {
  /** Shift s of the second component, in units of sb (any real |s| <= 20; negative shifts favour small biases). */
  shift: number;
  /** Weight a of the second component, in (0, 1). */
  fraction: number;
}

/** A validated bias mixture, as recorded in the run header. */
export interface BiasMixture {
  readonly shift: number;
  readonly fraction: number;
}

/** Largest |shift| accepted: 20 sb is far beyond any bias a network function notices. */
export const MAX_BIAS_MIXTURE_SHIFT = 20;

/**
 * Smallest expected effective fraction of the networks accepted (E_p[w_1]^-N): below it a million
 * networks are worth less than one, which a mixture that fits the width never needs. (The spread of
 * log w says little here: the weights are bounded above by (1 - a)^-N, and the many tiny ones cost
 * nothing but their share of the sample.)
 */
export const MIN_BIAS_MIXTURE_EFFECTIVE_FRACTION = 1e-6;

const FIELDS = ['shift', 'fraction'];

/**
 * Validates the `biasMixture` option against the ensemble; throws NnftInputError naming `biasMixture`
 * or `biasMixture.<field>`: a shift that is not a finite number with |shift| <= 20, a fraction outside
 * (0, 1), hidden biases that are not normal or have standard deviation 0, and a width at which the
 * expected effective fraction of the networks falls below {@link MIN_BIAS_MIXTURE_EFFECTIVE_FRACTION}.
 */
export function resolveBiasMixture(given: unknown, e: Ensemble): BiasMixture {
  if (given === null || typeof given !== 'object' || Array.isArray(given)) {
    throw new NnftInputError('biasMixture', given, 'must be an object { shift, fraction }');
  }
  const g = given as Record<string, unknown>;
  for (const k of Object.keys(g)) {
    if (!FIELDS.includes(k)) throw new NnftInputError(`biasMixture.${k}`, g[k], 'is not an option of biasMixture: use shift and fraction');
  }
  const { shift, fraction } = g;
  if (typeof shift !== 'number' || !Number.isFinite(shift) || Math.abs(shift) > MAX_BIAS_MIXTURE_SHIFT) {
    throw new NnftInputError('biasMixture.shift', shift, `must be a finite number in [-${MAX_BIAS_MIXTURE_SHIFT}, ${MAX_BIAS_MIXTURE_SHIFT}] (in units of sb)`);
  }
  if (typeof fraction !== 'number' || !(fraction > 0 && fraction < 1)) {
    throw new NnftInputError('biasMixture.fraction', fraction, 'must be a number in (0, 1), the weight of the shifted component');
  }
  const bias = getArchitecture(e.arch).layers(e)[0].bias;
  if (bias.kind !== 'normal') {
    throw new NnftInputError('biasMixture', given, `needs normal hidden biases; ${e.arch} draws them from a ${bias.kind} density`);
  }
  if (!(bias.std > 0)) {
    throw new NnftInputError('biasMixture', given, `needs hidden biases of standard deviation above 0; ${e.arch} has sb = ${e.sb} here (set sb > 0)`);
  }
  const m = { shift, fraction };
  const { effectiveFraction } = biasMixtureEfficiency(m, e.width);
  if (!(effectiveFraction >= MIN_BIAS_MIXTURE_EFFECTIVE_FRACTION)) {
    throw new NnftInputError(
      'biasMixture', given,
      `leaves an expected effective sample size of ${effectiveFraction.toPrecision(3)} times the networks at width ${e.width} ` +
        `(at least ${MIN_BIAS_MIXTURE_EFFECTIVE_FRACTION} needed: the weights of ${e.width} units multiply); use a smaller fraction or shift, or none at this width`,
    );
  }
  return m;
}

/** Nodes of the trapezoid rule per unit of z (for these Gaussian integrands it converges to f64 rounding far sooner). */
const NODES_PER_UNIT = 64;

/**
 * What a bias mixture costs in weights at width N: `effectiveFraction` = E_q[w]^2 / E_q[w^2] =
 * E_p[w_1]^-N, the expected effective sample size over the networks (the units are independent under
 * q, and E_q[w_1^2] = E_p[w_1]), from one unit's E_p[w_1] = int phi(z) / ((1 - a) + a exp(s z - s^2/2)) dz
 * by the trapezoid rule on [min(0, s) - 12, max(0, s) + 12].
 *
 * @example
 * ```ts
 * biasMixtureEfficiency({ shift: 4, fraction: 0.25 }, 5).effectiveFraction; // returns 0.2616 (to 4 digits)
 * ```
 */
export function biasMixtureEfficiency(m: BiasMixture, width: number): { effectiveFraction: number } {
  const { shift: s, fraction: a } = m;
  const lo = Math.min(0, s) - 12;
  const hi = Math.max(0, s) + 12;
  const n = Math.ceil((hi - lo) * NODES_PER_UNIT);
  const h = (hi - lo) / n;
  let pw = 0; // E_p[w_1]
  for (let i = 0; i <= n; i++) {
    const z = lo + i * h;
    const t = s * z - 0.5 * s * s;
    const mx = Math.max(t, 0);
    // w_1 = 1 / ((1 - a) + a e^t), written so that nothing overflows
    const w = Math.exp(-mx) / ((1 - a) * Math.exp(-mx) + a * Math.exp(t - mx));
    pw += (i === 0 || i === n ? 0.5 * h : h) * (Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI)) * w;
  }
  return { effectiveFraction: Math.exp(-width * Math.log(pw)) };
}

/** The kernels' configuration with a bias mixture's weight source added to any others. */
export function withBiasMixture(config: KernelConfig, m: BiasMixture): KernelConfig {
  return { ...config, weights: { ...config.weights, mixture: { shift: m.shift, fraction: m.fraction } } };
}
