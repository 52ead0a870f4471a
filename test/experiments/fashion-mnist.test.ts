import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  fashionMnistRuns, fashionMnistSettings, runFashionMnist, runsFingerprint, trendTest, PAPER_MU, type FashionMnistReport,
} from '../../src/experiments/fashion-mnist.js';
import { RunStore } from '../../src/experiments/run-store.js';
import { fashionMnistHtml } from '../../src/report/fashion-mnist-report.js';
import { meanInterval, signTest, tQuantile, tTwoSidedP, zeroMeanTest } from '../../src/stats/run-statistics.js';
import type { TrainRunOptions, TrainRunResult } from '../../src/train/run.js';
import { expectInputError } from '../support/errors.js';

/**
 * A stand-in for training with known trends: one-hot accuracy 85 - 40 k muW, one-cold 84 + 30 muW,
 * plus a deterministic scatter of +-0.5 per (run, cell).
 */
function fakeResult(t: TrainRunOptions): TrainRunResult {
  const h = Math.sin(12.9898 * t.seed + 78.233 * t.k + 37.719 * t.muW * 100 + (t.targets === 'one-hot' ? 0 : 3.1)) * 43758.5453;
  const noise = (h - Math.floor(h) - 0.5);
  const acc = (t.targets === 'one-hot' ? 85 - 40 * t.k * t.muW : 84 + 30 * t.muW) + noise;
  return { testAccuracy: [acc - 1, acc], trainLoss: [0.05, 0.04], maxAccuracy: acc, bestEpoch: 2, seconds: 0.01, trainSeconds: 0.01, samples: 120_000 };
}

const DATA = { sha256: 'test', description: { source: 'synthetic' } };

