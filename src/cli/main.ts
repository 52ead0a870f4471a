/**
 * The `nnft` command: a thin layer over the library.
 *
 *   nnft sample [flags]            sample an ensemble, print a summary or write JSON / an accumulator
 *   nnft merge a.nnft b.nnft ...   merge saved accumulators (shards, interrupted runs)
 *   nnft playground [--port P]     serve the playground page (the browser samples, in Web Workers)
 *
 * Exit codes: 0 success, 1 failure of a run or of a file, 2 bad input or usage, 130 interrupted
 * (SIGINT), 143 terminated (SIGTERM).
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { mergeSources, missingBlocks } from '../cluster/merge.js';
import { NnftAbortError, NnftError, NnftInputError, NnftMergeError, NnftRunError } from '../errors.js';
import { EnsembleResult } from '../result.js';
import { isCheckpointWriteFailure, type CheckpointState } from '../sample/checkpoint.js';
import { sample, type NodeSampleOptions } from '../sample/sample.js';
import { planSample, type Progress } from '../sample/sampler.js';
import { Accumulator } from '../stats/accumulator.js';
import { checkpointFlags, checkpointStopMessage, openNote } from './checkpoint.js';
import { checkOutputPath, writeAtomically, type OutputFile } from './files.js';
import { formatRanges, formatSummary, type RunTiming } from './format.js';
import {
  buildProgram, CliError, CommanderError, flagOfField, toSampleRequest, type Invocation, type RawOptions,
} from './options.js';
import { playground } from './playground.js';
import { reproduce } from './reproduce.js';
import { slurm } from './slurm.js';
import { noProgress, progressBar, wantProgress, type ProgressSink, type TextStream } from './progress.js';
import { abortOnSignals, signalExitCode, signalVerb, type SignalSource, type StopSignal } from './signals.js';

/** Where the command reads and writes; main() uses the process's unless told otherwise (tests). */
export interface CliIO {
  stdout: TextStream;
  stderr: TextStream;
  env: Record<string, string | undefined>;
  /** Directory relative paths are resolved against (and partial results saved to). */
  cwd: string;
  /** Source of SIGINT and SIGTERM (the process). */
  signals: SignalSource;
  /** The sampler (the library's `sample`; replaceable to test failures). */
  sample: (options: NodeSampleOptions) => Promise<EnsembleResult>;
}

/** Exit codes. */
export const EXIT = { ok: 0, failure: 1, usage: 2, interrupted: 130, terminated: 143 } as const;

function processIO(): CliIO {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd(), signals: process, sample };
}

