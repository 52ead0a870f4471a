/**
 * Joint cumulants (connected correlators) from raw moments, over every sorted index multiset of
 * orders 1..nMax, in the flat layout of `multiset.ts` (order 1 first; entry `flatIndex(P, idx)`).
 *
 * ## Derivation of the recursion
 *
 * For a multiset of positions S (positions 0..n-1 of a sorted tuple, so repeated components are
 * distinct positions), the moment-cumulant formula in its "moments from cumulants" direction is
 *
 *     mu(S) = sum_{pi partition of S} prod_{B in pi} kappa(B).
 *
 * Group the partitions by the block B that contains S's first position. The other blocks form an
 * arbitrary partition of S \ B, and summing over those gives mu(S \ B) (with mu(empty) = 1):
 *
 *     mu(S) = sum_{B ⊆ S, first ∈ B} kappa(B) mu(S \ B).
 *
 * Pulling out the term B = S gives the recursion used here,
 *
 *     kappa(S) = mu(S) - sum_{B ⊊ S, first ∈ B} kappa(B) mu(S \ B),
 *
 * with 2^(n-1) - 1 terms (B = {first} ∪ M for every M ⊊ {1..n-1}); kappa(B) has lower order, so it is
 * known when orders are processed in increasing order. No zero-mean assumption is made: odd orders
 * and mean terms are all kept. Because a sub-tuple of a sorted tuple is sorted, B and S \ B are ranked
 * directly. Subsets B with equal component content give equal terms, so each is stored once with an
 * integer multiplicity (e.g. S = (a,a,a,a) has 7 subsets but only 3 distinct terms).
 *
 * The same identity read forward, `mu(S) = kappa(S) + sum_{B ⊊ S, first ∈ B} kappa(B) mu(S \ B)`,
 * rebuilds moments from cumulants ({@link momentsFromCumulants}).
 *
 * ## Cost
 *
 * A {@link CumulantPlan} holds, per multiset, the flat indices of every (B, S \ B) pair with its
 * multiplicity, built once per (P, nMax) and cached. Evaluating it is one multiply-add chain per term:
 * P = 6, nMax = 8 has 75,351 terms, P = 32, nMax = 4 has 360,536 (sub-millisecond to about a
 * millisecond per evaluation).
 *
 * @example
 * ```ts
 * import { cumulantPlan, cumulantsFromMoments } from './cumulants.js';
 * // Poisson(1): the raw moments are the Bell numbers 1, 2, 5, 15 and every cumulant is 1.
 * cumulantsFromMoments(cumulantPlan(1, 4), Float64Array.of(1, 2, 5, 15)); // returns Float64Array [1, 1, 1, 1]
 * ```
 *
 * @module
 */
import { NnftInputError } from '../errors.js';
import {
  MAX_ORDER,
  forEachMultiset,
  multisetCount,
  rankSortedUnchecked,
  totalMultisets,
  validateComponentCount,
  validateOrder,
} from './multiset.js';
import { setPartitions } from './set-partitions.js';

/** Largest number of (B, S \ B) subset pairs a plan may enumerate (before de-duplication). */
export const MAX_PLAN_TERMS = 1 << 25;

/**
 * The precomputed subset structure of the cumulant recursion for one (P, nMax); obtain it from
 * {@link cumulantPlan} (cached) and pass it to {@link cumulantsFromMoments}. Read-only.
 */
export class CumulantPlan {
  /** Number of field components. */
  readonly P: number;
  /** Highest order. */
  readonly nMax: number;
  /** Length of the flat moment / cumulant arrays: `totalMultisets(P, nMax)`. */
  readonly size: number;
  /** `start[s]..start[s+1]-1` are the terms of flat entry s (length size + 1). */
  readonly start: Int32Array;
  /** Flat index of B (order < n, contains S's first position) for each term. */
  readonly bIndex: Int32Array;
  /** Flat index of S \ B for each term. */
  readonly cIndex: Int32Array;
  /** Multiplicity of each term: the number of position subsets B with this component content. */
  readonly coef: Float64Array;

