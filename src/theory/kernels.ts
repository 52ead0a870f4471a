/**
 * GP kernels and 2-point functions of the single-hidden-layer network (spec B, D.1, D.4).
 *
 * Network (spec A.1): f_o(x) = b1_o + sum_{j=1..N} W1_{oj} phi(z_j(x), v(x)), with
 * W0 ~ N(mw, sw^2/d), b0, b1 ~ N(mb, sb^2), W1 ~ N(mw, sw^2/N). Write, for one hidden unit,
 *
 *     (z, z') = (z(x), z(x')) ~ N( (mu, mu'), [[v, c], [c, v']] ),
 *     mu = mw sum_k x_k + mb,  v = sb^2 + sw^2 |x|^2/d,  v' = sb^2 + sw^2 |x'|^2/d,  c = sb^2 + sw^2 x.x'/d,
 *     M(x, x') = E[phi(z, v) phi(z', v')],   M(x) = E[phi(z, v)].
 *
 * Three different 2-point objects, equal only when mw = mb = 0:
 * - the **GP kernel** (spec B) {@link gpKernel}: K(x, x') = sb^2 + sw^2 M(x, x') (means included
 *   in z as in B.2). For mw = 0 it is the connected 2-point function at EVERY width N (D.4), and for
 *   mw = mb = 0 also the raw 2-point moment E[f(x) f(x')].
 * - the **connected 2-point function** (covariance) {@link connectedTwoPoint}, same output channel:
 *   kappa2(x, x') = Cov(f(x), f(x')) = sb^2 + sw^2 M(x, x') + N mw^2 (M(x, x') - M(x) M(x')).
 * - the **2-point moment** {@link twoPointMoment}: G2(x, x') = E[f(x) f(x')] = kappa2 + E f(x) E f(x'),
 *   with the mean {@link outputMean} E f(x) = mb + N mw M(x).
 *
 * Closed forms of M(x, x') at zero means (B.1): relu (arc-cosine kernel of order 1, with the guard
 * M = 0 when v = 0 or v' = 0), erf; at any means: gauss (paper normalisation, phi = exp(z - v)):
 * M = exp(mu + mu' + c - (v + v')/2), linear: M = c + mu mu'. tanh, function activations and erf
 * with non-zero means use 2-D Gauss-Hermite quadrature (B.2, {@link quadratureKernel}); relu with
 * non-zero means uses the semi-analytic integrator of `neuron-moments.ts` (relative error ~1e-13).
 *
 * @example
 * ```ts
 * gpKernel('relu', [0.2], [1.0], { sw: 1, sb: 1 });  // returns 1.6150241...  (spec B.3)
 * gpKernel('gauss', [0.2], [1.0]);                    // returns 1 + exp(-0.32) = 1.7261490...
 * ```
 *
 * @module
 */
import { NnftInputError } from '../errors.js';
import {
  type Activation,
  type DensityParams,
  activationFunction,
  preactivationCovariance,
  preactivationMean,
  resolveDensityParams,
  validateActivation,
  validatePoint,
} from './activation.js';
import { gaussHermite } from './gauss-hermite.js';
import { neuronMoment } from './neuron-moments.js';
import { erf } from './special.js';

/** How {@link gpKernel} evaluates M(x, x'). */
export type KernelMethod = 'auto' | 'closed' | 'quadrature';

/** Options of the kernel functions. */
export interface KernelOptions {
  /**
   * `'auto'` (default): closed form where one exists (B.1), otherwise quadrature (relu: the
   * semi-analytic integrator); `'closed'`: closed form or an error; `'quadrature'`: the B.2 product
   * Gauss-Hermite recipe for every activation (inaccurate for relu, ~3e-4).
   */
  method?: KernelMethod;
  /** Gauss-Hermite nodes per axis for quadrature (1..200, default 120; B.2). */
  nodes?: number;
}

