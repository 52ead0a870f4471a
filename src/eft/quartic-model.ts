/**
 * The local + x^2-local + non-local quartic model of spec E.5 (the lam_fit scripts of Halverson,
 * Maiti and Stoner), for d_in = 1:
 *
 *     DeltaG4(t) = l0 T0(t) + l2 T2(t) + lNL TNL(t),
 *     T0 = 24 int prod_i Kt(x, x_i) dx,   T2 = 24 int x^2 prod_i Kt(x, x_i) dx,
 *     TNL = 8 [P(12|34) + P(13|24) + P(14|23)],  P(ab|cd) = int int Kt(x,x_a) Kt(x,x_b) Kt(y,x_c) Kt(y,x_d) dx dy,
 *
 * fitted by linear least squares on a training point set and judged by the mean and largest absolute
 * percentage error (MAPE, max APE) on a held-out set. The code fits all K^4 ordered tuples with equal
 * weight; over sorted multisets that is a weight equal to each multiset's number of orderings, which
 * is the default here, and its MAPE is the same multiplicity-weighted mean.
 *
 * @module
 */
import { NnftInputError } from '../errors.js';
import { listMultisets } from '../stats/multiset.js';
import type { BoxQuadratureOptions } from './box-quadrature.js';
import type { EftKernel } from './kernel.js';
import { leastSquares } from './least-squares.js';
import { QUARTIC_FACTOR } from './quartic.js';
import { kernelProductIntegrals, nonLocalQuartic, squaredNorm } from './vertex-integrals.js';

/** The three templates over the sorted 4-multisets of K points (rank order). */
export interface QuarticTemplates {
  readonly K: number;
  readonly T0: Float64Array;
  readonly T2: Float64Array;
  readonly TNL: Float64Array;
}

/** Names of the model's couplings, in the order of the templates. */
export const QUARTIC_MODEL_TERMS = ['l0', 'l2', 'lNL'] as const;

/** The non-local template's factor: 3 pairings x 8 = 24 diagrams. */
const NON_LOCAL_FACTOR = 8;

/**
 * The templates T0, T2, TNL of a kernel at K points and one cutoff.
 *
 * @throws NnftInputError (`kernel.dIn` unless 1, and the vertex integrals' checks)
 */
export function quarticTemplates(kernel: EftKernel, points: readonly (readonly number[])[], cutoff: number, options?: BoxQuadratureOptions): QuarticTemplates {
  if (kernel?.dIn !== 1) throw new NnftInputError('kernel.dIn', kernel?.dIn, 'must be 1 (the non-local quartic model is defined for d_in = 1)');
  const scale = (a: Float64Array, f: number) => a.map((v) => f * v);
  const T0 = scale(kernelProductIntegrals(kernel, points, 4, cutoff, options), QUARTIC_FACTOR);
  const T2 = scale(kernelProductIntegrals(kernel, points, 4, cutoff, { ...options, weight: squaredNorm }), QUARTIC_FACTOR);
  const TNL = scale(nonLocalQuartic(kernelProductIntegrals(kernel, points, 2, cutoff, options), points.length), NON_LOCAL_FACTOR);
  return { K: points.length, T0, T2, TNL };
}

/** Number of orderings of each sorted 4-multiset of K points (4! / prod m_i!), rank order. */
export function orderings(K: number): Float64Array {
  const fact = [1, 1, 2, 6, 24];
  return Float64Array.from(listMultisets(K, 4), (t) => {
    const counts = new Map<number, number>();
    for (const i of t) counts.set(i, (counts.get(i) ?? 0) + 1);
    let d = 1;
    for (const c of counts.values()) d *= fact[c];
    return 24 / d;
  });
}

/** Absolute percentage errors summarised. */
export interface PercentageErrors {
  /** Mean absolute percentage error, in percent (multiplicity-weighted). */
  readonly mape: number;
  /** Largest absolute percentage error, in percent. */
  readonly maxApe: number;
}

/** A fitted model. */
export interface QuarticModelFit {
  /** l0, l2, lNL (the minimum-norm solution when rank < 3). */
  readonly couplings: { readonly l0: number; readonly l2: number; readonly lNL: number };
  /** Rank of the design: 3 when the templates are independent. */
  readonly rank: number;
  readonly train: PercentageErrors;
  readonly test: PercentageErrors;
}

/** A point set's templates and its measured (or exact) DeltaG4. */
export interface QuarticModelData {
  readonly templates: QuarticTemplates;
  /** DeltaG4 over the sorted 4-multisets (rank order). */
  readonly deltaG4: ArrayLike<number>;
}

function checkData(d: QuarticModelData, field: string): void {
  if (d === null || typeof d !== 'object' || !d.templates) throw new NnftInputError(field, d, 'must be { templates, deltaG4 }');
  const n = d.templates.T0.length;
  if (d.deltaG4?.length !== n) throw new NnftInputError(`${field}.deltaG4`, d.deltaG4?.length, `must hold one value per template entry (${n})`);
  if (n < QUARTIC_MODEL_TERMS.length + 1) throw new NnftInputError('tuples', n, `must be at least ${QUARTIC_MODEL_TERMS.length + 1} for a fit of ${QUARTIC_MODEL_TERMS.length} couplings`);
}

function model(t: QuarticTemplates, c: Float64Array, r: number): number {
  return c[0] * t.T0[r] + c[1] * t.T2[r] + c[2] * t.TNL[r];
}

function percentageErrors(d: QuarticModelData, c: Float64Array): PercentageErrors {
  const w = orderings(d.templates.K);
  let sum = 0;
  let wsum = 0;
  let max = 0;
  for (let r = 0; r < w.length; r++) {
    const ape = (100 * Math.abs(model(d.templates, c, r) - d.deltaG4[r])) / Math.abs(d.deltaG4[r]);
    sum += w[r] * ape;
    wsum += w[r];
    max = Math.max(max, ape);
  }
  return { mape: sum / wsum, maxApe: max };
}

/**
 * Fits l0, l2, lNL on `train` by least squares (multiplicity weights, as the code's MSE over all
 * ordered tuples) and reports the percentage errors on `train` and on the held-out `test`.
 *
 * @throws NnftInputError (`train`, `test`, their `deltaG4`, or `tuples` with fewer than 4 multisets)
 */
export function fitQuarticModel(train: QuarticModelData, test: QuarticModelData): QuarticModelFit {
  checkData(train, 'train');
  checkData(test, 'test');
  const t = train.templates;
  const A = Array.from(t.T0, (_, r) => [t.T0[r], t.T2[r], t.TNL[r]]);
  const ls = leastSquares(A, train.deltaG4, orderings(t.K));
  const c = ls.coefficients;
  return {
    couplings: { l0: c[0], l2: c[1], lNL: c[2] },
    rank: ls.rank,
    train: percentageErrors(train, c),
    test: percentageErrors(test, c),
  };
}
