/**
 * Exact connected correlators of a single-hidden-layer network at finite width N (spec D.1-D.4),
 * any order 1..8, any d_out, any means mw, mb.
 *
 * Conventions (spec A.1, A.4): f_o(x) = b1_o + sum_{j=1..N} W1_{oj} s_j(x), W1 ~ N(mw, sw^2/N),
 * b1 ~ N(mb, sb^2); points x^(k), k = 0..K-1; component a = k d_out + o, phi_a = f_o(x^(k)).
 * The N hidden units are i.i.d., so joint cumulants add (D.1):
 *
 *     kappa(phi_a1..phi_an) = N kappa(T_a1..T_an) + kappa_bias,   T_a = W1_{o_a} s(x^(k_a)),
 *     kappa_bias = mb (n = 1),  sb^2 delta(o_a1, o_a2) (n = 2),  0 (n >= 3),
 *
 * and the single-unit cumulant is the moment-cumulant formula over set partitions (D.2):
 *
 *     kappa(T_a1..T_an) = sum_{P partition of {1..n}} (-1)^{|P|-1} (|P|-1)! prod_{B in P} mu(B),
 *     mu(B) = E_W[prod_{r in B} W1_{o_ar}] M(x^(k_ar) : r in B),
 *     E_W[...] = prod_o E[w^{m_o}],  m_o = #{r in B : o_ar = o},  w ~ N(mw, sw^2/N),
 *
 * with M the single-neuron moment (`neuron-moments.ts`). The raw n-point function is assembled from
 * cumulants, G(a1..an) = E[phi_a1...phi_an] = sum_{P} prod_{B in P} kappa(B). At mw = 0 every
 * kappa_n is exactly C_n / N^{n/2 - 1} and kappa_2 is the GP kernel at every N (D.4).
 *
 * Accuracy is that of the neuron moments (see `neuron-moments.ts`): closed forms for gauss and
 * linear; relu ~1e-13 relative up to rank 3 (e.g. d_in <= 2, or d_in = 3 with sb = 0); erf, tanh
 * ~1e-13 at rank <= 2 (d_in = 1), ~1e-7 at rank 3, ~2e-5 at rank 4. Connected correlators are
 * differences of moments, so their relative error can be larger where they nearly cancel.
 *
 * @example
 * ```ts
 * const spec = { activation: 'relu', width: 2, dIn: 1, dOut: 1, sw: 1, sb: 1 } as const;
 * exactCumulant(spec, [[-1]], [0, 0, 0, 0]); // returns 7.5 (to rounding; 15/N, spec D.5)
 * ```
 *
 * @module
 */
import { NnftInputError } from '../errors.js';
import { cumulantPlan, cumulantsFromMoments, momentsFromCumulants } from '../stats/cumulants.js';
import { forEachMultiset, multisetCount, rankSortedUnchecked } from '../stats/multiset.js';
import { setPartitions } from '../stats/set-partitions.js';
import { type Activation, type DensityParams, resolveDensityParams, validateActivation, validatePoint } from './activation.js';
import { MAX_MOMENT_ORDER, NeuronMoments, type NeuronMomentOptions, validateNeuronMomentOptions } from './neuron-moments.js';

import { normalRawMoment } from './special.js';

/** Highest correlator order supported (spec: n <= 8). */
export const MAX_CORRELATOR_ORDER = MAX_MOMENT_ORDER;

/**
 * Single-neuron moments M(y_1..y_n) = E[h(y_1) ... h(y_n)] of a hidden unit h (D.2): what the exact
 * theory needs from the hidden layer. Points are registered once and referred to by id.
 * {@link NeuronMoments} is one (the papers' units phi(W0 . x + b0)); src/theory/cos-net.ts has another.
 */
export interface NeuronMomentSource {
  /** Registers a point (length d_in) and returns its id. */
  pointId(p: ArrayLike<number>): number;
  /** The moment of a multiset of point ids (any order, length 0..8). */
  momentOfIds(ids: readonly number[]): number;
}

