// Web Worker that computes the predictions (theory.ts) off the page's thread: at many points the
// exact 4-point functions of erf- and tanh-nets take seconds of quadrature.
//   page -> worker  { id, ensemble }      worker -> page  { id, predictions } | { id, error }
import type { Ensemble } from '../src/sample/options.js';
import { predictions, type Predictions } from './theory.js';

/** A request: the validated ensemble of one run. */
export interface TheoryRequest {
  readonly id: number;
  readonly ensemble: Ensemble;
}

/** The answer to a request. */
export type TheoryAnswer =
  | { readonly id: number; readonly predictions: Predictions }
  | { readonly id: number; readonly error: string };

interface WorkerScope {
  onmessage: ((event: MessageEvent<TheoryRequest>) => void) | null;
  postMessage(message: TheoryAnswer, transfer?: Transferable[]): void;
}

const scope = globalThis as unknown as WorkerScope;

scope.onmessage = ({ data: { id, ensemble } }) => {
  try {
    const p = predictions(ensemble);
    scope.postMessage({ id, predictions: p }, [p.gpMoments.buffer, p.gpCumulants.buffer, p.exactMoments.buffer, p.exactCumulants.buffer]);
  } catch (e) {
    scope.postMessage({ id, error: e instanceof Error ? e.message : String(e) });
  }
};
