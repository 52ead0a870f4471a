// The playground page (dist/playground/, made by `npm run build`), served by `nnft playground` and
// driven in headless Chromium: it samples in Web Workers, shows Node's numbers to the last bit,
// plots them, downloads the same JSON, refuses bad input before starting, and keeps what a stopped
// run finished. Needs Debian's Chromium (see test/support/chromium.ts): without it this file FAILS.
import { EventEmitter } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { PLAYGROUND_DIR } from '../../src/cli/playground.js';
import { exactCumulant, exactMoment, gpKernel, NnftInputError, sample, type EnsembleResult } from '../../src/index.js';
import { planSample, type SampleOptions } from '../../src/sample/sampler.js';
import { launchChromium } from '../support/chromium.js';
import { Z_MAX, zScore } from '../tolerance.js';

/** The ensemble the page runs: relu-net with sigma_b = 1 (so points of either sign correlate). */
const RUN = { arch: 'relu-net', width: 10, points: [-1, 0.2, 0.6], sb: 1, networks: 20_000, orders: [2, 4], seed: 7 } as const;

interface Row {
  order: number;
  idx: number[];
  values: Record<string, number>;
}

/** Reads every row of the correlator table, with the numbers of its data attributes. */
function tableRows(page: Page): Promise<Row[]> {
  return page.$$eval('#correlators tbody tr', (trs) => trs.map((tr) => {
    const d = (tr as HTMLElement).dataset;
    const values: Record<string, number> = {};
    for (const [k, v] of Object.entries(d)) if (k !== 'order' && k !== 'idx') values[k] = Number(v);
    return { order: Number(d.order), idx: d.idx!.split(',').map(Number), values };
  }));
}

/** The message the library gives for `options`, which must be refused. */
function libraryRefusal(options: unknown): NnftInputError {
  try {
    planSample(options as SampleOptions);
  } catch (e) {
    if (e instanceof NnftInputError) return e;
    throw e;
  }
  throw new Error(`the library accepts ${JSON.stringify(options)}`);
}