/**
 * A single-hidden-layer ensemble (spec A.1): activation, width N, d_in, d_out and the densities
 * W0 ~ N(mw, sw^2/d_in), b0 ~ N(mb, sb^2), W1 ~ N(mw, sw^2/N), b1 ~ N(mb, sb^2) (defaults sw = sb = 1,
 * mw = mb = 0).
 */
export interface NetworkSpec extends Partial<DensityParams> {
  /**
   * `'relu' | 'erf' | 'gauss' | 'linear' | 'tanh'` or phi(z, v) (v = sb^2 + sw^2 |x|^2/d): the hidden
   * unit phi(W0 . x + b0) with the papers' normal W0, b0. Not needed when `neurons` is given.
   */
  activation?: Activation;
  /**
   * The single-neuron moments of a hidden unit of another kind (e.g. Cos-net's, src/theory/cos-net.ts,
   * or an architecture's `neurons`), instead of `activation`; sw, sb, mw, mb then describe the output
   * layer only.
   */
  neurons?: NeuronMomentSource;
  /** Hidden width N, a positive integer. */
  width: number;
  /** Input dimension d_in, a positive integer. */
  dIn: number;
  /** Output dimension d_out, a positive integer (default 1). */
  dOut?: number;
}

/** A validated {@link NetworkSpec} with every field filled. */
export interface ResolvedNetworkSpec extends DensityParams {
  /** The activation (absent when `neurons` gives the hidden unit). */
  activation?: Activation;
  neurons?: NeuronMomentSource;
  width: number;
  dIn: number;
  dOut: number;
}

/**
 * Every exact correlator of orders 1..nMax over P = K d_out components, in the flat layout of
 * `src/stats/multiset.ts`: order 1 first, then order 2, ...; within an order the sorted component
 * tuples a1 <= ... <= an in lexicographic (combinations-with-replacement) order; the entry of a tuple
 * is at `flatIndex(P, idx)` = `orderOffsets[n] + rank`.
 */
export interface ExactCorrelators {
  /** Number of components P = K d_out. */
  P: number;
  /** Number of points K. */
  K: number;
  /** Output dimension. */
  dOut: number;
  /** Highest order. */
  nMax: number;
  /** `orderOffsets[n]` = start of order n (n = 1..nMax); `orderOffsets[nMax + 1]` = total; [0] = 0. */
  orderOffsets: number[];
  /** Connected correlators kappa(phi_a1..phi_an) (D.1). */
  cumulants: Float64Array;
  /** Raw n-point functions E[phi_a1 ... phi_an]. */
  moments: Float64Array;
}

function positiveInt(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) throw new NnftInputError(field, value, 'must be a positive integer');
  return value;
}

/**
 * Validate a {@link NetworkSpec} and fill defaults (dOut = 1, sw = sb = 1, mw = mb = 0; spec A.1).
 *
 * @throws NnftInputError naming the field (`spec.width`, `spec.dIn`, `spec.sw`, ...)
 *
 * @example
 * ```ts
 * resolveNetworkSpec({ activation: 'erf', width: 10, dIn: 1 }).dOut; // returns 1
 * ```
 */
export function resolveNetworkSpec(spec: NetworkSpec): ResolvedNetworkSpec {
  if (spec === null || typeof spec !== 'object') throw new NnftInputError('spec', spec, 'must be an object { activation, width, dIn, dOut, sw, sb, mw, mb }');
  const neurons = spec.neurons;
  if (neurons !== undefined && (neurons === null || typeof neurons !== 'object' || typeof neurons.momentOfIds !== 'function' || typeof neurons.pointId !== 'function')) {
    throw new NnftInputError('spec.neurons', neurons, 'must be a neuron-moment source { pointId, momentOfIds }');
  }
  const activation = neurons && spec.activation === undefined ? undefined : validateActivation(spec.activation, 'spec.activation');
  const width = positiveInt(spec.width, 'spec.width');
  const dIn = positiveInt(spec.dIn, 'spec.dIn');
  const dOut = positiveInt(spec.dOut ?? 1, 'spec.dOut');
  const p = resolveDensityParams({ sw: spec.sw, sb: spec.sb, mw: spec.mw, mb: spec.mb }, 'spec.');
  return { ...(activation !== undefined && { activation }), ...(neurons && { neurons }), width, dIn, dOut, ...p };
}