/** {@link DensityParams} plus the width N (needed for mean-dependent 2-point functions, D.4). */
export interface WidthParams extends Partial<DensityParams> {
  /** Hidden-layer width N, a positive integer; required when mw != 0. */
  width?: number;
}

/** Default Gauss-Hermite nodes per axis of {@link quadratureKernel} (B.2: erf matches its closed form at n = 120). */
export const DEFAULT_KERNEL_NODES = 120;

interface PairGeometry {
  mu: number;
  muP: number;
  v: number;
  vP: number;
  c: number;
}

function geometry(x: ArrayLike<number>, y: ArrayLike<number>, p: DensityParams): PairGeometry {
  return {
    mu: preactivationMean(x, p),
    muP: preactivationMean(y, p),
    v: preactivationCovariance(x, x, p),
    vP: preactivationCovariance(y, y, p),
    c: preactivationCovariance(x, y, p),
  };
}

/**
 * relu at zero means (B.1): E[relu(z) relu(z')] = sqrt(v v')/(2 pi) (sin t + (pi - t) cos t),
 * cos t = c/sqrt(v v') clipped to [-1, 1]; 0 when v = 0 or v' = 0.
 */
function reluPair(v: number, vP: number, c: number): number {
  if (!(v > 0) || !(vP > 0)) return 0;
  const s = Math.sqrt(v * vP);
  const cos = Math.min(1, Math.max(-1, c / s));
  const t = Math.acos(cos);
  return (s / (2 * Math.PI)) * (Math.sin(t) + (Math.PI - t) * cos);
}

/** erf at zero means (B.1): E[erf(z) erf(z')] = (2/pi) arcsin(2c / sqrt((1 + 2v)(1 + 2v'))). */
function erfPair(v: number, vP: number, c: number): number {
  const arg = Math.min(1, Math.max(-1, (2 * c) / Math.sqrt((1 + 2 * v) * (1 + 2 * vP))));
  return (2 / Math.PI) * Math.asin(arg);
}

function validateKernelOptions(options: unknown): { method: KernelMethod; nodes: number } {
  if (options === undefined) return { method: 'auto', nodes: DEFAULT_KERNEL_NODES };
  if (options === null || typeof options !== 'object') throw new NnftInputError('options', options, 'must be an object');
  const o = options as KernelOptions;
  const method = o.method ?? 'auto';
  if (method !== 'auto' && method !== 'closed' && method !== 'quadrature') {
    throw new NnftInputError('options.method', method, "must be 'auto', 'closed' or 'quadrature'");
  }
  const nodes = o.nodes ?? DEFAULT_KERNEL_NODES;
  if (typeof nodes !== 'number' || !Number.isInteger(nodes) || nodes < 1 || nodes > 200) {
    throw new NnftInputError('options.nodes', nodes, 'must be an integer in [1, 200]');
  }
  return { method, nodes };
}

function validatePair(x: unknown, y: unknown): void {
  const d = validatePoint(x, 'x');
  validatePoint(y, 'y', d);
}

/** E[phi(z) phi(z')] by the B.2 recipe (no validation). */
function quadraturePair(activation: Activation, g: PairGeometry, n: number): number {
  const phi = activationFunction(activation);
  const { nodes, weights } = gaussHermite(n);
  // z = sqrt(v) u1 + mu, z' = (c/sqrt(v)) u1 + sqrt(max(v' - c^2/v, 0)) u2 + mu'; v = 0: z = mu, z' = sqrt(v') u2 + mu'
  const sv = Math.sqrt(Math.max(g.v, 0));
  const a = sv > 0 ? g.c / sv : 0;
  const b = sv > 0 ? Math.sqrt(Math.max(g.vP - (g.c * g.c) / g.v, 0)) : Math.sqrt(Math.max(g.vP, 0));
  const inner = new Float64Array(n);
  for (let j = 0; j < n; j++) inner[j] = b * nodes[j];
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const t = nodes[i];
    const f1 = phi(sv * t + g.mu, g.v);
    if (f1 === 0) continue;
    const base = a * t + g.muP;
    let s = 0;
    for (let j = 0; j < n; j++) s += weights[j] * phi(base + inner[j], g.vP);
    sum += weights[i] * f1 * s;
  }
  if (!Number.isFinite(sum)) {
    throw new NnftInputError('activation', typeof activation === 'function' ? activation.name || 'function' : activation, `gave a non-finite quadrature value (${sum})`);
  }
  return sum;
}

