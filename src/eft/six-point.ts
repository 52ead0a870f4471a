/**
 * The 6-point function at first order in the quartic coupling (spec E.4). With mw = 0 the exact
 * decomposition into connected parts is
 *
 *     G6(t) = G6_GP(t) + sum_{15 splits {a,b,c,d} + {e,f}} K(x_e, x_f) kappa4(x_a, x_b, x_c, x_d) + kappa6(t),
 *
 * and the EFT at tree level replaces kappa4 by 24 lambda_code I(abcd; Lambda) and drops kappa6
 * (O(lambda^2), O(1/N^2)):
 *
 *     G6_pred(t) = G6_GP(t) + 24 lambda_code sum_{15} K(x_e, x_f) I(x_a, x_b, x_c, x_d; Lambda).
 *
 * The pair factor is the full 2-point function K (the identity above). The code of Halverson,
 * Maiti and Stoner (six_pt_prediction.py) differs in three ways, reproduced on request:
 * its pair factor is the bias-subtracted Kt = K - sb^2 (equal for relu with sb = 0); its loops give
 * the lambda term only to the sorted tuples with t_k >= k (k = 0..5, 0-based; 132 of the 462 for six
 * points, a Catalan number), the others keep G6_GP; and one of its 15 terms repeats a leg, the split
 * {x2, x6} + {x5, x5, x1, x3} instead of {x5, x4, x1, x3} (1-based loop variables; read with the
 * first two arguments of its `intkappa` as the pair: for relu with sb = 0 in d_in = 1 every term is
 * proportional to the product of the six points, and the number does not depend on that reading).
 *
 * @example
 * ```ts
 * SIX_POINT_SPLITS.length; // returns 15
 * ```
 *
 * @module
 */
import { NnftInputError } from '../errors.js';
import { listMultisets, multisetCount, rankMultiset } from '../stats/multiset.js';
import { QUARTIC_FACTOR } from './quartic.js';

/** One way to split six positions into a pair (e, f) and a quadruple (a, b, c, d). */
export interface SixPointSplit {
  readonly pair: readonly [number, number];
  readonly quad: readonly [number, number, number, number];
}

/** The 15 splits of positions 0..5 into a pair and a quadruple, pairs in lexicographic order. */
export const SIX_POINT_SPLITS: readonly SixPointSplit[] = (() => {
  const out: SixPointSplit[] = [];
  for (let e = 0; e < 6; e++) {
    for (let f = e + 1; f < 6; f++) {
      const quad = [0, 1, 2, 3, 4, 5].filter((p) => p !== e && p !== f) as [number, number, number, number];
      out.push({ pair: [e, f], quad });
    }
  }
  return out;
})();

/** The code's duplicated-leg term: pair positions (1, 5) with quadruple (4, 4, 0, 2) instead of (4, 3, 0, 2). */
const CODE_DUPLICATED_SPLIT: SixPointSplit = { pair: [1, 5], quad: [4, 4, 0, 2] };

/** Which variant of the prediction to compute. */
export interface SixPointVariant {
  /** 'all' (default): every sorted tuple; 'code': only the code's t_k >= k tuples get the lambda term. */
  tuples?: 'all' | 'code';
  /** Use the code's duplicated-leg term in place of the split {x2, x6} + {x1, x3, x4, x5} (default false). */
  duplicatedLeg?: boolean;
}

/** The lambda-independent inputs over K points. */
export interface ExchangeInputs {
  /** Number of points K. */
  readonly K: number;
  /** The pair factor, a K x K matrix: K(x_e, x_f) (or Kt for the code's variant). */
  readonly pair: readonly (readonly number[])[];
  /** The 4-leg vertex integrals I over the sorted 4-multisets (rank order). */
  readonly I4: ArrayLike<number>;
}

/** The inputs of the prediction over K points. */
export interface SixPointInputs extends ExchangeInputs {
  /** G6_GP over the sorted 6-multisets of the K points (rank order). */
  readonly gp6: ArrayLike<number>;
  /** lambda_code. */
  readonly lambdaCode: number;
}

/**
 * Whether the code's loops reach a sorted tuple: t_k >= k for every position k (0-based).
 *
 * @example
 * ```ts
 * codeReachesTuple([0, 1, 2, 3, 4, 5]); // returns true
 * codeReachesTuple([0, 0, 2, 3, 4, 5]); // returns false
 * ```
 */
