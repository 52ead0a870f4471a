// The browser's TaskRunner: Web Workers sharing one compiled WebAssembly.Module. No Node-only APIs.
import type { FromWorker, ToWorker } from './browser-worker.js';
import type { SampleTask, TaskRunner } from './task.js';

/** Where the pool's workers come from. */
export interface BrowserPoolOptions {
  /** nnft.wasm, compiled once (see browserWasmModule); posted to every worker. */
  readonly module: WebAssembly.Module;
  /** URL of the worker bundle (nnft-worker.js, an ES module). Same-origin, as Web Workers require. */
  readonly workerUrl: string | URL;
}

/** Default thread count: the browser's logical cores. */
export const defaultBrowserThreads = (): number => {
  const n = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
  return Number.isInteger(n) && n! >= 1 ? n! : 4;
};

/** A rejection of an aborted task, shaped like the DOM's AbortError. */
export function abortError(signal: AbortSignal): Error {
  const err = new Error('The task has been aborted', { cause: signal.reason });
  err.name = 'AbortError';
  return err;
}

interface Job {
  readonly id: number;
  readonly task: SampleTask;
  readonly signal?: AbortSignal;
  onAbort?: () => void;
  settled: boolean;
  resolve(sums: Float64Array): void;
  reject(err: unknown): void;
}

interface Slot {
  readonly worker: Worker;
  /** Name of the Web Lock the worker holds while it lives (undefined where Web Locks are missing). */
  readonly lock?: string;
  ready: boolean;
  dead: boolean;
  job?: Job;
  /** Settles the promise of spawn() that created this slot, while it is not ready yet. */
  initFailed?: (err: Error) => void;
}

/** Consecutive failed replacements after which the pool gives up (e.g. the worker script is gone). */
const MAX_SPAWN_FAILURES = 3;

/** The page's Web Locks, where it has them (secure contexts: https, localhost). */
const webLocks = (): LockManager | undefined =>
  (globalThis as { navigator?: { locks?: LockManager } }).navigator?.locks;

/** A lock name no other worker, pool or tab of this origin uses (locks are shared across an origin). */
const lockName = (): string => `nnft-worker:${globalThis.crypto.randomUUID()}`;

/**
 * A pool of `threads` Web Workers, each with its own instance of the shared module, running one task
 * at a time from a FIFO queue. A worker that fails (an uncaught error, an undeliverable message, an
 * error answer) is terminated and replaced, and its task's promise rejects (the sampler retries).
 * A worker that ends without a word (it closed itself, or the browser stopped it) fires no event at
 * all; where the page has Web Locks, each worker holds a lock of its own while it lives and the pool
 * waits on that lock, so such a death is seen the moment the lock is released and handled the same.
 * Aborting a task's signal rejects it with an AbortError; a running one has its worker terminated.
 */
export class BrowserPool implements TaskRunner {
  readonly threads: number;
  private readonly module: WebAssembly.Module;
  private readonly workerUrl: string | URL;
  private readonly slots = new Set<Slot>();
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  /** Set once the first `threads` workers are up: failures before that fail create() instead. */
  private started = false;
  private spawnFailures = 0;
  private broken: Error | undefined;

  private constructor(threads: number, o: BrowserPoolOptions) {
    this.threads = threads;
    this.module = o.module;
    this.workerUrl = o.workerUrl;
  }

