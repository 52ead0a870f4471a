import { readFile } from 'node:fs/promises';

let compiled: Promise<WebAssembly.Module> | undefined;

/** URL of build/train.wasm (the same relative place from src/ and from dist/). */
export const TRAIN_WASM_URL = new URL('../../build/train.wasm', import.meta.url);

/** Compiles build/train.wasm once per process; workers instantiate the shared module. */
export function trainWasmModule(): Promise<WebAssembly.Module> {
  compiled ??= readFile(TRAIN_WASM_URL).then(
    (bytes) => WebAssembly.compile(bytes),
    (err) => {
      compiled = undefined;
      throw new Error(`cannot read ${TRAIN_WASM_URL.pathname}: run \`npm run build\` first (${(err as Error).message})`);
    },
  );
  return compiled;
}