/** Closed-form M(x, x') or undefined when none exists for these means. */
function closedPair(activation: Activation, g: PairGeometry): number | undefined {
  const zeroMeans = g.mu === 0 && g.muP === 0;
  switch (activation) {
    case 'relu':
      return zeroMeans ? reluPair(g.v, g.vP, g.c) : undefined;
    case 'erf':
      return zeroMeans ? erfPair(g.v, g.vP, g.c) : undefined;
    case 'gauss':
      return Math.exp(g.mu + g.muP + g.c - 0.5 * (g.v + g.vP));
    case 'linear':
      return g.c + g.mu * g.muP;
    default:
      return undefined;
  }
}

/** M(x, x') = E[phi(z) phi(z')] with the chosen method (validated input). */
function pairMoment(activation: Activation, x: ArrayLike<number>, y: ArrayLike<number>, p: DensityParams, method: KernelMethod, nodes: number): number {
  const g = geometry(x, y, p);
  if (method === 'quadrature') return quadraturePair(activation, g, nodes);
  const closed = closedPair(activation, g);
  if (closed !== undefined) return closed;
  if (method === 'closed') {
    const name = typeof activation === 'function' ? 'a function activation' : activation;
    throw new NnftInputError('options.method', 'closed', `has no closed form for ${name}${activation === 'relu' || activation === 'erf' ? ' with non-zero means (mw, mb)' : ''}; use 'auto' or 'quadrature'`);
  }
  if (activation === 'relu') return neuronMoment('relu', [Array.from(x), Array.from(y)], p);
  return quadraturePair(activation, g, nodes);
}

/** M(x) = E[phi(z)] (validated input). */
function singleMoment(activation: Activation, x: ArrayLike<number>, p: DensityParams, method: KernelMethod, nodes: number): number {
  const mu = preactivationMean(x, p);
  const v = preactivationCovariance(x, x, p);
  if (method !== 'quadrature') {
    switch (activation) {
      case 'relu': {
        if (v <= 0) return Math.max(mu, 0);
        const s = Math.sqrt(v);
        const r = mu / s;
        // E relu(mu + s g) = mu Phi(mu/s) + s phi(mu/s)
        return mu * 0.5 * (1 + erf(r / Math.SQRT2)) + s * Math.exp(-0.5 * r * r) / Math.sqrt(2 * Math.PI);
      }
      case 'erf':
        return erf(mu / Math.sqrt(1 + 2 * v));
      case 'gauss':
        return Math.exp(mu - 0.5 * v);
      case 'linear':
        return mu;
      default:
        break;
    }
  }
  return neuronMoment(activation, [Array.from(x)], p, { method: method === 'quadrature' ? 'quadrature' : 'auto', nodes: Math.min(nodes, 200) });
}

