/**
 * Importance weights from a ratio of parameter densities (the first weight source of
 * assembly/weights.ts). Networks are drawn at the sample's hyperparameters and each is weighted by
 *
 *     w = prod_theta p_target(theta) / p_sample(theta)
 *
 * over its drawn parameters; weighted sums divided by the summed weights (self-normalised) estimate
 * the target ensemble's moments. The network function must not change: only hyperparameters that
 * enter the densities alone can be reweighted (sigma_w of the papers' nets, not gauss-net's sw, which
 * also sets its normalisation). Under the conditional estimator the output layer is never drawn: its
 * target density enters the conditional moments directly and only the hidden layer is weighted.
 *
 * For a normal parameter theta = mu_s + (sigma_s / kappa) v, where v is the kernels' tile value
 * (kappa = 1, or sb for the hidden biases, which the tile holds pre-multiplied),
 *
 *     log p_t(theta) - log p_s(theta) = alpha v^2 + beta v + gamma,
 *     alpha = (s^2 / 2) (1/sigma_s^2 - 1/sigma_t^2),  beta = -(mu_s - mu_t) s / sigma_t^2,
 *     gamma = -(mu_s - mu_t)^2 / (2 sigma_t^2) - ln(sigma_t / sigma_s),        s = sigma_s / kappa,
 *
 * so the kernels need only sum v and sum v^2 per parameter group. The weights are the exact density
 * ratios (E_sample[w] = 1); identical densities give alpha = beta = gamma = 0 and weights of exactly 1.
 * E_sample[w^2] = prod (sigma_s / sigma_t) / sqrt(2 - sigma_t^2 / sigma_s^2) exp(...) is finite only for
 * sigma_t < sqrt 2 sigma_s: a wider target would give weights of infinite variance, whose averages
 * converge too slowly for any error bar, so it is refused.
 *
 * @module
 */
import { getArchitecture, type Architecture, type Density } from '../arch/index.js';
import { NnftInputError } from '../errors.js';
import type { Estimator, WeightConfig } from './kernel-config.js';
import { checkReal, type Ensemble } from './options.js';

/**
 * Target hyperparameters of a reweighted run; those not given keep the sample's values.
 *
 * @example
 * ```ts
 * // erf-net drawn at sw = sb = 1, results for sw = 1.1, sb = 0.8
 * const r = await sample({ arch: 'erf-net', width: 3, points: [-1, 0.6], networks: 1e5, orders: [2, 4], seed: 1, reweight: { sw: 1.1, sb: 0.8 } });
 * r.effectiveSampleSize / r.networks; // about 0.6 for the conditional estimator (1 / E[w^2])
 * ```
 */
export interface ReweightOptions {
  /** Target sigma_w, sigma_b, mu_w, mu_b. */
  sw?: number;
  sb?: number;
  mw?: number;
  mb?: number;
  /** The architecture's own hyperparameters. */
  hyper?: Readonly<Record<string, number | string>>;
}

/** The resolved target of a reweighted run (recorded in the run header). */
export interface ReweightTarget {
  readonly sw: number;
  readonly sb: number;
  readonly mw: number;
  readonly mb: number;
  readonly hyper?: Readonly<Record<string, number | string>>;
}

/** Largest standard deviation of log w accepted: beyond it the weights leave the range of f64. */
export const MAX_LOG_WEIGHT_SD = 20;

const SHARED = ['sw', 'sb', 'mw', 'mb'] as const;

