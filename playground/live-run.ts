// A run whose result grows while it runs: the run is cut into shards (sets of whole jackknife
// blocks) that go one after another through one pool of Web Workers, and the shards finished so far
// are merged into a result after each. Merged shards are the unsplit run bit for bit, so the final
// result is the one `sample` gives in one call, in Node or here.
import {
  Accumulator, BrowserPool, EnsembleResult, NnftAbortError, NnftRunError, sample, type SampleOptions,
} from '../src/browser.js';
import type { RunPlan } from '../src/sample/sampler.js';

/** Progress over the whole run. */
export interface LiveProgress {
  readonly done: number;
  readonly total: number;
  readonly networksPerSecond: number;
}

/** What a live run needs besides its options. */
export interface LiveRunOptions {
  readonly options: SampleOptions;
  readonly plan: RunPlan;
  readonly threads: number;
  readonly module: WebAssembly.Module;
  readonly workerUrl: string | URL;
  readonly signal: AbortSignal;
  readonly onProgress: (p: LiveProgress) => void;
  /** Called with the result of every shard finished so far. */
  readonly onResult: (r: EnsembleResult) => void;
}

/** How a live run ended: `result` holds every finished block, also when it was stopped or failed. */
export interface LiveRunEnd {
  readonly result?: EnsembleResult;
  readonly error?: unknown;
}

/** Most shards of a run: each costs a warm-up of every worker and an idle tail. */
const MAX_SHARDS = 16;

/** Shards that give each worker about four tasks per shard, within [1, min(MAX_SHARDS, blocks)]. */
export function shardCount(tasks: number, threads: number, blocks: number): number {
  return Math.max(1, Math.min(MAX_SHARDS, blocks, Math.floor(tasks / (4 * threads))));
}

/** Runs the shards in turn; never throws: a stop or a failure comes back with the finished blocks. */
export async function runLive(o: LiveRunOptions): Promise<LiveRunEnd> {
  const { plan } = o;
  const total = plan.tasks.reduce((s, t) => s + t.n1 - t.n0, 0);
  const shards = shardCount(plan.tasks.length, o.threads, plan.header.blocks);
  const t0 = performance.now();
  let acc: Accumulator | undefined;
  const add = (part: unknown) => {
    if (!(part instanceof Accumulator) || part.blocks().length === 0) return;
    acc = acc ? Accumulator.merge(acc, part) : part;
  };
  const current = () => (acc ? new EnsembleResult(acc) : undefined);
  let pool: BrowserPool | undefined;
  try {
    pool = await BrowserPool.create(o.threads, { module: o.module, workerUrl: o.workerUrl });
    for (let index = 0; index < shards; index++) {
      const before = acc?.networksDone ?? 0;
      const r = await sample({
        ...o.options,
        shard: { index, count: shards },
        signal: o.signal,
        onProgress: (p) => {
          const done = before + p.done;
          o.onProgress({ done, total, networksPerSecond: done / ((performance.now() - t0) / 1000) });
        },
      }, { pool });
      add(r.accumulator);
      o.onResult(current()!);
    }
    return { result: current() };
  } catch (error) {
    if (error instanceof NnftAbortError || error instanceof NnftRunError) add(error.partial);
    return { result: current(), error };
  } finally {
    await pool?.close();
  }
}
