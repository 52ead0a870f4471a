/**
 * Checkpoints (Node only): the finished jackknife blocks of every run of a job, written to one file
 * while the runs go on, so that a crash, Ctrl-C or `kill -9` loses at most the blocks of the last
 * few seconds, and a resumed job runs only the missing blocks. A block's sums depend only on the
 * run and the block, so the resumed result equals the uninterrupted one bit for bit.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { removeStaleTemps, writeAtomically } from '../atomic-write.js';
import { NnftAbortError, NnftFileError, NnftInputError, NnftRunError } from '../errors.js';
import { Accumulator, type BlockSums } from '../stats/accumulator.js';
import {
  checkSameConfig, configFields, decodeCheckpoint, encodeCheckpoint, runKey, type JobConfig,
} from './checkpoint-file.js';
import type { Shard } from './plan.js';
import { runPlan, type FaultInjection, type RunPlan, type SampleOptions } from './sampler.js';
import type { TaskRunner } from './task.js';

/** Where and how often a job's finished blocks are saved. */
export interface CheckpointOptions {
  /** The checkpoint file (written through a temporary file and a rename, so never half-written). */
  file: string;
  /**
   * Continue from `file` when it exists, running only the blocks it lacks; when it does not exist,
   * start a new run. Without `resume`, an existing `file` is refused (it may hold finished work).
   */
  resume?: boolean;
  /** Seconds between writes while blocks finish (default 5); the file is also written at the end. */
  intervalSeconds?: number;
  /** Called once the file is read (or found missing) and checked, before any work. */
  onOpen?: (state: CheckpointState) => void;
}

/** Default seconds between checkpoint writes. */
export const CHECKPOINT_INTERVAL = 5;

/** Checks the `checkpoint` option; returns it with the absolute path and defaults filled in. */
export function checkCheckpointOptions(o: unknown, cwd = process.cwd()): Required<Omit<CheckpointOptions, 'onOpen'>> {
  if (o === null || typeof o !== 'object') throw new NnftInputError('checkpoint', o, 'must be an object { file, resume?, intervalSeconds? }');
  const { file, resume, intervalSeconds, onOpen } = o as CheckpointOptions;
  if (typeof file !== 'string' || file === '') throw new NnftInputError('checkpoint.file', file, 'must be a non-empty file name');
  if (resume !== undefined && typeof resume !== 'boolean') throw new NnftInputError('checkpoint.resume', resume, 'must be true or false');
  if (intervalSeconds !== undefined && (typeof intervalSeconds !== 'number' || !(intervalSeconds > 0) || intervalSeconds > 86_400)) {
    throw new NnftInputError('checkpoint.intervalSeconds', intervalSeconds, 'must be a number of seconds in (0, 86400]');
  }
  if (onOpen !== undefined && typeof onOpen !== 'function') throw new NnftInputError('checkpoint.onOpen', onOpen, 'must be a function');
  return { file: resolve(cwd, file), resume: resume ?? false, intervalSeconds: intervalSeconds ?? CHECKPOINT_INTERVAL };
}

/**
 * The job of one `sample` call: every field of its run header, and the shard (a shard's checkpoint
 * holds only that shard's blocks).
 */
export function sampleJob(plan: RunPlan, shard?: Shard): JobConfig {
  return { job: 'sample', shard: shard ? `${shard.index}/${shard.count}` : 'all', ...configFields(plan.header) };
}

/** What a checkpoint held when it was opened. */
export interface CheckpointState {
  /** True when the file existed and was read. */
  readonly resumed: boolean;
  /** Runs in the file, and how many of them are complete. */
  readonly runs: number;
  readonly completeRuns: number;
  /** Finished blocks and networks over all runs. */
  readonly blocks: number;
  readonly networks: number;
}

