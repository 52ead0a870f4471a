// `nnft reproduce free-theory --quick` writes a report whose every plot renders in Chromium.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { launchChromium } from '../support/chromium.js';

describe('the free-theory report', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nnft-report-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is written by `nnft reproduce free-theory --quick`, with report.json and an index.html whose plots all render', async () => {
    let stdout = '';
    let stderr = '';
    const code = await main(
      ['reproduce', 'free-theory', '--quick', '--arch', 'relu-net,erf-net', '--d-in', '1,2', '--threads', '2', '--out', dir],
      { stdout: { write: (s: string) => ((stdout += s), true) } as any, stderr: { write: (s: string) => ((stderr += s), true) } as any, env: {} },
    );
    expect(code, stderr).toBe(0);
    expect(stdout).toContain('report: ');
    expect(stderr).toContain('[20/20] erf-net d_in=2 N=1000');
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    expect(report.panels).toHaveLength(4);
    expect(report.settings.estimator).toBe('conditional');

    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(pathToFileURL(join(dir, 'index.html')).href);
      const plots = await page.$$eval('figure > svg', (svgs) =>
        svgs.map((svg) => {
          const box = svg.getBoundingClientRect();
          return { width: box.width, height: box.height, marks: svg.querySelectorAll('path').length };
        }),
      );
      expect(plots).toHaveLength(2 * 4); // deviation and connected-G4 plots per panel
      for (const p of plots) {
        expect(p.width).toBeGreaterThan(100);
        expect(p.height).toBeGreaterThan(100);
        expect(p.marks).toBeGreaterThan(5);
      }
      expect(await page.$$eval('table', (t) => t.length)).toBe(1 + 4);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
