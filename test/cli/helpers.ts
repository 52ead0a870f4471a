/** Helpers of the CLI tests: run `main` in-process with captured output in a scratch directory. */
import { EventEmitter } from 'node:events';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main, type CliIO } from '../../src/cli/main.js';

/** What a run of the command printed and returned. */
export interface RunOutput {
  code: number;
  stdout: string;
  stderr: string;
}

/** A text sink that records what is written. */
export class Capture {
  text = '';
  isTTY?: boolean;
  onWrite?: (chunk: string) => void;
  constructor(isTTY?: boolean) {
    this.isTTY = isTTY;
  }
  write(chunk: string | Uint8Array): boolean {
    const s = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    this.text += s;
    this.onWrite?.(s);
    return true;
  }
}

/** Runs `nnft <argv>` in-process in `cwd`, with no terminal, no CI variable and a private SIGINT source. */
export async function nnft(argv: string[], cwd: string, io: Partial<CliIO> = {}): Promise<RunOutput> {
  const stdout = (io.stdout as Capture | undefined) ?? new Capture();
  const stderr = (io.stderr as Capture | undefined) ?? new Capture();
  const code = await main(argv, { env: {}, cwd, signals: new EventEmitter(), ...io, stdout, stderr });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** A fresh scratch directory; `cleanup` removes it. */
export function scratchDir(): { dir: string; files: () => string[]; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'nnft-cli-'));
  return { dir, files: () => readdirSync(dir).sort(), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Binomial coefficient C(n, k). */
export function binomial(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return Math.round(c);
}

/** Small, fast run flags (6 points, orders 2 and 4). */
export const SMALL = ['--width', '20', '--networks', '4000', '--threads', '2', '--orders', '2,4', '--seed', '11'];
