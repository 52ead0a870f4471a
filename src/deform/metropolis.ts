/**
 * Direct sampling of a deformed parameter density by Metropolis chains in parameter space (spec
 * actions-symmetry F4, sampling option 3):
 *
 *     P_lambda(theta) ∝ P_0(theta) exp(-Delta S[phi_theta]),   Delta S = lambda V,  V = sum_g q_g phi(y_g)^p,
 *
 * with the grid, quadrature weights and validation of every deformation (options.ts): the same Delta S
 * as importance reweighting (`sample({ deform })`) and the linear response, so the three estimate the
 * same thing. For a single hidden layer with d_out = 1 the units are i.i.d. under P_0, and a chain's
 * state is its N units and the output bias. A sweep proposes, for each unit in turn and then the
 * output bias (when it is random), a fresh draw of its parameters from P_0: an independence proposal whose
 * P_0 factors cancel, accepted with probability min(1, exp(-(Delta S_new - Delta S_old))). The field
 * at the points and the grid is updated by the difference of the unit's terms and summed afresh after
 * every sweep (assembly/metropolis.ts). At lambda = 0 every move is accepted and each sweep is a fresh
 * network of the undeformed ensemble.
 *
 * Each chain starts from a network of P_0, runs `burnIn` sweeps, then `sweeps` more, measuring the field
 * at the points after every `thin`-th. Measurements enter the moment sums of the ensemble results
 * (src/stats): each chain's measurements are cut into `blocks` runs of consecutive measurements, and
 * the delete-one-block jackknife over all chains' blocks gives the standard errors. These are honest
 * when a block is much longer than the integrated autocorrelation time, which the result reports (of
 * V and of phi(x_0)^2, Sokal's window, src/stats/autocorrelation.ts) with the acceptance rate, and warns
 * about when a block is shorter than 20 tau.
 *
 * Independence proposals mix in a sweep or two while most moves are accepted (cos-net at N = 100 with
 * phi^4 on [-3, 3]: acceptance 0.99 at lambda = 1, 0.79 at lambda = 400, tau about 1/2). At strong coupling and small N they can stick: a state
 * whose Delta S is far below that of typical proposals rejects nearly all of them for a long stretch.
 * The autocorrelation window then fails to close or the blocks come out short against tau, and the
 * result says so in `warnings`.
 *
 * Chain c of a seed draws from counters of its own (assembly/metropolis.ts), so it is the same whatever
 * the number of chains, and a seed fixes every bit.
 *
 * @module
 */
import { NnftAbortError, NnftInputError } from '../errors.js';
import { addProducts } from '../gp/moments.js';
import { EnsembleResult, type CorrelatorEntry, type ResultJSON } from '../result.js';
import { kernelConfig } from '../sample/ensemble.js';
import { checkAccumulatorSize, checkInteger, checkOrders, checkSeed, LIMITS, resolveEnsemble, type EnsembleOptions } from '../sample/options.js';
import { blockRanges } from '../sample/plan.js';
import { Accumulator, type BlockSums, type RunHeader } from '../stats/accumulator.js';
import { integratedAutocorrelationTime, type AutocorrelationTime } from '../stats/autocorrelation.js';
import { deformRun, resolveEnsembleDeform } from './ensemble.js';
import { MetropolisKernel } from './metropolis-kernel.js';
import { resolveDeformGrid, type DeformOptions, type DeformRun } from './options.js';

/** Default Metropolis chains. */
export const DEFAULT_CHAINS = 4;

/** Default jackknife blocks per chain. */
export const DEFAULT_CHAIN_BLOCKS = 8;

/** Most measurements of a run (all chains): their time series are kept for the autocorrelation times. */
export const MAX_MEASUREMENTS = 2 ** 22;

/** A jackknife block shorter than this many integrated autocorrelation times draws a warning. */
export const BLOCK_TAU_RATIO = 20;

