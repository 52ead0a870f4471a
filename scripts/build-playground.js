// Builds the playground page (playground/) into dist/playground/, a static site that needs no server
// beyond one that hands out files (`nnft playground` is one):
//   index.html, style.css   the page
//   playground.js           the page's code with the library, vega and vega-lite
//   nnft-worker.js          the sampling Web Worker (src/sample/browser-worker.ts)
//   theory-worker.js        the Web Worker that computes the predictions
//   nnft.wasm               a copy of build/nnft.wasm (run `npm run build:wasm` first)
import path from 'node:path';
import { bundleForBrowser, root, runScript } from './browser-bundle.js';

runScript('build-playground', () => bundleForBrowser({
  entryPoints: {
    playground: 'playground/main.ts',
    'nnft-worker': 'src/sample/browser-worker.ts',
    'theory-worker': 'playground/theory-worker.ts',
  },
  outDir: path.join(root, 'dist', 'playground'),
  assets: { 'index.html': 'playground/index.html', 'style.css': 'playground/style.css' },
  minify: true,
}));
