/**
 * Action reconstruction (spec actions-symmetry F2): the couplings g_r of
 * `S[phi] = sum_r (1/r!) g_r(i1..ir) phi_i1...phi_ir` over a finite set of points, at leading order,
 * from an ensemble's connected correlators (with jackknife errors), from raw moment sums in blocks
 * (any sampler), or from exact correlators.
 *
 * The measured path follows the spec's discrete algorithm: the joint cumulants of the run (centred:
 * a non-zero mean is subtracted) give G = kappa_2 and kappa_3, kappa_4, kappa_6; K = G^{-1} by
 * Cholesky; the couplings by the rules of ./leading-order.ts. The estimator is non-linear (K enters
 * to the fourth power and beyond), so its error is the delete-one-block jackknife of the WHOLE
 * chain moments -> cumulants -> K -> couplings, recomputed on every replicate with the run's own
 * blocks (`jackknifeReplicates`); the replicates are kept, so any function of the couplings
 * (the locality statistics, a continuum density) gets its error the same way.
 *
 * @module
 */
import { NnftInputError } from '../errors.js';
import { EnsembleResult } from '../result.js';
import { blockWeights } from '../stats/accumulator.js';
import { cumulantPlan, cumulantsFromMoments } from '../stats/cumulants.js';
import { jackknifeReplicates, type JackknifeBlock } from '../stats/jackknife.js';
import { MAX_ORDER, multisetCount, orderOffset, totalMultisets, validateComponentCount } from '../stats/multiset.js';
import { Coupling } from './coupling.js';
import { COUPLING_ORDERS, correlatorOrderNeeded, leadingCouplings, type CorrelatorTensors, type CouplingOrder } from './leading-order.js';
import { choleskyInverse, invertTwoPoint } from './two-point-inverse.js';

/**
 * The convention of every reconstruction here (spec F2 leaves it to the implementation).
 *
 * @example
 * ```ts
 * reconstructActionFromCorrelators({ G: [[1]], kappa4: [0] }).convention === K_CONVENTION; // returns true
 * ```
 */
export const K_CONVENTION = 'K = G^{-1}, the inverse of the measured full (connected) 2-point function G; g_2 carries the self-contraction';

/**
 * Default condition number of G above which a reconstruction carries a warning.
 *
 * @example
 * ```ts
 * reconstructActionFromCorrelators({ G: [[1, 0.999999], [0.999999, 1]], kappa4: [0, 0, 0, 0, 0] }).warnings.length; // returns 1 (cond 2e6)
 * ```
 */
export const CONDITION_WARNING = 1e6;

/**
 * Options of the reconstructions.
 *
 * @example
 * ```ts
 * const options: ReconstructOptions = { orders: [2, 4, 6] };   // even ensembles: g2, g4, g6
 * const odd: ReconstructOptions = { orders: [1, 2, 3, 4] };     // odd vertices switched on by g1, g3
 * ```
 */
export interface ReconstructOptions {
  /** Couplings to reconstruct, from 1, 2, 3, 4, 6 (default [2, 4]). */
  readonly orders?: readonly CouplingOrder[];
  /**
   * Include the kappa_3 (odd) diagrams: g_1, g_3 and the kappa_3^2 parts of g_2 and g_4. Default: true
   * when `orders` holds 1 or 3. Leave it off for ensembles symmetric under phi -> -phi, whose kappa_3
   * is pure noise. g_6 is implemented for symmetric ensembles only.
   */
  readonly odd?: boolean;
  /** cond(G) above which a warning is attached (default {@link CONDITION_WARNING}). */
  readonly conditionWarning?: number;
}

/**
 * A reconstructed action: the couplings of the requested orders and what they were built from.
 *
 * @example
 * ```ts
 * const a: ReconstructedAction = reconstructAction(result, { orders: [2, 4] });
 * a.g2!.at(0, 1);       // g_2 between sites 0 and 1
 * a.conditionNumber;    // cond(G) of the points
 * ```
 */
