/**
 * Single-neuron moments (spec D.2, D.4):
 *
 *     M(y_1, .., y_m) = E[s(y_1) ... s(y_m)],   s(y) = phi(z(y), v(y)),   m = 0..8,
 *
 * the expectation over one hidden unit's first-layer parameters (W0 ~ N(mw, sw^2/d), b0 ~ N(mb, sb^2)).
 * The pre-activations (z(y_1), .., z(y_m)) are Gaussian with mean mu_i = mw sum_k y_ik + mb and
 * covariance C_ij = sb^2 + sw^2 y_i.y_j/d; v(y) = C(y, y) (see `activation.ts`). M(empty) = 1.
 *
 * ## Methods and accuracy (relative errors measured in test/theory/neuron-moments.test.ts against
 * closed forms, mpmath and independent integrations)
 * - **linear**: closed form, Isserlis' theorem with means, E[prod z_i] (machine precision).
 * - **gauss** (paper normalisation phi = exp(z - v)): closed form
 *   M = exp( sum_i mu_i + (1/2) sum_{i,j} C_ij - sum_i C_ii )  (spec D.4; machine precision).
 * - **erf, tanh, function activations**: factor C = U diag(l) U^T, keep l > 1e-12 l_max (rank
 *   r <= min(#distinct points, d + 1)), z = mu + U_r sqrt(l_r) u with u ~ N(0, I_r), and integrate
 *   over u with a tensor composite Gauss-Legendre rule (pieces sized to the steepest point along each
 *   axis, Gaussian tails beyond |u|^2 ~ 56..72 dropped; see `compositeGrid`). Plain Gauss-Hermite
 *   converges slowly for erf(sigma u)^k once sigma > 1 (erf(1.56 u)^8: 2e-4 at n = 100, 4e-7 at
 *   n = 200), the composite rule does not. Errors: r <= 2 ~1e-13; r = 3 ~1e-7; r = 4 ~2e-5
 *   (grids capped at 3e6 nodes). r >= 5, or when `nodes` is given: tensor Gauss-Hermite (B.2) with
 *   n = 160, 100, 40, 20, 12, 8, 6, 5 nodes per axis for r = 1..8 (or `nodes`), accuracy
 *   problem-dependent (r >= 5 is rarely better than 1e-3).
 * - **relu**: kinks make plain Gauss-Hermite inaccurate (~3e-4 relative at n = 120, B.2), so
 *   - zero means and rank <= 2: the exact angular form (D.4). With (z_i) = rho (a_i cos t + c_i sin t),
 *     rho ~ Rayleigh, E[rho^m] = 2^{m/2} Gamma(1 + m/2),
 *     M = E[rho^m] (1/2pi) int_0^{2pi} prod_i relu(a_i cos t + c_i sin t)^{c_i} dt,
 *     by 24-point Gauss-Legendre on each piece between zero crossings (pieces <= pi/2): ~1e-15.
 *   - otherwise (means != 0 or rank >= 3): the integral along the leading principal axis u_0 is done
 *     in closed form (where every factor is positive the integrand is a polynomial of degree m in
 *     u_0 times phi(u_0); truncated-normal moments J_k = int_L^U u^k phi(u) du =
 *     [-u^{k-1} phi(u)]_L^U + (k-1) J_{k-2}); u_1 (and for rank 3 also u_2) by Gauss-Legendre on
 *     [-12, 12] split at every kink of the integrand (where two zero crossings coincide, or where the
 *     kink lines cross) into pieces of length <= 1; further axes by tensor Gauss-Hermite (64, 24, 12,
 *     8, 6, 5 nodes for 1..6 further axes, or `reluOuterNodes`, which for rank 3 also replaces the
 *     piecewise u_2 by Gauss-Hermite). Errors: rank <= 3 ~1e-13; rank 4 ~1e-7; rank >= 5 ~1e-4.
 * - `method: 'quadrature'` forces plain tensor Gauss-Hermite for every activation (for comparisons).
 *
 * Moments are cached per point multiset and the quadrature grids per set of distinct points (up to a
 * memory budget), so all multisets over a fixed set of points cost one grid per support.
 *
 * @example
 * ```ts
 * neuronMoment('relu', [[-1], [-1], [-1], [-1]], { sw: 1, sb: 1 }); // returns 6 (to rounding; E relu(z)^4, z ~ N(0, 2))
 * ```
 *
 * @module
 */
import { NnftInputError } from '../errors.js';
import { type Activation, type ActivationFn, type DensityParams, activationFunction, resolveDensityParams, validateActivation, validatePoint } from './activation.js';
import { gaussHermite, gaussHermiteGrid } from './gauss-hermite.js';
import { gaussLegendre } from './gauss-legendre.js';
import { lowRankFactor } from './linalg.js';
import { gammaHalfInteger, normalIntervalProb, normalPdf } from './special.js';

