/**
 * Exact moments of a small lattice field theory, for checks of the action reconstruction
 * (spec actions-symmetry F2 "Verification", G4 rows 1-5):
 *
 *     P[phi] ∝ exp(-S[phi]),   S = (1/2) phi^T A phi + (lambda / p!) sum_i phi_i^p   (p even >= 4).
 *
 * With `A = R R^T` (Cholesky) and `phi = R^{-T} u`, u ~ N(0, I) has the Gaussian part as its density,
 * so every moment is a ratio of Gaussian expectations,
 *
 *     E[F(phi)] = E_u[F(phi) w(phi)] / E_u[w(phi)],   w = exp(-(lambda / p!) sum_i phi_i^p),
 *
 * done by quadrature in u: one site uses the trapezoid rule on [-14, 14] with spacing 1/32
 * (spectrally accurate for these entire, rapidly decaying integrands: every moment to about machine
 * precision, which the 1-D checks need, since g_6 ~ lambda^3 is what is left after kappa_6 ~ lambda^2
 * cancels); several sites use the tensor Gauss-Hermite grid of src/theory/gauss-hermite.ts with
 * `nodes` per axis (60 by default, the spec's 60^3 for 3 sites; w is smooth, so 40 already agrees
 * to 1e-12 at lambda = 0.3). The moments of every order up to nMax are accumulated in the flat
 * multiset layout, and the joint cumulants follow from src/stats/cumulants.ts.
 *
 * @example
 * ```ts
 * const m = exactLatticeMoments({ A: 1, lambda: 0.1 }, { nMax: 4 });
 * m.correlators.G[0];         // returns 0.955576... (spec F2: 0.95558)
 * m.correlators.kappa4![0];   // returns -0.073977... (spec F2: -0.073978)
 * ```
 *
 * @module
 */
import { NnftInputError } from '../errors.js';
import { addProducts } from '../gp/moments.js';
import { cumulantPlan, cumulantsFromMoments } from '../stats/cumulants.js';
import { MAX_ORDER, multisetCount, orderOffset, totalMultisets } from '../stats/multiset.js';
import { gaussHermiteGrid, MAX_GAUSS_HERMITE_NODES } from '../theory/gauss-hermite.js';

/**
 * A lattice action S = (1/2) phi A phi + (lambda / p!) sum_i phi_i^p.
 *
 * @example
 * ```ts
 * const one: LatticeAction = { A: 1, lambda: 0.1 };                                     // 1 site, phi^4
 * const ring: LatticeAction = { A: [[2, -0.5], [-0.5, 2]], lambda: 0.3, power: 6 };    // 2 sites, phi^6
 * ```
 */
export interface LatticeAction {
  /** The quadratic form: P rows of P numbers (symmetric, positive definite), or one number for one site. */
  readonly A: number | readonly (readonly number[])[];
  /** The on-site coupling, >= 0. */
  readonly lambda: number;
  /** The power p of the interaction, an even integer >= 4 (default 4). */
  readonly power?: number;
}

/**
 * Options of {@link exactLatticeMoments}.
 *
 * @example
 * ```ts
 * const o: ExactLatticeOptions = { nMax: 6, nodes: 40 };
 * ```
 */
export interface ExactLatticeOptions {
  /** Highest moment order (default 4, at most 8). */
  readonly nMax?: number;
  /** Gauss-Hermite nodes per axis for two sites or more (default 60; at most 2^24 grid points in all). */
  readonly nodes?: number;
}

/**
 * Exact moments of a lattice action and the connected correlators built from them.
 *
 * @example
 * ```ts
 * const m: LatticeMoments = exactLatticeMoments({ A: 1, lambda: 0 });
 * m.moments[1];  // returns 1 (E phi^2 of the free theory, to rounding)
 * ```
 */
