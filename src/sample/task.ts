import type { KernelConfig } from './kernel-config.js';
import type { WasmKernel } from './kernel.js';

/**
 * One task of the worker protocol (structured-clone data only, so Piscina in Node and Web Workers
 * in the browser share it): sum every product up to order nMax over networks [n0, n1).
 */
export interface SampleTask {
  readonly config: KernelConfig;
  readonly n0: number;
  readonly n1: number;
  /** Fault injection for tests: the worker dies instead of answering. */
  readonly crash?: boolean;
}

/**
 * Runs a task on a kernel. The result is a fresh Float64Array (transferable): the weighted sums, then
 * the sum of the weights and of their squares (see `WasmKernel.sampleTask`).
 */
export function runTask(kernel: WasmKernel, task: SampleTask): Float64Array {
  kernel.configure(task.config);
  return kernel.sampleTask(task.n0, task.n1 - task.n0);
}

/** A small task that brings every kernel to V8's optimising tier before real work starts. */
export function warmupTask(config: KernelConfig): SampleTask {
  return { config, n0: 0, n1: 256 };
}

/** Something that runs tasks on `threads` workers: the Node pool or the browser pool. */
export interface TaskRunner {
  readonly threads: number;
  run(task: SampleTask, signal?: AbortSignal): Promise<Float64Array>;
  close(): Promise<void>;
}