/** Highest moment order supported (spec: n <= 8). */
export const MAX_MOMENT_ORDER = 8;

/** Default Gauss-Hermite nodes per axis for smooth activations, indexed by rank r (0..8). */
export const DEFAULT_GH_NODES: readonly number[] = Object.freeze([1, 160, 100, 40, 20, 12, 8, 6, 5]);

/** Default Gauss-Hermite nodes per axis for the relu axes beyond the first two, by their number (0..6). */
export const DEFAULT_RELU_OUTER_NODES: readonly number[] = Object.freeze([1, 64, 24, 12, 8, 6, 5]);

/** Options of the neuron-moment integrators. */
export interface NeuronMomentOptions {
  /**
   * Use tensor Gauss-Hermite with this many nodes per axis (1..200) for erf, tanh and function
   * activations at every rank, instead of the composite rule (r <= 4) and {@link DEFAULT_GH_NODES}.
   * Ignored by the closed forms and by relu (unless `method: 'quadrature'`).
   */
  nodes?: number;
  /** Gauss-Hermite nodes per axis for relu's third and further axes, instead of {@link DEFAULT_RELU_OUTER_NODES}. */
  reluOuterNodes?: number;
  /**
   * `'auto'` (default): closed forms, relu angular / semi-analytic integration, Gauss-Hermite otherwise.
   * `'quadrature'`: plain tensor Gauss-Hermite for every activation (reference; inaccurate for relu).
   */
  method?: 'auto' | 'quadrature';
}

// ------------------------------------------------------------------------------------------------
// Closed forms

/** E[prod_i z_i] for a Gaussian vector with means mu and covariance C (Isserlis with means). */
function gaussianProductMoment(mu: ArrayLike<number>, C: ArrayLike<number>, m: number): number {
  const memo = new Map<number, number>();
  const rec = (mask: number): number => {
    if (mask === 0) return 1;
    const hit = memo.get(mask);
    if (hit !== undefined) return hit;
    let i = 0;
    while (!((mask >> i) & 1)) i++;
    const rest = mask & ~(1 << i);
    let s = mu[i] * rec(rest);
    for (let j = i + 1; j < m; j++) if ((rest >> j) & 1) s += C[i * m + j] * rec(rest & ~(1 << j));
    memo.set(mask, s);
    return s;
  };
  return rec((1 << m) - 1);
}

/** Rayleigh moment E[rho^m] = 2^{m/2} Gamma(1 + m/2) (rho = |u|, u ~ N(0, I_2)). */
function rayleighMoment(m: number): number {
  return Math.pow(2, m / 2) * gammaHalfInteger(1 + m / 2);
}

// ------------------------------------------------------------------------------------------------
// Grids: one per support (set of distinct points)

interface ProductGrid {
  kind: 'product';
  count: number;
  weights: Float64Array;
  /** values[i][q] = s(y_i) at node q */
  values: Float64Array[];
  /** multiply by the Rayleigh moment E[rho^m] (relu angular form) */
  radial: boolean;
  size: number;
}

interface ReluGrid {
  kind: 'relu';
  count: number;
  weights: Float64Array;
  /** alpha[i][q]: point i's pre-activation at node q with u_0 = 0 */
  alpha: Float64Array[];
  /** beta[i]: coefficient of u_0 (0 for points whose z does not depend on u_0) */
  beta: Float64Array;
  /** J[q * 9 + k] = int_{L_q}^{U_q} u^k phi(u) du */
  J: Float64Array;
  size: number;
}

type Grid = ProductGrid | ReluGrid;

const J_LEN = MAX_MOMENT_ORDER + 1;
const GRID_BUDGET = 8_000_000; // doubles kept in an engine's cached grids (least recently used evicted)
const RELU_T = 12; // u_1 range [-T, T]; phi(12) 12^8 ~ 1e-23

/** Truncated standard-normal moments J_k = int_L^U u^k phi(u) du, k = 0..8, into out[off..]. */
function truncatedMoments(L: number, U: number, out: Float64Array, off: number): void {
  const pL = Number.isFinite(L) ? normalPdf(L) : 0;
  const pU = Number.isFinite(U) ? normalPdf(U) : 0;
  out[off] = normalIntervalProb(L, U);
  out[off + 1] = pL - pU;
  // boundary terms L^{k-1} phi(L), U^{k-1} phi(U); zero at infinite (or underflowed) limits
  let bL = pL === 0 ? 0 : L * pL;
  let bU = pU === 0 ? 0 : U * pU;
  for (let k = 2; k < J_LEN; k++) {
    out[off + k] = bL - bU + (k - 1) * out[off + k - 2];
    if (bL !== 0) bL *= L;
    if (bU !== 0) bU *= U;
  }
}

