/**
 * nnft in the browser: the same sampler as the Node entry (src/index.ts), on Web Workers. Bundled by
 * scripts/build-browser.js into dist/browser/nnft.js, next to nnft-worker.js and nnft.wasm. The sums
 * are bit-identical to a Node run of the same options, for any thread count on either side.
 *
 * @example
 * ```js
 * import { sample } from './nnft.js';
 * const r = await sample(
 *   { arch: 'erf-net', width: 20, points: [-1, 0.2, 0.6], networks: 5000, orders: [2, 4], seed: 11 },
 *   { threads: 2 }, // wasmUrl and workerUrl default to the files next to nnft.js
 * );
 * r.connected(0, 0, 1, 1);
 * ```
 */
import { NnftInputError } from './errors.js';
import { EnsembleResult } from './result.js';
import { BrowserPool, defaultBrowserThreads } from './sample/browser-pool.js';
import { checkInteger, LIMITS } from './sample/options.js';
import { planSample, runPlan, type FaultInjection, type SampleOptions } from './sample/sampler.js';
import { browserWasmModule } from './sample/wasm-browser.js';

/** Where the browser build finds its WebAssembly and its worker, and how many workers it starts. */
export interface BrowserRuntime {
  /** URL of nnft.wasm (default: next to this bundle). Resolved against the page's URL, like fetch. */
  wasmUrl?: string | URL;
  /** An already compiled nnft.wasm; takes precedence over `wasmUrl`. */
  module?: WebAssembly.Module;
  /** URL of nnft-worker.js, an ES module on the page's origin (default: next to this bundle). */
  workerUrl?: string | URL;
  /** Web Workers (default: `options.threads`, else navigator.hardwareConcurrency). */
  threads?: number;
  /**
   * A pool to run on, from `BrowserPool.create`, left open after the call so that several runs (the
   * shards of one run, say) share its workers; `module`, `wasmUrl`, `workerUrl` and `threads` are
   * then unused. The caller closes it.
   */
  pool?: BrowserPool;
}

/**
 * Samples an ensemble of random networks on Web Workers and returns its moments and connected
 * correlators with jackknife standard errors. Every option is validated before any work starts;
 * `signal` and `onProgress` behave as in Node.
 */
export async function sample(
  options: SampleOptions,
  runtime: BrowserRuntime = {},
  faults?: FaultInjection,
): Promise<EnsembleResult> {
  const plan = planSample(options);
  if (runtime === null || typeof runtime !== 'object') throw new NnftInputError('runtime', runtime, 'must be an object');
  if (runtime.pool !== undefined) {
    if (!(runtime.pool instanceof BrowserPool)) throw new NnftInputError('runtime.pool', runtime.pool, 'must be a BrowserPool');
    return new EnsembleResult(await runPlan(runtime.pool, plan, options, faults));
  }
  const threads = runtime.threads !== undefined
    ? checkInteger('threads', runtime.threads, 1, LIMITS.threads)
    : options.threads ?? Math.min(defaultBrowserThreads(), LIMITS.threads);
  const module = runtime.module ?? (await browserWasmModule(runtime.wasmUrl ?? new URL('./nnft.wasm', import.meta.url)));
  const workerUrl = runtime.workerUrl ?? new URL('./nnft-worker.js', import.meta.url);
  const pool = await BrowserPool.create(threads, { module, workerUrl });
  try {
    return new EnsembleResult(await runPlan(pool, plan, options, faults));
  } finally {
    await pool.close();
  }
}

export { BrowserPool, defaultBrowserThreads, type BrowserPoolOptions } from './sample/browser-pool.js';
export { browserWasmModule } from './sample/wasm-browser.js';
export * from './api.js';