/** Progress of a Metropolis run, reported after every call into the kernel. */
export interface MetropolisProgress {
  /** Sweeps finished, summed over chains (burn-in included). */
  readonly done: number;
  /** Sweeps of the whole run, summed over chains. */
  readonly total: number;
  readonly elapsedSeconds: number;
  readonly sweepsPerSecond: number;
  readonly etaSeconds: number;
}

/** Options of `metropolis`: an ensemble, a deformation (lambda required), and the chains. */
export interface MetropolisOptions extends EnsembleOptions {
  /**
   * The deformation exp(-(lambda / p!) int_region phi^p), as for `sample`. The density must be
   * normalisable: an even power and lambda >= 0.
   */
  deform: DeformOptions;
  /** Orders of the correlators wanted; moments of every order up to the largest are accumulated. */
  orders: readonly number[];
  /** Seed: an integer in [0, 2^53). Chain c of a seed is the same whatever the number of chains. */
  seed: number;
  /** Sweeps per chain after the burn-in (a sweep proposes a move of every unit once). */
  sweeps: number;
  /** Sweeps per chain discarded first (default ceil(sweeps / 10)). */
  burnIn?: number;
  /** Measure the field after every `thin`-th sweep (default 1). */
  thin?: number;
  /** Independent chains (default 4; they run four at a time in the SIMD lanes). */
  chains?: number;
  /** Jackknife blocks of consecutive measurements per chain (default 8, at least 2 in all). */
  blocks?: number;
  /** Called after every call into the kernel (a few hundred sweeps of four chains). */
  onProgress?: (p: MetropolisProgress) => void;
  /** Cancels the run: the promise rejects with NnftAbortError. */
  signal?: AbortSignal;
}

/** How the chains were run, and what they say about their own mixing. */
export interface MetropolisRun {
  readonly chains: number;
  readonly sweeps: number;
  readonly burnIn: number;
  readonly thin: number;
  /** Measurements per chain, floor(sweeps / thin). */
  readonly measurements: number;
  /** Jackknife blocks per chain. */
  readonly blocks: number;
  /** Measurements in the shortest block. */
  readonly blockLength: number;
  /** Moves per sweep: N units, plus the output bias when it is random. */
  readonly movesPerSweep: number;
  /** Accepted moves over proposed moves after the burn-in, all chains. */
  readonly acceptanceRate: number;
  /** The same, per chain. */
  readonly chainAcceptance: readonly number[];
  /**
   * Integrated autocorrelation times, in measurements (thin sweeps each), pooled over chains: of
   * V = Delta S / lambda and of phi(x_0)^2 at the first point.
   */
  readonly autocorrelation: { readonly action: AutocorrelationTime; readonly phi2: AutocorrelationTime };
}

/** The JSON form of a Metropolis result. */
export interface MetropolisJSON extends ResultJSON {
  deform: DeformRun;
  metropolis: MetropolisRun;
}

/**
 * Moments and connected correlators of a deformed ensemble from Metropolis chains, with jackknife
 * errors over blocks of consecutive measurements, and the chains' acceptance and autocorrelation.
 * `networks` of the ensemble result counts measurements.
 */
export class MetropolisResult {
  /** The correlators (an ensemble result whose "networks" are the measurements). */
  readonly ensemble: EnsembleResult;
  readonly header: RunHeader;
  readonly run: MetropolisRun;
  /** Mixing problems: blocks not much longer than the autocorrelation time, a window that did not close. */
  readonly warnings: readonly string[];