export interface ReconstructedAction {
  /** P, the number of sites (points). */
  readonly components: number;
  /** The points of the ensemble, when the input was one (for `couplingLocality(action.g4, action.sites)`). */
  readonly sites: readonly (readonly number[])[] | null;
  readonly orders: readonly CouplingOrder[];
  readonly odd: boolean;
  /** {@link K_CONVENTION}. */
  readonly convention: string;
  /** The (full-sample) 2-point matrix G, row-major P x P. */
  readonly G: Float64Array;
  /** K = G^{-1}, row-major P x P. */
  readonly K: Float64Array;
  /** cond(G): noise in G reaches g_4 amplified by about cond(G)^2 and more; see `warnings`. */
  readonly conditionNumber: number;
  /** A large cond(G); jackknife replicates whose G was not positive definite (their errors are NaN). */
  readonly warnings: readonly string[];
  /** Jackknife blocks behind the errors (0 for exact input). */
  readonly blocks: number;
  readonly g1?: Coupling;
  readonly g2?: Coupling;
  readonly g3?: Coupling;
  readonly g4?: Coupling;
  readonly g6?: Coupling;
}

/**
 * Exact connected correlators over P points: G (P x P) and kappa_r in the multiset layout of order r.
 *
 * @example
 * ```ts
 * // two points: kappa4 lists (0000) (0001) (0011) (0111) (1111)
 * const c: ExactCorrelators = { G: [[1, 0.2], [0.2, 1]], kappa4: [-0.1, -0.02, -0.01, -0.02, -0.1] };
 * ```
 */
export interface ExactCorrelators {
  /** The 2-point function: P rows of P numbers, or P*P numbers row-major. Symmetric, positive definite. */
  readonly G: readonly (readonly number[])[] | ArrayLike<number>;
  /** Connected 3-point function, `multisetCount(P, 3)` entries (sorted tuples, lexicographic). */
  readonly kappa3?: ArrayLike<number>;
  /** Connected 4-point function, `multisetCount(P, 4)` entries. */
  readonly kappa4?: ArrayLike<number>;
  /** Connected 6-point function, `multisetCount(P, 6)` entries. */
  readonly kappa6?: ArrayLike<number>;
}

/**
 * Raw moment sums in jackknife blocks: what any sampler (or a hand-written loop) produces.
 *
 * @example
 * ```ts
 * const data: MomentBlocks = { blocks: [{ count: 1000, sums: s0 }, { count: 1000, sums: s1 }], components: 3, nMax: 4 };
 * ```
 */
export interface MomentBlocks {
  /**
   * Blocks of samples: `count` (samples, or the sum of their weights) and `sums`, the (weighted) sums
   * of every product phi_i1...phi_in of orders 1..nMax in the flat multiset layout (order 1 first),
   * as `src/gp/moments.ts` `addProducts` accumulates them.
   */
  readonly blocks: readonly JackknifeBlock[];
  /** P, the number of field components. */
  readonly components: number;
  /** The highest order of the sums. */
  readonly nMax: number;
  /** Site coordinates, if known (reported as `sites`). */
  readonly sites?: readonly (number | readonly number[])[];
}

interface Resolved {
  orders: CouplingOrder[];
  odd: boolean;
  conditionWarning: number;
  /** Highest connected order needed. */
  need: number;
}