export interface LatticeMoments {
  /** P, the number of sites. */
  readonly components: number;
  readonly nMax: number;
  /** E[phi_i1 ... phi_in] for orders 1..nMax, flat multiset layout. */
  readonly moments: Float64Array;
  /** The joint cumulants (connected correlators), same layout. */
  readonly cumulants: Float64Array;
  /**
   * G (P x P, row-major) and kappa_3, kappa_4, kappa_6 (where nMax reaches them), each in the
   * multiset layout of its order: the input of `reconstructActionFromCorrelators`.
   */
  readonly correlators: { G: Float64Array; kappa3?: Float64Array; kappa4?: Float64Array; kappa6?: Float64Array };
}

/** Trapezoid rule of the one-site case: spacing and half-width in u. */
const TRAPEZOID_STEP = 1 / 32;
const TRAPEZOID_HALF_WIDTH = 14;

/**
 * Exact moments and connected correlators of `S = (1/2) phi A phi + (lambda/p!) sum phi^p` by
 * quadrature (module comment).
 *
 * @param action - A, lambda, power
 * @param options - nMax (default 4), nodes (default 60)
 * @throws NnftInputError (`A`, `A[i]`, `A[i][j]`, `lambda`, `power`, `nMax`, `nodes`) for bad input:
 *   A not square, symmetric and positive definite, a negative or non-finite lambda, an odd power,
 *   a grid beyond 2^24 points
 *
 * @example
 * ```ts
 * const A = [[2, -0.5, 0], [-0.5, 2, -0.5], [0, -0.5, 2]];
 * const m = exactLatticeMoments({ A, lambda: 0.3 });   // a 60^3 grid
 * reconstructActionFromCorrelators(m.correlators).g4!.at(1, 1, 1, 1); // returns 0.26696... (spec F2: 0.267)
 * ```
 */
export function exactLatticeMoments(action: LatticeAction, options: ExactLatticeOptions = {}): LatticeMoments {
  if (action === null || typeof action !== 'object') throw new NnftInputError('action', action, 'must be an object { A, lambda, power? }');
  const A = quadraticForm(action.A);
  const P = Math.round(Math.sqrt(A.length));
  const { lambda } = action;
  if (typeof lambda !== 'number' || !Number.isFinite(lambda) || lambda < 0) throw new NnftInputError('lambda', lambda, 'must be a finite number >= 0');
  const power = action.power ?? 4;
  if (!Number.isInteger(power) || power < 4 || power % 2 !== 0) throw new NnftInputError('power', power, 'must be an even integer >= 4 (odd powers are unbounded below)');
  const nMax = options.nMax ?? 4;
  if (!Number.isInteger(nMax) || nMax < 1 || nMax > MAX_ORDER) throw new NnftInputError('nMax', nMax, `must be an integer in [1, ${MAX_ORDER}]`);
  const nodes = options.nodes ?? 60;
  if (!Number.isInteger(nodes) || nodes < 1 || nodes > MAX_GAUSS_HERMITE_NODES) throw new NnftInputError('nodes', nodes, `must be an integer in [1, ${MAX_GAUSS_HERMITE_NODES}]`);

  // phi = T u with T = R^{-T}, A = R R^T (T upper triangular)
  const T = inverseTransposeCholesky(A, P);
  let factorial = 1;
  for (let k = 2; k <= power; k++) factorial *= k;
  const coupling = lambda / factorial;

  let points: Float64Array;
  let weights: Float64Array;
  let count: number;
  if (P === 1) {
    const half = Math.round(TRAPEZOID_HALF_WIDTH / TRAPEZOID_STEP);
    count = 2 * half + 1;
    points = new Float64Array(count);
    weights = new Float64Array(count);
    for (let k = 0; k < count; k++) {
      const u = (k - half) * TRAPEZOID_STEP;
      points[k] = u;
      weights[k] = Math.exp(-0.5 * u * u); // normalisation cancels in the ratio
    }
  } else {
    if (nodes ** P > 1 << 24) throw new NnftInputError('nodes', nodes, `gives ${nodes ** P} grid points for ${P} sites (limit 2^24)`);
    ({ points, weights, count } = gaussHermiteGrid(P, nodes));
  }

  const sums = new Float64Array(totalMultisets(P, nMax));
  const phi = new Float64Array(P);
  let norm = 0;
  for (let q = 0; q < count; q++) {
    let s = 0;
    for (let i = 0; i < P; i++) {
      let x = 0;
      for (let k = i; k < P; k++) x += T[i * P + k] * points[q * P + k];
      phi[i] = x;
      s += x ** power;
    }
    const w = weights[q] * Math.exp(-coupling * s);
    if (w === 0) continue;
    norm += w;
    addProducts(phi, nMax, sums, w);
  }
  const moments = sums.map((v) => v / norm);
  const cumulants = cumulantsFromMoments(cumulantPlan(P, nMax), moments);
  return { components: P, nMax, moments, cumulants, correlators: correlatorsOf(cumulants, P, nMax) };
}