  constructor(accumulator: Accumulator, run: MetropolisRun) {
    this.ensemble = new EnsembleResult(accumulator);
    this.header = accumulator.header;
    this.run = run;
    const warnings: string[] = [];
    for (const [name, t] of Object.entries(run.autocorrelation)) {
      if (!t.converged) {
        warnings.push(`the autocorrelation window of ${name} did not close within a quarter of a chain: the chains are too short to measure tau (${t.tau.toPrecision(3)} so far)`);
      } else if (run.blockLength < BLOCK_TAU_RATIO * t.tau) {
        warnings.push(
          `jackknife blocks of ${run.blockLength} measurements are shorter than ${BLOCK_TAU_RATIO} integrated autocorrelation times of ${name} ` +
            `(tau = ${t.tau.toPrecision(3)}): the errors may be too small; run more sweeps or use fewer blocks`,
        );
      }
    }
    this.warnings = warnings;
  }

  /** Measurements in all (chains x measurements per chain). */
  get measurements(): number {
    return this.ensemble.networks;
  }

  /** Accepted over proposed moves after the burn-in. */
  get acceptanceRate(): number {
    return this.run.acceptanceRate;
  }

  /** Integrated autocorrelation times of V and of phi(x_0)^2, in measurements. */
  get autocorrelation(): MetropolisRun['autocorrelation'] {
    return this.run.autocorrelation;
  }

  /** E_lambda[phi_a1 ... phi_an]. */
  moment(...idx: number[]): number {
    return this.ensemble.moment(...idx);
  }

  /** Standard error of `moment(...idx)`. */
  momentSE(...idx: number[]): number {
    return this.ensemble.momentSE(...idx);
  }

  /** The connected correlator kappa(phi_a1, ..., phi_an) under P_lambda. */
  connected(...idx: number[]): number {
    return this.ensemble.connected(...idx);
  }

  /** Standard error of `connected(...idx)`. */
  connectedSE(...idx: number[]): number {
    return this.ensemble.connectedSE(...idx);
  }

  /** Every sorted multiset of order n with its moment, connected correlator and their errors. */
  correlators(n: number): CorrelatorEntry[] {
    return this.ensemble.correlators(n);
  }

  /** The correlators, the deformation, the chains' record and the warnings. */
  toJSON(): MetropolisJSON {
    const { effectiveSampleSize: _, warnings: __, ...base } = this.ensemble.toJSON();
    return { ...base, deform: this.header.deform!, metropolis: this.run, ...(this.warnings.length > 0 && { warnings: [...this.warnings] }) };
  }
}

/** A validated Metropolis run. */
interface MetropolisPlan {
  readonly header: RunHeader;
  readonly lambda: number;
  readonly chains: number;
  readonly sweeps: number;
  readonly burnIn: number;
  readonly thin: number;
  readonly blocks: number;
  readonly measurements: number;
  readonly config: ReturnType<typeof kernelConfig>;
}

