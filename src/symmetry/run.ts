import { NnftInputError } from '../errors.js';
import { EnsembleResult } from '../result.js';
import { blockWeights } from '../stats/accumulator.js';
import { cumulantPlan, cumulantsFromMoments } from '../stats/cumulants.js';
import { jackknifeReplicates, type JackknifeBlock, type JackknifeReplicates } from '../stats/jackknife.js';
import { totalMultisets } from '../stats/multiset.js';
import type { Matrix } from './matrix.js';
import { rotateFlat } from './tensor-action.js';

/** Which correlators: raw moments E[phi...phi] or connected ones (joint cumulants). */
export type CorrelatorKind = 'moment' | 'connected';

/**
 * What the symmetry tests read from a sampled ensemble: its points and output dimension, and the
 * per-block sums of every product of field values up to order nMax (flat layout over
 * P = K d_out components a = k d_out + o, as `src/stats/multiset.ts`). An `EnsembleResult` is one
 * ({@link correlatorRun}); so is the image of one under an output rotation ({@link rotateRunOutputs}).
 */
export interface CorrelatorRun {
  readonly points: readonly (readonly number[])[];
  readonly dOut: number;
  readonly nMax: number;
  /** Orders the run was asked for (the default orders of a test). */
  readonly orders: readonly number[];
  /** Jackknife blocks: network count (sum of weights) and sums of products (all orders 1..nMax). */
  readonly blocks: readonly JackknifeBlock[];
  /** Networks summed. */
  readonly networks: number;
  /** What the run is, for reports. */
  readonly label: string;
}

/** The symmetry-test view of a sampled ensemble (or a run already in that form). */
export function correlatorRun(r: EnsembleResult | CorrelatorRun): CorrelatorRun {
  if (!(r instanceof EnsembleResult)) {
    if (r === null || typeof r !== 'object' || !Array.isArray((r as CorrelatorRun).blocks)) {
      throw new NnftInputError('run', r, 'must be an EnsembleResult or a CorrelatorRun');
    }
    return r;
  }
  const e = r.header.ensemble;
  return {
    points: e.points,
    dOut: e.dOut,
    nMax: r.header.nMax,
    orders: r.header.orders,
    // a block's count is the sum of its network weights (its network count unless reweighted)
    blocks: r.accumulator.blocks().map((b) => ({ count: blockWeights(b).sum, sums: b.sums })),
    networks: r.networks,
    label: `${e.arch} N=${e.width} d_in=${e.dIn} d_out=${e.dOut} sw=${e.sw} sb=${e.sb} mw=${e.mw} mb=${e.mb}, ${r.networks} networks (${r.header.estimator})`,
  };
}

const replicateCache = new WeakMap<CorrelatorRun, Map<CorrelatorKind, JackknifeReplicates>>();

/**
 * Every correlator of the run (orders 1..nMax, flat layout) on all networks and without each
 * jackknife block in turn: what the deviation statistics and their errors are computed from.
 * Cached per run and kind.
 */
export function runReplicates(run: CorrelatorRun, kind: CorrelatorKind): JackknifeReplicates {
  let byKind = replicateCache.get(run);
  if (!byKind) replicateCache.set(run, (byKind = new Map()));
  let r = byKind.get(kind);
  if (!r) {
    const P = run.points.length * run.dOut;
    if (kind === 'moment') {
      r = jackknifeReplicates(run.blocks, (m) => m);
    } else {
      const plan = cumulantPlan(P, run.nMax);
      const out = new Float64Array(plan.size);
      r = jackknifeReplicates(run.blocks, (m) => cumulantsFromMoments(plan, m, out));
    }
    byKind.set(kind, r);
  }
  return r;
}

/**
 * The run of the rotated network R f: every block's sums of products rotated on their output
 * indices (exact: sums of products are tensors like the moments they average). The networks are the
 * same; only what is read from them changes.
 *
 * @throws NnftInputError (`rotation`) if R is not d_out x d_out
 */
export function rotateRunOutputs(run: CorrelatorRun, R: Matrix, label = `${run.label}, outputs rotated`): CorrelatorRun {
  if (R.n !== run.dOut) {
    throw new NnftInputError('rotation', `${R.n} x ${R.n} matrix`, `must be ${run.dOut} x ${run.dOut}, the run's output dimension d_out`);
  }
  const K = run.points.length;
  const size = totalMultisets(K * run.dOut, run.nMax);
  return {
    ...run,
    label,
    blocks: run.blocks.map((b) => {
      if (b.sums.length !== size) throw new NnftInputError('blocks', b.sums.length, `must hold ${size} sums`);
      return { count: b.count, sums: rotateFlat(b.sums, K, run.dOut, run.nMax, R) };
    }),
  };
}

/** Every correlator of the run (flat layout) with its jackknife standard error. */
export function runEstimates(run: CorrelatorRun, kind: CorrelatorKind): { value: Float64Array; se: Float64Array } {
  const { value, replicates, factor } = runReplicates(run, kind);
  const B = replicates.length;
  const se = new Float64Array(value.length);
  for (let i = 0; i < value.length; i++) {
    let m = 0;
    for (const r of replicates) m += r[i];
    m /= B;
    let ss = 0;
    for (const r of replicates) ss += (r[i] - m) ** 2;
    se[i] = Math.sqrt(factor * ss);
  }
  return { value, se };
}