  /** Starts `threads` workers and resolves once every one has instantiated the module. */
  static async create(threads: number, o: BrowserPoolOptions): Promise<BrowserPool> {
    if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`BrowserPool: threads must be an integer >= 1, got ${threads}`);
    if (!(o?.module instanceof WebAssembly.Module)) throw new TypeError('BrowserPool: `module` must be a WebAssembly.Module');
    if (typeof Worker !== 'function') throw new Error('BrowserPool: Web Workers are not available here');
    const pool = new BrowserPool(threads, o);
    try {
      await Promise.all(Array.from({ length: threads }, () => pool.spawn()));
      pool.started = true;
    } catch (err) {
      await pool.close();
      throw err;
    }
    return pool;
  }

  run(task: SampleTask, signal?: AbortSignal): Promise<Float64Array> {
    if (this.closed) return Promise.reject(new Error('BrowserPool: the pool is closed'));
    if (this.broken) return Promise.reject(this.broken);
    if (signal?.aborted) return Promise.reject(abortError(signal));
    return new Promise<Float64Array>((resolve, reject) => {
      const job: Job = { id: this.nextId++, task, signal, settled: false, resolve, reject };
      if (signal) {
        job.onAbort = () => this.abort(job);
        signal.addEventListener('abort', job.onAbort, { once: true });
      }
      this.queue.push(job);
      this.pump();
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const err = new Error('BrowserPool: the pool was closed');
    for (const job of this.queue.splice(0)) this.settle(job, err);
    for (const slot of [...this.slots]) this.kill(slot, err);
  }

  /** Creates a worker and resolves when it reports `ready`; rejects if it fails before that. */
  private spawn(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (this.closed) {
        reject(new Error('BrowserPool: the pool was closed'));
        return;
      }
      let worker: Worker;
      try {
        worker = new Worker(this.workerUrl, { type: 'module', name: 'nnft' });
      } catch (err) {
        reject(err);
        return;
      }
      const lock = webLocks() && typeof globalThis.crypto?.randomUUID === 'function' ? lockName() : undefined;
      const slot: Slot = { worker, lock, ready: false, dead: false, initFailed: reject };
      this.slots.add(slot);
      worker.onmessage = (event: MessageEvent<FromWorker>) => {
        const msg = event.data;
        if (msg?.type === 'ready' && !slot.ready) {
          slot.ready = true;
          slot.initFailed = undefined;
          this.spawnFailures = 0;
          if (msg.locked) this.watch(slot);
          resolve();
          this.pump();
        } else if (msg?.type === 'result' && slot.job?.id === msg.id) {
          const job = slot.job;
          slot.job = undefined;
          this.settle(job, undefined, msg.sums);
          this.pump();
        } else if (msg?.type === 'error') {
          this.fail(slot, new Error(`nnft worker: ${msg.message}`));
        } else {
          this.fail(slot, new Error(`nnft worker: unexpected message ${JSON.stringify((msg as { type?: unknown })?.type)}`));
        }
      };
      worker.onerror = (event: ErrorEvent) => {
        event.preventDefault();
        const where = event.filename ? ` (${event.filename}:${event.lineno})` : '';
        const what = event.message || `cannot load or run the worker script ${String(this.workerUrl)}`;
        this.fail(slot, new Error(`nnft worker failed: ${what}${where}`));
      };
      worker.onmessageerror = () => this.fail(slot, new Error('nnft worker: a message could not be deserialised'));
      const init: ToWorker = { type: 'init', module: this.module, lock };
      worker.postMessage(init);
    });
  }

  /**
   * Waits for the lock a ready worker holds: it is granted only once the worker is gone. If the pool
   * did not end the worker itself, the worker died silently: fail it like any other failure.
   */
  private watch(slot: Slot): void {
    const locks = webLocks();
    if (slot.lock === undefined || !locks) return;
    locks.request(slot.lock, () => {
      if (!slot.dead) this.fail(slot, new Error('nnft worker ended without an answer (it closed or was stopped)'));
    }).catch(() => {});
  }

  /** A worker failed: terminate it, reject its task, and start a replacement. */
  private fail(slot: Slot, err: Error): void {
    if (slot.dead) return;
    const wasReady = slot.ready;
    this.kill(slot, err);
    if (!wasReady) this.spawnFailures++;
    this.replace(err);
  }

  /** Terminates a worker; its task (or its pending spawn) rejects with `err`. */
  private kill(slot: Slot, err: Error): void {
    if (slot.dead) return;
    slot.dead = true;
    slot.worker.onmessage = slot.worker.onerror = slot.worker.onmessageerror = null;
    slot.worker.terminate();
    this.slots.delete(slot);
    slot.initFailed?.(err);
    slot.initFailed = undefined;
    const job = slot.job;
    slot.job = undefined;
    if (job) this.settle(job, err);
  }

  /** Keeps the pool at `threads` workers; gives up after repeated failures to start one. */
  private replace(cause: Error): void {
    if (!this.started || this.closed || this.broken || this.slots.size >= this.threads) return;
    if (this.spawnFailures >= MAX_SPAWN_FAILURES) {
      this.broken = new Error(`BrowserPool: cannot start workers (${cause.message})`, { cause });
      for (const job of this.queue.splice(0)) this.settle(job, this.broken);
      return;
    }
    // A replacement that fails before `ready` comes back through fail(), which counts it and retries.
    this.spawn().catch(() => {});
  }

  private abort(job: Job): void {
    if (job.settled) return;
    const err = abortError(job.signal!);
    const queued = this.queue.indexOf(job);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      this.settle(job, err);
      return;
    }
    // Running: a synchronous WASM call cannot be interrupted, so the worker goes and is replaced.
    for (const slot of this.slots) {
      if (slot.job === job) {
        slot.job = undefined;
        this.settle(job, err);
        this.kill(slot, err);
        this.replace(err);
        return;
      }
    }
    this.settle(job, err);
  }

  /** Hands queued tasks to idle, ready workers. */
  private pump(): void {
    if (this.closed) return;
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (!slot.ready || slot.dead || slot.job) continue;
      const job = this.queue.shift()!;
      slot.job = job;
      const msg: ToWorker = { type: 'task', id: job.id, task: job.task };
      try {
        slot.worker.postMessage(msg);
      } catch (err) {
        this.fail(slot, err instanceof Error ? err : new Error(String(err)));
      }
    }
  }

  private settle(job: Job, err: unknown, sums?: Float64Array): void {
    if (job.settled) return;
    job.settled = true;
    if (job.onAbort) job.signal?.removeEventListener('abort', job.onAbort);
    if (err !== undefined) job.reject(err);
    else job.resolve(sums!);
  }
}