function resolveOptions(options: ReconstructOptions): Resolved {
  if (options === null || typeof options !== 'object') throw new NnftInputError('options', options, 'must be an object');
  const raw = options.orders ?? [2, 4];
  if (!Array.isArray(raw) || raw.length === 0) throw new NnftInputError('orders', raw, 'must be a non-empty array of coupling orders from 1, 2, 3, 4, 6');
  for (const o of raw) {
    if (!COUPLING_ORDERS.includes(o)) throw new NnftInputError('orders', raw, `must hold coupling orders from ${COUPLING_ORDERS.join(', ')} (the leading-order table of spec F2)`);
  }
  const orders = [...new Set(raw)].sort((a, b) => a - b);
  const hasOdd = orders.some((o) => o % 2 === 1);
  const odd = options.odd ?? hasOdd;
  if (typeof odd !== 'boolean') throw new NnftInputError('odd', odd, 'must be a boolean');
  if (!odd && hasOdd) throw new NnftInputError('odd', odd, `must be true for the odd couplings in orders [${orders.join(', ')}]`);
  if (odd && orders.includes(6)) throw new NnftInputError('orders', orders, 'may include 6 only without odd vertices (odd: false): the sextic coupling is implemented for phi -> -phi symmetric ensembles');
  const conditionWarning = options.conditionWarning ?? CONDITION_WARNING;
  if (typeof conditionWarning !== 'number' || !(conditionWarning >= 1)) throw new NnftInputError('conditionWarning', conditionWarning, 'must be a number >= 1');
  const need = Math.max(...orders.map(correlatorOrderNeeded), odd ? 3 : 0);
  return { orders, odd, conditionWarning, need };
}

const CORRELATOR_FIELDS = { 3: 'kappa3', 4: 'kappa4', 6: 'kappa6' } as const;

/** Which connected orders the couplings need (besides G). */
function neededCorrelators(o: Resolved): (3 | 4 | 6)[] {
  const out: (3 | 4 | 6)[] = [];
  if (o.odd) out.push(3);
  if (o.orders.some((r) => r === 2 || r === 4 || r === 6)) out.push(4);
  if (o.orders.includes(6)) out.push(6);
  return out;
}

function conditionWarnings(cond: number, limit: number): string[] {
  return cond > limit
    ? [`cond(G) = ${cond.toExponential(2)} exceeds ${limit.toExponential(0)}: K = G^{-1} amplifies the noise and rounding of the correlators (nearly coincident or dependent points?)`]
    : [];
}

/**
 * The leading-order couplings (spec F2) from exact connected correlators: no errors (`se` null).
 * `K = G^{-1}` of the given G ({@link K_CONVENTION}).
 *
 * @param input - G and the kappa_r the requested orders need (kappa_4 for g_2, g_4; kappa_6 for g_6;
 *   kappa_3 for the odd terms)
 * @param options - orders (default [2, 4]), odd
 * @throws NnftInputError naming the field: a G that is not square, finite, symmetric or positive
 *   definite (`G`, `G[i][j]`), a kappa of the wrong length or missing (`kappa4`, ...), bad options
 *
 * @example
 * ```ts
 * // one site, S = phi^2/2 + lambda phi^4/24 at lambda = 0.1: G = 0.95558, kappa_4 = -0.073978
 * const a = reconstructActionFromCorrelators({ G: [[0.9555766]], kappa4: [-0.0739779] }, { orders: [2, 4] });
 * a.g4!.at(0, 0, 0, 0); // returns 0.08872... (-kappa_4 / G^4)
 * a.g2!.at(0, 0);       // returns 1.0041... (K + kappa_4 K^3 / 2)
 * ```
 */
export function reconstructActionFromCorrelators(input: ExactCorrelators, options: ReconstructOptions = {}): ReconstructedAction {
  const o = resolveOptions(options);
  if (input === null || typeof input !== 'object') throw new NnftInputError('input', input, 'must be an object { G, kappa3?, kappa4?, kappa6? }');
  const { G, P } = squareMatrix(input.G);
  const tensors: { -readonly [k in keyof CorrelatorTensors]: CorrelatorTensors[k] } = { P, G };
  for (const r of neededCorrelators(o)) {
    const field = CORRELATOR_FIELDS[r];
    tensors[field] = symmetricTensor(input[field], field, r, P, o.orders);
  }
  const { K, conditionNumber } = invertTwoPoint(G, P, 'G');
  const values = leadingCouplings(tensors, K, o.orders, o.odd);
  const couplings: Record<string, Coupling> = {};
  o.orders.forEach((r, k) => (couplings[`g${r}`] = new Coupling(r, P, values[k])));
  return {
    components: P, sites: null, orders: o.orders, odd: o.odd, convention: K_CONVENTION, G, K, conditionNumber,
    warnings: conditionWarnings(conditionNumber, o.conditionWarning), blocks: 0, ...couplings,
  };
}

