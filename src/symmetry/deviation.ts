/**
 * Deviations T.G - G of a sampled ensemble's correlators under a transformation T, entry by entry,
 * with every delete-one-block replicate, so that any statistic of them gets an honest jackknife error.
 *
 * For an output rotation R the transformed tensor is R^(x n) G at the same points. For a
 * transformation of the inputs the run must hold the images of the base points (a paired run,
 * `pairedPoints`): the transformed correlator at the base tuple (k1..kn) is G at the image tuple
 * (pi(k1)..pi(kn)), measured on the same networks. Both can combine (rotate the outputs of the
 * image). Because the difference is taken block by block, its error includes the correlation between
 * G and T.G, which is what makes a paired test sharp.
 *
 * @module
 */
import { NnftInputError } from '../errors.js';
import { forEachMultiset } from '../stats/multiset.js';
import type { Matrix } from './matrix.js';
import { runReplicates, type CorrelatorKind, type CorrelatorRun } from './run.js';
import { denseIndexMap, rotateDense, uniquePositions } from './tensor-action.js';
import { actsOnInputs, transformPoints, type Transformation } from './transformation.js';

/** How a transformation acts on one run: images of the base points and the output matrix. */
export interface ResolvedAction {
  /** `pointImage[k]` = index, among the run's points, of the image of base point k. */
  readonly pointImage: Int32Array;
  /** The output rotation (null: outputs untouched). */
  readonly matrix: Matrix | null;
}

/** Which entries a deviation covers. */
export interface EntrySelection {
  /** Number of base points: the first `basePoints` points of the run (default: all for output rotations, half for input transformations). */
  readonly basePoints?: number;
  /**
   * Point tuples per order (indices into the base points, any order; sorted and de-duplicated here);
   * default: every sorted tuple of base points.
   */
  readonly tuples?: Readonly<Record<number, readonly (readonly number[])[]>>;
}

/** One deviation entry, as visited. */
export interface DeviationEntry {
  /** Sorted components (k d_out + o) of the entry; a reused buffer, valid during the visit. */
  readonly idx: readonly number[];
  /** G and T.G on all networks. */
  readonly value: number;
  readonly transformed: number;
  /** Replicates (one per non-empty block) of G and T.G; reused buffers, valid during the visit. */
  readonly valueReplicates: Float64Array;
  readonly transformedReplicates: Float64Array;
}

/** Default number of base points for a transformation on a run of K points. */
function defaultBase(t: Transformation, K: number): number {
  if (!actsOnInputs(t)) return K;
  if (K % 2 !== 0) {
    throw new NnftInputError('points', `${K} points`, 'must be a paired set (originals followed by their images, see pairedPoints), or give basePoints');
  }
  return K / 2;
}

/**
 * Resolves `t` on `run`: checks the output dimension, finds the image of every base point among the
 * run's points (to 1e-9 relative).
 *
 * @throws NnftInputError: `rotation` (wrong size), `shift` (wrong length), `basePoints`, or `points`
 *   when the run lacks the image of a base point
 */
export function resolveAction(run: CorrelatorRun, t: Transformation, basePoints?: number): ResolvedAction {
  if (t === null || typeof t !== 'object' || !['output-rotation', 'input-rotation', 'translation'].includes((t as Transformation).kind)) {
    throw new NnftInputError('transformation', t, 'must be an output rotation, an input rotation or a translation');
  }
  const K = run.points.length;
  const base = basePoints ?? defaultBase(t, K);
  if (!Number.isInteger(base) || base < 1 || base > K) throw new NnftInputError('basePoints', base, `must be an integer in [1, ${K}]`);
  if (t.kind === 'output-rotation') {
    if (t.matrix.n !== run.dOut) {
      throw new NnftInputError('rotation', `${t.matrix.n} x ${t.matrix.n} matrix`, `must be ${run.dOut} x ${run.dOut}, the run's output dimension d_out`);
    }
    return { pointImage: Int32Array.from({ length: base }, (_, k) => k), matrix: t.matrix };
  }
  const images = transformPoints(t, run.points.slice(0, base));
  const pointImage = new Int32Array(base);
  images.forEach((y, k) => {
    const j = run.points.findIndex((x) => x.every((v, i) => Math.abs(v - y[i]) <= 1e-9 * (1 + Math.abs(y[i]))));
    if (j < 0) {
      throw new NnftInputError('points', `no point ${JSON.stringify(y)} = T(x_${k})`,
        'must include the image of every base point: sample the paired points (pairedPoints(points, T))');
    }
    pointImage[k] = j;
  });
  return { pointImage, matrix: null };
}

/** The sorted, de-duplicated point tuples of order n for a selection (validated). */
export function selectTuples(n: number, base: number, selection?: EntrySelection['tuples']): number[][] {
  const given = selection?.[n];
  if (given === undefined) {
    const all: number[][] = [];
    forEachMultiset(base, n, (idx) => all.push(Array.from(idx)));
    return all;
  }
  if (!Array.isArray(given) || given.length === 0) throw new NnftInputError(`tuples[${n}]`, given, 'must be a non-empty array of point tuples');
  const seen = new Set<string>();
  const out: number[][] = [];
  given.forEach((tuple, i) => {
    if (!Array.isArray(tuple) || tuple.length !== n || tuple.some((k) => !Number.isInteger(k) || k < 0 || k >= base)) {
      throw new NnftInputError(`tuples[${n}][${i}]`, tuple, `must be ${n} point indices in [0, ${base - 1}]`);
    }
    const sorted = [...tuple].sort((a, b) => a - b);
    const key = sorted.join(',');
    if (!seen.has(key)) {
      seen.add(key);
      out.push(sorted);
    }
  });
  return out;
}