/**
 * Single-neuron moment engine (spec D.2, D.4) for one activation, input dimension and density:
 * M(y_1..y_m) = E[phi(z(y_1), v(y_1)) ... phi(z(y_m), v(y_m))], z(y) = W0.y + b0,
 * W0 ~ N(mw, sw^2/d), b0 ~ N(mb, sb^2). Moments are cached per point multiset and the quadrature
 * grids per support (set of distinct points, up to ~8e6 cached doubles). See the module comment for
 * methods and accuracy.
 *
 * @example
 * ```ts
 * const m = new NeuronMoments('relu', 1, { sw: 1, sb: 0 });
 * m.moment([[1], [1], [1], [1]]); // returns 1.5  (E relu(g)^4 = 3/2, spec D.4)
 * ```
 */
export class NeuronMoments {
  /** The activation (name or function). */
  readonly activation: Activation;
  /** Input dimension d. */
  readonly dIn: number;
  /** First-layer density parameters (spec A.1). */
  readonly params: DensityParams;
  private readonly phi: ActivationFn;
  private readonly method: 'auto' | 'quadrature';
  private readonly nodes: number | undefined;
  private readonly reluOuterNodes: number | undefined;
  private readonly ids = new Map<string, number>();
  private readonly coords: Float64Array[] = [];
  private readonly mus: number[] = [];
  private readonly moments = new Map<string, number>();
  private readonly grids = new Map<string, Grid>();
  private gridSize = 0;

  /**
   * A neuron-moment engine for one activation, input dimension and density (spec D.4); caches
   * moments per point multiset and quadrature grids per support.
   *
   * @param activation - `'relu' | 'erf' | 'gauss' | 'linear' | 'tanh'` or a function phi(z, v)
   * @param dIn - input dimension d, a positive integer
   * @param params - { sw, sb, mw, mb } (defaults 1, 1, 0, 0)
   * @param options - integrator options
   * @throws NnftInputError for bad arguments
   */
  constructor(activation: Activation, dIn: number, params?: Partial<DensityParams>, options: NeuronMomentOptions = {}) {
    this.activation = validateActivation(activation);
    this.phi = activationFunction(activation);
    if (typeof dIn !== 'number' || !Number.isSafeInteger(dIn) || dIn < 1) throw new NnftInputError('dIn', dIn, 'must be a positive integer');
    this.dIn = dIn;
    this.params = resolveDensityParams(params);
    const o = validateNeuronMomentOptions(options);
    this.method = o.method ?? 'auto';
    this.nodes = o.nodes;
    this.reluOuterNodes = o.reluOuterNodes;
  }

  /** Number of cached moments (one per distinct point multiset asked for). */
  get cachedMoments(): number {
    return this.moments.size;
  }

  /**
   * M(y_1, .., y_m) = E[s(y_1) ... s(y_m)] (spec D.2), m = 0..8; points may repeat.
   *
   * @param points - the m points, each of length dIn
   * @returns the moment (1 for m = 0)
   * @throws NnftInputError (`points`, `points[i]`, `points[i][k]`, `points.length`)
   *
   * @example
   * ```ts
   * new NeuronMoments('linear', 1, { sw: 1, sb: 1 }).moment([[1], [1]]); // returns 2  (E z^2 = sb^2 + sw^2)
   * ```
   */
  moment(points: readonly ArrayLike<number>[]): number {
    if (!Array.isArray(points)) throw new NnftInputError('points', points, 'must be an array of points');
    if (points.length > MAX_MOMENT_ORDER) throw new NnftInputError('points.length', points.length, `must be at most ${MAX_MOMENT_ORDER}`);
    for (let i = 0; i < points.length; i++) validatePoint(points[i], `points[${i}]`, this.dIn);
    const ids = points.map((p) => this.pointId(p));
    return this.momentOfIds(ids);
  }