/**
 * The leading-order couplings (spec F2) from raw moment sums in jackknife blocks, with errors from
 * the whole estimator recomputed on every delete-one-block replicate. This is the path of
 * {@link reconstructAction}; use it directly for samples from elsewhere (e.g. exact Monte Carlo of a
 * lattice action), accumulating the sums with `addProducts` of src/gp/moments.ts.
 *
 * @param data - blocks of sums of products of orders 1..nMax over P components
 * @param options - orders (default [2, 4]), odd, conditionWarning
 * @throws NnftInputError: bad `components` or `nMax`, sums of the wrong length (`blocks`), orders
 *   that need correlators above nMax (`orders`), fewer than two non-empty blocks, a measured G that
 *   is not positive definite (`G`), bad options
 *
 * @example
 * ```ts
 * const sums = Array.from({ length: 32 }, () => new Float64Array(totalMultisets(3, 4)));
 * const counts = new Array<number>(32).fill(0);
 * // for each sample phi (3 numbers) of block b: addProducts(phi, 4, sums[b]); counts[b]++;
 * const a = reconstructActionFromBlocks({ blocks: sums.map((s, b) => ({ count: counts[b], sums: s })), components: 3, nMax: 4 });
 * a.g4!.at(0, 0, 0, 0); a.g4!.seAt(0, 0, 0, 0); // the quartic coupling at site 0 and its error
 * ```
 */
export function reconstructActionFromBlocks(data: MomentBlocks, options: ReconstructOptions = {}): ReconstructedAction {
  const o = resolveOptions(options);
  if (data === null || typeof data !== 'object') throw new NnftInputError('data', data, 'must be an object { blocks, components, nMax }');
  const P = data.components;
  validateComponentCount(P, 'components');
  const nMax = data.nMax;
  if (typeof nMax !== 'number' || !Number.isInteger(nMax) || nMax < 1 || nMax > MAX_ORDER) throw new NnftInputError('nMax', nMax, `must be an integer in [1, ${MAX_ORDER}]`);
  if (o.need > nMax) {
    throw new NnftInputError('orders', o.orders, `need connected correlators of order ${o.need}${o.odd ? ' (odd terms included)' : ''}; the data hold orders up to ${nMax}`);
  }
  const size = totalMultisets(P, nMax);
  if (!Array.isArray(data.blocks) || data.blocks.length === 0) throw new NnftInputError('blocks', data.blocks, 'must be a non-empty array of { count, sums }');
  data.blocks.forEach((b, i) => {
    if (b?.sums?.length !== size) throw new NnftInputError(`blocks[${i}].sums.length`, b?.sums?.length, `must be ${size} (orders 1..${nMax} of ${P} components)`);
  });
  const sites = data.sites === undefined ? null : checkSites(data.sites, P);

  const plan = cumulantPlan(P, nMax);
  const cumulants = new Float64Array(plan.size);
  const G = new Float64Array(P * P);
  const needed = neededCorrelators(o);
  const lengths = o.orders.map((r) => multisetCount(P, r));
  const total = P * P + lengths.reduce((a, b) => a + b, 0);
  const off2 = orderOffset(P, 2);
  const slices = needed.map((r) => ({ field: CORRELATOR_FIELDS[r], from: orderOffset(P, r), to: orderOffset(P, r) + multisetCount(P, r) }));
  // estimator: [G (P x P), couplings of each order]; NaN where G is not positive definite
  const estimator = (mean: Float64Array): Float64Array => {
    cumulantsFromMoments(plan, mean, cumulants);
    let rank = off2;
    for (let a = 0; a < P; a++) for (let b = a; b < P; b++) G[a * P + b] = G[b * P + a] = cumulants[rank++];
    const out = new Float64Array(total);
    out.set(G);
    const K = choleskyInverse(G, P);
    if (!K) {
      out.fill(Number.NaN, P * P);
      return out;
    }
    const tensors: { -readonly [k in keyof CorrelatorTensors]: CorrelatorTensors[k] } = { P, G };
    for (const s of slices) tensors[s.field] = cumulants.subarray(s.from, s.to);
    let at = P * P;
    for (const g of leadingCouplings(tensors, K, o.orders, o.odd)) {
      out.set(g, at);
      at += g.length;
    }
    return out;
  };
  const jk = jackknifeReplicates(data.blocks, estimator);
  const fullG = jk.value.slice(0, P * P);
  const { K, conditionNumber } = invertTwoPoint(fullG, P, 'G');
  const warnings = conditionWarnings(conditionNumber, o.conditionWarning);
  const failed = jk.replicates.filter((r) => Number.isNaN(r[P * P])).length;
  if (failed > 0) warnings.push(`${failed} of ${jk.replicates.length} jackknife replicates have a 2-point matrix that is not positive definite: the errors are NaN`);

  const couplings: Record<string, Coupling> = {};
  let at = P * P;
  o.orders.forEach((r, k) => {
    const end = at + lengths[k];
    couplings[`g${r}`] = new Coupling(r, P, jk.value.slice(at, end), jk.replicates.map((rep) => rep.slice(at, end)), jk.factor);
    at = end;
  });
  return {
    components: P, sites, orders: o.orders, odd: o.odd, convention: K_CONVENTION, G: fullG, K, conditionNumber,
    warnings, blocks: jk.replicates.length, ...couplings,
  };
}

