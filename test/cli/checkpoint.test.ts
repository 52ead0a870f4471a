import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeCheckpoint } from '../../src/sample/checkpoint-file.js';
import type { Accumulator } from '../../src/stats/accumulator.js';
import { nnft, scratchDir } from './helpers.js';

// These tests run the built command (bin/nnft.js, dist/: `npm test` builds it first) as a process,
// so that SIGKILL, SIGTERM and SIGINT are real signals.
const BIN = fileURLToPath(new URL('../../bin/nnft.js', import.meta.url));
const DIST = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

/** A run of about half a second on 2 threads: 32 blocks of 9,375 networks. */
const RUN = ['sample', '--width', '200', '--networks', '300000', '--threads', '2', '--orders', '2,4', '--seed', '17'];
/** A sweep of two widths, 30 blocks each. */
const SWEEP = ['reproduce', 'free-theory', '--arch', 'relu-net', '--d-in', '1', '--widths', '5,200', '--networks', '90000', '--threads', '2'];
/** Checkpoint writes every 20 ms, so that a kill finds many states of the file. */
const OFTEN = ['--checkpoint-interval', '0.02'];

type Exit = { code: number | null; signal: NodeJS.Signals | null; stderr: string };

/** The runs a checkpoint file holds (undefined while it does not exist); throws if it is not valid. */
function checkpointRuns(file: string): Accumulator[] | undefined {
  if (!existsSync(file)) return undefined;
  return [...decodeCheckpoint(readFileSync(file), file).runs.values()];
}

const blocksIn = (runs: Accumulator[] | undefined): number => (runs ?? []).reduce((n, a) => n + a.blocks().length, 0);

/** Starts the built command in `cwd`. */
function start(args: string[], cwd: string): { child: ChildProcess; exit: Promise<Exit> } {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, CI: 'true' }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  return { child, exit: new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stderr }))) };
}

/** Runs the built command to its end. */
async function run(args: string[], cwd: string): Promise<Exit> {
  const r = await start(args, cwd).exit;
  expect(r.code, r.stderr).toBe(0);
  return r;
}

/**
 * Sends `signal` to `child` when `ready()` holds (polled every 5 ms) or after `ms`, unless it ends
 * first. `ready` reads the checkpoint, which must be whole at every moment.
 */