/** The plan of the blocks of `plan` that `done` lacks, with `done` carried along to enter first. */
export function resumePlan(plan: RunPlan, done: readonly BlockSums[]): RunPlan {
  const skip = new Set(done.map((b) => b.index));
  const keep = plan.tasks.map((_, i) => i).filter((i) => !skip.has(plan.taskBlocks[i]));
  return {
    header: plan.header,
    tasks: keep.map((i) => plan.tasks[i]),
    taskBlocks: keep.map((i) => plan.taskBlocks[i]),
    blockTasks: new Map([...plan.blockTasks].filter(([b]) => !skip.has(b))),
    done: [...(plan.done ?? []), ...done],
  };
}

/**
 * An open checkpoint. Each run of the job (`run`) resumes from the blocks the file holds for it and
 * adds every block it finishes; the file is rewritten at most every `intervalSeconds` while blocks
 * come in, and by `close`.
 *
 * @example
 * ```ts
 * // a sweep over widths on one pool; run again after a crash to continue where it stopped
 * const cp = await Checkpoint.open({ file: 'sweep.ckpt', resume: true }, { job: 'my-sweep', seed: 1 });
 * const sweep = Promise.all([10, 100].map((width) => cp.run(pool, planSample({ ...o, width, seed: 1 }), {})));
 * const [n10, n100] = await cp.closeAfter(sweep, () => undefined); // accumulators, bit-identical to uninterrupted runs
 * ```
 */
export class Checkpoint {
  readonly file: string;
  readonly job: JobConfig;
  /** What the file held when opened. */
  readonly state: CheckpointState;
  private readonly runs: Map<string, Accumulator>;
  /** Each run's encoded accumulator, and the runs changed since (complete runs are encoded once). */
  private readonly encoded = new Map<string, Uint8Array>();
  private readonly stale = new Set<string>();
  private readonly intervalMs: number;
  private dirty = false;
  private closed = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastWrite = 0;
  private writing: Promise<void> = Promise.resolve();

  private constructor(file: string, job: JobConfig, runs: Map<string, Accumulator>, intervalSeconds: number, resumed: boolean) {
    this.file = file;
    this.job = job;
    this.runs = runs;
    for (const key of runs.keys()) this.stale.add(key);
    this.intervalMs = intervalSeconds * 1000;
    const accs = [...runs.values()];
    this.state = {
      resumed,
      runs: accs.length,
      completeRuns: accs.filter((a) => a.complete).length,
      blocks: accs.reduce((n, a) => n + a.blocks().length, 0),
      networks: accs.reduce((n, a) => n + a.networksDone, 0),
    };
  }

  /**
   * Opens the checkpoint of `job`: reads `file` when `resume` is set and it exists, refusing it
   * (NnftFileError naming the field) if it is corrupt, truncated or of another configuration, and
   * writes it once before any work, so that an unwritable place fails at once.
   */
  static async open(options: CheckpointOptions, job: JobConfig): Promise<Checkpoint> {
    const o = checkCheckpointOptions(options);
    let bytes: Uint8Array | undefined;
    try {
      bytes = await readFile(o.file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new NnftInputError('checkpoint.file', options.file, `cannot be read (${(e as Error).message})`);
      }
    }
    if (bytes && !o.resume) {
      throw new NnftInputError('checkpoint.file', options.file, 'already exists and may hold finished work: resume from it (--resume) or remove it');
    }
    let runs = new Map<string, Accumulator>();
    if (bytes) {
      const contents = decodeCheckpoint(bytes, options.file);
      checkSameConfig(job, contents.job, options.file);
      runs = new Map(contents.runs);
    }
    const cp = new Checkpoint(o.file, job, runs, o.intervalSeconds, bytes !== undefined);
    await removeStaleTemps(o.file);
    try {
      await cp.write();
    } catch (e) {
      throw new NnftInputError('checkpoint.file', options.file, `cannot be written (${(e as Error).message})`);
    }
    options.onOpen?.(cp.state);
    return cp;
  }

