// The browser build (dist/browser/, made by `npm run build`) in a real Chromium: it samples on Web
// Workers and must give the same bits as Node. Needs Debian's Chromium at /usr/bin/chromium (or
// NNFT_CHROMIUM): without it this file FAILS, it does not skip.
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/chromium.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sample, type EnsembleResult, type ResultJSON, type SampleOptions } from '../../src/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const distDir = path.join(root, 'dist', 'browser');
/** Files of this folder the server hands out, by URL path. */
const testFiles: Record<string, string> = {
  '/': fileURLToPath(new URL('./index.html', import.meta.url)),
  '/index.html': fileURLToPath(new URL('./index.html', import.meta.url)),
  '/exiting-worker.js': fileURLToPath(new URL('./exiting-worker.js', import.meta.url)),
};

const OPTIONS = { arch: 'erf-net', width: 20, points: [-1, 0.2, 0.6], networks: 5000, orders: [2, 4], seed: 11 } as const;

interface Summary {
  json: ResultJSON;
  networks: number;
  blocks: { index: number; n0: number; n1: number; sums: number[]; bits: string }[];
  bytes: string;
}

interface PageError {
  error: { name: string; message: string; partialNetworks?: number };
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');

/** The same summary as window.summarize of the test page, computed in Node. */
function summarize(r: EnsembleResult): Summary {
  return {
    json: r.toJSON(),
    networks: r.networks,
    blocks: r.accumulator.blocks().map((b) => ({
      index: b.index, n0: b.n0, n1: b.n1, sums: Array.from(b.sums), bits: hex(new Uint8Array(b.sums.buffer, b.sums.byteOffset, b.sums.byteLength)),
    })),
    bytes: hex(r.accumulator.toBytes()),
  };
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
};

/** Serves the test page at / (and the test worker) and dist/browser/ beside it, on 127.0.0.1 at a random port. */
function startServer(): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const name = decodeURIComponent(url.pathname);
    const file = testFiles[name] ?? path.join(distDir, path.normalize(name));
    if (!file.startsWith(distDir + path.sep) && testFiles[name] === undefined) {
      res.writeHead(403).end();
      return;
    }
    let body: Buffer;
    try {
      body = readFileSync(file);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${name}`);
      return;
    }
    res.writeHead(200, { 'content-type': MIME[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(body);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

describe('browser build (Chromium, Web Workers)', () => {
  let server: Server | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let origin: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    for (const f of ['nnft.js', 'nnft-worker.js', 'nnft.wasm']) {
      if (!existsSync(path.join(distDir, f))) throw new Error(`dist/browser/${f} is missing: run \`npm run build\` first`);
    }
    server = await startServer();
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
    page = await browser.newPage();
    page.on('pageerror', (e) => pageErrors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(`console: ${m.text()}`);
    });
    await page.goto(`${origin}/`);
    try {
      await page.waitForFunction(() => (window as unknown as { nnftReady?: boolean }).nnftReady === true, null, { timeout: 30_000 });
    } catch (e) {
      throw new Error(`the test page did not load nnft.js: ${pageErrors.join('; ') || (e as Error).message}`);
    }
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  /** Runs `sample` in the page; an error comes back as { error }. */
  function inPage(
    options: SampleOptions, runtime: Record<string, unknown>, faults?: { crashTasks: number[] },
  ): Promise<Summary | PageError> {
    return page.evaluate(async ([options, runtime, faults]) => {
      const w = window as unknown as {
        nnft: { sample(o: unknown, r: unknown, f?: unknown): Promise<unknown> };
        summarize(r: unknown): Summary;
      };
      try {
        return w.summarize(await w.nnft.sample(options, runtime, faults));
      } catch (e) {
        const err = e as Error & { partial?: { networksDone?: number } };
        return { error: { name: err.name, message: err.message, partialNetworks: err.partial?.networksDone } };
      }
    }, [options, runtime, faults] as const);
  }

  function ok(r: Summary | PageError): Summary {
    if ('error' in r) throw new Error(`sample failed in the page: ${r.error.name}: ${r.error.message}`);
    return r;
  }

  const RUNTIME = { wasmUrl: './nnft.wasm', workerUrl: './nnft-worker.js' };
  let node2: Summary;

  it('samples in Web Workers with the same bits as Node (threads 2 and 1)', async () => {
    node2 = summarize(await sample({ ...OPTIONS, threads: 2 }));
    const node1 = summarize(await sample({ ...OPTIONS, threads: 1 }));
    const web = ok(await inPage({ ...OPTIONS }, { ...RUNTIME, threads: 2 }));

    expect(node1).toStrictEqual(node2);
    expect(web.networks).toBe(5000);
    expect(web.blocks.length).toBe(node2.blocks.length);
    for (let i = 0; i < web.blocks.length; i++) {
      const [a, b] = [web.blocks[i], node2.blocks[i]];
      expect({ index: a.index, n0: a.n0, n1: a.n1 }).toStrictEqual({ index: b.index, n0: b.n0, n1: b.n1 });
      expect(a.bits).toBe(b.bits); // every f64 sum to the last bit
      expect(a.sums.every((v, k) => Object.is(v, b.sums[k]))).toBe(true);
    }
    expect(web.json).toStrictEqual(node2.json);
    expect(web.bytes).toBe(node2.bytes);
    expect(web.json.correlators['2'].length).toBeGreaterThan(0);
    expect(pageErrors).toStrictEqual([]);
  });

  it('gives the same bits with 1 and 3 workers, and with default URLs next to nnft.js', async () => {
    const one = ok(await inPage({ ...OPTIONS }, { ...RUNTIME, threads: 1 }));
    const three = ok(await inPage({ ...OPTIONS, threads: 3 }, {}));
    expect(one.bytes).toBe(node2.bytes);
    expect(three.bytes).toBe(node2.bytes);
  });

  /** Counts the workers the page starts while `run` runs. */
  async function countingWorkers(run: () => Promise<void>): Promise<number> {
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
      (w as unknown as { OriginalWorker: typeof Worker }).OriginalWorker = Original;
    });
    try {
      await run();
      return await page.evaluate(() => (window as unknown as { workersStarted: number }).workersStarted);
    } finally {
      await page.evaluate(() => {
        const w = window as unknown as { Worker: typeof Worker; OriginalWorker: typeof Worker };
        w.Worker = w.OriginalWorker;
      });
    }
  }

  it('replaces a crashed worker, retries its task, and keeps the bits', async () => {
    // 2 workers, plus one replacement for each crash (an uncaught error: the Worker's error event).
    const started = await countingWorkers(async () => {
      const r = ok(await inPage({ ...OPTIONS }, { ...RUNTIME, threads: 2 }, { crashTasks: [1, 4] }));
      expect(r.bytes).toBe(node2.bytes);
    });
    expect(started).toBe(4);
  });

  it('replaces a worker that ends silently (no error event), retries its task, and keeps the bits', async () => {
    const started = await countingWorkers(async () => {
      const runtime = { ...RUNTIME, workerUrl: './exiting-worker.js', threads: 2 };
      const r = ok(await inPage({ ...OPTIONS }, runtime, { crashTasks: [0, 3, 7] }));
      expect(r.bytes).toBe(node2.bytes);
    });
    expect(started).toBe(5);
  });

  it('cancels through an AbortSignal with NnftAbortError carrying whole blocks', async () => {
    const r = await page.evaluate(async (runtime) => {
      const w = window as unknown as { nnft: { sample(o: unknown, r: unknown): Promise<unknown> } };
      const ac = new AbortController();
      try {
        await w.nnft.sample({
          arch: 'erf-net', width: 20, points: [-1, 0.2, 0.6], networks: 2_000_000, orders: [2, 4], seed: 11,
          signal: ac.signal,
          onProgress: (p: { done: number }) => {
            if (p.done >= 150_000) ac.abort();
          },
        }, runtime);
        return { name: 'none', networks: -1 };
      } catch (e) {
        const err = e as Error & { partial?: { networksDone: number } };
        return { name: err.name, networks: err.partial?.networksDone ?? -1 };
      }
    }, { ...RUNTIME, threads: 2 });
    expect(r.name).toBe('NnftAbortError');
    // Whole blocks only (32 blocks of 62 500 networks), at least the ones done before the abort.
    expect(r.networks).toBeGreaterThan(0);
    expect(r.networks % 62_500).toBe(0);
    expect(r.networks).toBeLessThan(2_000_000);
  });

  it('rejects with a clear error when the worker script or the module cannot be loaded', async () => {
    const noWorker = await inPage({ ...OPTIONS }, { wasmUrl: './nnft.wasm', workerUrl: './missing-worker.js', threads: 2 });
    expect('error' in noWorker && noWorker.error.message).toMatch(/worker/i);
    const noWasm = await inPage({ ...OPTIONS }, { wasmUrl: './missing.wasm', workerUrl: './nnft-worker.js', threads: 2 });
    expect('error' in noWasm && noWasm.error.message).toMatch(/cannot load nnft\.wasm .*404/);
    const bad = await inPage({ ...OPTIONS, width: -1 }, RUNTIME);
    expect('error' in bad && bad.error.name).toBe('NnftInputError');
  });
});
