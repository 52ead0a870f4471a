/** `--checkpoint FILE`, `--resume` and `--checkpoint-interval` of `nnft sample` and `nnft reproduce`. */
import type { Checkpoint, CheckpointOptions, CheckpointState } from '../sample/checkpoint.js';
import { Accumulator } from '../stats/accumulator.js';
import { checkOutputPath } from './files.js';
import { formatRanges } from './format.js';
import { CliError, parseRealFlag, type RawOptions } from './options.js';

/**
 * The checkpoint the flags ask for (undefined without --checkpoint), its path checked before any
 * work; `others` are output files it must not coincide with.
 */
export function checkpointFlags(opts: RawOptions, cwd: string, others: readonly (string | undefined)[] = []): CheckpointOptions | undefined {
  if (opts.checkpoint === undefined) {
    for (const [key, flag] of [['resume', '--resume'], ['checkpointInterval', '--checkpoint-interval']] as const) {
      if (opts[key] !== undefined) throw new CliError(`${flag} needs --checkpoint FILE (the file that holds the finished blocks).`);
    }
    return undefined;
  }
  const file = checkOutputPath('--checkpoint', opts.checkpoint, cwd);
  if (others.includes(file)) {
    throw new CliError(`--checkpoint must name a file of its own, not an output file. Value: ${JSON.stringify(opts.checkpoint)}.`);
  }
  const intervalSeconds = opts.checkpointInterval === undefined ? undefined : parseRealFlag('--checkpoint-interval', opts.checkpointInterval);
  return { file, resume: opts.resume !== undefined, ...(intervalSeconds !== undefined && { intervalSeconds }) };
}

/** The line said once a `sample` checkpoint is open: what the run continues from, or that it starts afresh. */
export function openNote(cp: CheckpointOptions, state: CheckpointState): string | undefined {
  if (state.resumed) return `nnft: resuming from ${cp.file}: ${state.blocks} finished blocks (${state.networks} networks)`;
  return cp.resume ? `nnft: no checkpoint at ${cp.file} yet: starting a new run` : undefined;
}

/** The line said when a run stops with its finished blocks in the checkpoint. */
export function checkpointStopMessage(head: string, file: string, partial: unknown): string {
  if (!(partial instanceof Accumulator) || partial.blocks().length === 0) {
    return `${head}; no block had finished (checkpoint ${file}); run the same command with --resume to continue`;
  }
  const blocks = partial.blocks();
  return (
    `${head}; checkpoint ${file} holds ${blocks.length}/${partial.header.blocks} finished blocks ` +
    `(${partial.networksDone} networks, blocks ${formatRanges(blocks.map((b) => b.index))}); ` +
    'run the same command with --resume to continue'
  );
}

/** What the runs of a sweep's checkpoint hold: "2 complete runs and 12/30 blocks of another". */
function runsSummary(accs: readonly Accumulator[]): string {
  const complete = accs.filter((a) => a.complete).length;
  const partial = accs.filter((a) => !a.complete && a.blocks().length > 0);
  const blocks = partial.reduce((n, a) => n + a.blocks().length, 0);
  const of = partial.reduce((n, a) => n + a.header.blocks, 0);
  const runs = `${complete} complete run${complete === 1 ? '' : 's'}`;
  if (partial.length === 0) return runs;
  return `${runs} and ${blocks}/${of} blocks of ${partial.length === 1 ? 'another' : `${partial.length} others`}`;
}

/** The line said when a sweep resumes from its checkpoint. */
export function sweepResumeNote(cp: Checkpoint): string {
  return `nnft: resuming from ${cp.file}: ${runsSummary([...cp.accumulators().values()])}`;
}

/** What a sweep's checkpoint holds, for the line said when the sweep stops. */
export function sweepCheckpointSummary(cp: Checkpoint): string {
  return `checkpoint ${cp.file} holds ${runsSummary([...cp.accumulators().values()])}`;
}
