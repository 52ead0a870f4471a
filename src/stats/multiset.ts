/**
 * Index multisets: the storage scheme for symmetric tensors (correlators) over P field components.
 *
 * A correlator of order n over components a = 0..P-1 is symmetric in its indices, so only the
 * sorted tuples `i1 <= i2 <= ... <= in` are stored (spec A.4). Within one order they are kept in
 * lexicographic order, which is the order of Python's `itertools.combinations_with_replacement`:
 * for P = 3, n = 2 that is `(0,0) (0,1) (0,2) (1,1) (1,2) (2,2)`. There are
 *
 *     multisetCount(P, n) = C(P + n - 1, n)
 *
 * of them (stars and bars). A flat array holding orders 1..nMax stores order 1 first, then order 2,
 * and so on; order n's block starts at `orderOffset(P, n)`, and the entry for a tuple `idx` lives at
 * `flatIndex(P, idx)`.
 *
 * Ranking uses the combinatorial number system. The map `c_k = i_k + k` turns a sorted multiset into
 * a strictly increasing combination of n elements of {0..N-1}, N = P + n - 1, and preserves
 * lexicographic order. Reversing and complementing, `d_j = N - 1 - c_{n-1-j}`, turns lexicographic
 * order into reversed colexicographic order, whose rank is `sum_j C(d_j, j + 1)`. Hence
 *
 *     rank(idx) = C(N, n) - 1 - sum_{k=0}^{n-1} C(N - 1 - c_k, n - k)
 *               = multisetCount(P, n) - 1 - sum_{k=0}^{n-1} multisetCount(P - 1 - i_k, n - k),
 *
 * i.e. the rank counts down from the last multiset by the number of multisets of size n - k drawn
 * from the values above i_k. With `multisetCount(Q, m)` tabulated per P this is n table look-ups.
 *
 * @example
 * ```ts
 * import { multisetCount, rankMultiset, flatIndex } from './multiset.js';
 * multisetCount(6, 4);          // returns 126
 * rankMultiset(3, [0, 2]);      // returns 2
 * flatIndex(3, [2, 0]);         // returns 5  (3 entries of order 1, then rank 2 of order 2)
 * ```
 *
 * @module
 */
import { NnftInputError } from '../errors.js';

/** The highest correlator order the statistics layer handles (spec: n <= 8). */
export const MAX_ORDER = 8;

/**
 * The largest number of field components accepted (2^20). Ranking keeps a table of
 * 9 (P + 1) numbers per P; far beyond any point set this library samples.
 */
export const MAX_COMPONENTS = 1 << 20;

/**
 * Check that `P` (a number of field components) is an integer in [1, MAX_COMPONENTS].
 *
 * @param P - the value to check
 * @param field - the argument name reported in the error
 * @throws NnftInputError naming `field` otherwise
 */
export function validateComponentCount(P: unknown, field = 'P'): asserts P is number {
  if (typeof P !== 'number' || !Number.isInteger(P) || P < 1 || P > MAX_COMPONENTS) {
    throw new NnftInputError(field, P, `must be an integer in [1, ${MAX_COMPONENTS}]`);
  }
}

/**
 * Check that `n` is an integer in `[lo, hi]` (an order, `[0, MAX_ORDER]` by default).
 *
 * @param n - the value to check
 * @param field - the argument name reported in the error
 * @param lo - smallest accepted value
 * @param hi - largest accepted value
 * @throws NnftInputError naming `field` with "must be an integer in [lo, hi]"
 */
export function validateOrder(n: unknown, field = 'n', lo = 0, hi = MAX_ORDER): asserts n is number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < lo || n > hi) {
    throw new NnftInputError(field, n, `must be an integer in [${lo}, ${hi}]`);
  }
}

/** C(P + n - 1, n) in floating point, exact while below 2^53 (callers check safety). */
function countUnchecked(P: number, n: number): number {
  // C(P-1+k, k) = C(P-2+k, k-1) * (P-1+k) / k, every partial result an integer; BigInt keeps it exact.
  let c = 1n;
  const q = BigInt(P - 1);
  for (let k = 1; k <= n; k++) c = (c * (q + BigInt(k))) / BigInt(k);
  return Number(c);
}

function assertSafe(P: number, n: number, value: number): number {
  if (!Number.isSafeInteger(value)) {
    throw new NnftInputError('P', P, `is too large: the multisets of order ${n} (or their total) exceed 2^53`);
  }
  return value;
}