/** Validates the `reweight` option against the sample ensemble; returns the target ensemble. */
export function resolveReweight(given: unknown, e: Ensemble): Ensemble {
  if (given === null || typeof given !== 'object' || Array.isArray(given)) {
    throw new NnftInputError('reweight', given, 'must be an object of target hyperparameters { sw, sb, mw, mb, hyper }');
  }
  const g = given as Record<string, unknown>;
  for (const k of Object.keys(g)) {
    if (!(SHARED as readonly string[]).includes(k) && k !== 'hyper') {
      throw new NnftInputError(`reweight.${k}`, g[k], 'is not a hyperparameter: use sw, sb, mw, mb or hyper');
    }
  }
  const arch = getArchitecture(e.arch);
  const hyper = arch.resolveHyper(g.hyper === undefined ? e.hyper : { ...e.hyper, ...(g.hyper as object) }, 'reweight.hyper');
  const target: Ensemble = {
    ...e,
    sw: checkReal('reweight.sw', g.sw ?? e.sw, true),
    sb: checkReal('reweight.sb', g.sb ?? e.sb, true),
    mw: checkReal('reweight.mw', g.mw ?? e.mw),
    mb: checkReal('reweight.mb', g.mb ?? e.mb),
    ...(hyper && { hyper }),
  };
  try {
    arch.check?.(target, target.points);
  } catch (err) {
    if (err instanceof NnftInputError) throw new NnftInputError(`reweight.${err.field}`, err.value, err.message.replace(/^invalid argument\. `[^`]*` /, '').replace(/\. Value: .*$/, ''));
    throw err;
  }
  return target;
}

/** The target hyperparameters as recorded in a run header. */
export function reweightTarget(t: Ensemble): ReweightTarget {
  return { sw: t.sw, sb: t.sb, mw: t.mw, mb: t.mb, ...(t.hyper && { hyper: t.hyper }) };
}

/** What makes up the network function (not the densities): activation, offsets, unit amplitude. */
function networkFunction(arch: Architecture, s: Ensemble): string {
  return JSON.stringify([arch.activation, s.points.map((x) => arch.preactivationOffset?.(x, s) ?? 0), arch.unitAmplitude?.(s) ?? null]);
}

/** The hyperparameters in which target differs from e, as option paths with the target's values. */
function changes(e: Ensemble, t: Ensemble): { path: string; value: unknown; apply: (s: Ensemble) => Ensemble }[] {
  const out: { path: string; value: unknown; apply: (s: Ensemble) => Ensemble }[] = [];
  for (const k of SHARED) if (e[k] !== t[k]) out.push({ path: `reweight.${k}`, value: t[k], apply: (s) => ({ ...s, [k]: t[k] }) });
  for (const k of Object.keys(t.hyper ?? {})) {
    if (e.hyper?.[k] !== t.hyper![k]) {
      out.push({ path: `reweight.hyper.${k}`, value: t.hyper![k], apply: (s) => ({ ...s, hyper: { ...s.hyper, [k]: t.hyper![k] } }) });
    }
  }
  return out;
}

/**
 * The coefficients of the density-ratio weight source for sampling `e` and weighting to `target`;
 * NnftInputError (naming `reweight.<field>`) if the network function changes, if a density other than
 * a normal one changes, if a normal density is a point mass on one side only, or if the weights would
 * spread beyond f64 (standard deviation of log w above {@link MAX_LOG_WEIGHT_SD}).
 */
export function densityWeights(e: Ensemble, target: Ensemble, estimator: Estimator): NonNullable<WeightConfig['density']> {
  const arch = getArchitecture(e.arch);
  const diff = changes(e, target);
  const culprit = (differs: (s: Ensemble) => boolean) => diff.find((c) => differs(c.apply(e))) ?? { path: 'reweight', value: target };
  if (networkFunction(arch, e) !== networkFunction(arch, target)) {
    const c = culprit((s) => networkFunction(arch, s) !== networkFunction(arch, e));
    throw new NnftInputError(c.path, c.value, `changes the network function of ${arch.name}, not only its parameter densities, so it cannot be reweighted`);
  }
  const [hs, os] = arch.layers(e);
  const [ht, ot] = arch.layers(target);
  const hiddenBiasScale = hs.bias.kind === 'normal' ? hs.bias.std : 1;
  const groups: { name: string; s: Density; t: Density; count: number; kappa: number; output: boolean; pick: (l: ReturnType<Architecture['layers']>) => Density }[] = [
    { name: 'hidden weights', s: hs.weight, t: ht.weight, count: e.width * e.dIn, kappa: 1, output: false, pick: (l) => l[0].weight },
    { name: 'hidden biases', s: hs.bias, t: ht.bias, count: e.width, kappa: hiddenBiasScale, output: false, pick: (l) => l[0].bias },
    { name: 'output weights', s: os.weight, t: ot.weight, count: e.width * e.dOut, kappa: 1, output: true, pick: (l) => l[1].weight },
    { name: 'output biases', s: os.bias, t: ot.bias, count: e.dOut, kappa: 1, output: true, pick: (l) => l[1].bias },
  ];
  const coefficients: number[] = [];
  let constant = 0;
  let variance = 0;
  for (const g of groups) {
    const same = JSON.stringify(g.s) === JSON.stringify(g.t);
    if (same || (g.output && estimator === 'conditional')) {
      coefficients.push(0, 0);
      continue;
    }
    const c = culprit((s) => JSON.stringify(g.pick(arch.layers(s))) !== JSON.stringify(g.s));
    if (g.s.kind !== 'normal' || g.t.kind !== 'normal') {
      throw new NnftInputError(c.path, c.value, `changes the ${g.name}' ${g.s.kind} density; only normal densities can be reweighted`);
    }
    if (g.s.std === 0) throw new NnftInputError(c.path, c.value, `cannot be reached by reweighting: the sample's ${g.name} have standard deviation 0 (a point mass)`);
    if (g.t.std === 0) throw new NnftInputError(c.path, c.value, `makes the target's ${g.name} a point mass (standard deviation 0), which no weight reaches`);
    if (g.t.std >= Math.SQRT2 * g.s.std) {
      throw new NnftInputError(
        c.path, c.value,
        `widens the ${g.name}' standard deviation ${(g.t.std / g.s.std).toFixed(3)}-fold, not less than sqrt 2: the weights would have ` +
          `infinite variance and the results no error bar; sample with a standard deviation above ${(g.t.std / Math.SQRT2).toPrecision(4)}`,
      );
    }
    const ss = g.s.std;
    const st = g.t.std;
    const delta = g.s.mean - g.t.mean;
    const s = ss / g.kappa;
    const alpha = 0.5 * s * s * (1 / (ss * ss) - 1 / (st * st));
    const beta = (-delta * s) / (st * st);
    const gamma = (-delta * delta) / (2 * st * st) - Math.log(st / ss);
    coefficients.push(alpha, beta);
    constant += g.count * gamma;
    const k2 = g.kappa * g.kappa;
    variance += g.count * (2 * alpha * alpha * k2 * k2 + beta * beta * k2);
  }
  const sd = Math.sqrt(variance);
  if (sd > MAX_LOG_WEIGHT_SD) {
    throw new NnftInputError(
      'reweight', reweightTarget(target),
      `moves the parameter density so far that log w has standard deviation ${sd.toFixed(1)} (at most ${MAX_LOG_WEIGHT_SD}): ` +
        `the effective sample size would be about networks x exp(-${variance.toFixed(0)}); sample closer to the target`,
    );
  }
  return { coefficients, constant };
}
