import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { architectureNames } from '../../src/arch/index.js';
import { NnftRunError } from '../../src/errors.js';
import { sample } from '../../src/sample/sample.js';
import { planSample, type SampleOptions } from '../../src/sample/sampler.js';
import { Accumulator } from '../../src/stats/accumulator.js';
import { Capture, nnft, scratchDir, SMALL } from './helpers.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A run long enough to interrupt: 32 blocks of 12,500 networks, two tasks each. */
const LONG = ['sample', '--width', '200', '--networks', '400000', '--threads', '2', '--orders', '2,4', '--seed', '5'];

/** A terminal-like stderr that sends SIGINT once the bar shows at least `percent`%. */
function interruptAt(percent: number): { stderr: Capture; signals: EventEmitter; sent: () => boolean } {
  const stderr = new Capture(true);
  const signals = new EventEmitter();
  let sent = false;
  stderr.onWrite = (s) => {
    if (sent) return;
    if ([...s.matchAll(/(\d+)%/g)].some((m) => Number(m[1]) >= percent)) {
      sent = true;
      setImmediate(() => signals.emit('SIGINT'));
    }
  };
  return { stderr, signals, sent: () => sent };
}

/** The lines of stderr after the progress bar's drawing. */
const messages = (stderr: string): string[] =>
  stderr.split('\n').map((l) => l.replace(/^.*\x1b\[[0-9;?]*[A-Za-z]/, '')).filter((l) => l.startsWith('nnft'));

describe('nnft sample: progress and Ctrl-C', () => {
  const tmp = scratchDir();
  afterAll(() => tmp.cleanup());

  it('draws a progress bar on a terminal, not under CI nor with --json -', async () => {
    const tty = new Capture(true);
    const r = await nnft(['sample', ...SMALL], tmp.dir, { stderr: tty });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/sampling .*\d+% .*networks\/s .*ETA/);
    expect(r.stdout).toMatch(/order 2/);
    expect(r.stdout).not.toMatch(/sampling/);

    const ci = await nnft(['sample', ...SMALL], tmp.dir, { stderr: new Capture(true), env: { CI: 'true' } });
    expect(ci.code).toBe(0);
    expect(ci.stderr).toBe('');
    const json = await nnft(['sample', ...SMALL, '--json', '-'], tmp.dir, { stderr: new Capture(true) });
    expect(json.code).toBe(0);
    expect(json.stderr).toBe('');
    const pipe = await nnft(['sample', ...SMALL], tmp.dir, { stderr: new Capture(false) });
    expect(pipe.stderr).toBe('');
  });

  it('SIGINT saves the finished blocks to nnft-partial-seed<seed>.nnft and exits 130', async () => {
    const { stderr, signals, sent } = interruptAt(25);
    const r = await nnft([...LONG, '--json', 'out.json'], tmp.dir, { stderr, signals });
    expect(sent()).toBe(true);
    expect(r.code).toBe(130);
    expect(r.stdout).toBe('');
    const path = join(tmp.dir, 'nnft-partial-seed5.nnft');
    const msgs = messages(r.stderr);
    expect(msgs).toHaveLength(1);
    expect(msgs[0]).toMatch(/^nnft: interrupted; saved \d+\/32 finished blocks .* to /);
    expect(msgs[0]).toContain(path);
    expect(existsSync(join(tmp.dir, 'out.json'))).toBe(false);
    const acc = Accumulator.fromBytes(readFileSync(path));
    expect(acc.blocks().length).toBeGreaterThan(0);
    expect(acc.missingBlocks().length).toBeGreaterThan(0);
    expect(acc.header.seed).toBe(5);

    // The partial file merges with --allow-partial (and a warning about the missing blocks).
    const m = await nnft(['merge', 'nnft-partial-seed5.nnft', '--allow-partial', '--json', '-'], tmp.dir);
    expect(m.code).toBe(0);
    expect(m.stderr).toMatch(/warning: incomplete run: blocks .* of 32 are missing/);
    expect(JSON.parse(m.stdout).networks).toBe(acc.networksDone);
  });

  it('SIGINT with --save writes the partial accumulator there', async () => {
    const { stderr, signals } = interruptAt(25);
    const r = await nnft([...LONG, '--save', 'part.nnft'], tmp.dir, { stderr, signals });
    expect(r.code).toBe(130);
    const path = join(tmp.dir, 'part.nnft');
    expect(messages(r.stderr)[0]).toContain(path);
    expect(Accumulator.fromBytes(readFileSync(path)).blocks().length).toBeGreaterThan(0);
  });

  it('SIGINT before any block finished saves nothing and says so', async () => {
    const signals = new EventEmitter();
    const run = nnft([...LONG, '--seed', '6'], tmp.dir, { signals });
    signals.emit('SIGINT'); // main() registered its listener synchronously before the first await of the pool
    const r = await run;
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/^nnft: interrupted; no block had finished, nothing saved\n$/);
    expect(existsSync(join(tmp.dir, 'nnft-partial-seed6.nnft'))).toBe(false);
  });
});