async function signalWhen(child: ChildProcess, exit: Promise<Exit>, signal: NodeJS.Signals, ready: () => boolean, ms = Infinity): Promise<Exit> {
  let over = false;
  void exit.then(() => (over = true));
  const t0 = performance.now();
  while (!over) {
    if (ready() || performance.now() - t0 >= ms) {
      child.kill(signal);
      break;
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  return exit;
}

/** report.json without the timings (the only thing a resumed sweep may change). */
function reportWithoutTimes(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'), (key, value) => (key === 'seconds' ? undefined : value));
}

describe('nnft sample --checkpoint', () => {
  const tmp = scratchDir();
  let reference: { json: string; acc: Buffer };
  beforeAll(async () => {
    expect(existsSync(DIST), 'dist/cli/main.js is missing: run `npm run build`').toBe(true);
    await run([...RUN, '--json', 'ref.json', '--save', 'ref.nnft'], tmp.dir);
    reference = { json: readFileSync(join(tmp.dir, 'ref.json'), 'utf8'), acc: readFileSync(join(tmp.dir, 'ref.nnft')) };
  });
  afterAll(() => tmp.cleanup());

  it('survives kill -9 at random moments and resumes to the same bits', async () => {
    const file = join(tmp.dir, 'kill.ckpt');
    const args = [...RUN, '--checkpoint', 'kill.ckpt', '--resume', ...OFTEN, '--json', 'kill.json', '--save', 'kill.nnft'];
    const held: number[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      const { child, exit } = start(args, tmp.dir);
      // The first kill waits for a partly written checkpoint; the others come at a random moment.
      const r = attempt === 0
        ? await signalWhen(child, exit, 'SIGKILL', () => blocksIn(checkpointRuns(file)) > 0)
        : await signalWhen(child, exit, 'SIGKILL', () => (checkpointRuns(file), false), 1200 * Math.random());
      if (r.code === 0) break; // finished before its kill
      expect(r.signal, r.stderr).toBe('SIGKILL');
      held.push(blocksIn(checkpointRuns(file)));
    }
    expect(held[0]).toBeGreaterThan(0);
    expect(held[0]).toBeLessThan(32);
    for (let i = 1; i < held.length; i++) expect(held[i]).toBeGreaterThanOrEqual(held[i - 1]);

    const last = await run(args, tmp.dir);
    expect(last.stderr).toMatch(/^nnft: resuming from .*kill\.ckpt: \d+ finished blocks \(\d+ networks\)\n/);
    expect(readFileSync(join(tmp.dir, 'kill.json'), 'utf8')).toBe(reference.json);
    expect(readFileSync(join(tmp.dir, 'kill.nnft'))).toEqual(reference.acc);
    expect(checkpointRuns(file)![0].complete).toBe(true);
    expect(tmp.files().filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('SIGTERM saves the finished blocks to the checkpoint, says how to resume, and --resume finishes the run', async () => {
    const path = join(tmp.dir, 'term.ckpt');
    const { child, exit } = start([...RUN, '--checkpoint', 'term.ckpt', ...OFTEN, '--json', 'term.json'], tmp.dir);
    const r = await signalWhen(child, exit, 'SIGTERM', () => blocksIn(checkpointRuns(path)) > 0);
    expect(r.code, r.stderr).toBe(143);
    expect(r.stderr).toMatch(
      new RegExp(`^nnft: terminated; checkpoint ${path} holds \\d+/32 finished blocks \\(\\d+ networks, blocks [^)]+\\); run the same command with --resume to continue\\n$`),
    );
    expect(tmp.files().filter((f) => f.startsWith('term') || f.startsWith('nnft-partial'))).toEqual(['term.ckpt']);
    const held = checkpointRuns(path)![0];
    expect(r.stderr).toContain(`holds ${held.blocks().length}/32 finished blocks (${held.networksDone} networks`);
    expect(held.complete).toBe(false);

    const resumed = await run([...RUN, '--checkpoint', 'term.ckpt', '--resume', '--json', 'term.json'], tmp.dir);
    expect(resumed.stderr).toBe(
      `nnft: resuming from ${path}: ${held.blocks().length} finished blocks (${held.networksDone} networks)\n` +
        `nnft: wrote result JSON to ${join(tmp.dir, 'term.json')}\n`,
    );
    expect(readFileSync(join(tmp.dir, 'term.json'), 'utf8')).toBe(reference.json);
  });

  it('refuses bad flags, an existing file without --resume, another configuration and a corrupt file', async () => {
    const tiny = ['sample', '--width', '20', '--networks', '4000', '--threads', '1', '--orders', '2,4', '--seed', '11'];
    const usage = async (args: string[], message: string) => {
      const r = await nnft([...tiny, ...args], tmp.dir);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toBe(`nnft: error: ${message}\n`);
    };
    await usage(['--resume'], '--resume needs --checkpoint FILE (the file that holds the finished blocks).');
    await usage(['--checkpoint-interval', '1'], '--checkpoint-interval needs --checkpoint FILE (the file that holds the finished blocks).');
    await usage(['--checkpoint', 'a.ckpt', '--checkpoint-interval', 'abc'], '--checkpoint-interval must be a number. Value: "abc".');
    await usage(['--checkpoint', 'a.ckpt', '--checkpoint-interval', '0'], '--checkpoint-interval must be a number of seconds in (0, 86400]. Value: 0.');
    await usage(['--checkpoint', 'out.json', '--json', 'out.json'], '--checkpoint must name a file of its own, not an output file. Value: "out.json".');
    expect(existsSync(join(tmp.dir, 'a.ckpt'))).toBe(false);

    const held = join(tmp.dir, 'small.ckpt');
    expect((await nnft([...tiny, '--checkpoint', 'small.ckpt'], tmp.dir)).code).toBe(0);
    await usage(['--checkpoint', 'small.ckpt'], `--checkpoint already exists and may hold finished work: resume from it (--resume) or remove it. Value: "${held}".`);

    const other = await nnft([...tiny, '--width', '21', '--checkpoint', 'small.ckpt', '--resume'], tmp.dir);
    expect(other.code).toBe(1);
    expect(other.stderr).toBe(
      `nnft: error: checkpoint ${held} was written by a different configuration: its width is 20, this run's is 21; ` +
        'resume with the same settings, or start a new checkpoint (`width`: `21`)\n',
    );

    const bytes = readFileSync(held);
    writeFileSync(held, bytes.subarray(0, bytes.length - 9));
    const truncated = await nnft([...tiny, '--checkpoint', 'small.ckpt', '--resume'], tmp.dir);
    expect(truncated.code).toBe(1);
    expect(truncated.stderr).toBe(`nnft: error: checkpoint is corrupt or truncated (checksum mismatch) (\`file\`: \`"${held}"\`)\n`);
  });
});

describe('nnft reproduce --checkpoint', () => {
  const tmp = scratchDir();
  afterAll(() => tmp.cleanup());

  it('after Ctrl-C in the middle of a width, skips the finished widths and continues that one, to the same report', async () => {
    expect(existsSync(DIST), 'dist/cli/main.js is missing: run `npm run build`').toBe(true);
    await run([...SWEEP, '--out', 'ref'], tmp.dir);
    const file = join(tmp.dir, 'sweep.ckpt');
    const args = [...SWEEP, '--checkpoint', 'sweep.ckpt', '--resume', ...OFTEN, '--out', 'resumed'];
    const { child, exit } = start(args, tmp.dir);
    const midWidth = () => {
      const runs = checkpointRuns(file) ?? [];
      return runs.some((a) => a.complete) && runs.some((a) => !a.complete && a.blocks().length > 0);
    };
    const r = await signalWhen(child, exit, 'SIGINT', midWidth);
    expect(r.code, r.stderr).toBe(130);
    const held = checkpointRuns(file)!;
    const complete = held.filter((a) => a.complete).length;
    const partial = held.find((a) => !a.complete && a.blocks().length > 0);
    const says = `${complete} complete run${complete === 1 ? '' : 's'}${partial ? ` and ${partial.blocks().length}/30 blocks of another` : ''}`;
    expect(r.stderr).toMatch(new RegExp(`\\nnnft: interrupted; checkpoint ${file} holds ${says}; run the same command with --resume to continue\\n$`));
    expect(complete).toBe(1);
    expect(existsSync(join(tmp.dir, 'resumed'))).toBe(false);

    const resumed = await run(args, tmp.dir);
    expect(resumed.stderr).toMatch(new RegExp(`^nnft: resuming from ${file}: ${says}\\n`));
    expect(reportWithoutTimes(join(tmp.dir, 'resumed', 'report.json'))).toEqual(reportWithoutTimes(join(tmp.dir, 'ref', 'report.json')));

    // A sweep with another seed is refused by name before any work.
    const other = await nnft([...SWEEP, '--seed', '2', '--checkpoint', 'sweep.ckpt', '--resume', '--out', 'other'], tmp.dir);
    expect(other.code).toBe(1);
    expect(other.stderr).toMatch(/^nnft: error: checkpoint .*sweep\.ckpt was written by a different configuration: its seed is 1, this run's is 2;/);
    expect(existsSync(join(tmp.dir, 'other'))).toBe(false);
  });
});