/**
 * The leading-order action (spec F2) of a sampled ensemble at its points, with delete-one-block
 * jackknife errors over the run's own blocks (weighted runs, deformed or reweighted, use their
 * self-normalised blocks as `EnsembleResult` does). `action.g4` goes straight into
 * `locality.couplingLocality(action.g4, action.sites)`.
 *
 * @param result - an ensemble with d_out = 1 whose orders reach what the couplings need
 *   (4 for g_2 and g_4, 6 for g_6; the sums hold every order up to the largest requested)
 * @param options - orders (default [2, 4]), odd, conditionWarning
 * @throws NnftInputError: not an EnsembleResult (`result`), d_out != 1 (`result.dOut`), orders beyond
 *   the run's (`orders`), a measured G that is not positive definite (`G`), bad options
 *
 * @example
 * ```ts
 * const r = await sample({ arch: 'cos-net', width: 10, points: [0, 0.5, 1, 1.5], hyper: { m: 1, lambda: 8 }, networks: 200_000, orders: [4], seed: 1 });
 * const a = reconstructAction(r, { orders: [2, 4] });
 * a.g4!.at(0, 0, 0, 0); a.g4!.seAt(0, 0, 0, 0);   // the quartic coupling at x = 0 and its error
 * locality.couplingLocality(a.g4!, a.sites!).verdict; // returns 'non-local' for finite-width cos-net
 * ```
 */
export function reconstructAction(result: EnsembleResult, options: ReconstructOptions = {}): ReconstructedAction {
  if (!(result instanceof EnsembleResult)) throw new NnftInputError('result', result, 'must be an EnsembleResult');
  const e = result.header.ensemble;
  if (e.dOut !== 1) throw new NnftInputError('result.dOut', e.dOut, 'must be 1: the reconstruction treats the points as the sites of one scalar field');
  const o = resolveOptions(options);
  if (o.need > result.header.nMax) {
    throw new NnftInputError('orders', o.orders, `need connected correlators of order ${o.need}${o.odd ? ' (odd terms included)' : ''}; the result holds orders up to ${result.header.nMax} (sample with orders: [${o.need}])`);
  }
  const blocks = result.accumulator.blocks().map((b) => ({ count: blockWeights(b).sum, sums: b.sums }));
  return reconstructActionFromBlocks({ blocks, components: result.components, nMax: result.header.nMax, sites: e.points }, options);
}