/** Validates every option (NnftInputError naming the field) before any work starts. */
function planMetropolis(o: MetropolisOptions): MetropolisPlan {
  if (o === null || typeof o !== 'object') throw new NnftInputError('options', o, 'must be an object');
  const ensemble = resolveEnsemble(o);
  // options of `sample` that would change the ensemble and that the chains cannot honour
  const given = o as unknown as Record<string, unknown>;
  if (given.sharedScale !== undefined) {
    throw new NnftInputError('sharedScale', given.sharedScale, 'cannot be used with Metropolis chains: a scale shared by all units makes them dependent under P_0');
  }
  if (given.reweight !== undefined) throw new NnftInputError('reweight', given.reweight, 'cannot be used with Metropolis chains: the chains sample the deformed density itself');
  if (given.biasMixture !== undefined) {
    throw new NnftInputError('biasMixture', given.biasMixture, 'cannot be used with Metropolis chains: proposals come from P_0 itself, not from an importance density');
  }
  if (o.deform === undefined) throw new NnftInputError('deform', o.deform, 'must be given: the deformation to sample');
  const grid = resolveDeformGrid(o.deform, ensemble.dIn);
  // d_out, region and grid against the architecture; lambda is checked here, not against the range of weights
  const checked = resolveEnsembleDeform({ ...(o.deform as object), lambda: 0 }, ensemble, false);
  const { lambda, power } = grid;
  if (power % 2 === 1) {
    throw new NnftInputError('deform.power', power, 'must be even for Metropolis chains: exp(-lambda int phi^p) with an odd power is not normalisable');
  }
  if (lambda < 0) {
    throw new NnftInputError('deform.lambda', lambda, 'must be >= 0 for Metropolis chains: exp(-lambda int phi^p) is not normalisable for lambda < 0');
  }
  const orders = checkOrders(o.orders);
  const seed = checkSeed(o.seed);
  const nMax = orders[orders.length - 1];
  const sums = checkAccumulatorSize(ensemble.points.length, nMax);
  const sweeps = checkInteger('sweeps', o.sweeps, 1, 2 ** 31 - 1);
  // sweep numbers stay below 2^32 (a 32-bit counter word)
  const burnIn = checkInteger('burnIn', o.burnIn ?? Math.ceil(sweeps / 10), 0, 2 ** 31 - 1);
  const thin = checkInteger('thin', o.thin ?? 1, 1, sweeps);
  const chains = checkInteger('chains', o.chains ?? DEFAULT_CHAINS, 1, LIMITS.blocks / 2);
  const blocks = checkInteger('blocks', o.blocks ?? DEFAULT_CHAIN_BLOCKS, chains === 1 ? 2 : 1, Math.floor(LIMITS.blocks / chains));
  const measurements = Math.floor(sweeps / thin);
  if (measurements < blocks) {
    throw new NnftInputError('sweeps', sweeps, `gives ${measurements} measurements per chain (thin ${thin}), fewer than the ${blocks} jackknife blocks per chain`);
  }
  if (chains * measurements > MAX_MEASUREMENTS) {
    throw new NnftInputError('sweeps', sweeps, `gives ${chains * measurements} measurements in all, more than ${MAX_MEASUREMENTS}: thin them (thin) or run fewer`);
  }
  if (o.onProgress !== undefined && typeof o.onProgress !== 'function') throw new NnftInputError('onProgress', o.onProgress, 'must be a function');
  const config = kernelConfig(ensemble, seed, nMax, 'direct', undefined, { ...checked, lambda, shift: 0, response: false });
  const header: RunHeader = {
    ensemble, seed, networks: chains * measurements, nMax, orders, blocks: chains * blocks, taskNetworks: measurements,
    estimator: 'direct', sums, deform: deformRun({ ...grid, shift: 0, response: false }),
  };
  return { header, lambda, chains, sweeps, burnIn, thin, blocks, measurements, config };
}

/** Sweeps per call into the kernel: about 2^21 unit evaluations of four chains (tens of milliseconds). */
function chunkSweeps(width: number, nodes: number): number {
  return Math.max(1, Math.min(4096, Math.floor(2 ** 21 / ((width + 1) * nodes))));
}

const yieldToEvents = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Samples a deformed ensemble by Metropolis chains in parameter space (see the module comment) and
 * returns its moments and connected correlators with autocorrelation-aware jackknife errors, the
 * acceptance rate and the integrated autocorrelation times. Runs on the calling thread, yielding
 * between kernel calls when `signal` is given. Architectures: any registered one with one hidden
 * layer and d_out = 1.
 *
 * @throws NnftInputError naming the bad field, before any work starts
 * @throws NnftAbortError when `signal` aborts
 *
 * @example
 * ```ts
 * const r = await metropolis({ arch: 'cos-net', width: 100, hyper: { m: 1, lambda: 8 }, points: [0], orders: [2, 4], seed: 1,
 *   deform: { lambda: 1, region: [-3, 3] }, sweeps: 20000 }, await nodeWasmModule());
 * r.moment(0, 0);         // G(0, 0) of phi^4 on [-3, 3]: below arctan(8) / pi = 0.460 by about 0.05
 * r.acceptanceRate;       // about 0.99
 * r.autocorrelation.phi2; // { tau: about 0.5, ... }
 * ```
 */