/**
 * Number of sorted index tuples (multisets) of order `n` over `P` components: C(P + n - 1, n).
 *
 * Stars and bars: a multiset is a row of n stars split by P - 1 bars into P bins.
 *
 * @param P - number of components, an integer in [1, 2^20]
 * @param n - order, an integer in [0, 8]; n = 0 gives 1 (the empty multiset)
 * @returns the exact count
 * @throws NnftInputError for a bad `P` or `n`, or a count beyond 2^53
 *
 * @example
 * ```ts
 * multisetCount(6, 2); // returns 21
 * multisetCount(4, 6); // returns 84
 * ```
 */
export function multisetCount(P: number, n: number): number {
  validateComponentCount(P);
  validateOrder(n);
  return assertSafe(P, n, countUnchecked(P, n));
}

/**
 * Offset of order n's block in a flat array that stores orders 1..nMax one after another:
 * `sum_{m=1}^{n-1} multisetCount(P, m)`. Order 1 starts at 0.
 *
 * @param P - number of components, an integer in [1, 2^20]
 * @param n - order, an integer in [1, 8]
 * @throws NnftInputError for a bad `P` or `n`
 *
 * @example
 * ```ts
 * orderOffset(3, 1); // returns 0
 * orderOffset(3, 3); // returns 9   (3 + 6)
 * ```
 */
export function orderOffset(P: number, n: number): number {
  validateComponentCount(P);
  validateOrder(n, 'n', 1, MAX_ORDER);
  let s = 0;
  for (let m = 1; m < n; m++) s += countUnchecked(P, m);
  return assertSafe(P, n, s);
}

/**
 * Length of a flat array holding orders 1..nMax: `sum_{m=1}^{nMax} multisetCount(P, m)`.
 *
 * @param P - number of components, an integer in [1, 2^20]
 * @param nMax - highest order, an integer in [1, 8]
 * @throws NnftInputError for a bad `P` or `nMax`
 *
 * @example
 * ```ts
 * totalMultisets(6, 8);  // returns 3002
 * totalMultisets(32, 4); // returns 58904
 * ```
 */
export function totalMultisets(P: number, nMax: number): number {
  validateComponentCount(P);
  validateOrder(nMax, 'nMax', 1, MAX_ORDER);
  let s = 0;
  for (let m = 1; m <= nMax; m++) s += countUnchecked(P, m);
  return assertSafe(P, nMax, s);
}

// ---------------------------------------------------------------------------------------------------
// Rank tables. With W = P + 1, table[m * W + j] = multisetCount(P - j, m) for m = 0..MAX_ORDER and
// j = 0..P, built by Pascal's rule mc(Q, m) = mc(Q - 1, m) + mc(Q, m - 1) (Q - 1 is column j + 1).
// Entries beyond 2^53 are inexact, but they are only read for (P, n) whose counts passed assertSafe.

const tables = new Map<number, Float64Array>();
let lastP = -1;
let lastTable: Float64Array = new Float64Array(0);

function rankTable(P: number): Float64Array {
  if (P === lastP) return lastTable;
  let t = tables.get(P);
  if (t === undefined) {
    const W = P + 1;
    t = new Float64Array((MAX_ORDER + 1) * W);
    for (let j = 0; j <= P; j++) t[j] = 1; // mc(Q, 0) = 1
    for (let m = 1; m <= MAX_ORDER; m++) {
      const row = m * W;
      t[row + P] = 0; // mc(0, m) = 0 for m >= 1
      for (let j = P - 1; j >= 0; j--) t[row + j] = t[row + j + 1] + t[row - W + j];
    }
    tables.set(P, t);
  }
  lastP = P;
  lastTable = t;
  return t;
}

/**
 * Rank of a sorted multiset, without any validation: the hot-loop form of {@link rankMultiset}.
 * `idx[0..n-1]` must be non-decreasing integers in [0, P), n <= 8, and C(P + n - 1, n) < 2^53;
 * anything else returns garbage. O(n): n + 1 look-ups in a per-P table (cached; the last P used is
 * kept at hand, so a loop over one P does no map look-up).
 *
 * @param P - number of components
 * @param idx - the sorted indices (any array-like: `number[]`, `Int32Array`, ...)
 * @param n - how many leading entries of `idx` form the multiset (default: all)
 * @returns the rank within order n
 */