/** G as a dense symmetric Float64Array (its symmetric part; asymmetry beyond rounding is an error). */
function squareMatrix(g: ExactCorrelators['G']): { G: Float64Array; P: number } {
  if (g === null || typeof g !== 'object' || typeof (g as ArrayLike<unknown>).length !== 'number') {
    throw new NnftInputError('G', g, 'must be P rows of P numbers or P*P numbers row-major');
  }
  let P: number;
  let flat: Float64Array;
  const rows = g as readonly unknown[];
  if (rows.length > 0 && Array.isArray(rows[0])) {
    P = rows.length;
    flat = new Float64Array(P * P);
    rows.forEach((row, i) => {
      if (!Array.isArray(row) || row.length !== P) throw new NnftInputError(`G[${i}]`, row, `must be a row of ${P} numbers (G is square)`);
      row.forEach((v, j) => {
        if (typeof v !== 'number') throw new NnftInputError(`G[${i}][${j}]`, v, 'must be a finite number');
        flat[i * P + j] = v;
      });
    });
  } else {
    const a = g as ArrayLike<number>;
    P = Math.round(Math.sqrt(a.length));
    if (P < 1 || P * P !== a.length) throw new NnftInputError('G', `${a.length} numbers`, 'must be P rows of P numbers or P*P numbers row-major');
    flat = Float64Array.from(a);
  }
  let scale = 0;
  for (let i = 0; i < P * P; i++) {
    const v = flat[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new NnftInputError(`G[${Math.floor(i / P)}][${i % P}]`, v, 'must be a finite number');
    scale = Math.max(scale, Math.abs(v));
  }
  for (let i = 0; i < P; i++) {
    for (let j = 0; j < i; j++) {
      const a = flat[i * P + j];
      const b = flat[j * P + i];
      if (Math.abs(a - b) > 1e-12 * scale) throw new NnftInputError(`G[${i}][${j}]`, a, `must equal G[${j}][${i}] = ${b} (G is symmetric)`);
      flat[i * P + j] = flat[j * P + i] = 0.5 * (a + b);
    }
  }
  validateComponentCount(P, 'G.length');
  return { G: flat, P };
}

function symmetricTensor(t: ArrayLike<number> | undefined, field: string, r: number, P: number, orders: readonly number[]): Float64Array {
  const q = multisetCount(P, r);
  if (t === undefined) throw new NnftInputError(field, t, `is needed by orders [${orders.join(', ')}]: ${q} entries (sorted ${r}-tuples over ${P} points)`);
  if (t === null || typeof t !== 'object' || t.length !== q) {
    throw new NnftInputError(field, t === null || typeof t !== 'object' ? t : `${t.length} entries`, `must hold the ${q} entries of order ${r} over ${P} points (multiset layout)`);
  }
  const out = Float64Array.from(t);
  out.forEach((v, i) => {
    if (!Number.isFinite(v)) throw new NnftInputError(`${field}[${i}]`, t[i], 'must be a finite number');
  });
  return out;
}

function checkSites(sites: readonly (number | readonly number[])[], P: number): number[][] {
  if (!Array.isArray(sites) || sites.length !== P) throw new NnftInputError('sites', sites, `must hold ${P} sites (one per component)`);
  return sites.map((s, i) => {
    const x = typeof s === 'number' ? [s] : s;
    if (!Array.isArray(x) || x.some((v) => !Number.isFinite(v))) throw new NnftInputError(`sites[${i}]`, s, 'must be a finite number or array of numbers');
    return [...x];
  });
}
