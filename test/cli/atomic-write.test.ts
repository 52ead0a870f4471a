import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeAtomically } from '../../src/atomic-write.js';

describe('writeAtomically', () => {
  it('replaces a regular file whole', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nnft-aw-'));
    const path = join(dir, 'out.json');
    await writeAtomically([{ path, data: 'old' }]);
    await writeAtomically([{ path, data: 'new' }]);
    expect(readFileSync(path, 'utf8')).toBe('new');
  });

  it('writes through a pipe instead of renaming over it (as for /dev/null or /dev/stdout)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nnft-aw-'));
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const reader = spawn('cat', [fifo]);
    let read = '';
    reader.stdout.on('data', (d) => (read += d));
    const closed = new Promise((r) => reader.on('close', r));
    await writeAtomically([{ path: fifo, data: 'through the pipe' }]);
    await closed;
    expect(read).toBe('through the pipe');
    expect(statSync(fifo).isFIFO()).toBe(true);
  });
});