/** G (dense) and the kappa_r blocks of a flat cumulant array. */
function correlatorsOf(cumulants: Float64Array, P: number, nMax: number): LatticeMoments['correlators'] {
  const block = (r: number) => (nMax >= r ? cumulants.slice(orderOffset(P, r), orderOffset(P, r) + multisetCount(P, r)) : undefined);
  const G = new Float64Array(P * P);
  const g2 = block(2);
  if (g2) {
    let rank = 0;
    for (let a = 0; a < P; a++) for (let b = a; b < P; b++) G[a * P + b] = G[b * P + a] = g2[rank++];
  }
  return { G, kappa3: block(3), kappa4: block(4), kappa6: block(6) };
}

function quadraticForm(A: LatticeAction['A']): Float64Array {
  if (typeof A === 'number') {
    if (!(A > 0) || !Number.isFinite(A)) throw new NnftInputError('A', A, 'must be a finite number > 0 (one site) or a positive-definite matrix');
    return Float64Array.of(A);
  }
  if (!Array.isArray(A) || A.length === 0) throw new NnftInputError('A', A, 'must be a number or P rows of P numbers');
  const P = A.length;
  const out = new Float64Array(P * P);
  A.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== P) throw new NnftInputError(`A[${i}]`, row, `must be a row of ${P} numbers (A is square)`);
    row.forEach((v, j) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new NnftInputError(`A[${i}][${j}]`, v, 'must be a finite number');
      out[i * P + j] = v;
    });
  });
  for (let i = 0; i < P; i++) {
    for (let j = 0; j < i; j++) {
      if (out[i * P + j] !== out[j * P + i]) throw new NnftInputError(`A[${i}][${j}]`, out[i * P + j], `must equal A[${j}][${i}] (A is symmetric)`);
    }
  }
  return out;
}

/** T = R^{-T} for A = R R^T (R lower triangular): T is upper triangular and T T^T = A^{-1}. */
function inverseTransposeCholesky(A: Float64Array, P: number): Float64Array {
  const R = new Float64Array(P * P);
  for (let i = 0; i < P; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * P + j];
      for (let k = 0; k < j; k++) s -= R[i * P + k] * R[j * P + k];
      if (i === j) {
        if (!(s > 0)) throw new NnftInputError('A', `${P} x ${P} matrix`, 'must be positive definite');
        R[i * P + i] = Math.sqrt(s);
      } else {
        R[i * P + j] = s / R[j * P + j];
      }
    }
  }
  // W = R^{-1} (lower), T = W^T
  const T = new Float64Array(P * P);
  for (let j = 0; j < P; j++) {
    const W = (i: number) => T[j * P + i]; // T[j][i] = W[i][j]
    T[j * P + j] = 1 / R[j * P + j];
    for (let i = j + 1; i < P; i++) {
      let s = 0;
      for (let k = j; k < i; k++) s -= R[i * P + k] * W(k);
      T[j * P + i] = s / R[i * P + i];
    }
  }
  return T;
}