export function rankSortedUnchecked(P: number, idx: ArrayLike<number>, n: number = idx.length): number {
  const t = rankTable(P);
  const W = P + 1;
  // rank = mc(P, n) - 1 - sum_k mc(P - 1 - i_k, n - k)
  let r = t[n * W] - 1;
  for (let k = 0; k < n; k++) r -= t[(n - k) * W + idx[k] + 1];
  return r;
}

function validateIndices(P: number, idx: ArrayLike<number>, field: string): void {
  if (idx === null || typeof idx !== 'object' || typeof idx.length !== 'number') {
    throw new NnftInputError(field, idx, 'must be an array of component indices');
  }
  validateOrder(idx.length, `${field}.length`);
  for (let k = 0; k < idx.length; k++) {
    const v = idx[k];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= P) {
      throw new NnftInputError(`${field}[${k}]`, v, `must be an integer in [0, ${P - 1}]`);
    }
  }
  assertSafe(P, idx.length, countUnchecked(P, idx.length));
}

/**
 * Rank of a sorted multiset within its order, in lexicographic order (0-based).
 *
 * Combinatorial number system (see the module comment):
 * `rank = mc(P, n) - 1 - sum_k mc(P - 1 - i_k, n - k)`, with `mc(Q, m) = C(Q + m - 1, m)`.
 *
 * @param P - number of components, an integer in [1, 2^20]
 * @param idx - indices `i1 <= ... <= in` (n in [0, 8]), each in [0, P)
 * @returns the rank in [0, multisetCount(P, n))
 * @throws NnftInputError for a bad `P`, an index out of range (`idx[k]`), a length above 8
 *   (`idx.length`), or indices that are not sorted (`idx`; use {@link sortedRank} for those)
 *
 * @example
 * ```ts
 * rankMultiset(3, [0, 0]); // returns 0
 * rankMultiset(3, [1, 1]); // returns 3
 * rankMultiset(3, [2, 2]); // returns 5
 * ```
 */
export function rankMultiset(P: number, idx: ArrayLike<number>): number {
  validateComponentCount(P);
  validateIndices(P, idx, 'idx');
  for (let k = 1; k < idx.length; k++) {
    if (idx[k] < idx[k - 1]) {
      throw new NnftInputError('idx', Array.from(idx), 'must be sorted (non-decreasing); use sortedRank for indices in any order');
    }
  }
  return rankSortedUnchecked(P, idx, idx.length);
}

const scratch = new Int32Array(MAX_ORDER);

/**
 * Rank of a multiset given in ANY order: sorts a copy (insertion sort into a reused buffer, no
 * allocation) and ranks it. This is the accessor of a symmetric tensor: `T[a, b, c]` lives at rank
 * `sortedRank(P, [a, b, c])` of order 3, whatever the order of a, b, c.
 *
 * @param P - number of components, an integer in [1, 2^20]
 * @param idx - n indices in [0, P), n in [0, 8], any order
 * @returns the rank of the sorted tuple within order n
 * @throws NnftInputError for a bad `P`, an index out of range or a length above 8
 *
 * @example
 * ```ts
 * sortedRank(3, [2, 0]); // returns 2, same as rankMultiset(3, [0, 2])
 * ```
 */
export function sortedRank(P: number, idx: ArrayLike<number>): number {
  validateComponentCount(P);
  validateIndices(P, idx, 'idx');
  const n = idx.length;
  for (let k = 0; k < n; k++) {
    const v = idx[k];
    let j = k;
    while (j > 0 && scratch[j - 1] > v) {
      scratch[j] = scratch[j - 1];
      j--;
    }
    scratch[j] = v;
  }
  return rankSortedUnchecked(P, scratch, n);
}

/**
 * Position of a tuple (any order) in the flat layout of orders 1..nMax:
 * `orderOffset(P, n) + sortedRank(P, idx)`, n = idx.length.
 *
 * @param P - number of components, an integer in [1, 2^20]
 * @param idx - n indices in [0, P), n in [1, 8], any order
 * @throws NnftInputError for a bad `P`, an index out of range, or a length outside [1, 8]
 *
 * @example
 * ```ts
 * flatIndex(2, [1]);       // returns 1
 * flatIndex(2, [1, 0]);    // returns 3   (order 2 starts at 2; (0,1) has rank 1)
 * ```
 */
