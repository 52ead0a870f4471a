// The two predictions the playground holds its measurements against, for one ensemble: the Gaussian
// process (infinite width) and the exact correlators at the ensemble's finite width.
import type { Ensemble } from '../src/sample/options.js';
import type { ActivationName } from '../src/theory/activation.js';
import { exactCorrelators } from '../src/theory/finite-width.js';
import { gpMoments } from '../src/theory/gp-moments.js';
import { flatIndex, forEachMultiset, orderOffset } from '../src/stats/multiset.js';

/** The theory's activation for each built-in architecture (none for one a user registers). */
export const THEORY_ACTIVATION: Readonly<Record<string, ActivationName>> = {
  'relu-net': 'relu', 'erf-net': 'erf', 'gauss-net': 'gauss', 'tanh-net': 'tanh', linear: 'linear',
};

/** Highest order predicted (the playground shows 2- and 4-point functions). */
export const THEORY_ORDER = 4;

/**
 * Moments and connected correlators of orders 1..4 over the P components, in the flat multiset
 * layout of src/stats/multiset.ts (entry of a sorted index tuple at flatIndex(P, idx)).
 */
export interface Predictions {
  readonly P: number;
  /** Gaussian process with the GP kernel K: moments by Wick's theorem, cumulants K at order 2 and 0 otherwise. */
  readonly gpMoments: Float64Array;
  readonly gpCumulants: Float64Array;
  /** Exact finite-width theory at the ensemble's width N: connected 4-point function O(1/N). */
  readonly exactMoments: Float64Array;
  readonly exactCumulants: Float64Array;
}

/** Whether the playground can predict this ensemble: a built-in architecture with zero means (the GP here is centred). */
export const predictable = (e: Ensemble): boolean => THEORY_ACTIVATION[e.arch] !== undefined && e.mw === 0 && e.mb === 0;

/**
 * Both predictions for a validated ensemble with d_out = 1. The GP kernel is the exact connected
 * 2-point function, which at zero means equals the GP kernel at every width; the GP moments follow
 * from it by Wick contractions.
 */
export function predictions(e: Ensemble): Predictions {
  const exact = exactCorrelators(
    { activation: THEORY_ACTIVATION[e.arch], width: e.width, dIn: e.dIn, dOut: e.dOut, sw: e.sw, sb: e.sb, mw: e.mw, mb: e.mb },
    e.points,
    THEORY_ORDER,
  );
  const P = exact.P;
  const K = Array.from({ length: P }, (_, a) => Array.from({ length: P }, (_, b) => exact.cumulants[flatIndex(P, a <= b ? [a, b] : [b, a])]));
  const gpCumulants = new Float64Array(exact.cumulants.length);
  const base = orderOffset(P, 2);
  forEachMultiset(P, 2, (_idx, rank) => {
    gpCumulants[base + rank] = exact.cumulants[base + rank];
  });
  return { P, gpMoments: gpMoments(K, THEORY_ORDER), gpCumulants, exactMoments: exact.moments, exactCumulants: exact.cumulants };
}
