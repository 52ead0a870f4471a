// Web Worker entry of the browser pool (bundled as nnft-worker.js): one WASM instance per worker,
// instantiated from the WebAssembly.Module that the page compiled once and posted in `init`.
//
// Protocol (structured-clone messages):
//   page -> worker  { type: 'init', module, lock? }   worker -> page  { type: 'ready', locked }
//   page -> worker  { type: 'task', id, task }        worker -> page  { type: 'result', id, sums }  (sums.buffer transferred)
//                                                                      { type: 'error', id, message }
// An init failure answers { type: 'error', id: null, message }. One task at a time per worker.
// With `lock`, the worker takes that Web Lock before it answers `ready` (locked: true) and holds it
// until it ends, however it ends: the pool learns of a silent death from the lock's release.
import { WasmKernel } from './kernel.js';
import { runTask, type SampleTask } from './task.js';

/** Messages the page sends to a worker. */
export type ToWorker =
  | { readonly type: 'init'; readonly module: WebAssembly.Module; readonly lock?: string }
  | { readonly type: 'task'; readonly id: number; readonly task: SampleTask };

/** Messages a worker sends to the page. */
export type FromWorker =
  | { readonly type: 'ready'; readonly locked: boolean }
  | { readonly type: 'result'; readonly id: number; readonly sums: Float64Array }
  | { readonly type: 'error'; readonly id: number | null; readonly message: string };

/** The part of DedicatedWorkerGlobalScope used here (the DOM and WebWorker libs disagree on `self`). */
interface WorkerScope {
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  navigator: { locks?: LockManager };
}

const scope = globalThis as unknown as WorkerScope;
let kernel: WasmKernel | undefined;

/**
 * Takes the named lock and never lets go of it: the browser releases it when this worker ends.
 * Resolves to whether the lock is held (never rejects: without it only loud deaths are seen).
 */
function holdLock(name: string | undefined): Promise<boolean> {
  const locks = scope.navigator.locks;
  if (name === undefined || !locks) return Promise.resolve(false);
  return new Promise<boolean>((held) => {
    locks.request(name, () => {
      held(true);
      return new Promise<never>(() => {});
    }).catch(() => held(false));
  });
}

const messageOf = (err: unknown): string =>
  err instanceof Error ? `${err.name}: ${err.message}` : String(err);

scope.onmessage = (event: MessageEvent<ToWorker>): void => {
  const msg = event.data;
  if (msg?.type === 'init') {
    Promise.all([WasmKernel.create(msg.module), holdLock(msg.lock)]).then(
      ([k, locked]) => {
        kernel = k;
        scope.postMessage({ type: 'ready', locked });
      },
      (err: unknown) => scope.postMessage({ type: 'error', id: null, message: `cannot instantiate nnft.wasm: ${messageOf(err)}` }),
    );
    return;
  }
  if (msg?.type === 'task') {
    // Fault injection for tests: die the way a crashed worker does (an uncaught error reaches the
    // page as the Worker's `error` event), instead of answering.
    if (msg.task.crash) throw new Error('nnft worker: injected crash');
    try {
      if (!kernel) throw new Error('task before init');
      const sums = runTask(kernel, msg.task);
      scope.postMessage({ type: 'result', id: msg.id, sums }, [sums.buffer]);
    } catch (err) {
      scope.postMessage({ type: 'error', id: msg.id, message: messageOf(err) });
    }
    return;
  }
  scope.postMessage({ type: 'error', id: null, message: `unknown message ${JSON.stringify((msg as { type?: unknown })?.type)}` });
};
