// The page's side of the theory worker: one computation at a time, the newest request wins.
import type { Ensemble } from '../src/sample/options.js';
import type { Predictions } from './theory.js';
import type { TheoryAnswer, TheoryRequest } from './theory-worker.js';

/** Computes predictions in a Web Worker; a new request abandons (terminates) a computation still running. */
export class TheoryClient {
  private worker: Worker | undefined;
  private pending: { id: number; reject(e: Error): void } | undefined;
  private nextId = 1;

  constructor(private readonly workerUrl: string | URL) {}

  /** Resolves with the predictions of `ensemble`; rejects if they fail or a newer request replaces them. */
  predict(ensemble: Ensemble): Promise<Predictions> {
    if (this.pending) {
      // Quadrature cannot be interrupted: the busy worker goes, a fresh one takes the new request.
      this.pending.reject(new Error('replaced by a newer request'));
      this.worker?.terminate();
      this.worker = undefined;
    }
    const worker = (this.worker ??= new Worker(this.workerUrl, { type: 'module', name: 'nnft-theory' }));
    const id = this.nextId++;
    return new Promise<Predictions>((resolve, reject) => {
      this.pending = { id, reject };
      worker.onmessage = ({ data }: MessageEvent<TheoryAnswer>) => {
        if (data.id !== id) return;
        this.pending = undefined;
        if ('error' in data) reject(new Error(data.error));
        else resolve(data.predictions);
      };
      worker.onerror = (event) => {
        event.preventDefault();
        this.pending = undefined;
        this.worker?.terminate();
        this.worker = undefined;
        reject(new Error(`the theory worker failed: ${event.message || 'cannot load it'}`));
      };
      const request: TheoryRequest = { id, ensemble };
      worker.postMessage(request);
    });
  }
}
