// Piscina worker of the training pool: one train.wasm instance per worker, instantiated once from the
// module compiled by the pool's thread, holding its own copy of the data sets (shared memory in,
// linear memory inside); each task is one whole training run.
import { workerData } from 'node:worker_threads';
import { TrainKernel } from './kernel.js';
import type { TrainWorkerData } from './pool.js';
import { runTraining, type TrainRunOptions, type TrainRunResult } from './run.js';

const data = workerData as TrainWorkerData;
const kernel = await TrainKernel.create(data.module);
kernel.configure({ ...data.shape, maxRows: data.maxRows }, { train: data.train, test: data.test });

/** Runs one training run. */
export default function train(task: TrainRunOptions): TrainRunResult {
  return runTraining(kernel, { trainCount: data.train.count, test: data.test, ...data.shape }, task);
}