  /** Runs the blocks of `plan` that the checkpoint lacks and records each one as it finishes. */
  async run(
    runner: TaskRunner,
    plan: RunPlan,
    o: Pick<SampleOptions, 'onProgress' | 'signal'>,
    faults?: FaultInjection,
  ): Promise<Accumulator> {
    if (this.closed) throw new NnftInputError('checkpoint', this.file, 'is closed');
    const key = runKey(plan.header);
    let saved = this.runs.get(key);
    if (!saved) {
      saved = new Accumulator(plan.header);
      this.runs.set(key, saved);
      this.changed(key);
    }
    const done = saved.blocks();
    for (const b of done) {
      const want = plan.blockTasks.get(b.index);
      if (!want || want.n0 !== b.n0 || want.n1 !== b.n1) {
        throw new NnftFileError('block', b.index, `checkpoint ${this.file} holds a block that is not part of this run`);
      }
    }
    const into = saved;
    return runPlan(runner, resumePlan(plan, done), {
      ...o,
      onBlock: (block) => {
        into.add(block);
        this.changed(key);
      },
    }, faults);
  }

  /** The accumulator of each run, by run key (a copy of the map). */
  accumulators(): Map<string, Accumulator> {
    return new Map(this.runs);
  }

  /** Writes the file now if anything changed since the last write. */
  flush(): Promise<void> {
    // Writes run one after the other; a failed one does not stop the next.
    this.writing = this.writing.catch(() => {}).then(() => (this.dirty ? this.write() : undefined));
    return this.writing;
  }

  /**
   * Stops the timer and writes the file a last time. Throws NnftFileError (field `checkpoint`) if
   * that write fails.
   */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    try {
      await this.flush().catch(() => this.flush());
    } catch (e) {
      throw new NnftFileError('checkpoint', this.file, `the checkpoint could not be written (${(e as Error).message})`);
    }
  }

  /**
   * Awaits `work`, then closes the checkpoint, whatever the outcome. If the last write fails, the
   * error is an NnftRunError whose `partial` keeps what `work` finished (its value, through
   * `finished`, or the `partial` of its error) and whose `cause` is the NnftFileError of the write.
   */
  async closeAfter<T>(work: Promise<T>, finished: (value: T) => unknown): Promise<T> {
    let value: T;
    try {
      value = await work;
    } catch (e) {
      try {
        await this.close();
      } catch (w) {
        const partial = e instanceof NnftAbortError || e instanceof NnftRunError ? e.partial : undefined;
        throw new NnftRunError(`${(e as Error)?.message ?? e}; ${(w as Error).message}`, partial, w);
      }
      throw e;
    }
    try {
      await this.close();
    } catch (w) {
      throw new NnftRunError(`the run finished, but ${(w as Error).message}`, finished(value), w);
    }
    return value;
  }

  private changed(key: string): void {
    this.stale.add(key);
    this.dirty = true;
    if (this.closed || this.timer !== undefined) return;
    const wait = Math.max(0, this.lastWrite + this.intervalMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      // A failed periodic write leaves the file dirty: the next block or close tries again.
      this.flush().catch(() => {});
    }, wait);
    this.timer.unref?.();
  }

  private async write(): Promise<void> {
    this.dirty = false;
    try {
      for (const key of this.stale) this.encoded.set(key, this.runs.get(key)!.toBytes());
      this.stale.clear();
      await writeAtomically([{ path: this.file, data: encodeCheckpoint(this.job, this.encoded) }]);
      this.lastWrite = Date.now();
    } catch (e) {
      this.dirty = true;
      throw e;
    }
  }
}

/** True when `e` is the failure of a checkpoint's last write (see Checkpoint.closeAfter). */
export function isCheckpointWriteFailure(e: unknown): boolean {
  return e instanceof NnftRunError && e.cause instanceof NnftFileError && e.cause.field === 'checkpoint';
}
