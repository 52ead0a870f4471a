/**
 * The `deform` option: a deformation of an ensemble's parameter density by a functional of the network
 * function (spec actions-symmetry F1 source 2, F4),
 *
 *     P_lambda(theta) ∝ P_0(theta) exp(-Delta S[phi_theta]),   Delta S = (lambda / p!) int_R phi(y)^p d^d y,
 *
 * over a box R (one [lo, hi] per input dimension). Because the factor depends on the parameters only
 * through the network function, E_lambda[F] = E_0[F w] / E_0[w] with w = exp(-Delta S): the deformed
 * ensemble is the base ensemble with importance weights. The integral is the trapezoid rule on a
 * tensor grid of `grid` nodes per dimension,
 *
 *     V = Delta S / lambda = sum_g q_g phi(y_g)^p,   q_g = prod_i h_i c_{g_i} / p!,
 *
 * h_i = (hi_i - lo_i)/(grid - 1), c = 1/2 at the two ends of a dimension and 1 inside. At N = infinity on
 * Cos-net's cutoff propagator, p = 4 is phi^4 theory on R (UV-regulated by the cutoff).
 *
 * For an even power with lambda < 0, or any odd power with lambda != 0, exp(-Delta S) is not bounded
 * and the deformed density is not normalisable at N = infinity: reweighted results are then the formal
 * (perturbative) answer, the result says so in its warnings, and only the linear response is exact.
 *
 * @module
 */
import { NnftInputError } from '../errors.js';
import type { Estimator } from '../sample/kernel-config.js';
import { checkEstimator, checkInteger, LIMITS } from '../sample/options.js';

/** Default grid nodes per dimension. */
export const DEFAULT_DEFORM_GRID = 61;

/** Largest power p of the integrand. */
export const MAX_DEFORM_POWER = 12;

/** Largest number of grid nodes (grid^d_in): each is evaluated like a point for every network. */
export const MAX_DEFORM_NODES = LIMITS.points;

/**
 * A deformation exp(-(lambda / p!) int_R phi^p) of the parameter density.
 *
 * @example
 * ```ts
 * // phi^4 theory on [-3, 3] from a free cos-net (cutoff 8: spacing 0.1 resolves it)
 * const r = await sample({ arch: 'cos-net', width: 1000, hyper: { m: 1, lambda: 8 }, points: [0, 0.5], networks: 20000, orders: [2, 4], seed: 1,
 *   deform: { lambda: 0.2, region: [-3, 3] } });
 * r.effectiveSampleSize / r.networks; // close to 1 for small lambda
 * ```
 */
export interface DeformOptions {
  /**
   * The coupling lambda (in `linearResponse`: where the derivative is taken, default 0). Any finite
   * number; 0 leaves every weight exactly 1.
   */
  lambda?: number;
  /** The power p of phi^p, an integer in [1, 12] (default 4). */
  power?: number;
  /** The box R: one [lo, hi] per input dimension, lo < hi (for d_in = 1 a single [lo, hi] also works). */
  region: readonly (readonly number[])[] | readonly number[];
  /** Trapezoid nodes per dimension, at least 2 (default 61); grid^d_in at most 4096. */
  grid?: number;
}

/** A resolved deformation, as recorded in a run header. */
export interface DeformRun {
  readonly lambda: number;
  readonly power: number;
  readonly region: readonly (readonly [number, number])[];
  readonly grid: number;
  /**
   * The constant s in log w = -lambda (V - s): a typical V (its Gaussian mean, or 0 where unknown) that
   * keeps the weights near 1; the self-normalisation cancels it.
   */
  readonly shift: number;
  /** A linear-response run: its sums hold the products weighted by w, then by w V, then sum w V. */
  readonly response?: true;
  /** Gaussian-process runs: the jitter of the grid nodes' conditional Cholesky factor. */
  readonly jitter?: number;
}

/** A validated deformation with its grid: node coordinates and weights q_g (which include 1/p!). */
export interface DeformGrid {
  readonly lambda: number;
  readonly power: number;
  readonly region: readonly (readonly [number, number])[];
  readonly grid: number;
  /** Grid nodes y_g, the last dimension running fastest. */
  readonly nodes: readonly (readonly number[])[];
  /** q_g = trapezoid weight of node g / p!. */
  readonly weights: readonly number[];
  /** Spacing h_i per dimension. */
  readonly spacing: readonly number[];
}

const factorial = (n: number) => {
  let f = 1;
  for (let k = 2; k <= n; k++) f *= k;
  return f;
};

