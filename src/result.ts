import { NnftInputError } from './errors.js';
import { Accumulator, blockWeights, type RunHeader } from './stats/accumulator.js';
import { cumulantPlan, cumulantsFromMoments } from './stats/cumulants.js';
import { jackknife, type JackknifeResult } from './stats/jackknife.js';
import { flatIndex, forEachMultiset, orderOffset } from './stats/multiset.js';
import { weightWarnings } from './sample/weight-warnings.js';
import type { DeformRun } from './deform/options.js';

/** One correlator entry of the JSON output: a sorted component multiset and its statistics. */
export interface CorrelatorEntry {
  idx: number[];
  moment: number;
  moment_se: number;
  connected: number;
  connected_se: number;
}

/** The JSON form of a result (`nnft sample --json`). */
export interface ResultJSON {
  arch: string;
  width: number;
  dIn: number;
  dOut: number;
  sw: number;
  sb: number;
  mw: number;
  mb: number;
  points: number[][];
  networks: number;
  seed: number;
  estimator: string;
  orders: number[];
  /** The architecture's own hyperparameters (architectures that declare some). */
  hyper?: Record<string, number | string>;
  /** Target hyperparameters of a reweighted run. */
  reweight?: Record<string, unknown>;
  /** The deformation of a deformed run. */
  deform?: DeformRun;
  /** The shared random scale of the last-layer weights (`{ dof }`), where the run had one. */
  sharedScale?: { dof: number };
  /** The hidden biases' mixture (`{ shift, fraction }`) of an importance-sampled run. */
  biasMixture?: { shift: number; fraction: number };
  /** (sum w)^2 / sum w^2 of a reweighted, deformed or bias-mixture run. */
  effectiveSampleSize?: number;
  /** What the result says about its own reliability (see EnsembleResult.warnings). */
  warnings?: string[];
  correlators: Record<string, CorrelatorEntry[]>;
}

/**
 * Moments and connected correlators of a sampled ensemble, with delete-one-block jackknife standard
 * errors. Components are a = k d_out + o (point k, output o); every accessor takes the indices of
 * a symmetric tensor in any order.
 *
 * @example
 * ```ts
 * const r = await sample({ arch: 'erf-net', width: 10, points: [0.2, 0.6], networks: 1e5, orders: [2, 4], seed: 1 });
 * r.moment(0, 1);           // E[f(0.2) f(0.6)], close to the GP kernel 1.4604
 * r.connected(0, 0, 1, 1);  // the connected 4-point function, O(1/N)
 * ```
 */
export class EnsembleResult {
  /** The sums behind the result (save with `accumulator.toBytes()`, combine with `merge`). */
  readonly accumulator: Accumulator;
  readonly header: RunHeader;
  /** Networks summed. */
  readonly networks: number;
  /** Number of components P = K d_out. */
  readonly components: number;
  /**
   * Effective sample size (sum w)^2 / sum w^2 of the networks' weights: the number of unweighted
   * networks that would give about the same errors. Equals `networks` without reweighting.
   */
  readonly effectiveSampleSize: number;
  /**
   * Warnings about the weights of a reweighted, deformed or bias-mixture run (empty otherwise): an
   * effective sample size below 5% of the networks (ESS_WARNING_FRACTION), weights that left the range
   * of f64, a deformation that is not normalisable (src/sample/weight-warnings.ts).
   */
  readonly warnings: readonly string[];
  private momentStats?: JackknifeResult;
  private connectedStats?: JackknifeResult;

  constructor(accumulator: Accumulator) {
    this.accumulator = accumulator;
    this.header = accumulator.header;
    this.networks = accumulator.networksDone;
    this.components = this.header.ensemble.points.length * this.header.ensemble.dOut;
    if (this.networks === 0) throw new NnftInputError('accumulator', 'no blocks', 'must hold at least one finished block');
    if (this.header.deform?.response) throw new NnftInputError('accumulator', 'linear response', 'holds a linear response: read it with LinearResponse');
    const { weight, weightSquares } = accumulator.totals();
    this.effectiveSampleSize = weight / (weightSquares / weight); // exactly `networks` for unit weights
    this.warnings = weightWarnings(this.header, this.networks, weight, this.effectiveSampleSize);
  }