  /** @internal use {@link cumulantPlan}. */
  constructor(P: number, nMax: number, size: number, start: Int32Array, bIndex: Int32Array, cIndex: Int32Array, coef: Float64Array) {
    this.P = P;
    this.nMax = nMax;
    this.size = size;
    this.start = start;
    this.bIndex = bIndex;
    this.cIndex = cIndex;
    this.coef = coef;
    Object.freeze(this);
  }

  /** Number of stored (de-duplicated) terms. */
  get termCount(): number {
    return this.bIndex.length;
  }
}

const planCache = new Map<string, CumulantPlan>();

/** off[n] = flat offset of order n for n = 1..nMax, off[nMax + 1] = total (off[0] is unused). */
function offsets(P: number, nMax: number): number[] {
  const off = [0, 0];
  for (let m = 1; m <= nMax; m++) off.push(off[m] + multisetCount(P, m));
  return off;
}

/**
 * The cumulant plan for P components and orders 1..nMax, built on first use and cached.
 *
 * @param P - number of components, an integer in [1, 2^20]
 * @param nMax - highest order, an integer in [1, 8]
 * @returns the shared, frozen plan
 * @throws NnftInputError for a bad `P` or `nMax`, or a (P, nMax) whose subset structure exceeds
 *   {@link MAX_PLAN_TERMS} (e.g. P = 32, nMax = 6)
 *
 * @example
 * ```ts
 * cumulantPlan(6, 8).size; // returns 3002
 * ```
 */
export function cumulantPlan(P: number, nMax: number): CumulantPlan {
  validateComponentCount(P);
  validateOrder(nMax, 'nMax', 1, MAX_ORDER);
  const key = `${P},${nMax}`;
  const hit = planCache.get(key);
  if (hit !== undefined) return hit;

  const size = totalMultisets(P, nMax);
  const off = offsets(P, nMax);
  let bound = 0;
  for (let n = 2; n <= nMax; n++) bound += (off[n + 1] - off[n]) * ((1 << (n - 1)) - 1);
  if (bound > MAX_PLAN_TERMS) {
    throw new NnftInputError('P', P, `is too large for nMax = ${nMax}: the cumulant recursion would need ${bound} subset terms (limit ${MAX_PLAN_TERMS})`);
  }

  const start = new Int32Array(size + 1);
  const bTmp = new Int32Array(bound);
  const cTmp = new Int32Array(bound);
  const coefTmp = new Float64Array(bound);
  // De-duplication: owner[bi] === s means B with flat index bi already has a term (at pos[bi]) for s.
  const owner = new Int32Array(size).fill(-1);
  const pos = new Int32Array(size);
  const bv = new Int32Array(MAX_ORDER);
  const cv = new Int32Array(MAX_ORDER);
  let t = 0;
  for (let n = 1; n <= nMax; n++) {
    const base = off[n];
    const masks = (1 << (n - 1)) - 1; // M = 0 .. 2^(n-1) - 2: every proper subset of {1..n-1}
    forEachMultiset(P, n, (idx, r) => {
      const s = base + r;
      start[s] = t;
      for (let M = 0; M < masks; M++) {
        let bl = 1;
        let cl = 0;
        bv[0] = idx[0];
        for (let j = 1; j < n; j++) {
          if ((M >> (j - 1)) & 1) bv[bl++] = idx[j];
          else cv[cl++] = idx[j];
        }
        const bi = off[bl] + rankSortedUnchecked(P, bv, bl);
        if (owner[bi] === s) {
          coefTmp[pos[bi]] += 1;
        } else {
          owner[bi] = s;
          pos[bi] = t;
          bTmp[t] = bi;
          cTmp[t] = off[cl] + rankSortedUnchecked(P, cv, cl);
          coefTmp[t] = 1;
          t++;
        }
      }
    });
  }
  start[size] = t;
  const plan = new CumulantPlan(P, nMax, size, start, bTmp.slice(0, t), cTmp.slice(0, t), coefTmp.slice(0, t));
  planCache.set(key, plan);
  return plan;
}