/** Runs a command in the repository root; resolves to its exit code and output. */
function spawnRun(args: string[], opts: { killAfterMs?: number } = {}) {
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, CI: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    if (opts.killAfterMs !== undefined) setTimeout(() => child.kill('SIGINT'), opts.killAfterMs);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

describe('nnft as a process', () => {
  const tmp = scratchDir();
  afterAll(() => tmp.cleanup());

  it('runs src/cli/main.ts directly (tsx) and prints only JSON with --json -', async () => {
    const r = await spawnRun(['--import', 'tsx', 'src/cli/main.ts', 'sample', ...SMALL, '--json', '-']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).networks).toBe(4000);
  });

  it('a real SIGINT ends the run with exit code 130 and one message', async () => {
    const save = join(tmp.dir, 'sig.nnft');
    const r = await spawnRun(
      ['--import', 'tsx', 'src/cli/main.ts', 'sample', '--width', '200', '--networks', '4000000', '--threads', '2', '--save', save],
      { killAfterMs: 4000 },
    );
    expect(r.signal).toBe(null);
    expect(r.code).toBe(130);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^nnft: interrupted; [^\n]+\n$/);
    // under load the signal may land before the first block finished: then nothing is saved
    if (/; saved \d+\//.test(r.stderr)) expect(Accumulator.fromBytes(readFileSync(save)).complete).toBe(false);
    else expect(existsSync(save)).toBe(false);
  });

  // `npm test` builds dist/ first; without a build this test fails and says so.
  it('bin/nnft.js runs the built CLI', async () => {
    expect(existsSync(join(ROOT, 'dist/cli/main.js')), 'dist/cli/main.js is missing: run `npm run build`').toBe(true);
    const help = await spawnRun(['bin/nnft.js', '--help']);
    expect(help.code).toBe(0);
    for (const name of architectureNames()) expect(help.stdout).toContain(name);
    const bad = await spawnRun(['bin/nnft.js', 'sample', '--seed', 'abc']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('nnft: error: --seed must be an integer. Value: "abc".\n');
    const ok = await spawnRun(['bin/nnft.js', 'sample', ...SMALL, '--json', '-']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).seed).toBe(11);
  });
});

describe('nnft sample: a failing run', () => {
  const tmp = scratchDir();
  afterAll(() => tmp.cleanup());

  it('saves the finished blocks of an NnftRunError, one error line, exit 1, no JSON', async () => {
    // A sampler that finishes the first half of the blocks, then fails as the library does after its retries.
    const failing = async (o: SampleOptions) => {
      const half = await sample({ ...o, shard: { index: 0, count: 2 } });
      throw new NnftRunError('sampling failed after 3 attempts of a task (worker died)', half.accumulator, new Error('boom'));
    };
    const r = await nnft(['sample', ...SMALL, '--json', 'out.json'], tmp.dir, { sample: failing });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^nnft: error: sampling failed after 3 attempts of a task \(worker died\); saved 16\/32 finished blocks \(2000 networks, blocks 0-15\) to [^\n]+nnft-partial-seed11\.nnft\n$/);
    expect(tmp.files()).toEqual(['nnft-partial-seed11.nnft']);

    // A failure with no finished block saves nothing.
    const empty = async (o: SampleOptions) => {
      const plan = planSample(o);
      throw new NnftRunError('sampling failed', new Accumulator(plan.header), new Error('boom'));
    };
    const e = await nnft(['sample', ...SMALL, '--seed', '12'], tmp.dir, { sample: empty });
    expect(e.code).toBe(1);
    expect(e.stderr).toBe('nnft: error: sampling failed; no block had finished, nothing saved\n');
    expect(tmp.files()).toEqual(['nnft-partial-seed11.nnft']);
  });

  it('any other failure is one error line, exit 1', async () => {
    const broken = async () => {
      throw new Error('cannot read build/nnft.wasm:\nrun `npm run build` first');
    };
    const r = await nnft(['sample', ...SMALL, '--save', 'x.nnft'], tmp.dir, { sample: broken });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('nnft: error: cannot read build/nnft.wasm: run `npm run build` first\n');
    expect(existsSync(join(tmp.dir, 'x.nnft'))).toBe(false);
  });
});
