/**
 * Theory of Cos-net (spec actions-symmetry F1, F3): its GP kernel, the free scalar propagator with a
 * hard momentum cutoff, and the single-neuron moments from which src/theory/finite-width.ts builds
 * its exact connected correlators at any width.
 *
 * One hidden unit is h(x) = A(b) cos(b . x + c) with c uniform on a period and
 * - variant `uniform`: b uniform in the ball |b| < Lambda, A = C / sqrt(|b|^2 + m^2),
 *   C = sqrt(2 vol(B_Lambda) / (sigma_a^2 (2 pi)^d));
 * - variant `propagator`: b with density 1/(Z_b (|b|^2 + m^2)) in the ball, A = C' = sqrt(2 Z_b / (sigma_a^2 (2 pi)^d)).
 * Averaging the phase first, E_c[prod_k cos(theta_k + c)] = 2^-n sum_{s in {+-1}^n, sum s = 0} cos(sum_k s_k theta_k),
 * so with theta_k = b . y_k the n-th moment is
 *
 *     M(y_1..y_n) = 2^-n sum_{s, sum s = 0} E_b[A(b)^n cos(b . v_s)],   v_s = sum_k s_k y_k,
 *
 * a radial integral per pattern (radial.ts); odd moments vanish. For n = 2 this is
 * M(x, y) = (1 / (sigma_a^2 (2 pi)^d)) int_{|p| < Lambda} cos(p . (x - y)) / (p^2 + m^2) d^d p for both
 * variants, and N E[W1^2] = sigma_a^2 makes the 2-point function the cutoff propagator.
 *
 * @module
 */
import { NnftInputError } from '../errors.js';
import { angularAverage, ballVolume, integrateRadial, propagatorRadialIntegral, sphereArea } from './radial.js';

/** The two samplers of Cos-net's hidden weights (spec F3). */
export type CosNetVariant = 'uniform' | 'propagator';

/** One Cos-net hidden unit: input dimension, mass, cutoff, sigma_a (the output weights' scale), variant. */
export interface CosNetUnit {
  readonly dIn: number;
  readonly mass: number;
  readonly cutoff: number;
  readonly sigmaA: number;
  readonly variant: CosNetVariant;
}

function checkUnit(u: CosNetUnit): void {
  if (!Number.isInteger(u.dIn) || u.dIn < 1 || u.dIn > 3) throw new NnftInputError('dIn', u.dIn, 'must be 1, 2 or 3');
  if (!(u.cutoff > 0) || !Number.isFinite(u.cutoff)) throw new NnftInputError('cutoff', u.cutoff, 'must be a finite number > 0');
  if (!(u.mass >= 0) || !Number.isFinite(u.mass)) throw new NnftInputError('mass', u.mass, 'must be a finite number >= 0');
  if (u.mass === 0 && u.dIn < 3) throw new NnftInputError('mass', u.mass, 'must be > 0 for d_in = 1, 2 (the propagator diverges at p = 0)');
  if (!(u.sigmaA > 0) || !Number.isFinite(u.sigmaA)) throw new NnftInputError('sigmaA', u.sigmaA, 'must be a finite number > 0');
  if (u.variant !== 'uniform' && u.variant !== 'propagator') throw new NnftInputError('variant', u.variant, "must be 'uniform' or 'propagator'");
}

/** Z_b = int_{|b| < Lambda} d^d b / (b^2 + m^2), the normalisation of the propagator density. */
export function propagatorNormalisation(d: number, m: number, cutoff: number): number {
  return sphereArea(d) * propagatorRadialIntegral(d, m, cutoff);
}

/**
 * The amplitude constant of a Cos-net unit: C = sqrt(2 vol(B_Lambda) / (sigma_a^2 (2 pi)^d)) (variant
 * `uniform`, A = C / sqrt(|b|^2 + m^2)) or C' = sqrt(2 Z_b / (sigma_a^2 (2 pi)^d)) (variant `propagator`, A = C').
 *
 * @example
 * ```ts
 * cosNetAmplitude({ dIn: 1, mass: 1, cutoff: 8, sigmaA: 1, variant: 'uniform' }); // returns 1.5957691... (sqrt(16 / (2 pi)))
 * ```
 */
export function cosNetAmplitude(u: CosNetUnit): number {
  checkUnit(u);
  const measure = u.variant === 'uniform' ? ballVolume(u.dIn, u.cutoff) : propagatorNormalisation(u.dIn, u.mass, u.cutoff);
  return Math.sqrt((2 * measure) / (u.sigmaA * u.sigmaA * (2 * Math.PI) ** u.dIn));
}

/**
 * The free scalar propagator of mass m with a hard momentum cutoff Lambda in d = 1, 2, 3 dimensions,
 * at separation r (spec F3):
 *
 *     G(r) = (2 pi)^-d int_{|p| < Lambda} d^d p e^{i p.x} / (p^2 + m^2)
 *          = (S_{d-1} / (2 pi)^d) int_0^Lambda dp p^{d-1} Omega_d(p r) / (p^2 + m^2).
 *
 * Closed forms at r = 0: arctan(Lambda/m)/(pi m) (d = 1), ln(1 + Lambda^2/m^2)/(4 pi) (d = 2),
 * (Lambda - m arctan(Lambda/m))/(2 pi^2) (d = 3); otherwise a radial integral (relative error ~1e-13).
 *
 * @throws NnftInputError (`dIn`, `mass`, `cutoff`, `r`)
 *
 * @example
 * ```ts
 * cutoffPropagator(1, 1, 50, 1); // returns 0.18389... (the continuum value e^-1 / 2 = 0.18394)
 * ```
 */
