// Builds the browser distribution of nnft into dist/browser/:
//   nnft.js          ES module, the library (src/browser.ts)
//   nnft-worker.js   ES module, the Web Worker entry (src/sample/browser-worker.ts)
//   nnft.wasm        a copy of build/nnft.wasm (run `npm run build:wasm` first)
// Fails loudly (exit code 1) if anything Node-only would end up in either bundle.
import path from 'node:path';
import { bundleForBrowser, root, runScript } from './browser-bundle.js';

runScript('build-browser', () => bundleForBrowser({
  entryPoints: { nnft: 'src/browser.ts', 'nnft-worker': 'src/sample/browser-worker.ts' },
  outDir: path.join(root, 'dist', 'browser'),
}));