describe('fashion-mnist sweep', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'nnft-fmnist-exp-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('makes each distinct run once: cells without breaking share one run per seed and target encoding', () => {
    const s = fashionMnistSettings({ runs: 3, coldRuns: 3 });
    // per seed: one-hot 1 + 5 k x 20 muW > 0, one-cold 21 muW (muW = 0 is the one-cold run without breaking)
    expect(fashionMnistRuns(s)).toHaveLength(3 * (1 + 5 * 20 + 21));
    // the defaults: 10 one-hot runs per cell, 20 per point of the one-cold line (the authors' count)
    expect(fashionMnistRuns(fashionMnistSettings({}))).toHaveLength(10 * (1 + 5 * 20) + 20 * 21);
    expect(PAPER_MU).toHaveLength(21);
    expect(PAPER_MU[20]).toBe(0.2);
  });

  it('recovers the known trends, with verdicts from the statistics of the runs', async () => {
    const r = await runFashionMnist({ runs: 4, coldRuns: 6, epochs: 2, runner: async (t) => fakeResult(t), data: DATA });
    const [mu, k, cold] = r.claims;
    // one-hot claims over the 4 one-hot runs, the one-cold claim over the line's 6
    expect([mu.test.runs, k.test.runs, cold.test.runs]).toEqual([4, 4, 6]);
    expect(r.settings.coldSeeds).toEqual([1, 2, 3, 4, 5, 6]);
    // mean over k = 2..10 of d/dmu (85 - 40 k mu) = -40 x 6 = -240; scatter +-0.5 moves it by a few units
    expect(mu.test.slope).toBeGreaterThan(-260);
    expect(mu.test.slope).toBeLessThan(-220);
    expect(mu.verdict).toBe('supported');
    expect(mu.test.sign).toMatchObject({ positive: 0, negative: 4 });
    expect(mu.test.sign!.p).toBeCloseTo(0.125, 12);
    // mean over muW = 0.01..0.2 of d/dk (85 - 40 k mu) = -40 x 0.105 = -4.2
    expect(k.test.slope).toBeCloseTo(-4.2, 0);
    expect(k.verdict).toBe('supported');
    expect(cold.test.slope).toBeGreaterThan(20);
    expect(cold.verdict).toBe('supported');
    expect(r.baseline.oneHot.mean).toBeGreaterThan(84.5);
    expect(r.baseline.oneHot.mean).toBeLessThan(85.5);
    expect(r.heatmap.mean).toHaveLength(6);
    expect(r.heatmap.mean[0]).toHaveLength(21);
    // k = 0 row: the same run at every muW
    expect(new Set(r.heatmap.mean[0]).size).toBe(1);
    expect(r.oneCold.points.map((p) => p.n)).toEqual(Array(21).fill(6));
    expect(r.baseline.oneCold.n).toBe(6);
    expect(r.baseline.oneHot.n).toBe(4);
    // the one-cold points' interval: the t interval of that muW's 6 runs
    const at01 = [1, 2, 3, 4, 5, 6].map((seed) => fakeResult({ seed, k: 10, muW: 0.1, targets: 'one-cold' }).maxAccuracy);
    expect(r.oneCold.points[10]).toEqual(meanInterval(at01));
    expect(r.timing.runsMade).toBe(4 * 101 + 6 * 21);
  });

  it('a sweep interrupted after some runs resumes from the store and ends with the same numbers', async () => {
    const settings = { runs: 2, coldRuns: 2, epochs: 2, kValues: [0, 4, 10], muValues: [0, 0.1, 0.2] };
    const file = join(dir, 'runs.jsonl');
    const fp = runsFingerprint(fashionMnistSettings(settings), DATA.sha256);
    let calls = 0;
    const failing = async (t: TrainRunOptions) => {
      if (++calls > 5) throw new Error('stopped');
      return fakeResult(t);
    };
    await expect(runFashionMnist({ ...settings, runner: failing, store: await RunStore.open(file, fp), data: DATA })).rejects.toThrow('stopped');
    // a kill in the middle of a write leaves a cut-off line: dropped when the store opens
    appendFileSync(file, '{"key":"one-hot k=4 mu=0.1 seed=2","finger');
    const store = await RunStore.open<TrainRunResult>(file, fp);
    expect(store.dropped).toBe(1);
    expect(store.size).toBe(5);
    let more = 0;
    const resumed = await runFashionMnist({ ...settings, runner: async (t) => (more++, fakeResult(t)), store, data: DATA });
    const whole = await runFashionMnist({ ...settings, runner: async (t) => fakeResult(t), data: DATA });
    expect(more).toBe(whole.timing.runsTotal - 5);
    expect(resumed.timing.runsResumed).toBe(5);
    const numbers = (r: FashionMnistReport) => ({ h: r.heatmap, c: r.oneCold, b: r.baseline, claims: r.claims });
    expect(numbers(resumed)).toEqual(numbers(whole));
    // other settings (a different fingerprint) reuse nothing
    expect((await RunStore.open(file, runsFingerprint(fashionMnistSettings({ ...settings, epochs: 3 }), DATA.sha256))).size).toBe(0);
    expect(readFileSync(file, 'utf8').split('\n').filter(Boolean)).toHaveLength(whole.timing.runsTotal);
  });

  it('changing the one-cold line\'s run count reuses every finished run: runs are keyed by targets, k, muW and seed', async () => {
    const grid = { epochs: 2, kValues: [0, 4, 10], muValues: [0, 0.1, 0.2] };
    const file = join(dir, 'runs.jsonl');
    const fp = runsFingerprint(fashionMnistSettings(grid), DATA.sha256);
    const made: TrainRunOptions[] = [];
    const runner = async (t: TrainRunOptions) => (made.push(t), fakeResult(t));
    const first = await runFashionMnist({ ...grid, runs: 2, coldRuns: 2, runner, store: await RunStore.open(file, fp), data: DATA });
    expect(first.timing.runsMade).toBe(2 * (1 + 2 * 2) + 2 * 3);
    made.length = 0;
    const more = await runFashionMnist({ ...grid, runs: 2, coldRuns: 4, runner, store: await RunStore.open(file, fp), data: DATA });
    // only the one-cold line's seeds 3 and 4 are new
    expect(made.map((t) => `${t.targets} ${t.seed}`)).toEqual(Array(6).fill(0).map((_, i) => `one-cold ${i < 3 ? 3 : 4}`));
    expect(more.timing.runsResumed).toBe(first.timing.runsTotal);
    expect(more.heatmap).toEqual(first.heatmap);
    expect(more.oneCold.points[0].n).toBe(4);
    made.length = 0;
    const fewer = await runFashionMnist({ ...grid, runs: 1, coldRuns: 3, runner, store: await RunStore.open(file, fp), data: DATA });
    expect(made).toHaveLength(0);
    expect(fewer.oneCold.points[2]).toEqual(meanInterval([1, 2, 3].map((seed) => fakeResult({ seed, k: 10, muW: 0.2, targets: 'one-cold' }).maxAccuracy)));
  });

  it('with a concurrency, starts the runs in the sweep\'s order, seed by seed', async () => {
    const settings = { runs: 2, coldRuns: 3, epochs: 2, kValues: [0, 4], muValues: [0, 0.1, 0.2] };
    const started: TrainRunOptions[] = [];
    let inFlight = 0;
    let most = 0;
    await runFashionMnist({
      ...settings, concurrency: 2, data: DATA,
      runner: async (t) => {
        started.push(t);
        most = Math.max(most, ++inFlight);
        await new Promise((r) => setTimeout(r, 3 * (started.length % 3)));
        inFlight--;
        return fakeResult(t);
      },
    });
    expect(started).toEqual(fashionMnistRuns(fashionMnistSettings(settings)));
    expect(most).toBe(2);
  });

  it('refuses bad settings before any run, naming the field', () => {
    expectInputError(() => fashionMnistSettings({ runs: 0 }), 'runs');
    expectInputError(() => fashionMnistSettings({ coldRuns: 2.5 }), 'coldRuns');
    expectInputError(() => fashionMnistSettings({ epochs: 1.5 }), 'epochs');
    expectInputError(() => fashionMnistSettings({ seed: -3 }), 'seed');
    expectInputError(() => fashionMnistSettings({ kValues: [0, 11] }), 'kValues[1]');
    expectInputError(() => fashionMnistSettings({ muValues: [0, Number.NaN] }), 'muValues[1]');
    expectInputError(() => fashionMnistSettings({ kValues: [2, 2] }), 'kValues');
  });

  it('renders the report: heatmap, lines, claims', async () => {
    const r = await runFashionMnist({ runs: 2, coldRuns: 3, epochs: 2, kValues: [0, 4, 10], muValues: [0, 0.1, 0.2], runner: async (t) => fakeResult(t), data: DATA });
    const html = await fashionMnistHtml(r);
    expect(html).toContain('one-cold line: 3 runs per point');
    expect(html).toContain('the authors averaged 20');
    expect(html).toContain('mean and 95% t interval over 3 runs');
    expect(html.match(/<svg/g)).toHaveLength(3);
    expect(html).toContain('one-cold (k = 10): accuracy rises as muW grows');
    expect(html).toContain('plot_heatmap.py loads run 0');
    expect(JSON.parse(JSON.stringify(r)).claims).toHaveLength(3);
  });
});

