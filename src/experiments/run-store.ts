/**
 * The finished runs of a sweep, one JSON object per line (JSONL) in the report folder, so that an
 * interrupted sweep resumes from what it finished. Each line is appended by one write as its run
 * finishes; a line cut off by a kill is dropped (and the file truncated before it) when the store is
 * opened again. Records carry the sweep's settings fingerprint: records of other settings are kept
 * in the file but not reused.
 *
 * @module
 */
import { appendFile, mkdir, readFile, truncate } from 'node:fs/promises';
import { dirname } from 'node:path';
import { NnftFileError } from '../errors.js';

/** One line of the store. */
export interface StoredRun<R> {
  key: string;
  fingerprint: string;
  result: R;
}

export class RunStore<R> {
  readonly file: string;
  readonly fingerprint: string;
  private readonly done = new Map<string, R>();
  /** Lines of the file that were cut off by an interrupted write and dropped. */
  readonly dropped: number;

  private constructor(file: string, fingerprint: string, dropped: number) {
    this.file = file;
    this.fingerprint = fingerprint;
    this.dropped = dropped;
  }

  /** Opens (or starts) the store at `file` for runs of settings `fingerprint`. */
  static async open<R>(file: string, fingerprint: string): Promise<RunStore<R>> {
    let text = '';
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new NnftFileError('file', file, `cannot read the finished runs: ${(e as Error).message}`);
    }
    const complete = text.lastIndexOf('\n') + 1;
    const dropped = complete < text.length ? 1 : 0;
    if (dropped) await truncate(file, Buffer.byteLength(text.slice(0, complete)));
    const store = new RunStore<R>(file, fingerprint, dropped);
    const lines = text.slice(0, complete).split('\n').filter((l) => l.trim() !== '');
    for (const [i, line] of lines.entries()) {
      let rec: StoredRun<R>;
      try {
        rec = JSON.parse(line) as StoredRun<R>;
      } catch {
        throw new NnftFileError('file', file, `line ${i + 1} of the finished runs is not JSON; remove the line (or the file) to continue`);
      }
      if (rec.fingerprint === fingerprint && typeof rec.key === 'string') store.done.set(rec.key, rec.result);
    }
    await mkdir(dirname(file), { recursive: true });
    return store;
  }

  /** The stored result of run `key` under this fingerprint. */
  get(key: string): R | undefined {
    return this.done.get(key);
  }

  get size(): number {
    return this.done.size;
  }

  /** Appends a finished run (one write of one line). */
  async add(key: string, result: R): Promise<void> {
    const line = `${JSON.stringify({ key, fingerprint: this.fingerprint, result } satisfies StoredRun<R>)}\n`;
    await appendFile(this.file, line);
    this.done.set(key, result);
  }
}
