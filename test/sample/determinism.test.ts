import { describe, expect, it } from 'vitest';
import { merge, sample, Accumulator, type SampleOptions } from '../../src/index.js';
import { planSample, runPlan } from '../../src/sample/sampler.js';
import { NodePool } from '../../src/sample/node-pool.js';

const base: SampleOptions = {
  arch: 'erf-net', width: 30, points: [-1, 0.2, 0.6], networks: 20_003, orders: [1, 2, 3, 4], seed: 2024, mw: 0.1,
};

const bits = (acc: Accumulator) => acc.blocks().map((b) => [b.index, b.n0, b.n1, ...b.sums]);

describe('a seed fixes every bit of a run', () => {
  it('gives identical sums, moments and errors on 1, 2 and 8 threads', async () => {
    const runs = await Promise.all([1, 2, 8].map((threads) => sample({ ...base, threads })));
    const [one, ...rest] = runs;
    for (const r of rest) {
      expect(bits(r.accumulator)).toEqual(bits(one.accumulator));
      expect(r.toJSON()).toEqual(one.toJSON());
    }
  });

  it('gives the unsplit run back, bit for bit, from three shards merged in any order', async () => {
    const whole = await sample({ ...base, threads: 2 });
    const shards = await Promise.all([0, 1, 2].map((index) => sample({ ...base, threads: 2, shard: { index, count: 3 } })));
    for (const s of shards) expect(s.accumulator.complete).toBe(false);
    const merged = merge(shards[2], shards[0], shards[1]);
    expect(merged.accumulator.complete).toBe(true);
    expect(bits(merged.accumulator)).toEqual(bits(whole.accumulator));
    expect(merged.toJSON()).toEqual(whole.toJSON());
  });

  it('keeps the requested number of blocks, each its own network range, summing to the run', async () => {
    const r = await sample({ ...base, networks: 10_000, blocks: 10, threads: 2 });
    const blocks = r.accumulator.blocks();
    expect(blocks.map((b) => [b.n0, b.n1])).toEqual(Array.from({ length: 10 }, (_, i) => [1000 * i, 1000 * (i + 1)]));
    const { sums } = r.accumulator.totals();
    for (let i = 0; i < sums.length; i++) expect(blocks.reduce((s, b) => s + b.sums[i], 0)).toBe(sums[i]);
  });

  it('survives serialisation: bytes -> accumulator -> bytes is the identity, and results are equal', async () => {
    const r = await sample({ ...base, networks: 5000, threads: 2 });
    const bytes = r.accumulator.toBytes();
    const back = Accumulator.fromBytes(bytes);
    expect(back.toBytes()).toEqual(bytes);
    expect(merge(back).toJSON()).toEqual(r.toJSON());
  });

  it('changes with the seed', async () => {
    const [a, b] = await Promise.all([sample({ ...base, networks: 2000 }), sample({ ...base, networks: 2000, seed: 2025 })]);
    expect(a.moment(0, 0)).not.toBe(b.moment(0, 0));
  });
});

describe('fault tolerance', () => {
  it('replaces a worker that dies mid-task, redoes its range and still gives the same bits', async () => {
    const plan = planSample({ ...base, threads: 2 });
    const clean = await sample({ ...base, threads: 2 });
    const pool = await NodePool.create(2);
    try {
      const retried: number[] = [];
      const acc = await runPlan(pool, plan, {}, { crashTasks: [1, 4], onRetry: (t) => retried.push(t) });
      expect(retried.sort()).toEqual([1, 4]);
      expect(bits(acc)).toEqual(bits(clean.accumulator));
    } finally {
      await pool.close();
    }
  });

  it('keeps every finished block when cancelled, and the finished blocks merge with the rest of the run', async () => {
    const controller = new AbortController();
    const opts = { ...base, networks: 200_000, width: 200, threads: 2 };
    let partial: Accumulator | undefined;
    try {
      await sample({ ...opts, signal: controller.signal, onProgress: (p) => { if (p.done > 60_000) controller.abort(); } });
    } catch (e: any) {
      expect(e.name).toBe('NnftAbortError');
      partial = e.partial;
    }
    expect(partial).toBeDefined();
    expect(partial!.blocks().length).toBeGreaterThan(0);
    expect(partial!.complete).toBe(false);
    const whole = await sample(opts);
    const mine = new Map(whole.accumulator.blocks().map((b) => [b.index, b]));
    for (const b of partial!.blocks()) expect([...b.sums]).toEqual([...mine.get(b.index)!.sums]);
  });
});
