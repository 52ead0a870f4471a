// Piscina worker: one WASM instance per worker, instantiated once from the module compiled by the
// pool's thread and warmed up before the first task.
import { workerData } from 'node:worker_threads';
import { move } from 'piscina';
import { WasmKernel } from './kernel.js';
import { runTask, type SampleTask } from './task.js';

const kernel = await WasmKernel.create((workerData as { module: WebAssembly.Module }).module);

/** Runs one task; the sums are moved (not copied) back to the pool. */
export default function sample(task: SampleTask): unknown {
  if (task.crash) process.exit(70);
  return move(runTask(kernel, task));
}
