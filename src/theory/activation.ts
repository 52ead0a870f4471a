/**
 * Activations and parameter densities as the theory layer sees them (spec A.1, A.2).
 *
 * One hidden unit at input y (length d = d_in) has the pre-activation
 *
 *     z(y) = sum_k W0_k y_k + b0,   W0_k ~ N(mw, sw^2/d),  b0 ~ N(mb, sb^2),
 *
 * so for points y_1..y_m the vector (z(y_1), .., z(y_m)) is Gaussian with
 *
 *     mean       mu_i = mw sum_k y_ik + mb,
 *     covariance C_ij = sb^2 + sw^2 (y_i . y_j)/d,
 *
 * and the unit's output is s(y) = phi(z(y), v(y)) with v(y) = C(y, y) = sb^2 + sw^2 |y|^2/d, the
 * mean-free variance of z(y). Every activation receives v: only gauss-net uses it,
 * phi(z, v) = exp(z - v) (the paper normalisation exp(z)/sqrt(exp(2 v)), spec A.2).
 *
 * @module
 */
import { NnftInputError } from '../errors.js';
import { erf } from './special.js';

/** Named activations with closed-form kernels (spec A.2); `tanh` has none (quadrature, B.2). */
export type ActivationName = 'relu' | 'erf' | 'gauss' | 'linear' | 'tanh';

/**
 * A custom activation phi(z, v): z is the pre-activation, v = sb^2 + sw^2 |y|^2/d the mean-free
 * variance of z at the input y (spec A.2). A one-argument function `(z) => ...` is fine.
 */
export type ActivationFn = (z: number, v: number) => number;

/** Either a named activation or a function `(z, v) => phi`. */
export type Activation = ActivationName | ActivationFn;

/** The names accepted by the theory layer, in documentation order. */
export const ACTIVATION_NAMES: readonly ActivationName[] = Object.freeze(['relu', 'erf', 'gauss', 'linear', 'tanh']);

/**
 * The four numbers shared by both layers (spec A.1): W ~ N(mw, sw^2/fan_in), b ~ N(mb, sb^2).
 * Defaults sw = 1, sb = 1, mw = mb = 0.
 */
export interface DensityParams {
  /** Weight standard deviation before the 1/sqrt(fan_in) scaling, >= 0. */
  sw: number;
  /** Bias standard deviation, >= 0. */
  sb: number;
  /** Weight mean (not scaled with fan_in). */
  mw: number;
  /** Bias mean. */
  mb: number;
}

const relu: ActivationFn = (z) => (z > 0 ? z : 0);
const gauss: ActivationFn = (z, v) => Math.exp(z - v);
const linear: ActivationFn = (z) => z;
const tanh: ActivationFn = (z) => Math.tanh(z);
const erfFn: ActivationFn = (z) => erf(z);

/**
 * The scalar function phi(z, v) of an activation (spec A.2): relu max(0, z), erf erf(z),
 * gauss exp(z - v), linear z, tanh tanh(z); a function is returned as is.
 *
 * @param a - activation name or function
 * @param field - argument name for errors
 * @throws NnftInputError (`field`) for an unknown name or a non-function
 *
 * @example
 * ```ts
 * activationFunction('gauss')(1, 1); // returns 1
 * ```
 */
export function activationFunction(a: Activation, field = 'activation'): ActivationFn {
  switch (a) {
    case 'relu':
      return relu;
    case 'erf':
      return erfFn;
    case 'gauss':
      return gauss;
    case 'linear':
      return linear;
    case 'tanh':
      return tanh;
    default:
      if (typeof a === 'function') return a;
      throw new NnftInputError(field, a, `must be one of ${ACTIVATION_NAMES.join(', ')} or a function (z, v) => number`);
  }
}

/** @internal Check an activation argument, returning it typed. */
export function validateActivation(a: unknown, field = 'activation'): Activation {
  activationFunction(a as Activation, field);
  return a as Activation;
}

function finite(value: unknown, field: string, nonNegative: boolean): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new NnftInputError(field, value, 'must be a finite number');
  }
  if (nonNegative && value < 0) throw new NnftInputError(field, value, 'must be >= 0 (a standard deviation)');
  return value;
}

/**
 * Fill defaults (sw = sb = 1, mw = mb = 0; spec A.1) and validate: sw, sb finite and >= 0,
 * mw, mb finite.
 *
 * @param p - partial parameters (undefined for all defaults)
 * @param prefix - prefix of the field names in errors (e.g. `params.` gives `params.sw`)
 * @throws NnftInputError naming the bad field
 *
 * @example
 * ```ts
 * resolveDensityParams({ sb: 0 }); // returns { sw: 1, sb: 0, mw: 0, mb: 0 }
 * ```
 */
export function resolveDensityParams(p?: Partial<DensityParams>, prefix = ''): DensityParams {
  if (p !== undefined && (p === null || typeof p !== 'object')) {
    throw new NnftInputError(prefix ? prefix.replace(/\.$/, '') : 'params', p, 'must be an object { sw, sb, mw, mb }');
  }
  const q = p ?? {};
  return {
    sw: finite(q.sw ?? 1, `${prefix}sw`, true),
    sb: finite(q.sb ?? 1, `${prefix}sb`, true),
    mw: finite(q.mw ?? 0, `${prefix}mw`, false),
    mb: finite(q.mb ?? 0, `${prefix}mb`, false),
  };
}

/**
 * Validate one input point: a non-empty array of finite numbers, of length `dIn` when given.
 *
 * @returns the point's dimension
 * @throws NnftInputError (`field`, `field[k]`, `field.length`)
 */
export function validatePoint(x: unknown, field: string, dIn?: number): number {
  if (!Array.isArray(x) && !(ArrayBuffer.isView(x) && !(x instanceof DataView))) {
    throw new NnftInputError(field, x, 'must be an array of numbers (an input point)');
  }
  const arr = x as ArrayLike<unknown>;
  if (arr.length < 1) throw new NnftInputError(`${field}.length`, arr.length, 'must be >= 1');
  if (dIn !== undefined && arr.length !== dIn) {
    throw new NnftInputError(`${field}.length`, arr.length, `must equal d_in = ${dIn}`);
  }
  for (let k = 0; k < arr.length; k++) {
    const v = arr[k];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new NnftInputError(`${field}[${k}]`, v, 'must be a finite number');
  }
  return arr.length;
}

/**
 * Mean of the pre-activation at y (spec B.2, D.4): mu(y) = mw sum_k y_k + mb.
 */
export function preactivationMean(y: ArrayLike<number>, p: DensityParams): number {
  let s = 0;
  for (let k = 0; k < y.length; k++) s += y[k];
  return p.mw * s + p.mb;
}

/**
 * Covariance of pre-activations (spec B): C(x, y) = sb^2 + sw^2 (x . y)/d, d = x.length.
 * C(y, y) is v(y), the mean-free variance.
 */
export function preactivationCovariance(x: ArrayLike<number>, y: ArrayLike<number>, p: DensityParams): number {
  let dot = 0;
  for (let k = 0; k < x.length; k++) dot += x[k] * y[k];
  return p.sb * p.sb + (p.sw * p.sw * dot) / x.length;
}
