import { readFile } from 'node:fs/promises';

let compiled: Promise<WebAssembly.Module> | undefined;

/** URL of build/nnft.wasm (the same relative place from src/ and from dist/). */
export const WASM_URL = new URL('../../build/nnft.wasm', import.meta.url);

/** Compiles build/nnft.wasm once per process; workers instantiate the shared module. */
export function nodeWasmModule(): Promise<WebAssembly.Module> {
  compiled ??= readFile(WASM_URL).then(
    (bytes) => WebAssembly.compile(bytes),
    (err) => {
      compiled = undefined;
      throw new Error(`cannot read ${WASM_URL.pathname}: run \`npm run build\` first (${(err as Error).message})`);
    },
  );
  return compiled;
}