  /** @internal Register a point (validated by the caller) and return its id. */
  pointId(p: ArrayLike<number>): number {
    const key = Array.prototype.join.call(p, ',');
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.coords.length;
      const c = Float64Array.from(p);
      this.ids.set(key, id);
      this.coords.push(c);
      let s = 0;
      for (let k = 0; k < c.length; k++) s += c[k];
      this.mus.push(this.params.mw * s + this.params.mb);
    }
    return id;
  }

  /** @internal Moment of a multiset of registered point ids (any order, length <= 8). */
  momentOfIds(idList: readonly number[]): number {
    const m = idList.length;
    if (m === 0) return 1;
    const sorted = idList.slice().sort((a, b) => a - b);
    const key = sorted.join(',');
    const hit = this.moments.get(key);
    if (hit !== undefined) return hit;
    const support: number[] = [];
    const counts: number[] = [];
    for (const id of sorted) {
      if (support.length > 0 && support[support.length - 1] === id) counts[counts.length - 1]++;
      else {
        support.push(id);
        counts.push(1);
      }
    }
    const value = this.compute(support, counts, sorted);
    this.moments.set(key, value);
    return value;
  }

  private cov(i: number, j: number): number {
    const a = this.coords[i];
    const b = this.coords[j];
    let dot = 0;
    for (let k = 0; k < a.length; k++) dot += a[k] * b[k];
    const p = this.params;
    return p.sb * p.sb + (p.sw * p.sw * dot) / this.dIn;
  }

  private compute(support: number[], counts: number[], expanded: number[]): number {
    const m = expanded.length;
    if (this.method === 'auto' && (this.activation === 'linear' || this.activation === 'gauss')) {
      const mu = expanded.map((id) => this.mus[id]);
      const C = new Float64Array(m * m);
      for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) C[i * m + j] = this.cov(expanded[i], expanded[j]);
      if (this.activation === 'linear') return gaussianProductMoment(mu, C, m);
      let e = 0;
      for (let i = 0; i < m; i++) {
        e += mu[i] - C[i * m + i];
        for (let j = 0; j < m; j++) e += 0.5 * C[i * m + j];
      }
      return Math.exp(e);
    }
    const grid = this.grid(support);
    return grid.kind === 'product' ? evalProduct(grid, counts, m) : evalRelu(grid, counts);
  }

  private grid(support: number[]): Grid {
    const key = support.join(',');
    const hit = this.grids.get(key);
    if (hit !== undefined) {
      // refresh LRU position
      this.grids.delete(key);
      this.grids.set(key, hit);
      return hit;
    }
    const g = this.buildGrid(support);
    this.grids.set(key, g);
    this.gridSize += g.size;
    for (const [k, v] of this.grids) {
      if (this.gridSize <= GRID_BUDGET || k === key) break;
      this.grids.delete(k);
      this.gridSize -= v.size;
    }
    return g;
  }

  private buildGrid(support: number[]): Grid {
    const s = support.length;
    const C = new Float64Array(s * s);
    for (let i = 0; i < s; i++) for (let j = 0; j < s; j++) C[i * s + j] = this.cov(support[i], support[j]);
    const mu = support.map((id) => this.mus[id]);
    const v = support.map((_, i) => C[i * s + i]);
    const { factor: B, rank: r } = lowRankFactor(C, s, 1e-12);
    if (this.activation === 'relu' && this.method === 'auto') {
      const zeroMean = mu.every((x) => x === 0);
      if (zeroMean && r <= 2) return angularGrid(B, r, s);
      return this.reluGrid(B, r, s, mu);
    }
    const useComposite = this.method === 'auto' && this.nodes === undefined && r >= 1 && r <= MAX_COMPOSITE_RANK;
    const n = this.nodes ?? DEFAULT_GH_NODES[Math.min(r, DEFAULT_GH_NODES.length - 1)];
    const { points, weights, count } = useComposite ? compositeGrid(B, r, s) : gaussHermiteGrid(r, r === 0 ? 1 : n);
    const values: Float64Array[] = [];
    const phi = this.phi;
    const z = new Float64Array(count);
    for (let i = 0; i < s; i++) {
      z.fill(mu[i]);
      for (let k = 0; k < r; k++) {
        const bik = B[i * r + k];
        for (let q = 0; q < count; q++) z[q] += bik * points[q * r + k];
      }
      const vals = new Float64Array(count);
      const vi = v[i];
      let bad = false;
      for (let q = 0; q < count; q++) {
        const y = phi(z[q], vi);
        vals[q] = y;
        if (!Number.isFinite(y)) bad = true;
      }
      if (bad) {
        const q = vals.findIndex((y) => !Number.isFinite(y));
        throw new NnftInputError('activation', typeof this.activation === 'function' ? this.activation.name || 'function' : this.activation, `returned a non-finite value (${vals[q]}) at z = ${z[q]}, v = ${vi}`);
      }
      values.push(vals);
    }
    return { kind: 'product', count, weights, values, radial: false, size: count * (s + 1) };
  }

  private reluGrid(B: Float64Array, r: number, s: number, mu: number[]): ReluGrid {
    const beta = new Float64Array(s);
    if (r >= 1) {
      let bmax = 0;
      for (let i = 0; i < s; i++) bmax = Math.max(bmax, Math.abs(B[i * r]));
      for (let i = 0; i < s; i++) beta[i] = Math.abs(B[i * r]) > 1e-14 * bmax ? B[i * r] : 0;
    }
    // Outer nodes over (u_1, .., u_{r-1}): weight and alpha_i = mu_i + sum_{k>=1} B_ik u_k.
    const wList: number[] = [];
    const aList: number[][] = Array.from({ length: s }, () => []);
    const push = (w: number, alpha: Float64Array): void => {
      wList.push(w);
      for (let i = 0; i < s; i++) aList[i].push(alpha[i]);
    };
    if (r <= 1) {
      push(1, Float64Array.from(mu));
    } else if (r === 3 && this.reluOuterNodes === undefined) {
      // u_2 and u_1 both piecewise Gauss-Legendre, split where the integrand's kinks cross.
      const lines = kinkLines(B, r, s, mu, beta, 0);
      const cuts2: number[] = [-RELU_T, RELU_T];
      for (let l = 0; l < lines.length; l++) {
        const [A, Bc, Cc] = lines[l];
        if (A === 0) {
          if (Bc !== 0) cuts2.push(-Cc / Bc);
          continue;
        }
        for (let l2 = l + 1; l2 < lines.length; l2++) {
          const [A2, B2, C2] = lines[l2];
          if (A2 === 0) continue;
          const den = Bc / A - B2 / A2;
          if (den !== 0) cuts2.push((C2 / A2 - Cc / A) / den);
        }
      }
      const gl = gaussLegendre(12);
      const outer = piecewiseNormalRule(cuts2, 1, gl);
      const alpha = new Float64Array(s);
      const cuts1: number[] = [];
      for (let q2 = 0; q2 < outer.u.length; q2++) {
        const u2 = outer.u[q2];
        cuts1.length = 0;
        cuts1.push(-RELU_T, RELU_T);
        for (const [A, Bc, Cc] of lines) if (A !== 0) cuts1.push(-(Bc * u2 + Cc) / A);
        const inner = piecewiseNormalRule(cuts1, 1, gl);
        for (let q1 = 0; q1 < inner.u.length; q1++) {
          const u1 = inner.u[q1];
          for (let i = 0; i < s; i++) alpha[i] = mu[i] + B[i * r + 1] * u1 + B[i * r + 2] * u2;
          push(outer.w[q2] * inner.w[q1], alpha);
        }
      }
    } else {
      // u_1 piecewise Gauss-Legendre (split at the kinks), u_2.. tensor Gauss-Hermite.
      const outerDims = r - 2;
      const nOuter = this.reluOuterNodes ?? DEFAULT_RELU_OUTER_NODES[Math.min(outerDims, DEFAULT_RELU_OUTER_NODES.length - 1)];
      const { points, weights, count } = gaussHermiteGrid(outerDims, outerDims === 0 ? 1 : nOuter);
      const gl = gaussLegendre(r === 2 ? 20 : 12);
      const shifted = new Array<number>(s);
      const alpha = new Float64Array(s);
      const cuts: number[] = [];
      for (let q = 0; q < count; q++) {
        for (let i = 0; i < s; i++) {
          let x = mu[i];
          for (let k = 2; k < r; k++) x += B[i * r + k] * points[q * outerDims + (k - 2)];
          shifted[i] = x;
        }
        cuts.length = 0;
        cuts.push(-RELU_T, RELU_T);
        for (const [A, , Cc] of kinkLines(B, r, s, shifted, beta, 1)) if (A !== 0) cuts.push(-Cc / A);
        const rule = piecewiseNormalRule(cuts, 1, gl);
        for (let g = 0; g < rule.u.length; g++) {
          const u1 = rule.u[g];
          for (let i = 0; i < s; i++) alpha[i] = shifted[i] + B[i * r + 1] * u1;
          push(weights[q] * rule.w[g], alpha);
        }
      }
    }
    // Inner interval [L, U] of u_0 where every factor is positive, and its truncated moments.
    const total = wList.length;
    const keep: number[] = [];
    const Jtmp = new Float64Array(total * J_LEN);
    for (let q = 0; q < total; q++) {
      let L = -Infinity;
      let U = Infinity;
      let empty = false;
      for (let i = 0; i < s; i++) {
        const al = aList[i][q];
        const be = beta[i];
        if (be === 0) {
          if (!(al > 0)) empty = true;
        } else if (be > 0) L = Math.max(L, -al / be);
        else U = Math.min(U, -al / be);
      }
      if (empty || !(U > L)) continue;
      truncatedMoments(L, U, Jtmp, q * J_LEN);
      keep.push(q);
    }
    const count = keep.length;
    const weights = new Float64Array(count);
    const J = new Float64Array(count * J_LEN);
    const alpha: Float64Array[] = Array.from({ length: s }, () => new Float64Array(count));
    for (let t = 0; t < count; t++) {
      const q = keep[t];
      weights[t] = wList[q];
      for (let k = 0; k < J_LEN; k++) J[t * J_LEN + k] = Jtmp[q * J_LEN + k];
      for (let i = 0; i < s; i++) alpha[i][t] = aList[i][q];
    }
    return { kind: 'relu', count, weights, alpha, beta, J, size: count * (s + J_LEN + 1) };
  }
}

