import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Accumulator, Checkpoint, NnftAbortError, NnftFileError, NnftInputError, NnftRunError, sample, type NodeSampleOptions } from '../../src/index.js';
import { decodeCheckpoint } from '../../src/sample/checkpoint-file.js';
import { isCheckpointWriteFailure } from '../../src/sample/checkpoint.js';
import { NodePool } from '../../src/sample/node-pool.js';
import { planSample, runPlan } from '../../src/sample/sampler.js';

// One thread: tasks finish in order, so a run cancelled after n networks has whole blocks to keep.
const base: NodeSampleOptions = {
  arch: 'erf-net', width: 30, points: [-1, 0.2, 0.6], networks: 20_000, orders: [2, 4], seed: 91, threads: 1,
};

const bits = (acc: Accumulator) => acc.blocks().map((b) => [b.index, b.n0, b.n1, ...b.sums]);

/** The accumulators a checkpoint file holds. */
const saved = (file: string): Accumulator[] => [...decodeCheckpoint(readFileSync(file), file).runs.values()];

/** Rejection of `p`, or a failure if it resolves. */
async function rejection(p: Promise<unknown>): Promise<any> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

/** Runs `o` with a checkpoint and cancels it once `after` networks are done; returns the error. */
function cancelled(o: NodeSampleOptions, after: number): Promise<any> {
  const controller = new AbortController();
  return rejection(sample({ ...o, signal: controller.signal, onProgress: (p) => p.done >= after && controller.abort() }));
}

