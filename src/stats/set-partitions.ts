/**
 * Set partitions and perfect matchings of {0..n-1}, enumerated once per n and cached.
 *
 * These index the moment-cumulant formula (spec D.2),
 *
 *     kappa(X_1..X_n) = sum_{pi in setPartitions(n)} (-1)^{|pi|-1} (|pi|-1)! prod_{B in pi} E[prod_{r in B} X_r],
 *
 * and Wick/Isserlis sums over pairings (spec A.4: G^(4) = K12 K34 + K13 K24 + K14 K23 + kappa4).
 * Counts: Bell numbers 1, 1, 2, 5, 15, 52, 203, 877, 4140 for n = 0..8, and (n-1)!! pairings for
 * even n (1, 3, 15, 105 for n = 2, 4, 6, 8), none for odd n.
 *
 * The returned arrays are frozen and shared between callers: read them, do not modify them.
 *
 * @example
 * ```ts
 * import { setPartitions, pairings } from './set-partitions.js';
 * setPartitions(3); // returns [[[0,1,2]], [[0,1],[2]], [[0,2],[1]], [[0],[1,2]], [[0],[1],[2]]]
 * pairings(4);      // returns [[[0,1],[2,3]], [[0,2],[1,3]], [[0,3],[1,2]]]
 * ```
 *
 * @module
 */
import { MAX_ORDER, validateOrder } from './multiset.js';

/** One block of a set partition: element indices in increasing order. */
export type Block = readonly number[];

/** A set partition: its blocks, ordered by their smallest element. */
export type SetPartition = readonly Block[];

/** A perfect matching: pairs `[i, j]` with `i < j`, ordered by `i`. */
export type Pairing = readonly (readonly [number, number])[];

const partitionCache: (readonly SetPartition[] | undefined)[] = [];
const pairingCache: (readonly Pairing[] | undefined)[] = [];

/**
 * All set partitions of {0..n-1}, in restricted-growth-string order: element i joins one of the
 * blocks opened so far (in the order they were opened) or opens a new one. The first partition is
 * the single block `[[0..n-1]]`, the last is all singletons. `setPartitions(0)` is `[[]]` (the empty
 * partition), so the count is the Bell number B_n.
 *
 * Blocks are listed by smallest element and each block is increasing, so applying a partition to a
 * sorted index tuple gives sorted sub-tuples.
 *
 * @param n - the set size, an integer in [0, 8]
 * @returns the cached, frozen list of partitions
 * @throws NnftInputError (`n`) for anything but an integer in [0, 8]
 *
 * @example
 * ```ts
 * setPartitions(4).length; // returns 15
 * setPartitions(8).length; // returns 4140
 * ```
 */
export function setPartitions(n: number): readonly SetPartition[] {
  validateOrder(n, 'n', 0, MAX_ORDER);
  const cached = partitionCache[n];
  if (cached !== undefined) return cached;
  const out: SetPartition[] = [];
  const blocks: number[][] = [];
  const visit = (i: number): void => {
    if (i === n) {
      out.push(Object.freeze(blocks.map((b) => Object.freeze(b.slice()))));
      return;
    }
    for (const b of blocks) {
      b.push(i);
      visit(i + 1);
      b.pop();
    }
    blocks.push([i]);
    visit(i + 1);
    blocks.pop();
  };
  visit(0);
  const frozen = Object.freeze(out);
  partitionCache[n] = frozen;
  return frozen;
}

/**
 * All perfect matchings (pairings) of {0..n-1}: the lowest unpaired element is paired with each
 * later unpaired element in turn, recursively. There are (n-1)!! = 1·3·5···(n-1) of them for even
 * n (`pairings(0)` is `[[]]`) and none for odd n.
 *
 * @param n - the set size, an integer in [0, 8]
 * @returns the cached, frozen list of pairings
 * @throws NnftInputError (`n`) for anything but an integer in [0, 8]
 *
 * @example
 * ```ts
 * pairings(6).length; // returns 15
 * pairings(3).length; // returns 0
 * ```
 */
export function pairings(n: number): readonly Pairing[] {
  validateOrder(n, 'n', 0, MAX_ORDER);
  const cached = pairingCache[n];
  if (cached !== undefined) return cached;
  const out: Pairing[] = [];
  if (n % 2 === 0) {
    const used = new Array<boolean>(n).fill(false);
    const pairs: [number, number][] = [];
    const visit = (): void => {
      let i = 0;
      while (i < n && used[i]) i++;
      if (i === n) {
        out.push(Object.freeze(pairs.map((p) => Object.freeze([p[0], p[1]] as [number, number]))));
        return;
      }
      used[i] = true;
      for (let j = i + 1; j < n; j++) {
        if (used[j]) continue;
        used[j] = true;
        pairs.push([i, j]);
        visit();
        pairs.pop();
        used[j] = false;
      }
      used[i] = false;
    };
    visit();
  }
  const frozen = Object.freeze(out);
  pairingCache[n] = frozen;
  return frozen;
}