describe('statistics over runs', () => {
  it('t quantiles, p-values, intervals and sign tests take their textbook values', () => {
    expect(tQuantile(0.975, 9)).toBeCloseTo(2.262157, 5);
    expect(tQuantile(0.975, 1)).toBeCloseTo(12.7062, 3);
    expect(tTwoSidedP(2.262157, 9)).toBeCloseTo(0.05, 6);
    expect(tTwoSidedP(0, 4)).toBe(1);
    const m = meanInterval([1, 2, 3]);
    expect(m.mean).toBe(2);
    expect(m.se).toBeCloseTo(1 / Math.sqrt(3), 12);
    expect(m.hi - m.mean).toBeCloseTo(4.302653 / Math.sqrt(3), 5);
    expect(Number.isNaN(meanInterval([5]).se)).toBe(true);
    expect(signTest([1, 2, 3, 4, 5, 6]).p).toBeCloseTo(1 / 32, 12);
    expect(signTest([1, -1, 0, 2])).toEqual({ positive: 2, negative: 1, p: 1 });
    expect(zeroMeanTest([1, 2, 3]).t).toBeCloseTo(2 * Math.sqrt(3), 12);
  });

  it('a trend from one run is its least-squares slope with the scatter error', () => {
    const x = [0, 1, 2, 3];
    const y = [1, 4, 4, 7];
    const t = trendTest(x, [y]);
    // Sxx = 5, Sxy = (-1.5)(1) + (-0.5)(4) + (0.5)(4) + (1.5)(7) = 9, slope 9/5 = 1.8, intercept 4 - 1.8 x 1.5 = 1.3
    expect(t.slope).toBeCloseTo(1.8, 12);
    // residuals 1 - 1.3, 4 - 3.1, 4 - 4.9, 7 - 6.7 = -0.3, 0.9, -0.9, 0.3; SSR = 1.8; se^2 = 1.8 / 2 / 5
    expect(t.se).toBeCloseTo(Math.sqrt(0.18), 12);
    expect(t.method).toBe('one run (least squares)');
    expect(t.sign).toBeNull();
  });
});