describe('sample with a checkpoint', () => {
  let dir: string;
  let whole: Awaited<ReturnType<typeof sample>>;
  /** A complete checkpoint of a small run (`small`), started with `resume` and no file. */
  const small: NodeSampleOptions = { ...base, networks: 2000 };
  let smallFile: string;
  let smallBits: ReturnType<typeof bits>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nnft-checkpoint-'));
    whole = await sample(base);
    smallFile = join(dir, 'small.ckpt');
    smallBits = bits((await sample({ ...small, checkpoint: { file: smallFile, resume: true } })).accumulator);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the finished blocks of a cancelled run and resumes with only the missing ones, bit for bit', async () => {
    const file = join(dir, 'run.ckpt');
    const e = await cancelled({ ...base, checkpoint: { file } }, 6000);
    expect(e).toBeInstanceOf(NnftAbortError);
    const partial = e.partial as Accumulator;
    expect(partial.blocks().length).toBeGreaterThan(0);
    expect(partial.complete).toBe(false);
    const [inFile] = saved(file);
    expect(bits(inFile)).toEqual(bits(partial));

    let total: number | undefined;
    const r = await sample({ ...base, checkpoint: { file, resume: true }, onProgress: (p) => (total = p.total) });
    expect(total).toBe(base.networks - partial.networksDone);
    expect(bits(r.accumulator)).toEqual(bits(whole.accumulator));
    expect(r.toJSON()).toEqual(whole.toJSON());
    expect(saved(file)[0].complete).toBe(true);

    // A complete checkpoint gives the result again without sampling anything.
    let calls = 0;
    const again = await sample({ ...base, checkpoint: { file, resume: true }, onProgress: () => calls++ });
    expect(calls).toBe(0);
    expect(again.toJSON()).toEqual(whole.toJSON());
  });

  it('resumes a shard from its own checkpoint to the blocks of that shard in the unsplit run', async () => {
    const file = join(dir, 'shard.ckpt');
    const shard = { index: 1, count: 2 };
    const e = await cancelled({ ...base, shard, checkpoint: { file } }, 3000);
    expect(e.partial.blocks().length).toBeGreaterThan(0);
    const rest = await sample({ ...base, shard, checkpoint: { file, resume: true } });
    expect(bits(rest.accumulator)).toEqual(bits(whole.accumulator).slice(16));
  });

  it('starts a new run when resume finds no file, and refuses an existing file without resume', async () => {
    expect(bits(saved(smallFile)[0])).toEqual(smallBits);
    expect(smallBits).toHaveLength(32);
    const e = await rejection(sample({ ...small, checkpoint: { file: smallFile } }));
    expect(e).toBeInstanceOf(NnftInputError);
    expect(e.field).toBe('checkpoint.file');
  });

  it('refuses a checkpoint of another configuration, naming the field, before any work', async () => {
    const file = smallFile;
    const before = readFileSync(file);
    const changes: [string, Partial<NodeSampleOptions>][] = [
      ['arch', { arch: 'relu-net' }],
      ['width', { width: 31 }],
      ['points', { points: [-1, 0.2, 0.7] }],
      ['dOut', { dOut: 2 }],
      ['seed', { seed: 92 }],
      ['networks', { networks: 2001 }],
      ['orders', { orders: [2, 4, 6] }],
      ['estimator', { estimator: 'direct' }],
      ['sw', { sw: 1.5 }],
      ['mb', { mb: 0.1 }],
      ['blocks', { blocks: 16 }],
      ['shard', { shard: { index: 0, count: 2 } }],
    ];
    for (const [field, change] of changes) {
      let progressed = false;
      const e = await rejection(
        sample({ ...small, ...change, checkpoint: { file, resume: true }, onProgress: () => (progressed = true) }),
      );
      expect(e, field).toBeInstanceOf(NnftFileError);
      expect(e.field, field).toBe(field);
      expect(e.message).toContain(`its ${field} is`);
      expect(progressed).toBe(false);
    }
    expect(readFileSync(file)).toEqual(before);
  });

  it('refuses corrupt, truncated, foreign and future-version files and leaves them untouched', async () => {
    const good = readFileSync(smallFile);
    const flipped = Uint8Array.from(good);
    flipped[Math.floor(good.length / 2)] ^= 0x10;
    // Rewrites the index with another version and a valid digest: only the version is wrong.
    const reversioned = (() => {
      const len = good.readUInt32LE(8);
      const index = JSON.parse(good.subarray(12, 12 + len).toString('utf8'));
      const head = Buffer.from(JSON.stringify({ ...index, version: 2 }));
      const lenBytes = Buffer.alloc(4);
      lenBytes.writeUInt32LE(head.length);
      const body = Buffer.concat([good.subarray(0, 8), lenBytes, head, good.subarray(12 + len, good.length - 32)]);
      return Buffer.concat([body, createHash('sha256').update(body).digest()]);
    })();
    const accumulator = whole.accumulator.toBytes();
    const cases: [string, Uint8Array, string][] = [
      ['empty', new Uint8Array(0), 'file'],
      ['flipped byte', flipped, 'file'],
      ['text', Buffer.from('{"not": "a checkpoint"}\n'.repeat(4)), 'file'],
      ['accumulator', accumulator, 'file'],
      ['version 2', reversioned, 'version'],
      ...[1, 12, 50, Math.floor(good.length / 2), good.length - 1].map((n): [string, Uint8Array, string] => [`first ${n} bytes`, good.subarray(0, n), 'file']),
    ];
    for (const [what, bytes, field] of cases) {
      const bad = join(dir, 'bad.ckpt');
      writeFileSync(bad, bytes);
      const e = await rejection(sample({ ...small, checkpoint: { file: bad, resume: true } }));
      expect(e, what).toBeInstanceOf(NnftFileError);
      expect(e.field, what).toBe(field);
      expect(readFileSync(bad), what).toEqual(Buffer.from(bytes));
    }
  });

  it('checks its options', async () => {
    const file = join(dir, 'options.ckpt');
    const bad: [unknown, string][] = [
      [null, 'checkpoint'],
      ['run.ckpt', 'checkpoint'],
      [{}, 'checkpoint.file'],
      [{ file: '' }, 'checkpoint.file'],
      [{ file, resume: 'yes' }, 'checkpoint.resume'],
      [{ file, intervalSeconds: 0 }, 'checkpoint.intervalSeconds'],
      [{ file, intervalSeconds: -1 }, 'checkpoint.intervalSeconds'],
      [{ file, intervalSeconds: Number.NaN }, 'checkpoint.intervalSeconds'],
      [{ file, intervalSeconds: '5' }, 'checkpoint.intervalSeconds'],
      [{ file: join(dir, 'no-such-dir', 'x.ckpt') }, 'checkpoint.file'],
    ];
    for (const [checkpoint, field] of bad) {
      const e = await rejection(sample({ ...base, checkpoint: checkpoint as any }));
      expect(e, field).toBeInstanceOf(NnftInputError);
      expect(e.field).toBe(field);
    }
    expect(existsSync(file)).toBe(false);
  });

  it('keeps the finished blocks in the error when the last write fails', async () => {
    const sub = mkdtempSync(join(dir, 'gone-'));
    const file = join(sub, 'run.ckpt');
    const e = await rejection(
      sample({
        ...small,
        checkpoint: { file, intervalSeconds: 3600 },
        onProgress: (p) => p.done === p.total && rmSync(sub, { recursive: true, force: true }),
      }),
    );
    expect(e).toBeInstanceOf(NnftRunError);
    expect(isCheckpointWriteFailure(e)).toBe(true);
    expect(bits(e.partial)).toEqual(smallBits);
  });
});