function packageVersion(): string {
  try {
    return JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Any message on one line. */
const oneLine = (s: string): string => s.replace(/\s*\n\s*/g, ' ').trim();

/**
 * The message of a library input error, told in terms of the flag that set the field:
 * "invalid argument. `width` must be ... Value: `1e9`." -> "--width must be ... Value: 1000000000."
 */
function inputErrorMessage(e: NnftInputError): string {
  const flag = flagOfField(e.field);
  const m = /^invalid argument\. `([^`]*)` ([\s\S]*)\. Value: `([\s\S]*)`\.$/.exec(e.message);
  if (!flag) return e.message;
  if (!m) return `${flag}: ${e.message}`;
  const base = e.field.replace(/\[.*$/, '');
  const where = e.field === base ? '' : ` (${e.field})`;
  return `${flag}${where} ${m[2]}. Value: ${m[3]}.`;
}

/** How a stopped run begins its one-line report, and its exit code. */
function stopHead(e: NnftAbortError | NnftRunError, signal: StopSignal | undefined): { head: string; code: number } {
  if (e instanceof NnftRunError) return { head: `nnft: error: ${e.message}`, code: EXIT.failure };
  return signal ? { head: `nnft: ${signalVerb(signal)}`, code: signalExitCode(signal) } : { head: 'nnft: cancelled', code: EXIT.interrupted };
}

/** The one-line report and exit code of an error. */
function describeError(e: unknown): { message: string; code: number } {
  if (e instanceof CliError) return { message: e.message, code: e.exitCode };
  if (e instanceof NnftInputError) return { message: inputErrorMessage(e), code: EXIT.usage };
  if (e instanceof NnftError) return { message: e.message, code: EXIT.failure };
  if (e instanceof Error) return { message: e.message || e.name, code: EXIT.failure };
  return { message: String(e), code: EXIT.failure };
}

class Cli {
  constructor(private readonly io: CliIO) {}

  out(s: string): void {
    this.io.stdout.write(s);
  }

  err(line: string): void {
    this.io.stderr.write(`${oneLine(line)}\n`);
  }

  /** Checks the output flags before any work; returns where the JSON and the accumulator go. */
  outputs(opts: RawOptions): { json?: string; save?: string } {
    const json = opts.json === undefined ? undefined : opts.json === '-' ? '-' : checkOutputPath('--json', opts.json, this.io.cwd);
    if (opts.save === '-') throw new CliError('--save needs a file name (the accumulator is binary, not for stdout). Value: "-".');
    const save = opts.save === undefined ? undefined : checkOutputPath('--save', opts.save, this.io.cwd);
    if (json !== undefined && json === save) {
      throw new CliError(`--json and --save must name different files. Value: ${JSON.stringify(opts.save)}.`);
    }
    return { json, save };
  }

  /** Writes the result: JSON (file or stdout), accumulator, and the summary when there is no JSON. */
  async emit(result: EnsembleResult, out: { json?: string; save?: string }, timing?: RunTiming): Promise<void> {
    const files: OutputFile[] = [];
    let jsonText: string | undefined;
    if (out.json !== undefined) jsonText = `${JSON.stringify(result.toJSON(), null, 2)}\n`;
    if (out.json !== undefined && out.json !== '-') files.push({ path: out.json, data: jsonText! });
    if (out.save !== undefined) files.push({ path: out.save, data: result.accumulator.toBytes() });
    const summary = out.json === undefined ? formatSummary(result, timing) : undefined;
    await writeAtomically(files);
    if (out.json === '-') this.out(jsonText!);
    if (summary !== undefined) this.out(summary);
    for (const f of files) this.err(`nnft: wrote ${f.path === out.json ? 'result JSON' : 'accumulator'} to ${f.path}`);
  }

  async sample(opts: RawOptions): Promise<number> {
    const req = toSampleRequest(opts, (path) => readFileSync(resolve(this.io.cwd, path), 'utf8'));
    const out = this.outputs(opts);
    const checkpoint = checkpointFlags(opts, this.io.cwd, [out.json, out.save]);
    const plan = planSample(req.options); // every input error, before any work or output
    const total = plan.tasks.reduce((s, t) => s + t.n1 - t.n0, 0);

    let bar: ProgressSink = noProgress;
    const startBar = (): void => {
      if (wantProgress(this.io.stderr, this.io.env, out.json === '-')) bar = progressBar(this.io.stderr, total);
    };
    // With a checkpoint, the bar starts after the line that says what the run resumes from.
    const onOpen = (state: CheckpointState): void => {
      const note = openNote(checkpoint!, state);
      if (note) this.err(note);
      startBar();
    };
    if (!checkpoint) startBar();
    const controller = new AbortController();
    const stop = abortOnSignals(this.io.signals, controller);
    let last: Progress | undefined;
    const t0 = performance.now();
    let result: EnsembleResult;
    try {
      result = await this.io.sample({
        ...req.options,
        ...(checkpoint && { checkpoint: { ...checkpoint, onOpen } }),
        signal: controller.signal,
        onProgress: (p) => {
          last = p;
          bar.update(p);
        },
      });
    } catch (e) {
      bar.stop();
      if (e instanceof NnftAbortError || e instanceof NnftRunError) {
        if (checkpoint && !isCheckpointWriteFailure(e)) {
          const { head, code } = stopHead(e, stop.received());
          this.err(checkpointStopMessage(head, checkpoint.file, e.partial));
          return code;
        }
        return this.savePartial(e, out.save, req.options.seed, stop.received());
      }
      throw e;
    } finally {
      bar.stop();
      stop.release();
    }
    const wallSeconds = (performance.now() - t0) / 1000;
    if (req.options.shard && out.save === undefined) {
      this.err(`nnft: warning: shard ${req.options.shard.index}/${req.options.shard.count} is not saved (use --save FILE to merge it later)`);
    }
    await this.emit(result, out, { threads: req.threads, wallSeconds, networksPerSecond: last?.networksPerSecond });
    return EXIT.ok;
  }

  /** Saves the finished blocks of an interrupted or failed run; one line says where. */
  async savePartial(e: NnftAbortError | NnftRunError, save: string | undefined, seed: number, signal: StopSignal | undefined): Promise<number> {
    const { head, code } = stopHead(e, signal);
    const partial = e.partial;
    if (!(partial instanceof Accumulator) || partial.blocks().length === 0) {
      this.err(`${head}; no block had finished, nothing saved`);
      return code;
    }
    const path = save ?? resolve(this.io.cwd, `nnft-partial-seed${seed}.nnft`);
    const blocks = partial.blocks();
    try {
      await writeAtomically([{ path, data: partial.toBytes() }]);
    } catch (w) {
      this.err(`${head}; could not save the ${blocks.length} finished blocks to ${path}: ${(w as Error).message}`);
      return code;
    }
    this.err(
      `${head}; saved ${blocks.length}/${partial.header.blocks} finished blocks ` +
        `(${partial.networksDone} networks, blocks ${formatRanges(blocks.map((b) => b.index))}) to ${path}`,
    );
    return code;
  }

  async merge(files: string[], opts: RawOptions): Promise<number> {
    const out = this.outputs(opts);
    const accs: { file: string; acc: Accumulator }[] = [];
    for (const file of files) {
      let bytes: Uint8Array;
      try {
        bytes = await readFile(resolve(this.io.cwd, file));
      } catch (e) {
        throw new CliError(`cannot read ${JSON.stringify(file)}: ${(e as Error).message}`);
      }
      accs.push({ file, acc: Accumulator.fromBytes(bytes, file) });
    }
    let merged: Accumulator;
    try {
      merged = mergeSources(accs.map(({ file, acc }) => ({ source: file, acc })), { allowPartial: opts.allowPartial !== undefined });
    } catch (e) {
      if (e instanceof NnftMergeError && e.duplicates.length === 0) {
        throw new CliError(`${e.message}; to merge the blocks that are there, add --allow-partial`, EXIT.failure);
      }
      throw e;
    }
    if (merged.blocks().length === 0) {
      throw new CliError(`the files hold no finished block: nothing to merge`, EXIT.failure);
    }
    const result = new EnsembleResult(merged);
    const missing = missingBlocks(merged);
    if (missing.length > 0) {
      this.err(
        `nnft: warning: incomplete run: blocks ${formatRanges(missing)} of ${merged.header.blocks} are missing ` +
          `(${merged.networksDone} of ${merged.header.networks} networks)`,
      );
    }
    await this.emit(result, out);
    return EXIT.ok;
  }
}

/**
 * Runs `nnft` with the arguments after the program name; resolves to the exit code (never exits
 * the process itself).
 */
export async function main(argv: string[], io: Partial<CliIO> = {}): Promise<number> {
  const full: CliIO = { ...processIO(), ...io };
  const cli = new Cli(full);
  let invocation: Invocation | undefined;
  const program = buildProgram(
    { writeOut: (s) => full.stdout.write(s), writeErr: (s) => full.stderr.write(s) },
    packageVersion(),
    (inv) => {
      invocation = inv;
    },
  );
  try {
    try {
      program.parse(argv, { from: 'user' });
    } catch (e) {
      if (e instanceof CommanderError) {
        if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return EXIT.ok;
        if (e.code === 'commander.help') return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
        const msg = oneLine(e.message).replace(/^error:\s*/, '');
        cli.err(`nnft: error: ${msg}`);
        return EXIT.usage;
      }
      throw e;
    }
    if (!invocation) return EXIT.ok;
    if (invocation.command === 'sample') return await cli.sample(invocation.opts);
    if (invocation.command === 'slurm') {
      return await slurm(invocation.action, invocation.operand, invocation.opts, { out: (s) => cli.out(s), err: (l) => cli.err(l), cwd: full.cwd, env: full.env });
    }
    if (invocation.command === 'playground') {
      return await playground(invocation.opts, { out: (s) => cli.out(s), err: (l) => cli.err(l), signals: full.signals });
    }
    if (invocation.command === 'reproduce') {
      return await reproduce(invocation.experiment, invocation.opts, {
        out: (s) => cli.out(s), err: (l) => cli.err(l), cwd: full.cwd, signals: full.signals,
      });
    }
    return await cli.merge(invocation.files, invocation.opts);
  } catch (e) {
    const { message, code } = describeError(e);
    cli.err(`nnft: error: ${message}`);
    if (full.env.NNFT_DEBUG && e instanceof Error && e.stack) full.stderr.write(`${e.stack}\n`);
    return code;
  }
}

/** True when this module is the program being run (node dist/cli/main.js, tsx src/cli/main.ts). */
function isEntry(): boolean {
  try {
    return process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
  } catch {
    return false;
  }
}

if (isEntry()) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`nnft: error: ${oneLine(String((e as Error)?.message ?? e))}\n`);
      process.exitCode = 1;
    },
  );
}