/**
 * Raw moment of one second-layer weight, E[w^m] for w ~ N(mw, sw^2/N) (spec D.2):
 * sum_{i=0..floor(m/2)} C(m, 2i) mw^{m-2i} (sw^2/N)^i (2i-1)!!.
 *
 * @example
 * ```ts
 * weightMoment(4, 0, 1, 2); // returns 0.75  (3 sw^4/N^2)
 * ```
 */
export function weightMoment(m: number, mw: number, sw: number, width: number): number {
  return normalRawMoment(m, mw, (sw * sw) / width);
}

// ------------------------------------------------------------------------------------------------
// Shared neuron-moment engines (moments cached per point multiset across calls)

const fnIds = new WeakMap<object, number>();
let nextFnId = 0;
const engines = new Map<string, NeuronMoments>();
const MAX_ENGINES = 16;

function engineFor(s: ResolvedNetworkSpec, options: NeuronMomentOptions): NeuronMomentSource {
  if (s.neurons) return s.neurons;
  if (s.activation === undefined) throw new NnftInputError('spec.activation', undefined, 'must be given unless spec.neurons is');
  let act: string;
  if (typeof s.activation === 'function') {
    let id = fnIds.get(s.activation);
    if (id === undefined) {
      id = nextFnId++;
      fnIds.set(s.activation, id);
    }
    act = `fn#${id}`;
  } else act = s.activation;
  const key = JSON.stringify([act, s.dIn, s.sw, s.sb, s.mw, s.mb, options.method ?? 'auto', options.nodes ?? 0, options.reluOuterNodes ?? 0]);
  let e = engines.get(key);
  if (e === undefined) {
    e = new NeuronMoments(s.activation, s.dIn, s, options);
    engines.set(key, e);
    if (engines.size > MAX_ENGINES) {
      const oldest = engines.keys().next().value as string;
      engines.delete(oldest);
    }
  } else {
    engines.delete(key);
    engines.set(key, e);
  }
  return e;
}

/** (-1)^{k-1} (k-1)! for k = 1..8 blocks (index k). */
const PARTITION_COEF = [0, 1, -1, 2, -6, 24, -120, 720, -5040];

/**
 * Exact finite-width theory of one ensemble (spec D): connected and raw correlators of the outputs
 * at any points, with the neuron moments cached per point multiset.
 */
export class FiniteWidthTheory {
  /** The validated spec. */
  readonly spec: ResolvedNetworkSpec;
  private readonly engine: NeuronMomentSource;
  /** E[w^m], m = 0..8, w ~ N(mw, sw^2/N). */
  private readonly wMoments: Float64Array;

  /**
   * @param spec - the ensemble (validated; see {@link NetworkSpec})
   * @param options - neuron-moment integrator options
   * @throws NnftInputError for a bad spec or options
   */
  constructor(spec: NetworkSpec, options?: NeuronMomentOptions) {
    this.spec = resolveNetworkSpec(spec);
    const o = validateNeuronMomentOptions(options);
    this.engine = engineFor(this.spec, o);
    this.wMoments = new Float64Array(MAX_MOMENT_ORDER + 1);
    for (let m = 0; m <= MAX_MOMENT_ORDER; m++) this.wMoments[m] = weightMoment(m, this.spec.mw, this.spec.sw, this.spec.width);
  }

  private pointIds(points: unknown): number[] {
    if (!Array.isArray(points)) throw new NnftInputError('points', points, 'must be an array of input points');
    if (points.length < 1) throw new NnftInputError('points.length', 0, 'must be >= 1');
    for (let k = 0; k < points.length; k++) validatePoint(points[k], `points[${k}]`, this.spec.dIn);
    return points.map((p: ArrayLike<number>) => this.engine.pointId(p));
  }