export function cutoffPropagator(d: number, m: number, cutoff: number, r: number): number {
  checkUnit({ dIn: d, mass: m, cutoff, sigmaA: 1, variant: 'uniform' });
  if (typeof r !== 'number' || !Number.isFinite(r)) throw new NnftInputError('r', r, 'must be a finite number');
  const pre = sphereArea(d) / (2 * Math.PI) ** d;
  if (r === 0) return pre * propagatorRadialIntegral(d, m, cutoff);
  const f = (p: number) => (p ** (d - 1) * angularAverage(d, p * Math.abs(r))) / (p * p + m * m);
  return pre * integrateRadial(f, cutoff, m, Math.abs(r));
}

/** Highest moment order of {@link CosNeuronMoments}. */
const MAX_ORDER = 8;

/**
 * Single-neuron moments of a Cos-net hidden unit (see the module comment), for the exact finite-width
 * theory: `exactCorrelators({ neurons: new CosNeuronMoments(unit), width, dIn, sw: sigmaA, sb }, points, n)`.
 * Moments are cached per point multiset and the radial integrals per (order, |v|).
 *
 * @example
 * ```ts
 * const m = new CosNeuronMoments({ dIn: 1, mass: 1, cutoff: 8, sigmaA: 1, variant: 'uniform' });
 * m.momentOfIds([m.pointId([0]), m.pointId([0])]); // returns 0.46041... (= G(0) = arctan(8)/pi at sigma_a = 1)
 * ```
 */
export class CosNeuronMoments {
  readonly unit: CosNetUnit;
  private readonly amplitude: number;
  private readonly normalisation: number;
  private readonly coords: Float64Array[] = [];
  private readonly ids = new Map<string, number>();
  private readonly moments = new Map<string, number>();
  private readonly radial = new Map<string, number>();

  constructor(unit: CosNetUnit) {
    checkUnit(unit);
    this.unit = { ...unit };
    this.amplitude = cosNetAmplitude(unit);
    this.normalisation = unit.variant === 'propagator' ? propagatorNormalisation(unit.dIn, unit.mass, unit.cutoff) : 0;
  }

  /** Registers a point (length d_in) and returns its id. */
  pointId(p: ArrayLike<number>): number {
    if (p.length !== this.unit.dIn) throw new NnftInputError('point', Array.from(p), `must have length d_in = ${this.unit.dIn}`);
    const key = Array.prototype.join.call(p, ',');
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.coords.length;
      this.coords.push(Float64Array.from(p));
      this.ids.set(key, id);
    }
    return id;
  }

  /** M(y_1..y_n) of registered points (any order, n = 0..8). */
  momentOfIds(idList: readonly number[]): number {
    const n = idList.length;
    if (n > MAX_ORDER) throw new NnftInputError('ids.length', n, `must be at most ${MAX_ORDER}`);
    if (n === 0) return 1;
    if (n % 2 === 1) return 0;
    const sorted = idList.slice().sort((a, b) => a - b);
    const key = sorted.join(',');
    const hit = this.moments.get(key);
    if (hit !== undefined) return hit;
    const d = this.unit.dIn;
    const v = new Float64Array(d);
    let sum = 0;
    // patterns with s_0 = +1 (s and -s give the same cosine): n/2 - 1 more plus signs among n - 1
    const plus = n / 2 - 1;
    for (let mask = 0; mask < 1 << (n - 1); mask++) {
      if (popcount(mask) !== plus) continue;
      v.fill(0);
      for (let k = 0; k < n; k++) {
        const sign = k === 0 || (mask >> (k - 1)) & 1 ? 1 : -1;
        const y = this.coords[sorted[k]];
        for (let i = 0; i < d; i++) v[i] += sign * y[i];
      }
      let norm = 0;
      for (let i = 0; i < d; i++) norm += v[i] * v[i];
      sum += this.radialMoment(n, Math.sqrt(norm));
    }
    const value = 2 ** (1 - n) * sum;
    this.moments.set(key, value);
    return value;
  }

  /** E_b[A(b)^n cos(b . v)] with |v| = `freq`, as a radial integral. */
  private radialMoment(n: number, freq: number): number {
    const key = `${n}:${freq}`;
    const hit = this.radial.get(key);
    if (hit !== undefined) return hit;
    const { dIn: d, mass: m, cutoff: R, variant } = this.unit;
    const An = this.amplitude ** n;
    let value: number;
    if (variant === 'uniform') {
      // density of |b|: d r^{d-1} / R^d; A^n = C^n (r^2 + m^2)^{-n/2}; at m = 0 integrable only for n < d
      if (m === 0 && n >= d) value = Infinity;
      else {
        const f = (r: number) => r ** (d - 1) * (r * r + m * m) ** (-n / 2) * angularAverage(d, r * freq);
        value = ((An * d) / R ** d) * integrateRadial(f, R, m, freq);
      }
    } else {
      // density of |b|: S_{d-1} r^{d-1} / (Z_b (r^2 + m^2)); A^n = C'^n
      const f = (r: number) => (r ** (d - 1) * angularAverage(d, r * freq)) / (r * r + m * m);
      value = ((An * sphereArea(d)) / this.normalisation) * integrateRadial(f, R, m, freq);
    }
    this.radial.set(key, value);
    return value;
  }
}

function popcount(x: number): number {
  let c = 0;
  for (; x; x &= x - 1) c++;
  return c;
}
