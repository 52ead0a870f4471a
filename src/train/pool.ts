import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { LabelledImages } from './kernel.js';
import { checkTrainRun, EVAL_ROWS, type TrainRunOptions, type TrainRunResult } from './run.js';
import { trainWasmModule } from './wasm-node.js';

/** The network sizes of the pool's runs. */
export interface NetSizes {
  dIn: number;
  hidden: number;
  outputs: number;
}

/** What every worker receives once: the compiled module, the sizes and the data (shared memory). */
export interface TrainWorkerData {
  module: WebAssembly.Module;
  shape: NetSizes;
  /** Largest batch of one kernel call: the training batch and the evaluation chunk. */
  maxRows: number;
  train: LabelledImages;
  test: LabelledImages;
}

function workerFile(): string {
  const js = fileURLToPath(new URL('./worker.js', import.meta.url));
  return existsSync(js) ? js : fileURLToPath(new URL('./source-worker.mjs', import.meta.url));
}

/** A typed array on a SharedArrayBuffer (the same one when it already is), so workers share it without copies. */
function sharedCopy<T extends Float32Array | Uint8Array | Int32Array>(a: T): T {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const Ctor = a.constructor as new (b: SharedArrayBuffer) => T;
  const out = new Ctor(new SharedArrayBuffer(a.byteLength));
  out.set(a as never);
  return out;
}

const shareSet = (s: LabelledImages): LabelledImages => ({
  images: sharedCopy(s.images),
  labels: sharedCopy(s.labels instanceof Uint8Array || s.labels instanceof Int32Array ? s.labels : Int32Array.from(s.labels)),
  count: s.count,
});

/**
 * A Piscina pool of `threads` workers, each training whole runs (one run per task) on the same
 * data. A run depends only on its options, never on the worker or the thread count, so a sweep's
 * results are the same bits on 1 or 16 threads.
 */
export class TrainPool {
  readonly threads: number;
  readonly shape: NetSizes;
  private readonly piscina: Piscina;

  private constructor(threads: number, shape: NetSizes, piscina: Piscina) {
    this.threads = threads;
    this.shape = shape;
    this.piscina = piscina;
  }

  static async create(threads: number, data: { train: LabelledImages; test: LabelledImages }, shape: NetSizes): Promise<TrainPool> {
    const workerData: TrainWorkerData = {
      module: await trainWasmModule(), shape, maxRows: EVAL_ROWS, train: shareSet(data.train), test: shareSet(data.test),
    };
    const piscina = new Piscina({
      filename: workerFile(),
      workerData,
      minThreads: threads,
      maxThreads: threads,
      concurrentTasksPerWorker: 1,
      // workers hold a copy of the data: keep them for the whole sweep
      idleTimeout: 60_000,
    });
    return new TrainPool(threads, shape, piscina);
  }

  /** Trains one network; the options are checked here, before the task is queued. */
  run(task: TrainRunOptions, signal?: AbortSignal): Promise<TrainRunResult> {
    const o = checkTrainRun(task, this.shape.outputs);
    return this.piscina.run(o, { signal });
  }

  async close(): Promise<void> {
    await this.piscina.destroy();
  }
}