function checkPlan(plan: CumulantPlan): void {
  if (!(plan instanceof CumulantPlan)) {
    throw new NnftInputError('plan', plan, 'must be a CumulantPlan from cumulantPlan(P, nMax)');
  }
}

function checkFlat(field: string, a: unknown, plan: CumulantPlan): asserts a is Float64Array {
  if (!(a instanceof Float64Array)) {
    throw new NnftInputError(field, a, 'must be a Float64Array');
  }
  if (a.length !== plan.size) {
    throw new NnftInputError(`${field}.length`, a.length, `must be ${plan.size} (orders 1..${plan.nMax} of P = ${plan.P} components)`);
  }
}

function checkOut(out: unknown, input: Float64Array, inputField: string, plan: CumulantPlan): Float64Array {
  if (out === undefined) return new Float64Array(plan.size);
  checkFlat('out', out, plan);
  if (out.buffer === input.buffer && out.byteOffset < input.byteOffset + input.byteLength && input.byteOffset < out.byteOffset + out.byteLength) {
    throw new NnftInputError('out', `Float64Array(${out.length})`, `must not overlap \`${inputField}\``);
  }
  return out;
}

/**
 * Joint cumulants of every multiset of orders 1..nMax from the raw moments, by the recursion
 * `kappa(S) = mu(S) - sum_{B ⊊ S, first ∈ B} kappa(B) mu(S \ B)` (derived in the module comment).
 * General means: nothing is assumed zero.
 *
 * @param plan - from {@link cumulantPlan}(P, nMax)
 * @param moments - raw moments, `moments[flatIndex(P, idx)] = E[phi_i1 ... phi_in]`, length `plan.size`
 * @param out - optional destination of the same length (must not overlap `moments`); allocated if omitted
 * @returns `out`, holding `kappa(phi_i1, ..., phi_in)` in the same layout
 * @throws NnftInputError (`plan`, `moments`, `moments.length`, `out`, `out.length`)
 *
 * @example
 * ```ts
 * // P = 2, nMax = 2, layout [E X, E Y, E XX, E XY, E YY]
 * cumulantsFromMoments(cumulantPlan(2, 2), Float64Array.of(1, 2, 5, 3, 8));
 * // returns Float64Array [1, 2, 4, 1, 4]   (Var X = 5 - 1, Cov = 3 - 2, Var Y = 8 - 4)
 * ```
 */
export function cumulantsFromMoments(plan: CumulantPlan, moments: Float64Array, out?: Float64Array): Float64Array {
  checkPlan(plan);
  checkFlat('moments', moments, plan);
  const kappa = checkOut(out, moments, 'moments', plan);
  const { start, bIndex, cIndex, coef, size } = plan;
  let t = 0;
  for (let s = 0; s < size; s++) {
    const end = start[s + 1];
    let acc = moments[s];
    for (; t < end; t++) acc -= coef[t] * kappa[bIndex[t]] * moments[cIndex[t]];
    kappa[s] = acc;
  }
  return kappa;
}

/**
 * Raw moments from joint cumulants: the inverse of {@link cumulantsFromMoments}, by
 * `mu(S) = kappa(S) + sum_{B ⊊ S, first ∈ B} kappa(B) mu(S \ B)` (S \ B has lower order, so its
 * moment is already rebuilt).
 *
 * @param plan - from {@link cumulantPlan}(P, nMax)
 * @param cumulants - joint cumulants in the flat layout, length `plan.size`
 * @param out - optional destination (must not overlap `cumulants`); allocated if omitted
 * @returns `out`, holding the raw moments
 * @throws NnftInputError (`plan`, `cumulants`, `cumulants.length`, `out`, `out.length`)
 *
 * @example
 * ```ts
 * // N(1, 4): kappa = (1, 4, 0) gives E X = 1, E X^2 = 5, E X^3 = 1 + 3*1*4 = 13
 * momentsFromCumulants(cumulantPlan(1, 3), Float64Array.of(1, 4, 0)); // returns Float64Array [1, 5, 13]
 * ```
 */