/**
 * Composite Gauss-Legendre settings per rank r (index r): per axis the range [-T, T] with
 * T = sqrt(R2) is cut into pieces of length min(H, H/sigma_k), GL nodes per piece, and tensor nodes
 * with |u|^2 > R2 are dropped (P(chi^2_r > R2) < 1e-11 for r = 3, 4).
 */
const COMPOSITE: readonly { H: number; GL: number; R2: number }[] = [
  { H: 1, GL: 1, R2: 0 },
  { H: 1.6, GL: 16, R2: 72.25 },
  { H: 1.6, GL: 16, R2: 72.25 },
  { H: 2.2, GL: 10, R2: 56 },
  { H: 2.6, GL: 8, R2: 58 },
];
/** Largest rank integrated with the composite rule by default (beyond: Gauss-Hermite). */
export const MAX_COMPOSITE_RANK = 4;
const COMPOSITE_MAX_NODES = 3_000_000;
const compositeAxisCache = new Map<string, { u: Float64Array; w: Float64Array }>();
const compositeGridCache = new Map<string, { points: Float64Array; weights: Float64Array; count: number }>();

/** 1-D composite Gauss-Legendre rule for E over N(0,1): [-T, T] in `pieces` pieces of `gl` nodes. */
function compositeAxis(pieces: number, gl: number, T: number): { u: Float64Array; w: Float64Array } {
  const key = `${pieces},${gl},${T}`;
  let hit = compositeAxisCache.get(key);
  if (hit === undefined) {
    const rule = gaussLegendre(gl);
    const h = (2 * T) / pieces;
    const u = new Float64Array(pieces * gl);
    const w = new Float64Array(pieces * gl);
    let t = 0;
    for (let p = 0; p < pieces; p++) {
      const c = -T + (p + 0.5) * h;
      for (let g = 0; g < gl; g++, t++) {
        u[t] = c + 0.5 * h * rule.nodes[g];
        w[t] = 0.5 * h * rule.weights[g] * normalPdf(u[t]);
      }
    }
    hit = { u, w };
    compositeAxisCache.set(key, hit);
  }
  return hit;
}

