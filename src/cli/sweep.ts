/**
 * The runs of an experiment (`nnft reproduce`) on one pool, with `--checkpoint FILE` / `--resume`
 * and SIGINT / SIGTERM: a stopped or failed sweep keeps every finished block in the checkpoint, and
 * the resumed sweep skips its finished runs and continues the interrupted one, to the same bits.
 */
import { LinearResponse } from '../deform/response.js';
import { NnftAbortError, NnftRunError } from '../errors.js';
import { EnsembleResult } from '../result.js';
import { Checkpoint, isCheckpointWriteFailure } from '../sample/checkpoint.js';
import type { JobConfig } from '../sample/checkpoint-file.js';
import { lazyPool } from '../sample/node-pool.js';
import { planSample, runPlan, type RunPlan, type SampleOptions } from '../sample/sampler.js';
import { checkpointFlags, sweepCheckpointSummary, sweepResumeNote } from './checkpoint.js';
import type { RawOptions } from './options.js';
import { abortOnSignals, signalExitCode, signalVerb, type SignalSource } from './signals.js';

/** Runs one ensemble of the sweep. */
export type Sampler = (o: SampleOptions) => Promise<EnsembleResult>;

/** Runs the linear response of one deformed ensemble of the sweep (src/deform/). */
export type Responder = (o: SampleOptions) => Promise<LinearResponse>;

/** Where a sweep reports. */
export interface SweepIO {
  err(line: string): void;
  cwd: string;
  signals?: SignalSource;
}

/** How a sweep ended: with `body`'s value, or stopped with an exit code (its line already written). */
export type SweepOutcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly code: number };

/**
 * Runs `body` with a sampler and a linear-response runner on a pool of `threads` workers. With
 * --checkpoint, each run (of either kind) resumes from the checkpoint of `job` (the settings every
 * run shares: a checkpoint with other values is refused by name; runs are keyed by their own
 * configuration, so a resumed sweep may add or drop some). Call it after every input has been
 * checked: the checkpoint file is written at once.
 */
export async function runSweep<T>(
  opts: RawOptions,
  io: SweepIO,
  settings: { readonly threads: number; readonly job: JobConfig },
  body: (sampler: Sampler, respond: Responder) => Promise<T>,
): Promise<SweepOutcome<T>> {
  const options = checkpointFlags(opts, io.cwd);
  const checkpoint = options && (await Checkpoint.open(options, settings.job));
  if (checkpoint?.state.resumed) io.err(sweepResumeNote(checkpoint));
  else if (options?.resume) io.err(`nnft: no checkpoint at ${options.file} yet: starting a new sweep`);

  const controller = new AbortController();
  const stop = io.signals && abortOnSignals(io.signals, controller);
  const pool = lazyPool(settings.threads); // started by the first task (none if nothing is sampled)
  try {
    const accumulate = (plan: RunPlan) => {
      const run = { signal: controller.signal };
      return checkpoint ? checkpoint.run(pool, plan, run) : runPlan(pool, plan, run);
    };
    const sampler: Sampler = async (o) => new EnsembleResult(await accumulate(planSample(o)));
    const respond: Responder = async (o) => new LinearResponse(await accumulate(planSample(o, true)));
    try {
      const value = checkpoint ? await checkpoint.closeAfter(body(sampler, respond), () => undefined) : await body(sampler, respond);
      return { ok: true, value };
    } catch (e) {
      const signal = stop?.received();
      const stopped = e instanceof NnftAbortError || (e instanceof NnftRunError && !isCheckpointWriteFailure(e));
      if (!stopped || (!checkpoint && !signal)) throw e;
      const head = e instanceof NnftRunError ? `nnft: error: ${e.message}` : `nnft: ${signal ? signalVerb(signal) : 'cancelled'}`;
      io.err(
        checkpoint
          ? `${head}; ${sweepCheckpointSummary(checkpoint)}; run the same command with --resume to continue`
          : `${head}; nothing saved (with --checkpoint FILE the finished runs are kept)`,
      );
      return { ok: false, code: e instanceof NnftRunError ? 1 : signal ? signalExitCode(signal) : 130 };
    }
  } finally {
    stop?.release();
    await pool.close();
  }
}