  private components(idx: unknown, P: number): number[] {
    if (!Array.isArray(idx) && !(ArrayBuffer.isView(idx) && !(idx instanceof DataView))) {
      throw new NnftInputError('idx', idx, 'must be an array of component indices a = k*d_out + o');
    }
    const arr = Array.from(idx as ArrayLike<unknown>);
    if (arr.length < 1 || arr.length > MAX_CORRELATOR_ORDER) {
      throw new NnftInputError('idx.length', arr.length, `must be an order in [1, ${MAX_CORRELATOR_ORDER}]`);
    }
    for (let r = 0; r < arr.length; r++) {
      const a = arr[r];
      if (typeof a !== 'number' || !Number.isInteger(a) || a < 0 || a >= P) {
        throw new NnftInputError(`idx[${r}]`, a, `must be an integer in [0, ${P - 1}] (a = k*d_out + o)`);
      }
    }
    return (arr as number[]).slice().sort((x, y) => x - y);
  }

  /** Unit raw moment mu(B) for the components listed (point ids and outputs). */
  private unitMoment(ids: number[], outs: number[]): number {
    const counts = new Map<number, number>();
    for (const o of outs) counts.set(o, (counts.get(o) ?? 0) + 1);
    let ew = 1;
    for (const c of counts.values()) ew *= this.wMoments[c];
    if (ew === 0) return 0;
    return ew * this.engine.momentOfIds(ids);
  }

  /** Per-mask unit moments and full cumulants of the sorted component list. */
  private context(pointIds: number[], comps: number[]) {
    const dOut = this.spec.dOut;
    const n = comps.length;
    const ids = comps.map((a) => pointIds[Math.floor(a / dOut)]);
    const outs = comps.map((a) => a % dOut);
    const mu = new Float64Array(1 << n).fill(NaN);
    const kappa = new Float64Array(1 << n).fill(NaN);
    const bits = (mask: number): number[] => {
      const out: number[] = [];
      for (let r = 0; r < n; r++) if ((mask >> r) & 1) out.push(r);
      return out;
    };
    const unitMu = (mask: number): number => {
      if (Number.isNaN(mu[mask])) {
        const b = bits(mask);
        mu[mask] = this.unitMoment(
          b.map((r) => ids[r]),
          b.map((r) => outs[r]),
        );
      }
      return mu[mask];
    };
    const fullKappa = (mask: number): number => {
      if (!Number.isNaN(kappa[mask])) return kappa[mask];
      const b = bits(mask);
      let unit = 0;
      for (const part of setPartitions(b.length)) {
        let prod = PARTITION_COEF[part.length];
        for (const block of part) {
          let m = 0;
          for (const j of block) m |= 1 << b[j];
          prod *= unitMu(m);
          if (prod === 0) break;
        }
        unit += prod;
      }
      let k = this.spec.width * unit;
      if (b.length === 1) k += this.spec.mb;
      else if (b.length === 2 && outs[b[0]] === outs[b[1]]) k += this.spec.sb * this.spec.sb;
      kappa[mask] = k;
      return k;
    };
    return { n, fullKappa };
  }

  /**
   * Connected correlator kappa(phi_a1, ..., phi_an) (spec D.1, D.2), n = 1..8.
   *
   * @param points - the K input points (each of length dIn)
   * @param idx - component indices a = k*d_out + o (any order; repeats allowed)
   * @throws NnftInputError (`points`, `points[k]`, `idx`, `idx.length`, `idx[r]`)
   */
  cumulant(points: readonly ArrayLike<number>[], idx: ArrayLike<number>): number {
    const ids = this.pointIds(points);
    const comps = this.components(idx, ids.length * this.spec.dOut);
    const { n, fullKappa } = this.context(ids, comps);
    return fullKappa((1 << n) - 1);
  }

