import { describe, expect, it } from 'vitest';
import { NnftInputError } from '../../src/errors.js';
import {
  MAX_ORDER,
  flatIndex,
  forEachMultiset,
  listMultisets,
  multisetCount,
  multisetOrderings,
  orderOffset,
  rankMultiset,
  rankSortedUnchecked,
  sortedRank,
  totalMultisets,
  unrankMultiset,
} from '../../src/stats/multiset.js';
import { expectInputError } from '../support/errors.js';

/** Python's itertools.combinations_with_replacement(range(P), n), written out independently. */
function combinationsWithReplacement(P: number, n: number): number[][] {
  const out: number[][] = [];
  const rec = (prefix: number[], from: number): void => {
    if (prefix.length === n) {
      out.push(prefix.slice());
      return;
    }
    for (let v = from; v < P; v++) {
      prefix.push(v);
      rec(prefix, v);
      prefix.pop();
    }
  };
  rec([], 0);
  return out;
}


const grid: [number, number][] = [
  [1, 0], [1, 5], [2, 3], [3, 2], [3, 6], [4, 4], [5, 8], [6, 6], [7, 3], [12, 2],
];

describe('multisetCount', () => {
  it('gives C(K+n-1, n): 21, 126, 462 for K = 6 points at n = 2, 4, 6', () => {
    expect([2, 4, 6].map((n) => multisetCount(6, n))).toEqual([21, 126, 462]);
  });

  it('gives 10, 35, 84 for K = 4 points at n = 2, 4, 6', () => {
    expect([2, 4, 6].map((n) => multisetCount(4, n))).toEqual([10, 35, 84]);
  });

  it('gives 1 at n = 0 and P at n = 1', () => {
    expect(multisetCount(7, 0)).toBe(1);
    expect(multisetCount(7, 1)).toBe(7);
    expect(multisetCount(1, 8)).toBe(1);
  });

  it('is exact for large P: C(107, 8) = 325,949,656,825 at P = 100, n = 8', () => {
    expect(multisetCount(100, 8)).toBe(325_949_656_825);
  });

  it('refuses counts beyond 2^53, naming P', () => {
    expectInputError(() => multisetCount(1000, 8), 'P');
  });
});

describe('orderOffset and totalMultisets', () => {
  it('start order 1 at 0 and order n after orders 1..n-1 (P = 3: 0, 3, 9, 19)', () => {
    expect([1, 2, 3, 4].map((n) => orderOffset(3, n))).toEqual([0, 3, 9, 19]);
  });

  it('give C(P+nMax, nMax) - 1 in total: 3002 for P = 6, nMax = 8 and 58904 for P = 32, nMax = 4', () => {
    expect(totalMultisets(6, 8)).toBe(3002);
    expect(totalMultisets(32, 4)).toBe(58904);
    expect(totalMultisets(3, 3)).toBe(orderOffset(3, 4));
  });
});