export function flatIndex(P: number, idx: ArrayLike<number>): number {
  validateComponentCount(P);
  if (idx !== null && typeof idx === 'object' && typeof idx.length === 'number') {
    validateOrder(idx.length, 'idx.length', 1, MAX_ORDER);
  }
  const r = sortedRank(P, idx);
  let off = 0;
  for (let m = 1; m < idx.length; m++) off += countUnchecked(P, m);
  return off + r;
}

/**
 * Inverse of {@link rankMultiset}: the sorted multiset of order `n` with rank `r`.
 *
 * Greedy: at position k (value so far `v`), the multisets whose k-th entry is `v` number
 * `mc(P - v, n - k - 1)` (the rest drawn from v..P-1); skip whole groups while `r` exceeds them.
 *
 * @param P - number of components, an integer in [1, 2^20]
 * @param n - order, an integer in [0, 8]
 * @param r - rank, an integer in [0, multisetCount(P, n))
 * @returns a fresh sorted array of n indices
 * @throws NnftInputError for a bad `P`, `n` or `r`
 *
 * @example
 * ```ts
 * unrankMultiset(3, 2, 4); // returns [1, 2]
 * ```
 */
export function unrankMultiset(P: number, n: number, r: number): number[] {
  const count = multisetCount(P, n);
  if (typeof r !== 'number' || !Number.isInteger(r) || r < 0 || r >= count) {
    throw new NnftInputError('r', r, `must be an integer in [0, ${count - 1}]`);
  }
  const t = rankTable(P);
  const W = P + 1;
  const out = new Array<number>(n);
  let v = 0;
  for (let k = 0; k < n; k++) {
    const row = (n - k - 1) * W;
    // the multisets with entry k equal to v (rest drawn from v..P-1) number mc(P - v, n - k - 1)
    while (r >= t[row + v]) {
      r -= t[row + v];
      v++;
    }
    out[k] = v;
  }
  return out;
}

/**
 * Call `fn(idx, rank)` for every sorted multiset of order `n`, in rank (lexicographic) order.
 *
 * `idx` is ONE buffer reused for every call and overwritten afterwards: copy it
 * (`Array.from(idx)`) to keep it. Successor rule: find the last position below P - 1, increment
 * it, and set every later position to the same value.
 *
 * @param P - number of components, an integer in [1, 2^20]
 * @param n - order, an integer in [0, 8] (n = 0 calls `fn` once with an empty tuple)
 * @param fn - the visitor
 * @throws NnftInputError for a bad `P` or `n`
 *
 * @example
 * ```ts
 * const seen: string[] = [];
 * forEachMultiset(2, 2, (idx) => seen.push(idx.join('')));
 * seen; // returns ['00', '01', '11']
 * ```
 */
export function forEachMultiset(P: number, n: number, fn: (idx: Int32Array, rank: number) => void): void {
  const count = multisetCount(P, n);
  const idx = new Int32Array(n);
  for (let r = 0; r < count; r++) {
    fn(idx, r);
    let k = n - 1;
    while (k >= 0 && idx[k] === P - 1) k--;
    if (k < 0) break;
    const v = idx[k] + 1;
    for (let j = k; j < n; j++) idx[j] = v;
  }
}

/**
 * All sorted multisets of order `n`, in rank order, as fresh arrays (convenient, allocating; use
 * {@link forEachMultiset} in hot code).
 *
 * @param P - number of components, an integer in [1, 2^20]
 * @param n - order, an integer in [0, 8]
 * @throws NnftInputError for a bad `P` or `n`
 *
 * @example
 * ```ts
 * listMultisets(3, 2); // returns [[0,0],[0,1],[0,2],[1,1],[1,2],[2,2]]
 * ```
 */
export function listMultisets(P: number, n: number): number[][] {
  const out: number[][] = [];
  forEachMultiset(P, n, (idx) => out.push(Array.from(idx)));
  return out;
}

/**
 * Number of distinct orderings of a sorted tuple: n! / prod(multiplicity!), i.e. how many entries of
 * the full symmetric tensor one multiset entry stands for.
 *
 * @example
 * ```ts
 * multisetOrderings([0, 0, 1, 2]); // returns 12
 * ```
 */
export function multisetOrderings(idx: ArrayLike<number>): number {
  let out = 1;
  let run = 1;
  for (let k = 1; k <= idx.length; k++) {
    out *= k;
    if (k < idx.length && idx[k] === idx[k - 1]) run++;
    else {
      for (let f = 2; f <= run; f++) out /= f;
      run = 1;
    }
  }
  return out;
}