  /**
   * Raw n-point function E[phi_a1 ... phi_an] = sum over set partitions of products of the
   * connected correlators of the blocks (spec A.4, D.2), n = 1..8.
   *
   * @param points - the K input points
   * @param idx - component indices a = k*d_out + o
   * @throws NnftInputError as {@link FiniteWidthTheory.cumulant}
   */
  moment(points: readonly ArrayLike<number>[], idx: ArrayLike<number>): number {
    const ids = this.pointIds(points);
    const comps = this.components(idx, ids.length * this.spec.dOut);
    const { n, fullKappa } = this.context(ids, comps);
    let total = 0;
    for (const part of setPartitions(n)) {
      let prod = 1;
      for (const block of part) {
        let m = 0;
        for (const j of block) m |= 1 << j;
        prod *= fullKappa(m);
        if (prod === 0) break;
      }
      total += prod;
    }
    return total;
  }

  /**
   * Every connected and raw correlator of orders 1..nMax over the P = K d_out components of the
   * given points, in the flat multiset layout (see {@link ExactCorrelators}). The unit raw moments
   * mu(S) = E_W[prod W1] M(points of S) are tabulated (one neuron-moment grid per set of distinct
   * points), turned into unit cumulants with the subset recursion of `src/stats/cumulants.ts` (the
   * set-partition formula regrouped), scaled by N, given the bias terms, and rebuilt into moments.
   *
   * @param points - the K input points
   * @param nMax - highest order, 1..8
   * @throws NnftInputError (`points...`, `nMax`, or a too large P for the recursion)
   */
  correlators(points: readonly ArrayLike<number>[], nMax: number): ExactCorrelators {
    const ids = this.pointIds(points);
    if (typeof nMax !== 'number' || !Number.isInteger(nMax) || nMax < 1 || nMax > MAX_CORRELATOR_ORDER) {
      throw new NnftInputError('nMax', nMax, `must be an integer in [1, ${MAX_CORRELATOR_ORDER}]`);
    }
    const K = ids.length;
    const dOut = this.spec.dOut;
    const P = K * dOut;
    const plan = cumulantPlan(P, nMax);
    const offK = [0];
    const offP = [0];
    for (let n = 1; n <= nMax + 1; n++) {
      offK.push(n === 1 ? 0 : offK[n - 1] + multisetCount(K, n - 1));
      offP.push(n === 1 ? 0 : offP[n - 1] + multisetCount(P, n - 1));
    }
    // Point-multiset moments M, grouped by support so each quadrature grid is built once.
    const pointM = new Float64Array(offK[nMax + 1]);
    const groups = new Map<string, { slot: number; list: number[] }[]>();
    for (let n = 1; n <= nMax; n++) {
      forEachMultiset(K, n, (kidx, r) => {
        const list = Array.from(kidx, (k) => ids[k]);
        const support = [...new Set(list)].sort((a, b) => a - b).join(',');
        let g = groups.get(support);
        if (g === undefined) {
          g = [];
          groups.set(support, g);
        }
        g.push({ slot: offK[n] + r, list });
      });
    }
    for (const g of groups.values()) for (const { slot, list } of g) pointM[slot] = this.engine.momentOfIds(list);
    // Unit raw moments over component multisets.
    const unit = new Float64Array(plan.size);
    const kidx = new Int32Array(nMax);
    const oc = new Int32Array(dOut);
    for (let n = 1; n <= nMax; n++) {
      forEachMultiset(P, n, (idx, r) => {
        oc.fill(0);
        for (let j = 0; j < n; j++) {
          kidx[j] = Math.floor(idx[j] / dOut);
          oc[idx[j] % dOut]++;
        }
        let ew = 1;
        for (let o = 0; o < dOut; o++) ew *= this.wMoments[oc[o]];
        unit[offP[n] + r] = ew === 0 ? 0 : ew * pointM[offK[n] + rankSortedUnchecked(K, kidx, n)];
      });
    }
    const cum = cumulantsFromMoments(plan, unit);
    const N = this.spec.width;
    for (let s = 0; s < cum.length; s++) cum[s] *= N;
    for (let a = 0; a < P; a++) cum[offP[1] + a] += this.spec.mb;
    if (nMax >= 2) {
      const sb2 = this.spec.sb * this.spec.sb;
      forEachMultiset(P, 2, (idx, r) => {
        if (idx[0] % dOut === idx[1] % dOut) cum[offP[2] + r] += sb2;
      });
    }
    const moments = momentsFromCumulants(plan, cum);
    return { P, K, dOut, nMax, orderOffsets: offP, cumulants: cum, moments };
  }
}

