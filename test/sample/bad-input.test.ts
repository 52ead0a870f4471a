import { describe, expect, it } from 'vitest';
import { sample, NnftInputError, type SampleOptions } from '../../src/index.js';
import { planSample } from '../../src/sample/sampler.js';

const good: SampleOptions = { arch: 'relu-net', width: 10, points: [0.2, 0.4], networks: 1000, orders: [2, 4], seed: 7, threads: 1 };

// Each case: a change to a valid run, and the field the error must name.
const cases: [string, Partial<Record<keyof SampleOptions, unknown>>, string][] = [
  ['a NaN point', { points: [0.2, NaN] }, 'points[1][0]'],
  ['an infinite point', { points: [Infinity] }, 'points[0][0]'],
  ['a point whose dimension is not d_in', { dIn: 2, points: [[0.1, 0.2], [0.3]] }, 'points[1]'],
  ['a point that is not a number', { points: ['a'] }, 'points[0]'],
  ['no points', { points: [] }, 'points'],
  ['a negative width', { width: -3 }, 'width'],
  ['a zero width', { width: 0 }, 'width'],
  ['a fractional width', { width: 2.5 }, 'width'],
  ['an absurd width', { width: 1e9 }, 'width'],
  ['an unknown architecture', { arch: 'resnet-50' }, 'arch'],
  ['order 0', { orders: [0, 2] }, 'orders[0]'],
  ['order 9', { orders: [2, 9] }, 'orders[1]'],
  ['no orders', { orders: [] }, 'orders'],
  ['zero networks', { networks: 0 }, 'networks'],
  ['negative networks', { networks: -5 }, 'networks'],
  ['a non-numeric seed', { seed: 'abc' }, 'seed'],
  ['a negative seed', { seed: -1 }, 'seed'],
  ['a fractional seed', { seed: 1.5 }, 'seed'],
  ['zero threads', { threads: 0 }, 'threads'],
  ['a negative sigma_w', { sw: -1 }, 'sw'],
  ['a NaN sigma_b', { sb: NaN }, 'sb'],
  ['an infinite mean', { mw: Infinity }, 'mw'],
  ['a zero output dimension', { dOut: 0 }, 'dOut'],
  ['an accumulator too large to hold', { points: Array.from({ length: 60 }, (_, i) => i / 60), orders: [8] }, 'orders'],
  ['a shard index out of range', { shard: { index: 3, count: 3 } }, 'shard'],
  ['more shards than jackknife blocks', { shard: { index: 0, count: 1000 } }, 'shard'],
  ['a progress callback that is not a function', { onProgress: 'yes' }, 'onProgress'],
  ['one jackknife block', { blocks: 1 }, 'blocks'],
  ['a fractional block count', { blocks: 2.5 }, 'blocks'],
];

describe('bad input is a typed error naming the field and value, thrown before any work starts', () => {
  it.each(cases)('%s', async (_what, change, field) => {
    const opts = { ...good, ...change } as SampleOptions;
    let err: unknown;
    try {
      planSample(opts);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(NnftInputError);
    expect((err as NnftInputError).field).toBe(field);
    expect((err as NnftInputError).message).toContain('Value:');
    // the public entry point rejects it too, before starting a pool
    await expect(sample(opts)).rejects.toBeInstanceOf(NnftInputError);
  });

  it('accepts the valid run the cases are built from', () => {
    expect(() => planSample(good)).not.toThrow();
  });
});
