// `nnft reproduce actions --quick` end to end: the report files, the spec's G4 rows beside ours with
// z-scores against our predictions, the locality verdicts, a resumed run's identical report, and the
// flags refused before any work.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionsReport } from '../../src/experiments/actions.js';
import { nnft, scratchDir, type RunOutput } from '../cli/helpers.js';
import { Z_MAX } from '../tolerance.js';

describe('nnft reproduce actions --quick', () => {
  const scratch = scratchDir();
  afterAll(() => scratch.cleanup());
  let out: RunOutput;
  let report: ActionsReport;
  const args = ['reproduce', 'actions', '--quick', '--threads', '2', '--seed', '3'];
  beforeAll(async () => {
    out = await nnft([...args, '--out', 'act', '--checkpoint', 'act.ckpt'], scratch.dir);
    report = JSON.parse(readFileSync(join(scratch.dir, 'act', 'report.json'), 'utf8')) as ActionsReport;
  });

  it('writes index.html with its plots and report.json, prints the G4 table and the checks, and exits 0 exactly when all pass', () => {
    const html = readFileSync(join(scratch.dir, 'act', 'index.html'), 'utf8');
    expect((html.match(/<svg/g) ?? []).length).toBe(1 + 3 + 3 + 1 + 1);
    expect(report.experiment).toBe('actions');
    expect(report.settings).toMatchObject({ seed: 3, quick: true, zMax: 4 });
    expect(out.stdout).toContain(`checks: ${report.checks.filter((c) => c.pass).length} of ${report.checks.length} pass`);
    expect(out.stdout).toContain('non-locality ratio');
    expect(out.stderr).toMatch(/\[1\/\d+\] .* propagator: cos-net d=1/);
    expect(out.code).toBe(report.checks.every((c) => c.pass) ? 0 : 1);
  });

  it('puts every number of G4 rows 1-10 beside ours, measured ones with z-scores, computed ones within the spec\'s tolerance', () => {
    const count = (row: number) => report.table.filter((t) => t.row === row).length;
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(count)).toEqual([3, 1, 2, 4, 4, 4, 4, 3, 6, 1]);
    for (const t of report.table) {
      expect(t.ours, t.quantity).not.toBeNull();
      if (t.se === null) expect(t.agrees, `${t.quantity}: ${t.ours} vs ${t.spec}`).toBe(true);
      else {
        expect(t.z).toBeTypeOf('number');
        expect(Math.abs(t.zPrediction!), `${t.quantity}: ${t.ours} ± ${t.se} vs ${t.prediction}`).toBeLessThan(Z_MAX);
      }
    }
    expect(report.table.map((t) => t.row)).toEqual([...report.table.map((t) => t.row)].sort((a, b) => a - b));
  });

  it('measures Cos-net\'s propagator in d = 1, 2, 3 and its 1/N 4-point function against the exact theory', () => {
    expect(report.propagators.map((p) => p.dIn)).toEqual([1, 2, 3]);
    for (const p of report.propagators) expect(p.maxAbsZ).toBeLessThan(Z_MAX);
    const row8 = report.fourPoint.entries.map((e) => e.exact);
    [2.2265, 1.6967, 0.9701].forEach((v, i) => expect(Math.abs(row8[i] - v)).toBeLessThan(5e-5));
    const r20 = report.fourPoint.cluster.profile.find((p) => p.r === 20)!;
    expect(Math.abs(r20.exact - 0.762)).toBeLessThan(5e-4);
    expect(Math.abs(r20.z)).toBeLessThan(Z_MAX);
  });

  it('finds Cos-net at finite N non-local and the deformed phi^4 theory local', () => {
    expect(report.fourPoint.cluster.verdict).toBe('non-local');
    expect(report.phi4.cluster.verdict).toBe('local');
    expect(report.phi4.cluster.essFraction).toBeGreaterThan(0.5);
  });

  it('holds the phi^4 response at N = infinity to the tree level, at finite N to the exact finite-width response, and extrapolates in 1/N', () => {
    const ph = report.phi4;
    for (const e of ph.gp.entries) {
      expect(e.exact).toBe(e.tree);
      expect(Math.abs(e.z)).toBeLessThan(Z_MAX);
    }
    expect(ph.widths.map((w) => w.width)).toEqual([100, 1000]);
    for (const w of ph.widths) for (const e of w.entries) expect(Math.abs(e.z), `N = ${w.width} (${e.points})`).toBeLessThan(Z_MAX);
    // the exact finite-width response exceeds the tree level by O(lambda / N): about -3.3 / N at (0,0,0,0)
    expect(ph.extrapolation[0].exactSlope).toBeLessThan(-2);
    for (const x of ph.extrapolation) {
      expect(Math.abs(x.z)).toBeLessThan(Z_MAX);
      expect(x.finite.points).toBe(2);
      expect(x.withInfinity.points).toBe(3);
    }
    expect(ph.reweighted.warnings).toEqual([]);
    expect(ph.reweighted.essFraction).toBeGreaterThan(0.99);
    expect(ph.reweighted.essFraction).toBeLessThan(1);
  });

  it('reconstructs the phi^4 coupling as the amputated tree vertex (local) and finite-width Cos-net\'s as its exact non-local coupling', () => {
    const { phi4, cosNet } = report.reconstruction;
    for (const c of [phi4, cosNet]) {
      expect(c.sites).toEqual([-1.5, -1, -0.5, 0, 0.5, 1, 1.5]);
      for (const d of c.diagonal) expect(Math.abs(d.z), `site ${d.site}`).toBeLessThan(Z_MAX);
    }
    expect(phi4.verdict).toBe('local');
    expect(cosNet.verdict).toBe('non-local');
    expect(Math.abs(phi4.recovered.z)).toBeLessThan(Z_MAX);
    // the amputated tree vertex sums to about lambda per unit length at the centre of the lattice
    expect(Math.abs(phi4.recovered.exact - 1)).toBeLessThan(0.05);
  });

  it('shows the shared scale\'s connected 4-point function surviving N -> infinity, and the i.i.d. one falling like 1/N', () => {
    const ind = report.independence;
    expect(ind.runs.map((r) => `${r.width}:${r.kind}`)).toEqual(['10:iid', '10:shared', '100:iid', '100:shared', '1000:iid', '1000:shared']);
    for (const r of ind.runs) {
      expect(Math.abs(r.fourPoint.z), `${r.width} ${r.kind}`).toBeLessThan(Z_MAX);
      expect(Math.abs(r.ratio.z), `${r.width} ${r.kind} R(20)`).toBeLessThan(Z_MAX);
    }
    const widest = ind.runs.at(-1)!;
    expect(widest.fourPoint.measured / widest.fourPoint.se).toBeGreaterThan(Z_MAX);
    expect(Math.abs(ind.infinite.fourPoint - 3 * 0.5 * 0.46042 ** 2)).toBeLessThan(1e-4);
    expect(ind.infinite.ratio).toBeCloseTo(1 / 3, 6);
  });

  it('samples one deformed density by Metropolis chains and by reweighting, with the same correlators, far from the free ones', () => {
    const mp = report.metropolis;
    expect(mp.entries).toHaveLength(3 + 5);
    for (const e of mp.entries) expect(Math.abs(e.z), `${e.idx}`).toBeLessThan(Z_MAX);
    expect(mp.entries.find((e) => e.idx.join() === '0,0')!.zShift).toBeLessThan(-Z_MAX);
    expect(mp.acceptanceRate).toBeGreaterThan(0.9);
    expect(mp.acceptanceRate).toBeLessThan(1);
    expect(mp.metropolisWarnings).toEqual([]);
    expect(mp.measurements).toBe(8 * 1000);
  });

  it('resumed from its checkpoint, gives the same report (only the timings differ)', async () => {
    const again = await nnft([...args, '--out', 'act2', '--checkpoint', 'act.ckpt', '--resume'], scratch.dir);
    expect(again.stderr).toContain('resuming from');
    const resumed = JSON.parse(readFileSync(join(scratch.dir, 'act2', 'report.json'), 'utf8')) as ActionsReport;
    const strip = (r: ActionsReport) => JSON.parse(JSON.stringify(r, (k, v) => (k === 'seconds' ? undefined : v)));
    expect(strip(resumed)).toEqual(strip(report));
  });

  it.each([
    [['--networks', '1000'], '--networks'],
    [['--widths', '10'], '--widths'],
    [['--arch', 'relu-net'], '--arch'],
    [['--estimator', 'direct'], '--estimator'],
    [['--threads', '0'], '--threads'],
    [['--seed', '-1'], '--seed'],
    [['--resume'], '--resume'],
  ])('refuses %j with a one-line error naming %s and exit code 2, before any work', async (flags, name) => {
    const r = await nnft(['reproduce', 'actions', ...flags, '--out', 'never'], scratch.dir);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(name);
    expect(existsSync(join(scratch.dir, 'never'))).toBe(false);
  });

  it('lists actions among the experiments when the name is wrong', async () => {
    const r = await nnft(['reproduce', 'action'], scratch.dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('actions');
  });
});
