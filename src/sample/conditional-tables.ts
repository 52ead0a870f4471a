import { flatIndex, forEachMultiset, multisetCount, orderOffset, totalMultisets } from '../stats/multiset.js';

/**
 * The recursion tables of the conditional-Gaussian estimator (assembly/conditional.ts) for K points,
 * d_out outputs and orders 1..nMax. For the multiset S = (a1 <= ... <= an) at flat index s:
 * `parent[s]` is the flat index of S' = (a1..a_{n-1}) (-1 for n = 1), `last[s]` is the point k of an
 * (the mean depends on the point only), and terms
 * `start[s] .. start[s+1]-1` list, for every distinct b in S' with the same output as an, the packed
 * point-pair index of C(k_an, k_b), b's multiplicity in S', and the flat index of S' - b (-1 if empty):
 *
 *     M(S) = mu_an M(S') + sum_b mult_b C_{an b} M(S' - b)          (Stein's identity)
 *
 * Pairs (k <= k') are packed row by row: index = k K - k(k - 1)/2 + (k' - k).
 */
export interface ConditionalTables {
  readonly parent: Int32Array;
  readonly last: Int32Array;
  readonly start: Int32Array;
  readonly pair: Int32Array;
  readonly src: Int32Array;
  readonly mult: Float64Array;
  /** Rows of conditional moments kept per network: the multisets of orders below nMax. */
  readonly storedRows: number;
}

/** Packed index of the point pair (k, k2), in either order. */
export const pairIndex = (K: number, k: number, k2: number): number => {
  const [a, b] = k <= k2 ? [k, k2] : [k2, k];
  return a * K - (a * (a - 1)) / 2 + (b - a);
};

/** An upper bound on the number of terms of the tables (for size checks before building them). */
export function conditionalTermBound(P: number, nMax: number): number {
  let t = 0;
  for (let n = 2; n <= nMax; n++) t += (n - 1) * multisetCount(P, n);
  return t;
}

const cache = new Map<string, ConditionalTables>();

/** The tables for (K, d_out, nMax), built once per thread. */
export function cachedConditionalTables(K: number, dOut: number, nMax: number): ConditionalTables {
  const key = `${K},${dOut},${nMax}`;
  let t = cache.get(key);
  if (!t) {
    t = conditionalTables(K, dOut, nMax);
    cache.set(key, t);
  }
  return t;
}

export function conditionalTables(K: number, dOut: number, nMax: number): ConditionalTables {
  const P = K * dOut;
  const total = totalMultisets(P, nMax);
  const parent = new Int32Array(total);
  const last = new Int32Array(total);
  const start = new Int32Array(total + 1);
  const pair: number[] = [];
  const src: number[] = [];
  const mult: number[] = [];
  for (let n = 1; n <= nMax; n++) {
    const base = orderOffset(P, n);
    forEachMultiset(P, n, (idx, rank) => {
      const s = base + rank;
      const a = idx[n - 1];
      const rest = Array.from(idx.subarray(0, n - 1));
      parent[s] = n === 1 ? -1 : flatIndex(P, rest);
      last[s] = Math.floor(a / dOut);
      start[s] = pair.length;
      for (let i = 0; i < rest.length; i++) {
        const b = rest[i];
        if (i > 0 && rest[i - 1] === b) continue; // distinct b only
        if (b % dOut !== a % dOut) continue; // different outputs are uncorrelated given h
        let m = 0;
        for (const c of rest) if (c === b) m++;
        const without = rest.slice(0, i).concat(rest.slice(i + 1));
        pair.push(pairIndex(K, Math.floor(a / dOut), Math.floor(b / dOut)));
        src.push(without.length === 0 ? -1 : flatIndex(P, without));
        mult.push(m);
      }
    });
  }
  start[total] = pair.length;
  return {
    parent, last, start,
    pair: Int32Array.from(pair), src: Int32Array.from(src), mult: Float64Array.from(mult),
    storedRows: orderOffset(P, nMax),
  };
}
