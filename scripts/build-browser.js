// Builds the browser distribution of nnft into dist/browser/:
//   nnft.js          ES module, the library (src/browser.ts)
//   nnft-worker.js   ES module, the Web Worker entry (src/sample/browser-worker.ts)
//   nnft.wasm        a copy of build/nnft.wasm (run `npm run build:wasm` first)
// Fails loudly (exit code 1) if anything Node-only would end up in either bundle.
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, rm, stat } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = path.join(root, 'dist', 'browser');
const wasm = path.join(root, 'build', 'nnft.wasm');

/** Sources that use Node APIs: none of them may be reachable from a browser entry. */
const NODE_ONLY_SOURCES = [
  'src/index.ts',
  'src/sample/sample.ts',
  'src/sample/node-pool.ts',
  'src/sample/worker.ts',
  'src/sample/wasm-node.ts',
  'src/sample/source-worker.mjs',
  'src/cli/',
];
/** Packages that only run on Node. */
const NODE_ONLY_PACKAGES = ['piscina', 'tsx', 'commander', 'cli-progress'];

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const builtins = new RegExp(`^(node:.*|${builtinModules.map(escape).join('|')})(/.*)?$`);

/**
 * platform 'browser' already leaves node: imports unresolved, but a package's "browser" field can map
 * a builtin to an empty module without a word: reject every builtin outright, naming the importer.
 */
const noNodeBuiltins = {
  name: 'no-node-builtins',
  setup(b) {
    b.onResolve({ filter: builtins }, (args) => ({
      errors: [{
        text: `Node-only module "${args.path}" imported by ${path.relative(root, args.importer) || args.importer}: ` +
          'the browser build must not use Node APIs',
      }],
    }));
    const pkgs = new RegExp(`^(${NODE_ONLY_PACKAGES.map(escape).join('|')})(/.*)?$`);
    b.onResolve({ filter: pkgs }, (args) => ({
      errors: [{ text: `Node-only package "${args.path}" imported by ${path.relative(root, args.importer)}` }],
    }));
  },
};

/** Globals and shims of Node that esbuild leaves in the output without complaint. */
const NODE_GLOBALS = [
  [/\bprocess\.(env|exit|argv|versions|platform|cwd|on)\b/, 'process'],
  [/\bBuffer\.(from|alloc|concat|isBuffer)\b/, 'Buffer'],
  [/\b__dirname\b|\b__filename\b/, '__dirname/__filename'],
  [/Dynamic require of/, 'require() (a CommonJS dependency)'],
];

async function main() {
  if (!existsSync(wasm)) throw new Error(`${path.relative(root, wasm)} is missing: run \`npm run build:wasm\` first`);
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });

  const result = await build({
    absWorkingDir: root,
    entryPoints: { nnft: 'src/browser.ts', 'nnft-worker': 'src/sample/browser-worker.ts' },
    outdir: outDir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    sourcemap: 'linked',
    metafile: true,
    write: true,
    logLevel: 'warning',
    plugins: [noNodeBuiltins],
  });

  const problems = [];
  if (result.warnings.length > 0) problems.push(`${result.warnings.length} esbuild warning(s) (see above)`);
  for (const input of Object.keys(result.metafile.inputs)) {
    const file = input.replaceAll('\\', '/');
    if (NODE_ONLY_SOURCES.some((s) => (s.endsWith('/') ? file.startsWith(s) : file === s))) {
      problems.push(`Node-only source ${file} is in the browser bundle`);
    }
    if (NODE_ONLY_PACKAGES.some((p) => file.includes(`node_modules/${p}/`))) problems.push(`Node-only package file ${file} is in the browser bundle`);
  }
  for (const [output, info] of Object.entries(result.metafile.outputs)) {
    if (!output.endsWith('.js')) continue;
    const code = await readFile(path.join(root, output), 'utf8');
    for (const [pattern, what] of NODE_GLOBALS) {
      if (!pattern.test(code)) continue;
      const from = [];
      for (const input of Object.keys(info.inputs)) {
        const source = await readFile(path.join(root, input), 'utf8').catch(() => '');
        if (pattern.test(source)) from.push(input);
      }
      problems.push(`${output} uses the Node global ${what}${from.length > 0 ? ` (in ${from.join(', ')})` : ''}`);
    }
  }
  if (problems.length > 0) {
    await rm(outDir, { recursive: true, force: true });
    throw new Error(`the browser build pulls in Node-only code:\n  - ${problems.join('\n  - ')}`);
  }

  await copyFile(wasm, path.join(outDir, 'nnft.wasm'));
  for (const f of ['nnft.js', 'nnft-worker.js', 'nnft.wasm']) {
    const { size } = await stat(path.join(outDir, f));
    console.log(`  ${path.relative(root, path.join(outDir, f)).padEnd(30)} ${(size / 1024).toFixed(1).padStart(7)} KiB`);
  }
}

main().catch((err) => {
  console.error(`build-browser: ${err?.message ?? err}`);
  process.exitCode = 1;
});