  /** Jackknife blocks: each block's weighted sums over the sum of its weights (self-normalised). */
  private blocks() {
    return this.accumulator.blocks().map((b) => ({ count: blockWeights(b).sum, sums: b.sums }));
  }

  private moments(): JackknifeResult {
    this.momentStats ??= jackknife(this.blocks(), (m) => m);
    return this.momentStats;
  }

  private connectedAll(): JackknifeResult {
    if (!this.connectedStats) {
      const plan = cumulantPlan(this.components, this.header.nMax);
      const out = new Float64Array(plan.size);
      this.connectedStats = jackknife(this.blocks(), (m) => cumulantsFromMoments(plan, m, out));
    }
    return this.connectedStats;
  }

  private index(idx: number[]): number {
    if (idx.length < 1 || idx.length > this.header.nMax) {
      throw new NnftInputError('indices', idx, `must number between 1 and nMax = ${this.header.nMax}`);
    }
    for (const a of idx) {
      if (!Number.isInteger(a) || a < 0 || a >= this.components) {
        throw new NnftInputError('indices', idx, `must be integers in [0, ${this.components - 1}]`);
      }
    }
    return flatIndex(this.components, idx);
  }

  /** The n-point function E[phi_a1 ... phi_an] (indices in any order). */
  moment(...idx: number[]): number {
    return this.moments().value[this.index(idx)];
  }

  /** Standard error of `moment(...idx)`. */
  momentSE(...idx: number[]): number {
    return this.moments().se[this.index(idx)];
  }

  /** The connected n-point function (joint cumulant) kappa(phi_a1, ..., phi_an). */
  connected(...idx: number[]): number {
    return this.connectedAll().value[this.index(idx)];
  }

  /** Standard error of `connected(...idx)`. */
  connectedSE(...idx: number[]): number {
    return this.connectedAll().se[this.index(idx)];
  }

  /** Every sorted multiset of order n with its moment, connected correlator and their errors. */
  correlators(n: number): CorrelatorEntry[] {
    if (!Number.isInteger(n) || n < 1 || n > this.header.nMax) {
      throw new NnftInputError('order', n, `must be an integer in [1, ${this.header.nMax}]`);
    }
    const m = this.moments();
    const c = this.connectedAll();
    const base = orderOffset(this.components, n);
    const out: CorrelatorEntry[] = [];
    forEachMultiset(this.components, n, (idx, rank) => {
      const i = base + rank;
      out.push({ idx: Array.from(idx), moment: m.value[i], moment_se: m.se[i], connected: c.value[i], connected_se: c.se[i] });
    });
    return out;
  }

  /** Run parameters and, for every requested order, every correlator entry. */
  toJSON(): ResultJSON {
    const e = this.header.ensemble;
    const correlators: Record<string, CorrelatorEntry[]> = {};
    for (const n of this.header.orders) correlators[String(n)] = this.correlators(n);
    return {
      arch: e.arch, width: e.width, dIn: e.dIn, dOut: e.dOut, sw: e.sw, sb: e.sb, mw: e.mw, mb: e.mb,
      points: e.points.map((p) => [...p]),
      networks: this.networks,
      seed: this.header.seed,
      estimator: this.header.estimator,
      orders: [...this.header.orders],
      ...(e.hyper && { hyper: { ...e.hyper } }),
      ...(this.header.reweight && { reweight: { ...this.header.reweight } }),
      ...(this.header.deform && { deform: this.header.deform }),
      ...(this.header.sharedScale && { sharedScale: { ...this.header.sharedScale } }),
      ...(this.header.biasMixture && { biasMixture: { ...this.header.biasMixture } }),
      ...((this.header.reweight || this.header.deform || this.header.biasMixture) && { effectiveSampleSize: this.effectiveSampleSize }),
      ...(this.warnings.length > 0 && { warnings: [...this.warnings] }),
      correlators,
    };
  }
}

/** Merges results or accumulators of the same run (shards); the union must not repeat a block. */
export function merge(...parts: (EnsembleResult | Accumulator)[]): EnsembleResult {
  if (parts.length === 0) throw new NnftInputError('parts', parts, 'must hold at least one result');
  const accs = parts.map((p) => (p instanceof EnsembleResult ? p.accumulator : p));
  return new EnsembleResult(accs.reduce((a, b) => Accumulator.merge(a, b)));
}
