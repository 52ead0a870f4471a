import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Accumulator } from '../../src/stats/accumulator.js';
import { binomial, nnft, scratchDir, SMALL } from './helpers.js';

const POINTS = [0.2, 0.4, 0.6, 0.8, 1.0, 1.2];

describe('nnft sample', () => {
  const tmp = scratchDir();
  afterAll(() => tmp.cleanup());

  let full: any;
  beforeAll(async () => {
    const r = await nnft(['sample', ...SMALL, '--json', 'full.json'], tmp.dir);
    expect(r.code, r.stderr).toBe(0);
    full = JSON.parse(readFileSync(join(tmp.dir, 'full.json'), 'utf8'));
  });

  it('writes EnsembleResult.toJSON() to --json FILE, pretty-printed, with the documented schema', () => {
    const text = readFileSync(join(tmp.dir, 'full.json'), 'utf8');
    expect(text.startsWith('{\n  "arch": "relu-net",\n')).toBe(true);
    expect(full).toMatchObject({
      arch: 'relu-net', width: 20, dIn: 1, dOut: 1, sw: 1, sb: 0, mw: 0, mb: 0,
      points: POINTS.map((x) => [x]), networks: 4000, seed: 11, estimator: 'conditional', orders: [2, 4],
    });
    expect(Object.keys(full.correlators).sort()).toEqual(['2', '4']);
    for (const n of [2, 4]) {
      const entries = full.correlators[String(n)];
      expect(entries).toHaveLength(binomial(POINTS.length + n - 1, n));
      for (const e of entries) {
        expect(Object.keys(e).sort()).toEqual(['connected', 'connected_se', 'idx', 'moment', 'moment_se']);
        expect(e.idx).toHaveLength(n);
        for (const k of ['moment', 'moment_se', 'connected', 'connected_se']) expect(Number.isFinite(e[k])).toBe(true);
      }
    }
    // K(x, x') = sw^2 x x' / 2 for ReLU with sb = 0: K(0.2, 0.2) = 0.02.
    const k00 = full.correlators['2'][0];
    expect(k00.idx).toEqual([0, 0]);
    expect(Math.abs(k00.moment - 0.02)).toBeLessThan(6 * k00.moment_se + 1e-3);
  });

  it('prints only the JSON on stdout with --json -', async () => {
    const r = await nnft(['sample', ...SMALL, '--json', '-'], tmp.dir);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toStrictEqual(full);
    expect(r.stdout.trim().startsWith('{')).toBe(true);
  });

  it('prints a readable summary without --json', async () => {
    const r = await nnft(['sample', ...SMALL], tmp.dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const out = r.stdout;
    expect(out).toMatch(/relu-net: width 20, d_in 1, d_out 1/);
    expect(out).toMatch(/networks: 4,000 \(32\/32 jackknife blocks\), seed 11/);
    expect(out).toMatch(/[\d,]+ networks\/s/);
    expect(out).toMatch(/order 2: 21 correlators \(first 8\)/);
    expect(out).toMatch(/order 4: 126 correlators \(first 8\)/);
    const rows = out.split('\n').filter((l) => /^ {2}\d/.test(l));
    expect(rows).toHaveLength(16);
    expect(rows[0]).toMatch(/^ {2}0 0\s+0\.0\d+ ± \S+\s+0\.0\d+ ± \S+$/);
    // Columns line up: every row of a table has the same length.
    expect(new Set(rows.slice(0, 8).map((l) => l.indexOf('±'))).size).toBe(1);
  });

  it('accepts 1e5-style counts, 2-d points with ";" and points from @file.json', async () => {
    writeFileSync(join(tmp.dir, 'pts.json'), JSON.stringify([[0.1, 0.2], [0.3, 0.4]]));
    const base = ['sample', '--width', '10', '--networks', '2e3', '--threads', '2', '--orders', '2', '--seed', '3'];
    const a = await nnft([...base, '--d-in', '2', '--points', '0.1,0.2;0.3,0.4', '--json', '-'], tmp.dir);
    expect(a.code, a.stderr).toBe(0);
    const b = await nnft([...base, '--points', '@pts.json', '--json', '-'], tmp.dir);
    expect(b.code, b.stderr).toBe(0);
    const ja = JSON.parse(a.stdout);
    expect(ja).toMatchObject({ dIn: 2, networks: 2000, points: [[0.1, 0.2], [0.3, 0.4]] });
    expect(ja.correlators['2']).toHaveLength(3);
    expect(JSON.parse(b.stdout)).toStrictEqual(ja);
  });

  it('passes --d-out, --sw, --sb, --mw, --mb, --arch through', async () => {
    const r = await nnft(
      ['sample', '--arch', 'erf-net', '--width', '10', '--networks', '2000', '--threads', '2', '--points', '0.5,1',
        '--orders', '2', '--d-out', '2', '--sw', '1.5', '--sb', '0.5', '--mw', '0.1', '--mb', '-0.1', '--json', '-'],
      tmp.dir,
    );
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ arch: 'erf-net', dOut: 2, sw: 1.5, sb: 0.5, mw: 0.1, mb: -0.1 });
    expect(j.correlators['2']).toHaveLength(binomial(4 + 1, 2)); // P = 2 points x 2 outputs
  });

  it('runs shards whose merge equals the unsplit run exactly', async () => {
    const s0 = await nnft(['sample', ...SMALL, '--shard', '0/2', '--save', 'p0.nnft'], tmp.dir);
    const s1 = await nnft(['sample', ...SMALL, '--shard', '1/2', '--save', 'p1.nnft'], tmp.dir);
    expect(s0.code, s0.stderr).toBe(0);
    expect(s1.code, s1.stderr).toBe(0);
    const a0 = Accumulator.fromBytes(readFileSync(join(tmp.dir, 'p0.nnft')));
    expect(a0.blocks().map((b) => b.index)).toEqual([...Array(16).keys()]);

    const m = await nnft(['merge', 'p0.nnft', 'p1.nnft', '--json', 'merged.json', '--save', 'merged.nnft'], tmp.dir);
    expect(m.code, m.stderr).toBe(0);
    expect(m.stderr).not.toMatch(/warning/);
    const merged = JSON.parse(readFileSync(join(tmp.dir, 'merged.json'), 'utf8'));
    expect(merged).toStrictEqual(full);
    expect(readFileSync(join(tmp.dir, 'merged.json'), 'utf8')).toBe(readFileSync(join(tmp.dir, 'full.json'), 'utf8'));

    // The merged accumulator equals the unsplit run's, and merge prints the same summary.
    const whole = await nnft(['sample', ...SMALL, '--save', 'whole.nnft'], tmp.dir);
    expect(whole.code, whole.stderr).toBe(0);
    expect(readFileSync(join(tmp.dir, 'merged.nnft'))).toEqual(readFileSync(join(tmp.dir, 'whole.nnft')));
    const ms = await nnft(['merge', 'p1.nnft', 'p0.nnft'], tmp.dir);
    expect(ms.code).toBe(0);
    const table = (s: string) => s.slice(s.indexOf('\norder'));
    expect(table(ms.stdout)).toBe(table(whole.stdout));
  });

  it('merges an incomplete set with --allow-partial, with a warning naming the missing blocks', async () => {
    const r = await nnft(['merge', 'p1.nnft', '--allow-partial', '--json', 'half.json'], tmp.dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^nnft: warning: .*blocks 0-15 of 32 are missing/m);
    const half = JSON.parse(readFileSync(join(tmp.dir, 'half.json'), 'utf8'));
    expect(half.networks).toBe(2000);
  });

  it('reports a shard that is not saved', async () => {
    const r = await nnft(['sample', ...SMALL, '--shard', '1/4', '--json', '-'], tmp.dir);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).networks).toBe(1000);
    expect(r.stderr).toMatch(/warning: shard 1\/4 is not saved/);
  });
});
