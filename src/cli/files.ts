/** Files of the `nnft` command: checks of output paths before a run, atomic writes after it. */
import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CliError } from './options.js';

export { writeAtomically, type OutputFile } from '../atomic-write.js';

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
