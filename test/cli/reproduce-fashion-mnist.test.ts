import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Capture, nnft, scratchDir } from './helpers.js';

describe('nnft reproduce fashion-mnist', () => {
  let s: ReturnType<typeof scratchDir>;
  beforeEach(() => {
    s = scratchDir();
  });
  afterEach(() => s.cleanup());

  it('refuses bad or foreign flags before any work, naming the flag', async () => {
    const runs = await nnft(['reproduce', 'fashion-mnist', '--runs', '0'], s.dir);
    expect(runs.code).toBe(2);
    expect(runs.stderr).toMatch(/--runs/);
    const cold = await nnft(['reproduce', 'fashion-mnist', '--cold-runs', '0'], s.dir);
    expect(cold.code).toBe(2);
    expect(cold.stderr).toMatch(/--cold-runs/);
    const epochs = await nnft(['reproduce', 'fashion-mnist', '--epochs', 'ten'], s.dir);
    expect(epochs.code).toBe(2);
    expect(epochs.stderr).toMatch(/--epochs must be an integer/);
    const foreign = await nnft(['reproduce', 'fashion-mnist', '--networks', '5'], s.dir);
    expect(foreign.code).toBe(2);
    expect(foreign.stderr).toMatch(/--networks is not an option/);
    const checkpoint = await nnft(['reproduce', 'fashion-mnist', '--checkpoint', 'x.ckpt'], s.dir);
    expect(checkpoint.stderr).toMatch(/runs\.jsonl/);
    expect(s.files()).toEqual([]);
  });

  it('trains a small sweep, keeps finished runs on Ctrl-C, resumes from them and writes the report', async () => {
    // one one-hot run per cell and two per one-cold point: 5 + 2 x 3 distinct runs
    const argv = ['reproduce', 'fashion-mnist', '--quick', '--runs', '1', '--cold-runs', '2', '--epochs', '1', '--threads', '2', '--out', 'fm'];
    const runsFile = join(s.dir, 'fm', 'runs.jsonl');
    const lines = () => readFileSync(runsFile, 'utf8').trim().split('\n');
    // Ctrl-C after the second run finishes
    const stderr = new Capture();
    const signals = new EventEmitter();
    stderr.onWrite = (text) => {
      if (/\[2\/11\]/.test(text)) setImmediate(() => signals.emit('SIGINT'));
    };
    const stopped = await nnft(argv, s.dir, { stderr, signals });
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toMatch(/interrupted; \d finished runs are kept in .*runs\.jsonl; run the same command again to continue/);
    const kept = lines().length;
    expect(kept).toBeGreaterThanOrEqual(2);
    expect(kept).toBeLessThan(11);

    const first = await nnft(argv, s.dir);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(new RegExp(`resuming: ${kept} finished runs`));
    expect(first.stderr).toMatch(/\[11\/11\] .* ETA/);
    expect(first.stdout).toMatch(/max test accuracy at muW = 0: one-hot \d\d\.\d\d%/);
    expect(first.stdout).toMatch(/one-cold line \(k = 10\), mean \[95% interval\]: muW 0: \d\d\.\d\d% \[[\d.]+, [\d.]+\]/);
    expect(lines()).toHaveLength(11);
    const report = JSON.parse(readFileSync(join(s.dir, 'fm', 'report.json'), 'utf8'));
    expect(report.baseline.oneHot.mean).toBeGreaterThan(75); // one epoch of the whole training set
    expect(report.timing.runsResumed).toBe(kept);
    expect(report.oneCold.points.map((p: { n: number }) => p.n)).toEqual([2, 2, 2]);
    expect(report.claims.at(-1).test.runs).toBe(2);
    expect(readFileSync(join(s.dir, 'fm', 'index.html'), 'utf8')).toContain('<svg');
  });
});
