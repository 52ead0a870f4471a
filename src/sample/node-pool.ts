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
    // A task aborted while its worker was already answering leaves an orphan answer, which Piscina
    // reports as an 'error' event: without a listener, an uncaught exception that would end the
    // process before a cancelled run saves its finished blocks. The task's promise has already
    // rejected with the abort, so the answer is dropped; any other pool error stays uncaught.
    piscina.on('error', (e: Error) => {
      if (!String(e?.message).startsWith('Unexpected message from Worker')) {
        queueMicrotask(() => {
          throw e;
        });
      }
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

/**
 * A Node pool started by its first task, so that a run with nothing left to do (a resumed complete
 * checkpoint) starts no workers. `close` closes it if it was started.
 */
export function lazyPool(threads: number): TaskRunner {
  let pool: Promise<NodePool> | undefined;
  return {
    threads,
    run: async (task, signal) => (await (pool ??= NodePool.create(threads))).run(task, signal),
    close: async () => {
      await (await pool?.catch(() => undefined))?.close();
    },
  };
}