export function momentsFromCumulants(plan: CumulantPlan, cumulants: Float64Array, out?: Float64Array): Float64Array {
  checkPlan(plan);
  checkFlat('cumulants', cumulants, plan);
  const mu = checkOut(out, cumulants, 'cumulants', plan);
  const { start, bIndex, cIndex, coef, size } = plan;
  let t = 0;
  for (let s = 0; s < size; s++) {
    const end = start[s + 1];
    let acc = cumulants[s];
    for (; t < end; t++) acc += coef[t] * cumulants[bIndex[t]] * mu[cIndex[t]];
    mu[s] = acc;
  }
  return mu;
}

/**
 * Shorthand for `cumulantsFromMoments(cumulantPlan(P, nMax), moments)`.
 *
 * @param moments - raw moments in the flat layout, length `totalMultisets(P, nMax)`
 * @param P - number of components, an integer in [1, 2^20]
 * @param nMax - highest order, an integer in [1, 8]
 * @returns a fresh array of joint cumulants
 * @throws NnftInputError as {@link cumulantPlan} and {@link cumulantsFromMoments}
 *
 * @example
 * ```ts
 * cumulants(Float64Array.of(1, 2, 5), 1, 3); // returns Float64Array [1, 1, 1]
 * ```
 */
export function cumulants(moments: Float64Array, P: number, nMax: number): Float64Array {
  return cumulantsFromMoments(cumulantPlan(P, nMax), moments);
}

/**
 * Reference implementation: joint cumulants by the moment-cumulant formula over set partitions,
 *
 *     kappa(S) = sum_{pi partition of S} (-1)^{|pi|-1} (|pi|-1)! prod_{B in pi} mu(B)
 *
 * (Möbius inversion of `mu(S) = sum_pi prod_B kappa(B)` on the partition lattice). Slow (Bell(n)
 * terms per multiset, no caching), meant to cross-check {@link cumulantsFromMoments} in tests.
 *
 * @param moments - raw moments in the flat layout, length `totalMultisets(P, nMax)`
 * @param P - number of components, an integer in [1, 2^20]
 * @param nMax - highest order, an integer in [1, 8]
 * @returns a fresh array of joint cumulants
 * @throws NnftInputError (`P`, `nMax`, `moments`, `moments.length`)
 *
 * @example
 * ```ts
 * cumulantsBySetPartitions(Float64Array.of(1, 2, 5), 1, 3); // returns Float64Array [1, 1, 1]
 * ```
 */
export function cumulantsBySetPartitions(moments: Float64Array, P: number, nMax: number): Float64Array {
  validateComponentCount(P);
  validateOrder(nMax, 'nMax', 1, MAX_ORDER);
  const size = totalMultisets(P, nMax);
  if (!(moments instanceof Float64Array)) throw new NnftInputError('moments', moments, 'must be a Float64Array');
  if (moments.length !== size) {
    throw new NnftInputError('moments.length', moments.length, `must be ${size} (orders 1..${nMax} of P = ${P} components)`);
  }
  const off = offsets(P, nMax);
  // (-1)^(k-1) (k-1)! for k blocks
  const weight = [0];
  for (let k = 1, f = 1; k <= MAX_ORDER; f *= k, k++) weight.push((k % 2 === 1 ? 1 : -1) * f);
  const out = new Float64Array(size);
  const sub = new Int32Array(MAX_ORDER);
  for (let n = 1; n <= nMax; n++) {
    const parts = setPartitions(n);
    forEachMultiset(P, n, (idx, r) => {
      let total = 0;
      for (const pi of parts) {
        let prod = weight[pi.length];
        for (const block of pi) {
          for (let j = 0; j < block.length; j++) sub[j] = idx[block[j]];
          prod *= moments[off[block.length] + rankSortedUnchecked(P, sub, block.length)];
        }
        total += prod;
      }
      out[off[n] + r] = total;
    });
  }
  return out;
}