/**
 * The GP kernel (spec B, B.1, B.2):
 *
 *     K(x, x') = sb^2 + sw^2 E[phi(z, v) phi(z', v')],
 *     (z, z') ~ N((mu, mu'), [[v, c], [c, v']]),  mu = mw sum_k x_k + mb,  c = sb^2 + sw^2 x.x'/d.
 *
 * With mw = 0 this is the exact connected 2-point function Cov(f(x), f(x')) at every width N (D.4);
 * with mw = mb = 0 it is also the 2-point moment E[f(x) f(x')]. For mw != 0 see
 * {@link connectedTwoPoint} and {@link twoPointMoment}. Closed forms: relu and erf at zero means,
 * gauss and linear always (B.1); otherwise 2-D Gauss-Hermite with `nodes` per axis (B.2; tanh
 * agrees with n = 200 to < 1e-10 at n = 120), relu with means semi-analytically (~1e-13).
 *
 * @param activation - `'relu' | 'erf' | 'gauss' | 'linear' | 'tanh'` or phi(z, v)
 * @param x - first input (length d >= 1)
 * @param y - second input (same length)
 * @param params - { sw, sb, mw, mb } (defaults 1, 1, 0, 0)
 * @param options - method and quadrature nodes
 * @throws NnftInputError for a bad activation, point (`x`, `y[k]`, `y.length`), parameter or option
 *
 * @example
 * ```ts
 * gpKernel('erf', [-1], [1]);                 // returns 1  (c = 0: z, z' independent; spec B.3)
 * gpKernel('linear', [0.2], [1.0]);           // returns 2.2 (approximately)
 * gpKernel('tanh', [0.2], [1.0]);             // returns 1.366056... (spec B.3)
 * ```
 */
export function gpKernel(activation: Activation, x: ArrayLike<number>, y: ArrayLike<number>, params?: Partial<DensityParams>, options?: KernelOptions): number {
  validateActivation(activation);
  validatePair(x, y);
  const p = resolveDensityParams(params, 'params.');
  const { method, nodes } = validateKernelOptions(options);
  return p.sb * p.sb + p.sw * p.sw * pairMoment(activation, x, y, p, method, nodes);
}

/**
 * The B.2 quadrature kernel for any activation (no closed forms used):
 *
 *     K(x, x') ~= sb^2 + sw^2 sum_{i,j} w_i w_j phi(z(t_i), v) phi(z'(t_i, t_j), v'),
 *     z = sqrt(v) t_i + mu,  z' = (c/sqrt(v)) t_i + sqrt(max(v' - c^2/v, 0)) t_j + mu'
 *
 * (v = 0: z = mu, z' = sqrt(v') t_j + mu'), with probabilists' Gauss-Hermite nodes/weights (sum 1).
 * Accuracy: erf agrees with its closed form to ~1e-13 at n = 120; relu only to ~3e-4 (kink).
 *
 * @param activation - activation name or phi(z, v)
 * @param x - first input
 * @param y - second input (same length)
 * @param params - { sw, sb, mw, mb }
 * @param nodes - Gauss-Hermite nodes per axis, 1..200 (default 120)
 * @throws NnftInputError for bad input
 *
 * @example
 * ```ts
 * quadratureKernel('erf', [0.2], [0.6], {}, 120); // returns 1.460381... (closed form 1.460381...)
 * ```
 */
export function quadratureKernel(activation: Activation, x: ArrayLike<number>, y: ArrayLike<number>, params?: Partial<DensityParams>, nodes = DEFAULT_KERNEL_NODES): number {
  validateActivation(activation);
  validatePair(x, y);
  const p = resolveDensityParams(params, 'params.');
  const { nodes: n } = validateKernelOptions({ nodes });
  return p.sb * p.sb + p.sw * p.sw * quadraturePair(activation, geometry(x, y, p), n);
}

function resolveWidth(params: WidthParams | undefined, p: DensityParams): number | undefined {
  const N = params?.width;
  if (N === undefined) {
    if (p.mw !== 0) throw new NnftInputError('params.width', N, 'is required when mw != 0 (the 2-point functions then depend on N, spec D.4)');
    return undefined;
  }
  if (typeof N !== 'number' || !Number.isSafeInteger(N) || N < 1) throw new NnftInputError('params.width', N, 'must be a positive integer');
  return N;
}