describe('the playground page (nnft playground, Chromium)', () => {
  const signals = new EventEmitter();
  let stdout = '';
  let served: Promise<number> | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let url: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(path.join(PLAYGROUND_DIR, 'index.html'))) throw new Error('dist/playground/ is missing: run `npm run build` first');
    served = main(['playground', '--port', '0'], {
      stdout: { write: (s: string) => ((stdout += s), true) } as never,
      stderr: { write: () => true } as never,
      signals: signals as never,
    });
    for (let i = 0; i < 200 && !/http:\/\/\S+\//.test(stdout); i++) await new Promise((r) => setTimeout(r, 25));
    url = /http:\/\/\S+\//.exec(stdout)?.[0] ?? '';
    expect(url, `nnft playground printed: ${stdout}`).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    browser = await launchChromium();
    page = await browser.newPage({ acceptDownloads: true });
    page.on('pageerror', (e) => pageErrors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(`console: ${m.text()}`);
    });
    await page.goto(url);
    await page.waitForSelector('#status[data-state="idle"]', { timeout: 20_000 });
  });

  afterAll(async () => {
    await browser?.close();
    signals.emit('SIGINT');
    expect(await served).toBe(0);
  });

  /** Fills the form (threads 2) and presses Run. */
  async function run(o: { arch?: string; width?: string; dIn?: string; points?: string; networks?: string; seed?: string; sb?: string }) {
    await page.selectOption('#arch', o.arch ?? RUN.arch);
    await page.fill('#width', o.width ?? String(RUN.width));
    await page.fill('#d-in', o.dIn ?? '1');
    await page.fill('#points', o.points ?? RUN.points.join(', '));
    await page.fill('#networks', o.networks ?? String(RUN.networks));
    await page.fill('#seed', o.seed ?? String(RUN.seed));
    await page.fill('#threads', '2');
    await page.fill('#sb', o.sb ?? String(RUN.sb));
    await page.click('#run');
  }

  let node: EnsembleResult;

  it('shows the numbers of Node\'s sample() for the same seed, bit for bit, beside the GP and exact predictions', async () => {
    node = await sample({ ...RUN, threads: 2 });
    await run({});
    await page.waitForSelector('#status[data-state="done"]', { timeout: 20_000 });
    await page.waitForFunction(() => document.querySelector('#correlators tbody tr[data-exact-connected]') !== null, null, { timeout: 20_000 });
    expect(await page.$eval('#progress', (p) => [(p as HTMLProgressElement).value, (p as HTMLProgressElement).max])).toEqual([20_000, 20_000]);

    const rows = await tableRows(page);
    const expected = [2, 4].flatMap((order) => node.correlators(order).map((c) => ({ order, ...c })));
    expect(rows.map((r) => [r.order, r.idx])).toStrictEqual(expected.map((c) => [c.order, c.idx]));
    const spec = { activation: 'relu', width: RUN.width, dIn: 1, sw: 1, sb: RUN.sb } as const;
    const points = RUN.points.map((x) => [x]);
    for (const [i, r] of rows.entries()) {
      const c = expected[i];
      // every measured number, to the last bit
      expect([r.values.moment, r.values.momentSe, r.values.connected, r.values.connectedSe].map((v) => Object.is(v, -0) ? '-0' : v))
        .toStrictEqual([c.moment, c.moment_se, c.connected, c.connected_se].map((v) => Object.is(v, -0) ? '-0' : v));
      expect(Object.is(r.values.moment, c.moment) && Object.is(r.values.connected, c.connected)).toBe(true);
      // the predictions, against the library's own functions (other code paths: rounding may differ)
      expect(r.values.exactConnected).toBeCloseTo(exactCumulant(spec, points, r.idx), 12);
      expect(r.values.exactMoment).toBeCloseTo(exactMoment(spec, points, r.idx), 12);
      if (r.order === 2) {
        expect(r.values.gpConnected).toBeCloseTo(gpKernel('relu', points[r.idx[0]], points[r.idx[1]], { sw: 1, sb: RUN.sb }), 12);
      } else {
        expect(r.values.gpConnected).toBe(0);
      }
      // and the measurement agrees with the exact finite-width theory
      if (r.values.connectedSe > 0) expect(Math.abs(zScore(r.values.connected, r.values.exactConnected, r.values.connectedSe))).toBeLessThan(Z_MAX);
    }

    const plots = await page.$$eval('figure > svg', (svgs) => svgs.map((svg) => {
      const box = svg.getBoundingClientRect();
      return { width: box.width, height: box.height, marks: svg.querySelectorAll('path').length };
    }));
    expect(plots).toHaveLength(3);
    for (const p of plots) {
      expect(p.width).toBeGreaterThan(200);
      expect(p.height).toBeGreaterThan(150);
      expect(p.marks).toBeGreaterThan(10);
    }

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
    expect(download.suggestedFilename()).toBe('nnft-relu-net-N10-seed7.json');
    expect(JSON.parse(readFileSync(await download.path(), 'utf8'))).toStrictEqual(JSON.parse(JSON.stringify(node.toJSON())));
    expect(pageErrors).toStrictEqual([]);
  });

  it('refuses absurd sizes and bad values before starting, with the library\'s message, naming the field', async () => {
    await page.evaluate(() => {
      const w = window as unknown as { Worker: typeof Worker; workersStarted: number };
      const Original = w.Worker;
      w.workersStarted = 0;
      w.Worker = class extends Original {
        constructor(url: string | URL, options?: WorkerOptions) {
          super(url, options);
          w.workersStarted++;
        }
      };
    });
    const base = { ...RUN, threads: 2 };
    const cases = [
      { form: { width: '1e9' }, field: 'width', library: { ...base, width: 1e9 } },
      { form: { networks: 'lots' }, field: 'networks', library: { ...base, networks: 'lots' } },
      { form: { points: '0.1, 0.2, x' }, field: 'points[2]', library: { ...base, points: [0.1, 0.2, 'x'] } },
      { form: { dIn: '2', points: '0.1 0.2; 0.3' }, field: 'points[1]', library: { ...base, dIn: 2, points: [[0.1, 0.2], [0.3]] } },
    ];
    for (const c of cases) {
      await run(c.form);
      await page.waitForSelector('#status[data-state="refused"]');
      const e = libraryRefusal(c.library);
      expect(e.field).toBe(c.field);
      expect(await page.textContent('#error')).toBe(e.message);
      expect(await page.getAttribute('#error', 'data-field')).toBe(c.field);
    }
    // a size the library takes but this page cannot show: the page's own limit, in the same form
    await run({ points: Array.from({ length: 17 }, (_, k) => k / 10).join(', ') });
    await page.waitForSelector('#status[data-state="refused"]');
    expect(await page.textContent('#error')).toBe('invalid argument. `points` must hold at most 16 points on this page (the library takes more). Value: `"17 points"`.');
    expect(await page.getAttribute('#points', 'aria-invalid')).toBe('true');
    expect(await page.evaluate(() => (window as unknown as { workersStarted: number }).workersStarted)).toBe(0);
  });

  it('adds a point where the axis is clicked and removes a point that is clicked', async () => {
    await page.fill('#d-in', '1');
    await page.fill('#points', '0.5');
    await page.dispatchEvent('#points', 'input');
    const box = (await page.locator('#axis').boundingBox())!;
    // the axis spans x = -2..2 between 24 and 536 of its 560 units
    await page.mouse.click(box.x + ((24 + (512 * 3) / 4) / 560) * box.width, box.y + box.height / 2);
    expect(await page.inputValue('#points')).toBe('0.5, 1');
    await page.click('#axis circle[data-x="0.5"]');
    expect(await page.inputValue('#points')).toBe('1');
  });

  it('`nnft playground` refuses a bad or taken port in one line', async () => {
    const cli = async (...argv: string[]) => {
      let err = '';
      const code = await main(['playground', ...argv], { stdout: { write: () => true } as never, stderr: { write: (s: string) => ((err += s), true) } as never });
      return { code, err };
    };
    expect(await cli('--port', '70000')).toStrictEqual({ code: 2, err: 'nnft: error: --port must be an integer in [0, 65535] (0: any free port). Value: "70000".\n' });
    const taken = new URL(url).port;
    expect(await cli('--port', taken)).toStrictEqual({ code: 1, err: `nnft: error: --port ${taken} is in use: choose another, or --port 0 for any free port\n` });
  });

  it('keeps every finished block when the run is stopped, and offers them for download', async () => {
    const networks = 16_000_000;
    await run({ networks: String(networks) });
    await page.waitForSelector('#correlators tbody tr', { timeout: 20_000 });
    await page.click('#stop');
    await page.waitForSelector('#status[data-state="stopped"]', { timeout: 20_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
    const json = JSON.parse(readFileSync(await download.path(), 'utf8'));
    expect(json.networks).toBeGreaterThan(0);
    expect(json.networks).toBeLessThan(networks);
    expect(json.networks % (networks / 32)).toBe(0); // whole jackknife blocks
    expect(await page.textContent('#status')).toContain(`${String(json.networks).replace(/\B(?=(\d{3})+(?!\d))/g, '\u2009')} of`);
    const rows = await tableRows(page);
    expect(rows[0].values.moment).toBe(json.correlators['2'][0].moment);
  });
});
