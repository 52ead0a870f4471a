/** Writing files so that a reader, or a process killed mid-write, never leaves a half-written one (Node only). */
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { open, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** One file to write. */
export interface OutputFile {
  readonly path: string;
  readonly data: string | Uint8Array;
}

/** `.name.<pid>.<random>.tmp` beside `path`: the temporary file a write goes through. */
const TEMP = /^\.(.*)\.(\d+)\.[0-9a-f]{8}\.tmp$/;

function tempName(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/** Writes `data` to a new file and flushes it to the disk before returning. */
async function writeDurably(path: string, data: string | Uint8Array): Promise<void> {
  const file = await open(path, 'wx');
  try {
    await file.writeFile(data);
    await file.sync();
  } finally {
    await file.close();
  }
}

/**
 * Writes every file to a temporary name beside it (flushed to the disk), then renames them all
 * into place: a reader never sees a half-written file, a kill at any moment leaves either the old
 * or the new content, and a failure leaves no output behind.
 */
export async function writeAtomically(files: readonly OutputFile[]): Promise<void> {
  const temps: { tmp: string; path: string }[] = [];
  try {
    for (const f of files) {
      // A device or pipe (/dev/null, /dev/stdout, a FIFO) must be written through, never renamed over.
      if (await isSpecialFile(f.path)) {
        await writeFile(f.path, f.data);
        continue;
      }
      const tmp = tempName(f.path);
      temps.push({ tmp, path: f.path });
      await writeDurably(tmp, f.data);
    }
    for (const t of temps) await rename(t.tmp, t.path);
  } catch (e) {
    await Promise.all(temps.map((t) => unlink(t.tmp).catch(() => {})));
    throw e;
  }
}

async function isSpecialFile(path: string): Promise<boolean> {
  try {
    return !(await stat(path)).isFile();
  } catch {
    return false; // does not exist yet
  }
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Removes the temporary files of writes to `path` whose process no longer runs (killed between
 * writing and renaming). Files of live processes are left alone.
 */
export async function removeStaleTemps(path: string): Promise<void> {
  let names: string[];
  try {
    names = readdirSync(dirname(path));
  } catch {
    return;
  }
  const base = basename(path);
  for (const name of names) {
    const m = TEMP.exec(name);
    if (m && m[1] === base && Number(m[2]) !== process.pid && !alive(Number(m[2]))) {
      await unlink(join(dirname(path), name)).catch(() => {});
    }
  }
}
