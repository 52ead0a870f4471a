/**
 * The linear response of an ensemble's correlators to a deformation exp(-lambda V) of its density
 * (spec actions-symmetry F4, sampling option 2). Differentiating the self-normalised estimator
 * E_lambda[O] = E_0[O e^{-lambda V}] / E_0[e^{-lambda V}] gives, at any lambda,
 *
 *     d/dlambda E_lambda[O] = -(E_lambda[O V] - E_lambda[O] E_lambda[V]) = -Cov_lambda(O, V),
 *
 * at lambda = 0 the exact O(lambda) coefficient, with no lambda^2 contamination. A response run
 * accumulates, per jackknife block, the products O weighted by w (the weight at lambda: 1 at 0), the
 * same products weighted by w V, and sum w V, from the same networks in one pass; the derivative of
 * every moment is then a smooth function of block means, and that of every connected correlator
 * follows exactly through the Jacobian of the moment-to-cumulant map (src/stats/cumulant-tangent.ts).
 * Standard errors are delete-one-block jackknife errors over the run's blocks.
 *
 * @module
 */
import { NnftInputError } from '../errors.js';
import { EnsembleResult, type CorrelatorEntry, type ResultJSON } from '../result.js';
import { Accumulator, blockWeights, type RunHeader } from '../stats/accumulator.js';
import { cumulantTangent } from '../stats/cumulant-tangent.js';
import { cumulantPlan } from '../stats/cumulants.js';
import { jackknife, type JackknifeResult } from '../stats/jackknife.js';
import { flatIndex, forEachMultiset, orderOffset, totalMultisets } from '../stats/multiset.js';

/** The JSON form of a linear response: the run, the correlators at lambda, and their derivatives. */
export interface LinearResponseJSON extends ResultJSON {
  /** d/dlambda of every moment and connected correlator, per order (entries as `correlators`). */
  response: Record<string, CorrelatorEntry[]>;
}

/**
 * d/dlambda of every moment and connected correlator of a deformed ensemble at the run's lambda
 * (`header.deform.lambda`, 0 unless given), with jackknife standard errors, and the correlators
 * themselves at that lambda (`baseline`). Built from the accumulator of a response run
 * (`linearResponse`, or `gp.linearResponseGaussianProcess` at N = infinity).
 *
 * @example
 * ```ts
 * const r = await linearResponse({ arch: 'cos-net', width: 1000, hyper: { m: 1, lambda: 8 }, points: [0], networks: 20000, orders: [2, 4], seed: 1,
 *   deform: { region: [-3, 3] } });
 * r.connected(0, 0, 0, 0);        // d G_c^(4)(0,0,0,0) / d lambda at lambda = 0: near -int G^4 = -0.031 (phi^4 tree level) plus O(1/N)
 * r.baseline.connected(0, 0, 0, 0); // G_c^(4) itself at lambda = 0 (the 1/N part)
 * ```
 */
export class LinearResponse {
  readonly accumulator: Accumulator;
  readonly header: RunHeader;
  /** Networks summed. */
  readonly networks: number;
  /** Number of components P = K d_out. */
  readonly components: number;
  /** The ensemble at the run's lambda: its moments and connected correlators from the same networks. */
  readonly baseline: EnsembleResult;
  /** (sum w)^2 / sum w^2 at the run's lambda (`networks` at lambda = 0). */
  readonly effectiveSampleSize: number;
  /** Warnings about the weights at the run's lambda (the baseline's; see EnsembleResult.warnings). */
  readonly warnings: readonly string[];
  private readonly size: number;
  private stats?: JackknifeResult;

  constructor(accumulator: Accumulator) {
    const h = accumulator.header;
    if (!h.deform?.response) throw new NnftInputError('accumulator', 'no linear response', 'must come from a linear-response run (deform with response)');
    this.accumulator = accumulator;
    this.header = h;
    this.components = h.ensemble.points.length * h.ensemble.dOut;
    this.size = totalMultisets(this.components, h.nMax);
    if (h.sums !== 2 * this.size + 1) throw new NnftInputError('accumulator', h.sums, `must hold 2 x ${this.size} + 1 sums per block`);
    const { response: _, ...deform } = h.deform;
    const baseHeader: RunHeader = { ...h, sums: this.size, deform };
    this.baseline = new EnsembleResult(new Accumulator(baseHeader, accumulator.blocks().map((b) => ({ ...b, sums: b.sums.slice(0, this.size) }))));
    this.networks = this.baseline.networks;
    this.effectiveSampleSize = this.baseline.effectiveSampleSize;
    this.warnings = this.baseline.warnings;
  }

