/** Files of the `nnft` command: checks of output paths before a run, atomic writes after it. */
import { randomBytes } from 'node:crypto';
import { accessSync, constants, statSync } from 'node:fs';
import { rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { CliError } from './options.js';

/**
 * Checks, before any work, that `path` (given to `flag`) can be written: not a directory, in an
 * existing writable directory. Returns the absolute path.
 */
export function checkOutputPath(flag: string, path: string, cwd: string): string {
  if (path === '') throw new CliError(`${flag} needs a file name. Value: "".`);
  const abs = resolve(cwd, path);
  let isDir = false;
  try {
    isDir = statSync(abs).isDirectory();
  } catch {
    // does not exist yet: fine
  }
  if (isDir) throw new CliError(`${flag} names a directory, not a file. Value: ${JSON.stringify(path)}.`);
  const dir = dirname(abs);
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a directory');
    accessSync(dir, constants.W_OK);
  } catch {
    throw new CliError(`${flag} must be in an existing, writable directory (${JSON.stringify(dir)} is not). Value: ${JSON.stringify(path)}.`);
  }
  return abs;
}

/** One file to write. */
export interface OutputFile {
  readonly path: string;
  readonly data: string | Uint8Array;
}

/**
 * Writes every file to a temporary name beside it, then renames them all into place: a reader
 * never sees a half-written file, and a failure leaves no output behind.
 */
export async function writeAtomically(files: readonly OutputFile[]): Promise<void> {
  const temps: { tmp: string; path: string }[] = [];
  try {
    for (const f of files) {
      const tmp = join(dirname(f.path), `.${basename(f.path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
      temps.push({ tmp, path: f.path });
      await writeFile(tmp, f.data);
    }
    for (const t of temps) await rename(t.tmp, t.path);
  } catch (e) {
    await Promise.all(temps.map((t) => unlink(t.tmp).catch(() => {})));
    throw e;
  }
}