describe('a checkpoint of several runs (a sweep)', () => {
  it('skips finished runs, continues the interrupted one, keeps runs apart by configuration', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nnft-checkpoint-'));
    const file = join(dir, 'sweep.ckpt');
    const widths = [5, 40];
    const pool = await NodePool.create(1);
    try {
      const reference = [];
      for (const width of widths) reference.push(bits(await runPlan(pool, planSample({ ...base, width }))));

      // First attempt: the second width is cancelled part way.
      const first = await Checkpoint.open({ file }, { job: 'sweep', seed: base.seed });
      const controller = new AbortController();
      const abortAt = (p: { done: number }) => p.done >= 8000 && controller.abort();
      await first.closeAfter((async () => {
        await first.run(pool, planSample({ ...base, width: 5 }), {});
        await first.run(pool, planSample({ ...base, width: 40 }), { signal: controller.signal, onProgress: abortAt });
      })(), () => undefined).catch((e) => expect(e).toBeInstanceOf(NnftAbortError));
      expect(saved(file).map((a) => a.complete)).toEqual([true, false]);

      // Resumed: nothing of width 5 runs again, width 40 runs only its missing blocks.
      const cp = await Checkpoint.open({ file, resume: true }, { job: 'sweep', seed: base.seed });
      expect(cp.state).toMatchObject({ resumed: true, runs: 2, completeRuns: 1 });
      const totals: number[] = [];
      const results = [];
      for (const width of widths) {
        let total = 0;
        results.push(bits(await cp.run(pool, planSample({ ...base, width }), { onProgress: (p) => (total = p.total) })));
        totals.push(total);
      }
      await cp.close();
      expect(results).toEqual(reference);
      expect(totals[0]).toBe(0);
      expect(totals[1]).toBeGreaterThan(0);
      expect(totals[1]).toBeLessThan(base.networks);

      // Runs are keyed by their whole configuration: the same ensemble with another seed is a run of its own.
      const again = await Checkpoint.open({ file, resume: true }, { job: 'sweep', seed: base.seed });
      let total = 0;
      await again.run(pool, planSample({ ...base, width: 5, seed: 1, networks: 2000 }), { onProgress: (p) => (total = p.total) });
      await again.close();
      expect(total).toBe(2000);
      expect(saved(file)).toHaveLength(3);
      // A checkpoint of another job, or of the same job with other shared settings, is refused at open.
      await expect(Checkpoint.open({ file, resume: true }, { job: 'sweep', seed: 1 })).rejects.toMatchObject({ name: 'NnftFileError', field: 'seed' });
      await expect(Checkpoint.open({ file, resume: true }, { job: 'other', seed: base.seed })).rejects.toMatchObject({ field: 'job' });
    } finally {
      await pool.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
