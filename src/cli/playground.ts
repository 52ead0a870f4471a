/**
 * `nnft playground`: hands out the playground page (dist/playground/, made by `npm run build`) on
 * 127.0.0.1. The page computes everything itself, in Web Workers; this server only sends files.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CliError, parseIntegerFlag, type RawOptions } from './options.js';

/** The built page: dist/playground/ of the package, seen from src/cli/ and dist/cli/ alike. */
export const PLAYGROUND_DIR = fileURLToPath(new URL('../../dist/playground/', import.meta.url));

/** Port of `nnft playground` unless --port says otherwise. */
export const DEFAULT_PORT = 8765;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  // Browsers compile a module while it downloads only when it comes as application/wasm.
  '.wasm': 'application/wasm',
};

/** A running playground server. */
export interface PlaygroundServer {
  /** Where the page is, e.g. http://127.0.0.1:8765/ */
  readonly url: string;
  close(): Promise<void>;
}

/** The file under `dir` that a request path names, or undefined if it names none (or leaves `dir`). */
function fileOf(dir: string, urlPath: string): string | undefined {
  let name: string;
  try {
    name = decodeURIComponent(new URL(urlPath, 'http://localhost').pathname);
  } catch {
    return undefined;
  }
  const file = path.resolve(dir, `.${name === '/' ? '/index.html' : name}`);
  return file.startsWith(path.resolve(dir) + path.sep) ? file : undefined;
}

async function handle(dir: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }
  const file = fileOf(dir, req.url ?? '/');
  let body: Buffer;
  try {
    if (file === undefined) throw new Error('outside');
    body = await readFile(file);
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
    return;
  }
  res.writeHead(200, {
    'content-type': MIME[path.extname(file)] ?? 'application/octet-stream',
    'content-length': body.length,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/**
 * Serves `dir` (default: the built playground) on 127.0.0.1:`port` (0: any free port). Rejects with
 * a CliError when the page is not built or the port is taken.
 */
export async function servePlayground(o: { port?: number; dir?: string } = {}): Promise<PlaygroundServer> {
  const dir = o.dir ?? PLAYGROUND_DIR;
  const port = o.port ?? DEFAULT_PORT;
  if (!existsSync(path.join(dir, 'index.html'))) {
    throw new CliError(`the playground is not built (${path.join(dir, 'index.html')} is missing): run \`npm run build\``, 1);
  }
  const server = createServer((req, res) => {
    handle(dir, req, res).catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(e.code === 'EADDRINUSE' ? new CliError(`--port ${port} is in use: choose another, or --port 0 for any free port`, 1) : e));
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    url,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

/** Opens `url` in the desktop's browser; resolves to an error message if that cannot be done. */
function openBrowser(url: string): Promise<string | undefined> {
  const [cmd, args] = process.platform === 'darwin' ? ['open', [url]]
    : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]]
    : ['xdg-open', [url]];
  return new Promise((resolve) => {
    const child = spawn(cmd, args as string[], { detached: true, stdio: 'ignore' });
    child.once('error', (e) => resolve(`${cmd}: ${e.message}`));
    child.once('spawn', () => {
      child.unref();
      resolve(undefined);
    });
  });
}

/** What `nnft playground` needs from the process: where to write, and the Ctrl-C that stops it. */
export interface PlaygroundIO {
  out(text: string): void;
  err(line: string): void;
  signals: {
    on(event: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
    removeListener(event: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
  };
}

/** `nnft playground [--port P] [--open]`: serves the page until SIGINT or SIGTERM; resolves to the exit code. */
export async function playground(opts: RawOptions, io: PlaygroundIO): Promise<number> {
  const port = opts.port === undefined ? DEFAULT_PORT : parseIntegerFlag('--port', opts.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new CliError(`--port must be an integer in [0, 65535] (0: any free port). Value: ${JSON.stringify(opts.port)}.`);
  }
  const server = await servePlayground({ port });
  io.out(`nnft playground: ${server.url} (Ctrl-C stops it)\n`);
  if (opts.open) {
    const failed = await openBrowser(server.url);
    if (failed) io.err(`nnft: could not open a browser (${failed}); open ${server.url} yourself`);
  }
  await new Promise<void>((resolve) => {
    const stop = () => {
      io.signals.removeListener('SIGINT', stop);
      io.signals.removeListener('SIGTERM', stop);
      resolve();
    };
    io.signals.on('SIGINT', stop);
    io.signals.on('SIGTERM', stop);
  });
  await server.close();
  return 0;
}