function theoryFor(spec: NetworkSpec, options?: NeuronMomentOptions): FiniteWidthTheory {
  // FiniteWidthTheory validates; the shared engine cache makes construction cheap.
  return new FiniteWidthTheory(spec, options);
}

/**
 * Exact connected correlator at finite width (spec D.1, D.2): for the component multiset
 * idx = (a_1..a_n), a = k*d_out + o, n = 1..8,
 *
 *     kappa(phi_a1..phi_an) = N sum_{P} (-1)^{|P|-1} (|P|-1)! prod_{B in P} E_W[prod_{r in B} W1_{o_ar}] M(x^(k_ar) : r in B)
 *                            + mb [n = 1] + sb^2 delta(o_a1, o_a2) [n = 2].
 *
 * Neuron moments are cached per point multiset across calls with the same activation and densities.
 *
 * @param spec - the ensemble { activation, width, dIn, dOut, sw, sb, mw, mb }
 * @param points - the K input points (each of length dIn)
 * @param idx - component indices (any order)
 * @param options - neuron-moment integrator options
 * @throws NnftInputError for a bad spec, point, index or order
 *
 * @example
 * ```ts
 * const spec = { activation: 'erf', width: 2, dIn: 1, dOut: 1 } as const;
 * exactCumulant(spec, [[-1], [-0.2], [0.6], [1.0]], [0, 1, 2, 3]); // returns 0.17951... (spec D.5)
 * ```
 */
export function exactCumulant(spec: NetworkSpec, points: readonly ArrayLike<number>[], idx: ArrayLike<number>, options?: NeuronMomentOptions): number {
  return theoryFor(spec, options).cumulant(points, idx);
}

/**
 * Exact raw n-point function at finite width, E[phi_a1 ... phi_an] = sum_{P partition} prod_{B in P}
 * kappa(B) (spec A.4, D.2), from {@link exactCumulant}'s connected correlators; n = 1..8.
 *
 * @param spec - the ensemble
 * @param points - the K input points
 * @param idx - component indices a = k*d_out + o
 * @param options - neuron-moment integrator options
 * @throws NnftInputError for bad input
 *
 * @example
 * ```ts
 * const spec = { activation: 'relu', width: 2, dIn: 1, sw: 1, sb: 1 } as const;
 * exactMoment(spec, [[-1]], [0, 0, 0, 0]); // returns 19.5 (to rounding; 3 K^2 + kappa4 = 3*4 + 7.5)
 * ```
 */
export function exactMoment(spec: NetworkSpec, points: readonly ArrayLike<number>[], idx: ArrayLike<number>, options?: NeuronMomentOptions): number {
  return theoryFor(spec, options).moment(points, idx);
}

/**
 * All exact connected and raw correlators of orders 1..nMax at K points, P = K d_out components,
 * flat layout (orders 1..nMax; lexicographic combinations-with-replacement order within an order;
 * entry at `flatIndex(P, idx)` of `src/stats/multiset.ts`). See {@link FiniteWidthTheory.correlators}.
 *
 * @param spec - the ensemble
 * @param points - the K input points
 * @param nMax - highest order, 1..8
 * @param options - neuron-moment integrator options
 * @throws NnftInputError for bad input
 *
 * @example
 * ```ts
 * const t = exactCorrelators({ activation: 'relu', width: 2, dIn: 1, sb: 1 }, [[-1]], 4);
 * t.cumulants[3]; // returns 7.5 (to rounding; order 4, tuple (0,0,0,0))
 * ```
 */
export function exactCorrelators(spec: NetworkSpec, points: readonly ArrayLike<number>[], nMax: number, options?: NeuronMomentOptions): ExactCorrelators {
  return theoryFor(spec, options).correlators(points, nMax);
}