export function codeReachesTuple(t: ArrayLike<number>): boolean {
  for (let k = 0; k < t.length; k++) if (t[k] < k) return false;
  return true;
}

function checkExchangeInputs(s: ExchangeInputs): void {
  if (s === null || typeof s !== 'object') throw new NnftInputError('inputs', s, 'must be an object { K, pair, I4, ... }');
  const { K } = s;
  if (!Number.isInteger(K) || K < 1 || K > 64) throw new NnftInputError('K', K, 'must be an integer in [1, 64]');
  if (s.I4?.length !== multisetCount(K, 4)) throw new NnftInputError('I4', s.I4?.length, `must hold the ${multisetCount(K, 4)} sorted 4-tuples of ${K} points`);
  if (!Array.isArray(s.pair) || s.pair.length !== K || s.pair.some((r) => !Array.isArray(r) || r.length !== K)) throw new NnftInputError('pair', s.pair, `must be a ${K} x ${K} matrix`);
}

/** sum over the 15 splits of pair(x_e, x_f) I(x_a, x_b, x_c, x_d) for one sorted 6-tuple t. */
function exchangeOf(K: number, pair: readonly (readonly number[])[], I4: ArrayLike<number>, t: ArrayLike<number>, duplicatedLeg: boolean): number {
  let s = 0;
  const q = [0, 0, 0, 0];
  for (const split of SIX_POINT_SPLITS) {
    const use = duplicatedLeg && split.pair[0] === CODE_DUPLICATED_SPLIT.pair[0] && split.pair[1] === CODE_DUPLICATED_SPLIT.pair[1] ? CODE_DUPLICATED_SPLIT : split;
    for (let i = 0; i < 4; i++) q[i] = t[use.quad[i]];
    q.sort((a, b) => a - b);
    s += pair[t[use.pair[0]]][t[use.pair[1]]] * I4[rankMultiset(K, q)];
  }
  return s;
}

/**
 * The lambda exchange E(t) = sum over the 15 splits of pair(x_e, x_f) I(x_a, x_b, x_c, x_d) for
 * every sorted 6-tuple (rank order), so that G6_pred = G6_GP + 24 lambda_code E. In the code's
 * tuple variant, E = 0 on the tuples its loops do not reach.
 *
 * @param inputs - K, the pair factor and the 4-leg integrals
 * @param variant - the corrected sum (default) or the code's variants
 * @throws NnftInputError (`inputs`, `K`, `I4`, `pair`, `variant.tuples`)
 */
export function sixPointExchange(inputs: ExchangeInputs, variant: SixPointVariant = {}): Float64Array {
  checkExchangeInputs(inputs);
  const tuples = variant.tuples ?? 'all';
  if (tuples !== 'all' && tuples !== 'code') throw new NnftInputError('variant.tuples', tuples, "must be 'all' or 'code'");
  const { K, pair, I4 } = inputs;
  return Float64Array.from(listMultisets(K, 6), (t) =>
    tuples === 'code' && !codeReachesTuple(t) ? 0 : exchangeOf(K, pair, I4, t, variant.duplicatedLeg === true));
}

/**
 * G6_pred(t) = G6_GP(t) + 24 lambda_code E(t) for every sorted 6-tuple of the K points (rank
 * order); see the module comment and {@link sixPointExchange}.
 *
 * @param inputs - K, G6_GP, the pair factor, the 4-leg integrals and lambda_code
 * @param variant - the corrected prediction (default) or the code's variants
 * @throws NnftInputError (`inputs`, `K`, `gp6`, `I4`, `pair`, `lambdaCode`, `variant.tuples`)
 */
export function sixPointPrediction(inputs: SixPointInputs, variant: SixPointVariant = {}): Float64Array {
  const E = sixPointExchange(inputs, variant);
  if (inputs.gp6?.length !== E.length) throw new NnftInputError('gp6', inputs.gp6?.length, `must hold the ${E.length} sorted 6-tuples of ${inputs.K} points`);
  if (!Number.isFinite(inputs.lambdaCode)) throw new NnftInputError('lambdaCode', inputs.lambdaCode, 'must be finite');
  return Float64Array.from(E, (e, r) => inputs.gp6[r] + QUARTIC_FACTOR * inputs.lambdaCode * e);
}