function checkRegion(given: unknown, dIn: number): [number, number][] {
  const field = 'deform.region';
  if (!Array.isArray(given) || given.length === 0) {
    throw new NnftInputError(field, given, `must be one [lo, hi] per input dimension (${dIn})`);
  }
  const pairs = typeof given[0] === 'number' && dIn === 1 ? [given] : given;
  if (pairs.length !== dIn) throw new NnftInputError(field, given, `must have one [lo, hi] per input dimension: d_in = ${dIn}`);
  return pairs.map((pair: unknown, i: number) => {
    const f = `${field}[${i}]`;
    if (!Array.isArray(pair) || pair.length !== 2) throw new NnftInputError(f, pair, 'must be a pair [lo, hi]');
    for (const v of pair) {
      if (typeof v !== 'number' || !Number.isFinite(v) || Math.abs(v) > LIMITS.magnitude) {
        throw new NnftInputError(f, pair, `must hold finite numbers of magnitude at most ${LIMITS.magnitude}`);
      }
    }
    if (!(pair[0] < pair[1])) throw new NnftInputError(f, pair, 'must have lo < hi (a non-empty interval)');
    return [pair[0], pair[1]] as [number, number];
  });
}

/**
 * Validates a `deform` option for inputs of dimension `dIn` and builds its grid; throws NnftInputError
 * naming `deform.<field>`. `lambdaDefault` is used when lambda is absent (a linear response at 0);
 * without it lambda is required.
 */
export function resolveDeformGrid(given: unknown, dIn: number, lambdaDefault?: number): DeformGrid {
  if (given === null || typeof given !== 'object' || Array.isArray(given)) {
    throw new NnftInputError('deform', given, 'must be an object { lambda, power, region, grid }');
  }
  const g = given as Record<string, unknown>;
  for (const k of Object.keys(g)) {
    if (!['lambda', 'power', 'region', 'grid'].includes(k)) throw new NnftInputError(`deform.${k}`, g[k], 'is not an option of deform: use lambda, power, region, grid');
  }
  const lambda = g.lambda ?? lambdaDefault;
  if (typeof lambda !== 'number' || !Number.isFinite(lambda) || Math.abs(lambda) > LIMITS.magnitude) {
    throw new NnftInputError('deform.lambda', lambda, `must be a finite number of magnitude at most ${LIMITS.magnitude}`);
  }
  const power = checkInteger('deform.power', g.power ?? 4, 1, MAX_DEFORM_POWER);
  const region = checkRegion(g.region, dIn);
  const grid = checkInteger('deform.grid', g.grid ?? DEFAULT_DEFORM_GRID, 2, MAX_DEFORM_NODES);
  if (grid ** dIn > MAX_DEFORM_NODES) {
    throw new NnftInputError('deform.grid', grid, `gives ${grid}^${dIn} = ${grid ** dIn} nodes, more than ${MAX_DEFORM_NODES}: use fewer nodes per dimension`);
  }
  const spacing = region.map(([lo, hi]) => (hi - lo) / (grid - 1));
  // one dimension's nodes and trapezoid weights; lo + ((hi - lo) i) / (grid - 1) rounds once, so nodes
  // such as -1 on [-3, 3] with 61 nodes are exact and coincide with points placed there
  const axes = region.map(([lo, hi], d) => Array.from({ length: grid }, (_, i) => ({
    x: i === grid - 1 ? hi : lo + ((hi - lo) * i) / (grid - 1),
    w: (i === 0 || i === grid - 1 ? 0.5 : 1) * spacing[d],
  })));
  const nodes: number[][] = [];
  const weights: number[] = [];
  const scale = 1 / factorial(power);
  const idx = new Array<number>(dIn).fill(0);
  for (let n = 0; n < grid ** dIn; n++) {
    let rest = n;
    for (let d = dIn - 1; d >= 0; d--) {
      idx[d] = rest % grid;
      rest = Math.floor(rest / grid);
    }
    nodes.push(idx.map((i, d) => axes[d][i].x));
    weights.push(idx.reduce((w, i, d) => w * axes[d][i].w, scale));
  }
  return { lambda, power, region, grid, nodes, weights, spacing };
}

/**
 * The refusal of a grid too coarse for a band-limited field: spacing above 2 pi / bandLimit in any
 * dimension (cos-net: the cutoff Lambda is the largest frequency of the network function).
 */
export function checkGridResolves(d: DeformGrid, bandLimit: number, what: string): void {
  const most = (2 * Math.PI) / bandLimit;
  for (const [i, h] of d.spacing.entries()) {
    if (h > most) {
      const [lo, hi] = d.region[i];
      const need = Math.ceil((hi - lo) / most) + 1;
      throw new NnftInputError(
        'deform.grid', d.grid,
        `gives spacing ${h.toPrecision(4)} in dimension ${i}, above 2 pi / ${bandLimit} = ${most.toPrecision(4)}: the grid does not resolve ` +
          `the highest frequency of ${what}; use at least ${need} nodes per dimension`,
      );
    }
  }
}

/**
 * The estimator of a deformed run: `direct` by default. The conditional estimator never draws the
 * output layer, so the field on the grid, and with it the weight, is unknown: asking for it is an error.
 */
export function deformEstimator(estimator: unknown): Estimator {
  if (estimator === 'conditional') {
    throw new NnftInputError(
      'estimator', estimator,
      'cannot be used with deform: the conditional estimator never draws the output layer, so the field on the grid and the weight exp(-Delta S) ' +
        'are unknown; use direct (the default with deform)',
    );
  }
  return estimator === undefined ? 'direct' : checkEstimator(estimator);
}
