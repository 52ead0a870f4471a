import { describe, expect, it } from 'vitest';
import { NnftInputError } from '../../src/errors.js';
import { pairings, setPartitions } from '../../src/stats/set-partitions.js';

/** Bell numbers B_0..B_8 and double factorials (n-1)!! for n = 0..8 (0 for odd n). */
const BELL = [1, 1, 2, 5, 15, 52, 203, 877, 4140];
const PAIRINGS = [1, 0, 1, 0, 3, 0, 15, 0, 105];

/** A canonical string for a partition, independent of block order. */
const key = (blocks: readonly (readonly number[])[]): string =>
  blocks.map((b) => [...b].sort((x, y) => x - y).join(',')).sort().join('|');

describe('setPartitions', () => {
  it('lists the 5 partitions of {0,1,2} in restricted-growth order', () => {
    expect(setPartitions(3)).toEqual([[[0, 1, 2]], [[0, 1], [2]], [[0, 2], [1]], [[0], [1, 2]], [[0], [1], [2]]]);
  });

  it('counts the Bell numbers 1, 2, 5, 15, 52, 203, 877, 4140 for n = 1..8 (and 1 for n = 0)', () => {
    expect(BELL.map((_, n) => setPartitions(n).length)).toEqual(BELL);
    expect(setPartitions(0)).toEqual([[]]);
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('gives, for n = %i, distinct partitions whose blocks cover {0..n-1} exactly once', (n) => {
    const seen = new Set<string>();
    let bad = 0;
    for (const pi of setPartitions(n)) {
      const hits = new Array<number>(n).fill(0);
      let prevMin = -1;
      for (const block of pi) {
        if (block.length === 0) bad++;
        for (let j = 0; j < block.length; j++) {
          hits[block[j]]++;
          if (j > 0 && block[j] <= block[j - 1]) bad++; // each block increasing
        }
        if (block[0] <= prevMin) bad++; // blocks ordered by their smallest element
        prevMin = block[0];
      }
      if (!hits.every((h) => h === 1)) bad++;
      seen.add(key(pi));
    }
    expect(bad).toBe(0);
    expect(seen.size).toBe(BELL[n]);
  });

  it('returns the same cached, frozen array on every call', () => {
    const a = setPartitions(6);
    expect(setPartitions(6)).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    expect(Object.isFrozen(a[3])).toBe(true);
    expect(Object.isFrozen(a[3][0])).toBe(true);
  });
});

describe('pairings', () => {
  it('lists the 3 pairings of {0,1,2,3}', () => {
    expect(pairings(4)).toEqual([[[0, 1], [2, 3]], [[0, 2], [1, 3]], [[0, 3], [1, 2]]]);
  });

  it('counts (n-1)!!: 1, 3, 15, 105 for n = 2, 4, 6, 8, and none for odd n', () => {
    expect(PAIRINGS.map((_, n) => pairings(n).length)).toEqual(PAIRINGS);
    expect(pairings(0)).toEqual([[]]);
    expect(pairings(7)).toEqual([]);
  });

  it.each([2, 4, 6, 8])('gives, for n = %i, distinct pairings that are exactly the set partitions into pairs', (n) => {
    const fromPartitions = new Set(setPartitions(n).filter((pi) => pi.every((b) => b.length === 2)).map(key));
    const got = pairings(n).map(key);
    expect(new Set(got).size).toBe(got.length);
    expect(new Set(got)).toEqual(fromPartitions);
    for (const p of pairings(n)) for (const [i, j] of p) expect(i).toBeLessThan(j);
  });

  it('returns the same cached array on every call', () => {
    expect(pairings(8)).toBe(pairings(8));
  });
});

describe('bad input', () => {
  it.each([-1, 9, 2.5, Number.NaN, '4'])('throws NnftInputError naming n for n = %s', (n) => {
    for (const fn of [setPartitions, pairings]) {
      let caught: unknown;
      try {
        fn(n as number);
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(NnftInputError);
      expect((caught as NnftInputError).field).toBe('n');
      expect((caught as Error).message).toContain('must be an integer in [0, 8]');
    }
  });
});