/**
 * Mean output E f(x) = mb + N mw M(x), M(x) = E[phi(z(x), v(x))] (spec D.1, D.4; kappa1).
 * Closed forms for relu (mu Phi(mu/sqrt v) + sqrt(v) phi(mu/sqrt v)), erf (erf(mu/sqrt(1 + 2v))),
 * gauss (exp(mu - v/2)), linear (mu); Gauss-Hermite otherwise.
 *
 * @param activation - activation name or phi(z, v)
 * @param x - the input
 * @param params - { sw, sb, mw, mb, width }; width required when mw != 0
 * @param options - method and nodes
 * @throws NnftInputError for bad input
 *
 * @example
 * ```ts
 * outputMean('erf', [-0.6], { mw: 0.3, mb: 0.2, width: 3 }); // returns 0.21053... (spec D.5)
 * ```
 */
export function outputMean(activation: Activation, x: ArrayLike<number>, params?: WidthParams, options?: KernelOptions): number {
  validateActivation(activation);
  validatePoint(x, 'x');
  const p = resolveDensityParams(params, 'params.');
  const N = resolveWidth(params, p);
  const { method, nodes } = validateKernelOptions(options);
  if (p.mw === 0) return p.mb;
  return p.mb + (N as number) * p.mw * singleMoment(activation, x, p, method, nodes);
}

/**
 * The connected 2-point function (covariance) of one output channel at width N (spec D.1, D.2):
 *
 *     kappa2(x, x') = Cov(f(x), f(x')) = sb^2 + sw^2 M(x, x') + N mw^2 (M(x, x') - M(x) M(x')),
 *
 * from kappa2 = N [E[w^2] M(x, x') - E[w]^2 M(x) M(x')] + sb^2 with w ~ N(mw, sw^2/N). For mw = 0 it
 * equals {@link gpKernel} at every N (then `width` may be omitted).
 *
 * @param activation - activation name or phi(z, v)
 * @param x - first input
 * @param y - second input
 * @param params - { sw, sb, mw, mb, width }; width required when mw != 0
 * @param options - method and nodes
 * @throws NnftInputError for bad input
 *
 * @example
 * ```ts
 * connectedTwoPoint('erf', [-0.6], [0.2], { mw: 0.3, mb: 0.2, width: 3 }); // returns 1.4337243131261157
 * ```
 */
export function connectedTwoPoint(activation: Activation, x: ArrayLike<number>, y: ArrayLike<number>, params?: WidthParams, options?: KernelOptions): number {
  validateActivation(activation);
  validatePair(x, y);
  const p = resolveDensityParams(params, 'params.');
  const N = resolveWidth(params, p);
  const { method, nodes } = validateKernelOptions(options);
  const mxy = pairMoment(activation, x, y, p, method, nodes);
  let k = p.sb * p.sb + p.sw * p.sw * mxy;
  if (p.mw !== 0) {
    const mx = singleMoment(activation, x, p, method, nodes);
    const my = singleMoment(activation, y, p, method, nodes);
    k += (N as number) * p.mw * p.mw * (mxy - mx * my);
  }
  return k;
}

/**
 * The raw 2-point moment of one output channel at width N (spec A.4, D.4):
 *
 *     G2(x, x') = E[f(x) f(x')] = kappa2(x, x') + E f(x) E f(x'),   E f(x) = mb + N mw M(x).
 *
 * Equals {@link gpKernel} when mw = mb = 0.
 *
 * @param activation - activation name or phi(z, v)
 * @param x - first input
 * @param y - second input
 * @param params - { sw, sb, mw, mb, width }; width required when mw != 0
 * @param options - method and nodes
 * @throws NnftInputError for bad input
 *
 * @example
 * ```ts
 * twoPointMoment('linear', [1], [1], { mb: 1 }); // returns 5  (kappa2 = sb^2 + sw^2 (v + mu^2) = 4, E f = mb = 1)
 * ```
 */
export function twoPointMoment(activation: Activation, x: ArrayLike<number>, y: ArrayLike<number>, params?: WidthParams, options?: KernelOptions): number {
  const k = connectedTwoPoint(activation, x, y, params, options);
  return k + outputMean(activation, x, params, options) * outputMean(activation, y, params, options);
}
