// The package as a consumer sees it (installed as node_modules/nnft): its `exports` map sends Node to
// dist/index.js and a bundler targeting browsers to the self-contained dist/browser/nnft.js, with
// the matching types, and hands out the worker and the WebAssembly the browser build fetches.
// Needs the build (`npm run build`): dist/.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = realpathSync(fileURLToPath(new URL('../..', import.meta.url)));

describe('the package exports (a consumer with nnft in node_modules)', () => {
  let dir: string;

  beforeAll(() => {
    for (const f of ['dist/index.js', 'dist/index.d.ts', 'dist/browser.d.ts', 'dist/browser/nnft.js', 'dist/browser/nnft-worker.js', 'dist/browser/nnft.wasm']) {
      if (!existsSync(path.join(root, f))) throw new Error(`${f} is missing: run \`npm run build\` first`);
    }
    dir = mkdtempSync(path.join(tmpdir(), 'nnft-consumer-'));
    mkdirSync(path.join(dir, 'node_modules'));
    symlinkSync(root, path.join(dir, 'node_modules', 'nnft'), 'dir');
    writeFileSync(path.join(dir, 'package.json'), '{ "type": "module", "private": true }\n');
    writeFileSync(path.join(dir, 'app.js'), [
      "import { sample, architectureNames } from 'nnft';",
      'export const names = architectureNames();',
      'export const run = (threads) => sample({ arch: "erf-net", width: 5, points: [0.2, 0.6], networks: 2000, orders: [2, 4], seed: 3 }, { threads });',
      '',
    ].join('\n'));
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Bundles app.js for `platform` and returns the package files that went in. */
  async function bundledFiles(platform: 'browser' | 'node'): Promise<{ files: string[]; code: string }> {
    const result = await build({
      absWorkingDir: dir, entryPoints: ['app.js'], bundle: true, format: 'esm', platform, write: false, metafile: true,
      outfile: path.join(dir, 'out', 'app.js'), logLevel: 'silent', external: platform === 'node' ? ['piscina', 'commander', 'cli-progress'] : [],
    });
    const files = Object.keys(result.metafile.inputs).map((f) => path.relative(root, path.resolve(dir, f)).replaceAll('\\', '/'));
    return { files, code: result.outputFiles.find((f) => f.path.endsWith('.js'))!.text };
  }

  it('bundles for the browser from dist/browser/nnft.js, which finds its worker and WebAssembly beside the bundle', async () => {
    const { files, code } = await bundledFiles('browser');
    expect(files).toContain('dist/browser/nnft.js');
    expect(files.filter((f) => f.startsWith('dist/') && f !== 'dist/browser/nnft.js')).toStrictEqual([]);
    expect(code).toContain('new URL("./nnft.wasm", import.meta.url)');
    expect(code).toContain('new URL("./nnft-worker.js", import.meta.url)');
    expect(code).not.toMatch(/\bfrom\s*"node:|require\("node:|piscina/);
  });

  it('bundles for Node from dist/index.js', async () => {
    const { files } = await bundledFiles('node');
    expect(files).toContain('dist/index.js');
    expect(files).not.toContain('dist/browser/nnft.js');
  });

  it('imports in Node (the `import` condition) and resolves the browser files by their subpaths', () => {
    const script = [
      "const m = await import('nnft');",
      'const r = await m.sample({ arch: "erf-net", width: 5, points: [0.2, 0.6], networks: 2000, orders: [2, 4], seed: 3, threads: 1 });',
      "console.log(JSON.stringify({ main: import.meta.resolve('nnft'), worker: import.meta.resolve('nnft/browser/nnft-worker.js'),",
      "  wasm: import.meta.resolve('nnft/browser/nnft.wasm'), networks: r.networks, g2: r.moment(0, 1) }));",
    ].join('\n');
    const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: dir, encoding: 'utf8' }));
    const real = (url: string) => path.relative(root, realpathSync(fileURLToPath(url))).replaceAll('\\', '/');
    expect(real(out.main)).toBe('dist/index.js');
    expect(real(out.worker)).toBe('dist/browser/nnft-worker.js');
    expect(real(out.wasm)).toBe('dist/browser/nnft.wasm');
    expect(out.networks).toBe(2000);
    expect(Number.isFinite(out.g2)).toBe(true);
  });

  it('gives a browser consumer the browser types and a Node consumer the Node types', () => {
    const typesOf = (specifier: string, options: ts.CompilerOptions) => {
      const r = ts.resolveModuleName(specifier, path.join(dir, 'app.ts'), options, ts.sys).resolvedModule?.resolvedFileName;
      return r && path.relative(root, realpathSync(r)).replaceAll('\\', '/');
    };
    const bundler = { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler };
    const node = { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext };
    expect(typesOf('nnft', { ...bundler, customConditions: ['browser'] })).toBe('dist/browser.d.ts');
    expect(typesOf('nnft/browser', bundler)).toBe('dist/browser.d.ts');
    expect(typesOf('nnft', bundler)).toBe('dist/index.d.ts');
    expect(typesOf('nnft', node)).toBe('dist/index.d.ts');
  });
});