describe('rankMultiset and unrankMultiset', () => {
  it('rank P = 3, n = 2 as (0,0) (0,1) (0,2) (1,1) (1,2) (2,2)', () => {
    expect([[0, 0], [0, 1], [0, 2], [1, 1], [1, 2], [2, 2]].map((t) => rankMultiset(3, t))).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it.each(grid)('follow combinations_with_replacement order for P = %i, n = %i', (P, n) => {
    const ref = combinationsWithReplacement(P, n);
    expect(ref.length).toBe(multisetCount(P, n));
    expect(listMultisets(P, n)).toEqual(ref);
    ref.forEach((t, r) => {
      expect(rankMultiset(P, t)).toBe(r);
      expect(rankSortedUnchecked(P, Int32Array.from(t))).toBe(r);
      expect(unrankMultiset(P, n, r)).toEqual(t);
    });
  });

  it('round-trip every multiset of P = 32, n = 4 (52360 of them)', () => {
    let bad = 0;
    forEachMultiset(32, 4, (idx, r) => {
      if (rankMultiset(32, idx) !== r) bad++;
      const u = unrankMultiset(32, 4, r);
      if (u[0] !== idx[0] || u[1] !== idx[1] || u[2] !== idx[2] || u[3] !== idx[3]) bad++;
    });
    expect(bad).toBe(0);
  });

  it('give rank 0 to the empty multiset', () => {
    expect(rankMultiset(4, [])).toBe(0);
    expect(unrankMultiset(4, 0, 0)).toEqual([]);
  });
});

describe('forEachMultiset', () => {
  it('visits P = 2, n = 2 as 00, 01, 11 with ranks 0, 1, 2', () => {
    const seen: string[] = [];
    forEachMultiset(2, 2, (idx, r) => seen.push(`${idx.join('')}:${r}`));
    expect(seen).toEqual(['00:0', '01:1', '11:2']);
  });

  it('calls the visitor once with an empty tuple at n = 0', () => {
    const seen: number[][] = [];
    forEachMultiset(3, 0, (idx) => seen.push(Array.from(idx)));
    expect(seen).toEqual([[]]);
  });
});

describe('sortedRank and flatIndex (symmetric-tensor accessors)', () => {
  it('give every permutation of (0, 1, 1, 3) the rank of the sorted tuple', () => {
    const r = rankMultiset(4, [0, 1, 1, 3]);
    const perms = [[3, 1, 1, 0], [1, 3, 0, 1], [1, 0, 3, 1], [0, 1, 1, 3], [1, 1, 3, 0]];
    for (const p of perms) expect(sortedRank(4, p)).toBe(r);
  });

  it('place (1, 0) of P = 2 at flat index 3: after E[phi0], E[phi1], E[phi0 phi0]', () => {
    expect(flatIndex(2, [0])).toBe(0);
    expect(flatIndex(2, [1])).toBe(1);
    expect(flatIndex(2, [0, 0])).toBe(2);
    expect(flatIndex(2, [1, 0])).toBe(3);
    expect(flatIndex(2, [1, 1])).toBe(4);
  });

  it('enumerate the flat layout 0..total-1 exactly once over orders 1..nMax', () => {
    const P = 5;
    const nMax = 5;
    const seen = new Uint8Array(totalMultisets(P, nMax));
    for (let n = 1; n <= nMax; n++) {
      forEachMultiset(P, n, (idx) => {
        seen[flatIndex(P, Array.from(idx).reverse())]++;
      });
    }
    expect(seen.every((c) => c === 1)).toBe(true);
  });

  it('do not change the caller\'s array', () => {
    const idx = [2, 0, 1];
    sortedRank(3, idx);
    expect(idx).toEqual([2, 0, 1]);
  });
});

describe('bad input', () => {
  it.each([0, -1, 2.5, Number.NaN, '3', null, undefined, Infinity, 2 ** 20 + 1])('throws NnftInputError naming P for P = %s', (P) => {
    expectInputError(() => multisetCount(P as number, 2), 'P');
    expectInputError(() => rankMultiset(P as number, [0]), 'P');
  });

  it.each([-1, 9, 1.5, Number.NaN])('throws NnftInputError naming n for n = %s', (n) => {
    expectInputError(() => multisetCount(3, n), 'n');
    expectInputError(() => unrankMultiset(3, n, 0), 'n');
  });

  it(`requires nMax in [1, ${MAX_ORDER}] for totalMultisets`, () => {
    expectInputError(() => totalMultisets(3, 0), 'nMax');
    expectInputError(() => totalMultisets(3, 9), 'nMax');
    expect(() => totalMultisets(3, 0)).toThrow('must be an integer in [1, 8]');
  });

  it('rejects an unsorted tuple in rankMultiset, naming idx', () => {
    expectInputError(() => rankMultiset(3, [1, 0]), 'idx');
    expect(() => rankMultiset(3, [1, 0])).toThrow(/must be sorted/);
  });

  it('rejects an index >= P, naming its position', () => {
    expectInputError(() => rankMultiset(3, [0, 3]), 'idx[1]');
    expectInputError(() => sortedRank(3, [3, 0]), 'idx[0]');
    expectInputError(() => flatIndex(3, [0, -1]), 'idx[1]');
    expectInputError(() => rankMultiset(3, [0.5]), 'idx[0]');
  });

  it('rejects tuples longer than 8, and the empty tuple in flatIndex', () => {
    expectInputError(() => rankMultiset(2, new Array(9).fill(0)), 'idx.length');
    expectInputError(() => flatIndex(2, []), 'idx.length');
  });

  it('rejects a rank out of range in unrankMultiset, naming r', () => {
    expectInputError(() => unrankMultiset(3, 2, 6), 'r');
    expectInputError(() => unrankMultiset(3, 2, -1), 'r');
  });
});

describe('multisetOrderings', () => {
  it('counts the distinct orderings n! / prod(multiplicity!) of a sorted tuple', () => {
    expect([[], [3], [0, 0], [0, 1], [0, 0, 1, 2], [1, 1, 1, 1], [0, 0, 1, 1], [0, 1, 2, 3]].map(multisetOrderings)).toEqual([1, 1, 1, 2, 12, 1, 6, 24]);
  });
});
