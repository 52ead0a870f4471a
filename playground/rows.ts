// One row per correlator entry: what was measured, with its standard error, beside both predictions.
import type { EnsembleResult } from '../src/browser.js';
import { flatIndex } from '../src/stats/multiset.js';
import { ORDERS } from './form.js';
import type { Predictions } from './theory.js';

/** A correlator entry of order n over the sorted point indices `idx`. */
export interface CorrelatorRow {
  readonly order: number;
  readonly idx: readonly number[];
  readonly moment: number;
  readonly momentSE: number;
  readonly connected: number;
  readonly connectedSE: number;
  /** Predictions (undefined while they are computed, or for an ensemble the page cannot predict). */
  readonly gpMoment?: number;
  readonly exactMoment?: number;
  readonly gpConnected?: number;
  readonly exactConnected?: number;
}

/** Every entry of orders 2 and 4 of `result`, in the order of its JSON, with the predictions where known. */
export function correlatorRows(result: EnsembleResult, theory?: Predictions): CorrelatorRow[] {
  const rows: CorrelatorRow[] = [];
  for (const order of ORDERS) {
    for (const c of result.correlators(order)) {
      const at = theory && flatIndex(theory.P, c.idx);
      rows.push({
        order, idx: c.idx, moment: c.moment, momentSE: c.moment_se, connected: c.connected, connectedSE: c.connected_se,
        ...(at !== undefined && {
          gpMoment: theory!.gpMoments[at], exactMoment: theory!.exactMoments[at],
          gpConnected: theory!.gpCumulants[at], exactConnected: theory!.exactCumulants[at],
        }),
      });
    }
  }
  return rows;
}