  /** Merges linear responses, or their accumulators, of the same run (shards); the union must not repeat a block. */
  static merge(...parts: (LinearResponse | Accumulator)[]): LinearResponse {
    if (parts.length === 0) throw new NnftInputError('parts', parts, 'must hold at least one linear response');
    const accs = parts.map((p) => (p instanceof LinearResponse ? p.accumulator : p));
    return new LinearResponse(accs.reduce((a, b) => Accumulator.merge(a, b)));
  }

  /** Jackknife of [d moments, d connected] from the block means of [w O, w V O, w V]. */
  private all(): JackknifeResult {
    if (!this.stats) {
      const S = this.size;
      const plan = cumulantPlan(this.components, this.header.nMax);
      const dm = new Float64Array(S);
      const out = new Float64Array(2 * S);
      const buffers = { cumulants: new Float64Array(S), tangent: new Float64Array(S) };
      const blocks = this.accumulator.blocks().map((b) => ({ count: blockWeights(b).sum, sums: b.sums }));
      this.stats = jackknife(blocks, (mean) => {
        const m = mean.subarray(0, S);
        const v = mean[2 * S];
        for (let i = 0; i < S; i++) dm[i] = -(mean[S + i] - m[i] * v);
        const { tangent } = cumulantTangent(plan, m, dm, buffers);
        out.set(dm, 0);
        out.set(tangent, S);
        return out;
      });
    }
    return this.stats;
  }

  private index(idx: number[]): number {
    if (idx.length < 1 || idx.length > this.header.nMax) {
      throw new NnftInputError('indices', idx, `must number between 1 and nMax = ${this.header.nMax}`);
    }
    for (const a of idx) {
      if (!Number.isInteger(a) || a < 0 || a >= this.components) throw new NnftInputError('indices', idx, `must be integers in [0, ${this.components - 1}]`);
    }
    return flatIndex(this.components, idx);
  }

  /** d/dlambda E[phi_a1 ... phi_an]. */
  moment(...idx: number[]): number {
    return this.all().value[this.index(idx)];
  }

  /** Standard error of `moment(...idx)`. */
  momentSE(...idx: number[]): number {
    return this.all().se[this.index(idx)];
  }

  /** d/dlambda of the connected correlator kappa(phi_a1, ..., phi_an). */
  connected(...idx: number[]): number {
    return this.all().value[this.size + this.index(idx)];
  }

  /** Standard error of `connected(...idx)`. */
  connectedSE(...idx: number[]): number {
    return this.all().se[this.size + this.index(idx)];
  }

  /** Every sorted multiset of order n with the derivatives of its moment and connected correlator. */
  correlators(n: number): CorrelatorEntry[] {
    if (!Number.isInteger(n) || n < 1 || n > this.header.nMax) throw new NnftInputError('order', n, `must be an integer in [1, ${this.header.nMax}]`);
    const { value, se } = this.all();
    const base = orderOffset(this.components, n);
    const out: CorrelatorEntry[] = [];
    forEachMultiset(this.components, n, (idx, rank) => {
      const i = base + rank;
      const j = this.size + i;
      out.push({ idx: Array.from(idx), moment: value[i], moment_se: se[i], connected: value[j], connected_se: se[j] });
    });
    return out;
  }

  /** The baseline's JSON (correlators at lambda) with the derivatives as `response` and the deformation. */
  toJSON(): LinearResponseJSON {
    const response: Record<string, CorrelatorEntry[]> = {};
    for (const n of this.header.orders) response[String(n)] = this.correlators(n);
    return { ...this.baseline.toJSON(), deform: this.header.deform, response };
  }
}