/** Checks that order n is one the run measured. */
export function checkOrder(run: CorrelatorRun, n: unknown): number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > run.nMax) {
    throw new NnftInputError('orders', n, `must be orders the run measured (1..${run.nMax}); sample with a higher order`);
  }
  return n;
}

/** One entry of {@link deviationEntries}: G, T.G and their difference with paired jackknife errors. */
export interface DeviationRecord {
  /** Sorted components of the entry at the base points. */
  readonly idx: number[];
  /** The same components at the image points (input transformations; equal to idx otherwise). */
  readonly imageIdx: number[];
  readonly value: number;
  readonly valueSE: number;
  readonly transformed: number;
  readonly transformedSE: number;
  /** T.G - G, and its error from the same blocks (correlations included). */
  readonly deviation: number;
  readonly deviationSE: number;
}

/**
 * Every deviation entry of one transformation at one order, with errors: for comparisons with a
 * predicted change (e.g. the finite-width 4-point function of a network that is not invariant).
 *
 * @throws NnftInputError as {@link resolveAction}, `orders` for an order the run did not measure
 */
export function deviationEntries(
  run: CorrelatorRun,
  t: Transformation,
  o: { order: number; kind: CorrelatorKind } & EntrySelection,
): DeviationRecord[] {
  checkOrder(run, o.order);
  const action = resolveAction(run, t, o.basePoints);
  const tuples = selectTuples(o.order, action.pointImage.length, o.tuples);
  const { factor } = runReplicates(run, o.kind);
  const se = (reps: ArrayLike<number>) => {
    let m = 0;
    for (let b = 0; b < reps.length; b++) m += reps[b];
    m /= reps.length;
    let ss = 0;
    for (let b = 0; b < reps.length; b++) ss += (reps[b] - m) ** 2;
    return Math.sqrt(factor * ss);
  };
  const D = run.dOut;
  const out: DeviationRecord[] = [];
  visitDeviations(run, [action], o.order, o.kind, tuples, (e) => {
    const diff = Float64Array.from(e.transformedReplicates, (v, b) => v - e.valueReplicates[b]);
    out.push({
      idx: [...e.idx],
      imageIdx: e.idx.map((a) => action.pointImage[Math.floor(a / D)] * D + (a % D)),
      value: e.value, valueSE: se(e.valueReplicates),
      transformed: e.transformed, transformedSE: se(e.transformedReplicates),
      deviation: e.transformed - e.value, deviationSE: se(diff),
    });
  });
  return out;
}

/**
 * Visits every deviation entry of one order and kind, for each action in turn, over the selected
 * point tuples. Dense blocks of the run's correlators are gathered once per tuple and shared by all
 * actions (what makes 1000 rotations cheap).
 */
export function visitDeviations(
  run: CorrelatorRun,
  actions: readonly ResolvedAction[],
  n: number,
  kind: CorrelatorKind,
  tuples: readonly number[][],
  visit: (entry: DeviationEntry, action: number) => void,
): void {
  checkOrder(run, n);
  const { value, replicates } = runReplicates(run, kind);
  const B = replicates.length;
  const K = run.points.length;
  const D = run.dOut;
  const size = D ** n;
  const gathered = new Map<string, Float64Array>();
  const gather = (tuple: readonly number[]): Float64Array => {
    const key = tuple.join(',');
    let g = gathered.get(key);
    if (!g) {
      const map = denseIndexMap(K, D, tuple);
      g = new Float64Array((B + 1) * size);
      for (let p = 0; p < size; p++) g[p] = value[map[p]];
      for (let b = 0; b < B; b++) {
        const rep = replicates[b];
        const off = (b + 1) * size;
        for (let p = 0; p < size; p++) g[off + p] = rep[map[p]];
      }
      gathered.set(key, g);
    }
    return g;
  };
  const positions = tuples.map((t) => uniquePositions(D, t));
  const rotated = new Float64Array((B + 1) * size);
  const work = new Float64Array(size);
  const valueReps = new Float64Array(B);
  const transformedReps = new Float64Array(B);
  const idx = new Array<number>(n);
  actions.forEach((action, a) => {
    tuples.forEach((tuple, ti) => {
      const g = gather(tuple);
      const image = tuple.map((k) => action.pointImage[k]);
      let tg = gather(image);
      if (action.matrix) {
        for (let b = 0; b <= B; b++) {
          rotateDense(tg.subarray(b * size, (b + 1) * size), D, n, action.matrix, rotated.subarray(b * size, (b + 1) * size), work);
        }
        tg = rotated;
      }
      for (const p of positions[ti]) {
        let rest = p;
        for (let i = n - 1; i >= 0; i--) {
          idx[i] = tuple[i] * D + (rest % D);
          rest = Math.floor(rest / D);
        }
        for (let b = 0; b < B; b++) {
          valueReps[b] = g[(b + 1) * size + p];
          transformedReps[b] = tg[(b + 1) * size + p];
        }
        visit({ idx, value: g[p], transformed: tg[p], valueReplicates: valueReps, transformedReplicates: transformedReps }, a);
      }
    });
  });
}