/**
 * Composite Gauss-Legendre grid over r <= 4 standard normals (bounded smooth activations):
 * axis k is cut into pieces of length about min(H, H/sigma_k), sigma_k = max_i |B_ik| (the steepest
 * point along the axis; pieces >= H/4), with the per-rank settings of COMPOSITE; nodes outside the
 * ball |u|^2 <= R2 are dropped. If the grid would exceed 3e6 nodes the pieces are coarsened.
 * Unlike Gauss-Hermite (whose error for erf(sigma u)^k decays only slowly with n once sigma > 1),
 * this resolves the steep centre of erf/tanh: 1-D, erf(1.56 u)^8 to 1e-15 with ~290 nodes.
 */
function compositeGrid(B: Float64Array, r: number, s: number): { points: Float64Array; weights: Float64Array; count: number } {
  const { H, GL, R2 } = COMPOSITE[r];
  const T = Math.sqrt(R2);
  const sig: number[] = [];
  for (let k = 0; k < r; k++) {
    let m = 0;
    for (let i = 0; i < s; i++) m = Math.max(m, Math.abs(B[i * r + k]));
    sig.push(m);
  }
  let scale = 1;
  let pieces: number[] = [];
  for (let attempt = 0; attempt < 20; attempt++) {
    pieces = sig.map((sg) => {
      const h = Math.max(H / 4, Math.min(H, H / sg)) * scale;
      return Math.max(1, Math.ceil((2 * T) / h));
    });
    // ball fraction of the cube: 1, pi/4, pi/6, pi^2/32
    const frac = [1, 1, 0.785, 0.524, 0.308][r];
    const estimate = pieces.reduce((a, p) => a * p * GL, frac);
    if (estimate <= COMPOSITE_MAX_NODES) break;
    scale *= 1.15;
  }
  const key = `${r}:${pieces.join(',')}`;
  let hit = compositeGridCache.get(key);
  if (hit !== undefined) return hit;
  const axes = pieces.map((p) => compositeAxis(p, GL, T));
  const pts: number[] = [];
  const wts: number[] = [];
  const u = new Float64Array(r);
  const rec = (k: number, w: number, r2: number): void => {
    if (k === r) {
      for (let j = 0; j < r; j++) pts.push(u[j]);
      wts.push(w);
      return;
    }
    const ax = axes[k];
    for (let i = 0; i < ax.u.length; i++) {
      const x = ax.u[i];
      const rr = r2 + x * x;
      if (rr > R2) continue;
      u[k] = x;
      rec(k + 1, w * ax.w[i], rr);
    }
  };
  rec(0, 1, 0);
  hit = { points: Float64Array.from(pts), weights: Float64Array.from(wts), count: wts.length };
  if (compositeGridCache.size > 32) compositeGridCache.clear();
  compositeGridCache.set(key, hit);
  return hit;
}