export async function metropolis(options: MetropolisOptions, module: WebAssembly.Module): Promise<MetropolisResult> {
  const plan = planMetropolis(options);
  if (!(module instanceof WebAssembly.Module)) throw new NnftInputError('module', module, 'must be the compiled nnft.wasm');
  const { header, chains, sweeps, burnIn, thin, blocks, measurements, config } = plan;
  const K = config.points;
  const G = config.weights!.deform!.zc.length;
  const groups = Math.ceil(chains / 4);
  const kernel = await MetropolisKernel.create(module, config, plan.lambda, chunkSweeps(config.width, K + G));
  const movesPerSweep = config.width + (Math.fround(config.sb1) !== 0 ? 1 : 0); // the kernel reads sb1 as f32
  const last = burnIn + sweeps; // sweeps 1 .. last follow the initial state, sweep 0
  const ranges = blockRanges(measurements, blocks);
  const sums = ranges.map(() => Array.from({ length: chains }, () => new Float64Array(header.sums)));
  const action = Array.from({ length: chains }, () => new Float64Array(measurements));
  const phi2 = Array.from({ length: chains }, () => new Float64Array(measurements));
  const accepted = new Float64Array(chains);
  const phi = new Float64Array(K);
  const total = chains * (last + 1);
  const t0 = performance.now();
  let done = 0;
  for (let g = 0; g < groups; g++) {
    const lanes = Math.min(4, chains - 4 * g);
    const block = new Int32Array(lanes); // each lane's current jackknife block
    for (let s0 = 0; s0 <= last; ) {
      if (options.signal?.aborted) throw new NnftAbortError(`Metropolis sampling cancelled after ${done} chain sweeps`);
      // the first call is a single sweep, so that later calls run the kernel's optimised code
      const count = s0 === 0 ? 1 : Math.min(kernel.chunk, last + 1 - s0);
      const rec = kernel.sweeps(4 * g, s0, count);
      for (let t = 0; t < count; t++) {
        const s = s0 + t;
        if (s <= burnIn) continue;
        for (let l = 0; l < lanes; l++) {
          const c = 4 * g + l;
          const r = kernel.recordLength * (4 * t + l);
          accepted[c] += rec[r + K + 1];
          if ((s - burnIn) % thin !== 0) continue;
          const m = (s - burnIn) / thin - 1;
          while (m >= ranges[block[l]].n1) block[l]++;
          for (let k = 0; k < K; k++) phi[k] = rec[r + k];
          addProducts(phi, header.nMax, sums[block[l]][c]);
          action[c][m] = rec[r + K];
          phi2[c][m] = phi[0] * phi[0];
        }
      }
      s0 += count;
      done += lanes * count;
      if (options.onProgress) {
        const elapsedSeconds = (performance.now() - t0) / 1000;
        const rate = done / elapsedSeconds;
        options.onProgress({ done, total, elapsedSeconds, sweepsPerSecond: rate, etaSeconds: (total - done) / rate });
      }
      if (options.signal) await yieldToEvents();
    }
  }
  const out: BlockSums[] = [];
  for (let c = 0; c < chains; c++) {
    for (const [b, r] of ranges.entries()) {
      out.push({ index: c * blocks + b, n0: c * measurements + r.n0, n1: c * measurements + r.n1, sums: sums[b][c] });
    }
  }
  const proposed = movesPerSweep * sweeps;
  const run: MetropolisRun = {
    chains, sweeps, burnIn, thin, measurements, blocks,
    blockLength: Math.min(...ranges.map((r) => r.n1 - r.n0)),
    movesPerSweep,
    acceptanceRate: accepted.reduce((a, b) => a + b, 0) / (proposed * chains),
    chainAcceptance: Array.from(accepted, (a) => a / proposed),
    autocorrelation: { action: integratedAutocorrelationTime(action), phi2: integratedAutocorrelationTime(phi2) },
  };
  return new MetropolisResult(new Accumulator(header, out), run);
}
