import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXPECTED, runEft } from '../../src/experiments/eft.js';
import { EnsembleResult } from '../../src/result.js';
import { NodePool } from '../../src/sample/node-pool.js';
import { planSample, runPlan, type SampleOptions } from '../../src/sample/sampler.js';
import { nnft, scratchDir } from '../cli/helpers.js';
import { Z_MAX } from '../tolerance.js';

describe('the EFT experiment (relu-net, d_in = 1, reduced)', () => {
  it('measures lambda_code(7) = 0.625 / 7^5, slope -5, lambda ~ 1/N and the 6-point ratios 0.5376 / 0.9409 within |z| < 4 of the exact theory', async () => {
    const stages: string[] = [];
    // one pool for every run, as `nnft reproduce` does
    const pool = await NodePool.create(2);
    const sampler = async (o: SampleOptions) => new EnsembleResult(await runPlan(pool, planSample(o)));
    const r = await runEft({
      sampler, archs: ['relu-net'], dIns: [1], widths: [5, 20, 100], cutoffs: [7, 100, 1e5], networks: 16_000, seed: 5, threads: 2,
      quarticModel: false, onStage: (s) => stages.push(s.stage),
    }).finally(() => pool.close());
    expect(stages).toEqual(['integrals', 'sample', 'sample', 'sample', 'analysis']);
    const [p] = r.panels;
    expect(p.flow.regression.slope).toBeCloseTo(-5, 10);
    const at7 = p.flow.points[0];
    expect(at7.exact.code / EXPECTED.reluLambdaCode(7)).toBeCloseTo(1, 10);
    expect(Math.abs(at7.measured.code - EXPECTED.reluLambdaCode(7)) / at7.measured.codeSE).toBeLessThan(Z_MAX);
    expect(at7.measured.std).toBeCloseTo(-24 * at7.measured.code, 20);
    const w = p.widthScaling.fit!;
    expect(w.widths).toEqual([5, 20, 100]);
    expect(Math.abs(w.exponent + 1) / w.exponentSE).toBeLessThan(Z_MAX);
    const s = p.sixPoint!;
    expect(s.tuples).toBe(462);
    expect(s.codeTuples).toBe(132);
    expect(s.gpRatio.exact).toBeCloseTo(EXPECTED.gpRatio, 10);
    expect(Math.abs(s.gpRatio.z)).toBeLessThan(Z_MAX);
    for (const c of s.cutoffs) {
      expect(c.predRatio.exact).toBeCloseTo(EXPECTED.predRatio, 10);
      expect(c.codeRatio.exact).toBeCloseTo(EXPECTED.codeSubsetRatio, 10);
      expect(Math.abs(c.predRatio.z)).toBeLessThan(Z_MAX);
    }
    // the remainder G6 - G6_pred is kappa6: consistent with the exact kappa6 on every tuple
    expect(s.residual.maxAbsZAfterKappa6).toBeLessThan(Z_MAX + 0.5);
    expect(r.paper.filter((q) => q.row >= 22 && q.row <= 25).every((q) => q.agrees)).toBe(true);
  });

  it('`nnft reproduce eft` writes index.html and report.json and prints the spec\'s rows', async () => {
    const tmp = scratchDir();
    try {
      const out = await nnft(['reproduce', 'eft', '--arch', 'relu-net', '--d-in', '1', '--networks', '8000', '--widths', '5,20', '--threads', '2', '--out', 'rep'], tmp.dir);
      expect(out.code, out.stderr).toBe(0);
      expect(out.stderr).toMatch(/\[1\/\d+\] integrals: relu-net d_in=1/);
      expect(out.stdout).toMatch(/lambda_code\(Lambda = 7\)/);
      expect(existsSync(join(tmp.dir, 'rep', 'index.html'))).toBe(true);
      const report = JSON.parse(readFileSync(join(tmp.dir, 'rep', 'report.json'), 'utf8'));
      expect(Object.keys(report)).toEqual(['experiment', 'conventions', 'settings', 'panels', 'quarticModel', 'paper', 'seconds']);
      expect(report.quarticModel.map((q: { arch: string }) => q.arch)).toEqual(['relu-net']);
      const bad = await nnft(['reproduce', 'eft', '--widths', '20', '--out', 'x'], tmp.dir);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/widths/);
    } finally {
      tmp.cleanup();
    }
  });
});