/**
 * The kink lines of the relu integrand after the exact u_0 integration, in the (u_1, u_2) plane:
 * A u_1 + B u_2 + C = 0 where two zero crossings -alpha_i/beta_i coincide (pairs with beta != 0), or
 * where a u_0-independent factor (beta_i = 0) changes sign. `a` holds the pre-activation with
 * u_0 = u_1 = u_2 = 0 (mode 0) or with everything but u_0, u_1 folded in (mode 1: B = 0).
 */
function kinkLines(Bm: Float64Array, r: number, s: number, a: ArrayLike<number>, beta: Float64Array, mode: 0 | 1): [number, number, number][] {
  const b1 = (i: number): number => Bm[i * r + 1];
  const b2 = (i: number): number => (mode === 0 && r > 2 ? Bm[i * r + 2] : 0);
  const out: [number, number, number][] = [];
  const add = (A: number, B: number, C: number): void => {
    const sc = Math.max(Math.abs(A), Math.abs(B));
    if (!(sc > 0) || !Number.isFinite(sc)) return;
    out.push([Math.abs(A) > 1e-14 * sc ? A : 0, Math.abs(B) > 1e-14 * sc ? B : 0, C]);
  };
  for (let i = 0; i < s; i++) {
    if (beta[i] === 0) {
      add(b1(i), b2(i), a[i]);
      continue;
    }
    for (let j = i + 1; j < s; j++) {
      if (beta[j] === 0) continue;
      add(b1(i) * beta[j] - b1(j) * beta[i], b2(i) * beta[j] - b2(j) * beta[i], a[i] * beta[j] - a[j] * beta[i]);
    }
  }
  return out;
}

/**
 * Piecewise Gauss-Legendre rule for E over u ~ N(0, 1) on [-12, 12]: split at the given cuts and
 * into pieces of length <= maxLen; weights include phi(u).
 */
function piecewiseNormalRule(cuts: number[], maxLen: number, gl: { nodes: Float64Array; weights: Float64Array }): { u: number[]; w: number[] } {
  const pts = cuts.filter((c) => Number.isFinite(c) && c >= -RELU_T && c <= RELU_T).sort((x, y) => x - y);
  const u: number[] = [];
  const w: number[] = [];
  for (let p = 0; p + 1 < pts.length; p++) {
    const lo = pts[p];
    const hi = pts[p + 1];
    if (!(hi > lo)) continue;
    const pieces = Math.ceil((hi - lo) / maxLen);
    const h = (hi - lo) / pieces;
    for (let piece = 0; piece < pieces; piece++) {
      const c0 = lo + (piece + 0.5) * h;
      for (let g = 0; g < gl.nodes.length; g++) {
        const x = c0 + 0.5 * h * gl.nodes[g];
        const wt = 0.5 * h * gl.weights[g] * normalPdf(x);
        if (wt === 0) continue;
        u.push(x);
        w.push(wt);
      }
    }
  }
  return { u, w };
}

/** The relu angular grid (zero means, rank <= 2): nodes t on the arc where every factor is positive. */
function angularGrid(B: Float64Array, r: number, s: number): ProductGrid {
  const a = new Float64Array(s);
  const c = new Float64Array(s);
  let degenerate = r === 0;
  for (let i = 0; i < s; i++) {
    a[i] = r >= 1 ? B[i * r] : 0;
    c[i] = r >= 2 ? B[i * r + 1] : 0;
    if (a[i] === 0 && c[i] === 0) degenerate = true; // z_i = 0 identically: relu = 0
  }
  const empty: ProductGrid = { kind: 'product', count: 0, weights: new Float64Array(0), values: [], radial: true, size: 0 };
  if (degenerate) return { ...empty, values: Array.from({ length: s }, () => new Float64Array(0)) };
  const TWO_PI = 2 * Math.PI;
  const cuts = [0, TWO_PI];
  for (let i = 0; i < s; i++) {
    const th = Math.atan2(c[i], a[i]);
    for (const t of [th - Math.PI / 2, th + Math.PI / 2]) {
      let x = t % TWO_PI;
      if (x < 0) x += TWO_PI;
      cuts.push(x);
    }
  }
  cuts.sort((x, y) => x - y);
  const gl = gaussLegendre(24);
  const ts: number[] = [];
  const ws: number[] = [];
  for (let p = 0; p + 1 < cuts.length; p++) {
    const lo = cuts[p];
    const hi = cuts[p + 1];
    if (!(hi > lo)) continue;
    const mid = 0.5 * (lo + hi);
    let positive = true;
    for (let i = 0; i < s && positive; i++) if (!(a[i] * Math.cos(mid) + c[i] * Math.sin(mid) > 0)) positive = false;
    if (!positive) continue;
    const pieces = Math.ceil((hi - lo) / (Math.PI / 2));
    const h = (hi - lo) / pieces;
    for (let piece = 0; piece < pieces; piece++) {
      const c0 = lo + (piece + 0.5) * h;
      for (let g = 0; g < gl.nodes.length; g++) {
        ts.push(c0 + 0.5 * h * gl.nodes[g]);
        ws.push((0.5 * h * gl.weights[g]) / TWO_PI);
      }
    }
  }
  const count = ts.length;
  const values = Array.from({ length: s }, (_, i) => {
    const vals = new Float64Array(count);
    for (let q = 0; q < count; q++) vals[q] = Math.max(0, a[i] * Math.cos(ts[q]) + c[i] * Math.sin(ts[q]));
    return vals;
  });
  return { kind: 'product', count, weights: Float64Array.from(ws), values, radial: true, size: count * (s + 1) };
}

