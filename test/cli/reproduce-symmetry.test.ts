// `nnft reproduce symmetry` end to end on a tiny run: report files, summary and exit code; and the
// flags it refuses before any work.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SymmetryReport } from '../../src/experiments/symmetry.js';
import { nnft, scratchDir } from './helpers.js';

describe('nnft reproduce symmetry', () => {
  const scratch = scratchDir();
  afterAll(() => scratch.cleanup());

  it('writes index.html and report.json, prints every check, and exits 0 exactly when all pass', async () => {
    const out = await nnft(['reproduce', 'symmetry', '--quick', '--widths', '5', '--networks', '2000', '--threads', '2', '--out', 'sym'], scratch.dir);
    const report = JSON.parse(readFileSync(join(scratch.dir, 'sym', 'report.json'), 'utf8')) as SymmetryReport;
    expect(existsSync(join(scratch.dir, 'sym', 'index.html'))).toBe(true);
    expect(report.so5.widths.map((w) => w.width)).toEqual([5]);
    expect(report.checks.length).toBeGreaterThan(15);
    expect(out.stdout).toContain(`checks: ${report.checks.filter((c) => c.pass).length} of ${report.checks.length} pass`);
    expect(out.stderr).toMatch(/\[1\/\d+\] .* SO\(5\)/);
    expect(out.code).toBe(report.checks.every((c) => c.pass) ? 0 : 1);
  });

  it('refuses the flags of other experiments with a one-line error and exit code 2, before any work', async () => {
    const out = await nnft(['reproduce', 'symmetry', '--arch', 'relu-net', '--out', 'never'], scratch.dir);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('--arch');
    expect(existsSync(join(scratch.dir, 'never'))).toBe(false);
  });
});
