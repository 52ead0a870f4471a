// Compiles nnft.wasm in the browser (or any host with fetch and WebAssembly). No Node-only APIs.

const compiled = new Map<string, Promise<WebAssembly.Module>>();

/** Resolves `url` the way fetch and `new Worker` do: against the document's (or worker's) base URL. */
export function resolveUrl(url: string | URL): string {
  const base = (globalThis as { location?: { href: string } }).location?.href;
  return base === undefined ? new URL(url).href : new URL(url, base).href;
}

async function compile(href: string): Promise<WebAssembly.Module> {
  const response = await fetch(href);
  if (!response.ok) throw new Error(`cannot fetch ${href}: HTTP ${response.status} ${response.statusText}`);
  const type = response.headers.get('content-type') ?? '';
  // Streaming compilation needs the application/wasm MIME type; some servers send another, and some
  // hosts lack compileStreaming: both fall back to reading the whole body and compiling it.
  if (typeof WebAssembly.compileStreaming === 'function' && /^application\/wasm\b/i.test(type)) {
    try {
      return await WebAssembly.compileStreaming(response.clone());
    } catch {
      // fall through: a genuinely invalid module fails again below with the engine's message
    }
  }
  return WebAssembly.compile(await response.arrayBuffer());
}

/**
 * Fetches and compiles nnft.wasm from `url` once per page (per resolved URL); every worker of every
 * run instantiates the same structured-cloned `WebAssembly.Module`. A failed compilation is not
 * cached, so a later call tries again.
 */
export function browserWasmModule(url: string | URL): Promise<WebAssembly.Module> {
  const href = resolveUrl(url);
  let module = compiled.get(href);
  if (!module) {
    module = compile(href).catch((err: unknown) => {
      compiled.delete(href);
      throw new Error(`cannot load nnft.wasm from ${href}: ${(err as Error)?.message ?? err}`, { cause: err });
    });
    compiled.set(href, module);
  }
  return module;
}
