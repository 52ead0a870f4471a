// Bundles browser entry points with esbuild and refuses any that pull in Node-only code. Shared by
// scripts/build-browser.js (the library) and scripts/build-playground.js (the playground page).
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, rm, stat } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** The repository root. */
export const root = fileURLToPath(new URL('..', import.meta.url));
/** The compiled kernels every browser build ships next to its bundles. */
export const wasm = path.join(root, 'build', 'nnft.wasm');

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
  [/\bprocess\.(env|exit|argv|versions|platform|cwd|on)\b/, 'process', 'process'],
  [/\bBuffer\.(from|alloc|concat|isBuffer)\b/, 'Buffer', 'Buffer'],
  [/\b__dirname\b|\b__filename\b/, '__dirname/__filename'],
  [/Dynamic require of/, 'require() (a CommonJS dependency)'],
];

/**
 * A third-party file may name a Node global on a line that first tests `typeof <global>` (vega-loader
 * asks `typeof Buffer === 'function'`): that runs in a browser, so it is not a problem.
 */
const guardedUse = (input, source, pattern, global) =>
  global !== undefined && input.includes('node_modules/') &&
  source.split('\n').filter((line) => pattern.test(line)).every((line) => line.includes(`typeof ${global}`));

/** Problems of a finished build: Node-only sources or packages among its inputs, Node globals in its output. */
async function nodeOnlyProblems(result) {
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
    for (const [pattern, what, global] of NODE_GLOBALS) {
      if (!pattern.test(code)) continue;
      const from = [];
      let guarded = 0;
      for (const input of Object.keys(info.inputs)) {
        const source = await readFile(path.join(root, input), 'utf8').catch(() => '');
        if (!pattern.test(source)) continue;
        if (guardedUse(input, source, pattern, global)) guarded++;
        else from.push(input);
      }
      if (from.length === 0 && guarded > 0) continue;
      problems.push(`${output} uses the Node global ${what}${from.length > 0 ? ` (in ${from.join(', ')})` : ''}`);
    }
  }
  return problems;
}

/**
 * Empties `outDir`, bundles `entryPoints` ({ outputName: sourcePath }) into it as ES modules for the
 * browser, copies build/nnft.wasm and the `assets` ({ outputName: sourcePath }) beside them, and
 * prints the sizes. Throws (leaving no half-built folder) if Node-only code would be shipped.
 */
export async function bundleForBrowser({ entryPoints, outDir, assets = {}, minify = false }) {
  if (!existsSync(wasm)) throw new Error(`${path.relative(root, wasm)} is missing: run \`npm run build:wasm\` first`);
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints,
    outdir: outDir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    sourcemap: 'linked',
    minify,
    metafile: true,
    write: true,
    logLevel: 'warning',
    plugins: [noNodeBuiltins],
  });
  const problems = await nodeOnlyProblems(result);
  if (problems.length > 0) {
    await rm(outDir, { recursive: true, force: true });
    throw new Error(`the browser build pulls in Node-only code:\n  - ${problems.join('\n  - ')}`);
  }
  const copies = { 'nnft.wasm': wasm, ...Object.fromEntries(Object.entries(assets).map(([k, v]) => [k, path.join(root, v)])) };
  for (const [name, from] of Object.entries(copies)) await copyFile(from, path.join(outDir, name));
  const shipped = [...Object.keys(entryPoints).map((name) => `${name}.js`), ...Object.keys(copies)];
  for (const f of shipped) {
    const { size } = await stat(path.join(outDir, f));
    console.log(`  ${path.relative(root, path.join(outDir, f)).padEnd(34)} ${(size / 1024).toFixed(1).padStart(8)} KiB`);
  }
}

/** Runs a build script's main(), printing its error in one line and setting a failing exit code. */
export function runScript(name, main) {
  main().catch((err) => {
    console.error(`${name}: ${err?.message ?? err}`);
    process.exitCode = 1;
  });
}
