import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { nodeWasmModule } from './wasm-node.js';
import type { SampleTask, TaskRunner } from './task.js';

/**
 * The compiled worker next to this file when running from dist/, or the TypeScript source through
 * tsx (source-worker.mjs) when running from src/ (tests, benchmarks).
 */
function workerFile(): string {
  const js = fileURLToPath(new URL('./worker.js', import.meta.url));
  return existsSync(js) ? js : fileURLToPath(new URL('./source-worker.mjs', import.meta.url));
}

/** Default thread count: every core. */
export const defaultThreads = (): number => availableParallelism();

/**
 * Piscina pool of `threads` workers sharing one compiled WebAssembly.Module. A worker that dies is
 * replaced by Piscina; the failed task's promise rejects and the sampler runs it again.
 */
export class NodePool implements TaskRunner {
  readonly threads: number;
  private readonly piscina: Piscina;

  private constructor(threads: number, piscina: Piscina) {
    this.threads = threads;
    this.piscina = piscina;
  }

  static async create(threads: number): Promise<NodePool> {
    const module = await nodeWasmModule();
    const piscina = new Piscina({
      filename: workerFile(),
      workerData: { module },
      minThreads: threads,
      maxThreads: threads,
      concurrentTasksPerWorker: 1,
      idleTimeout: 1000,
    });
    return new NodePool(threads, piscina);
  }

  run(task: SampleTask, signal?: AbortSignal): Promise<Float64Array> {
    return this.piscina.run(task, { signal });
  }

  async close(): Promise<void> {
    await this.piscina.destroy();
  }
}