let scratch = new Float64Array(1024);

function evalProduct(g: ProductGrid, counts: number[], m: number): number {
  const { count, weights, values } = g;
  if (scratch.length < count) scratch = new Float64Array(Math.max(count, 2 * scratch.length));
  const acc = scratch;
  for (let q = 0; q < count; q++) acc[q] = weights[q];
  for (let i = 0; i < counts.length; i++) {
    const v = values[i];
    const c = counts[i];
    if (c === 1) for (let q = 0; q < count; q++) acc[q] *= v[q];
    else if (c === 2) for (let q = 0; q < count; q++) acc[q] *= v[q] * v[q];
    else {
      for (let q = 0; q < count; q++) {
        const x = v[q];
        let y = x;
        for (let k = 1; k < c; k++) y *= x;
        acc[q] *= y;
      }
    }
  }
  let sum = 0;
  for (let q = 0; q < count; q++) sum += acc[q];
  return g.radial ? sum * rayleighMoment(m) : sum;
}

function evalRelu(g: ReluGrid, counts: number[]): number {
  const { count, weights, alpha, beta, J } = g;
  const s = counts.length;
  const poly = new Float64Array(J_LEN);
  let sum = 0;
  for (let q = 0; q < count; q++) {
    poly.fill(0);
    poly[0] = 1;
    let deg = 0;
    let constant = weights[q];
    for (let i = 0; i < s; i++) {
      const al = alpha[i][q];
      const be = beta[i];
      if (be === 0) {
        for (let c = counts[i]; c > 0; c--) constant *= al;
        continue;
      }
      for (let c = counts[i]; c > 0; c--) {
        // poly *= (al + be u)
        deg++;
        for (let k = deg; k > 0; k--) poly[k] = poly[k] * al + poly[k - 1] * be;
        poly[0] *= al;
      }
    }
    let inner = 0;
    const off = q * J_LEN;
    for (let k = 0; k <= deg; k++) inner += poly[k] * J[off + k];
    sum += constant * inner;
  }
  return sum;
}

/** @internal Validate {@link NeuronMomentOptions}. */
export function validateNeuronMomentOptions(options: unknown): NeuronMomentOptions {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object') throw new NnftInputError('options', options, 'must be an object');
  const o = options as NeuronMomentOptions;
  if (o.nodes !== undefined) gaussHermiteNodesCheck(o.nodes, 'options.nodes');
  if (o.reluOuterNodes !== undefined) gaussHermiteNodesCheck(o.reluOuterNodes, 'options.reluOuterNodes');
  if (o.method !== undefined && o.method !== 'auto' && o.method !== 'quadrature') {
    throw new NnftInputError('options.method', o.method, "must be 'auto' or 'quadrature'");
  }
  return o;
}

function gaussHermiteNodesCheck(n: unknown, field: string): void {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 200) throw new NnftInputError(field, n, 'must be an integer in [1, 200]');
  gaussHermite(n); // warm the cache
}

/**
 * One-shot single-neuron moment M(y_1..y_m) = E[s(y_1)...s(y_m)] (spec D.2, D.4), m = 0..8, over
 * W0 ~ N(mw, sw^2/d), b0 ~ N(mb, sb^2); d is taken from the points. See the module comment for the
 * method and accuracy per activation. Use {@link NeuronMoments} to cache across calls.
 *
 * @param activation - activation name or function phi(z, v)
 * @param points - the m points (equal lengths d >= 1)
 * @param params - { sw, sb, mw, mb } (defaults 1, 1, 0, 0)
 * @param options - integrator options
 * @throws NnftInputError for bad arguments
 *
 * @example
 * ```ts
 * neuronMoment('relu', [[1], [1]], { sw: 1, sb: 0 }); // returns 0.5 (to rounding; E relu(g)^2)
 * ```
 */
export function neuronMoment(activation: Activation, points: readonly ArrayLike<number>[], params?: Partial<DensityParams>, options?: NeuronMomentOptions): number {
  if (!Array.isArray(points)) throw new NnftInputError('points', points, 'must be an array of points');
  if (points.length === 0) {
    validateActivation(activation);
    resolveDensityParams(params);
    validateNeuronMomentOptions(options);
    return 1;
  }
  const d = validatePoint(points[0], 'points[0]');
  return new NeuronMoments(activation, d, params, options).moment(points);
}
