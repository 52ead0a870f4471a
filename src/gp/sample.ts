import { deformRun } from '../deform/ensemble.js';
import type { DeformOptions } from '../deform/options.js';
import { LinearResponse } from '../deform/response.js';
import { NnftInputError } from '../errors.js';
import { EnsembleResult } from '../result.js';
import { Accumulator, type BlockSums, type RunHeader } from '../stats/accumulator.js';
import { WasmKernel } from '../sample/kernel.js';
import { checkAccumulatorSize, checkInteger, checkOrders, checkReal, checkSeed, LIMITS } from '../sample/options.js';
import { blockRanges, JACKKNIFE_BLOCKS } from '../sample/plan.js';
import { STREAM_HIDDEN } from '../sample/wasm-layout.js';
import { jitteredCholesky } from './cholesky.js';
import { actionOf, drawGrid, resolveGpDeform } from './deform.js';
import { addProducts } from './moments.js';

/** A covariance function k(x, y), or its matrix on the points (row-major rows). */
export type GpKernel = ((x: readonly number[], y: readonly number[]) => number) | readonly (readonly number[])[];

/** A Gaussian-process ensemble: zero-mean field with covariance `kernel` on `points` (width N = infinity). */
export interface GpSampleOptions {
  /** Points x^(k): numbers (d_in = 1) or arrays of one common length. */
  points: readonly (number | readonly number[])[];
  /** The covariance: a function of two points, or its P x P matrix on `points`. */
  kernel: GpKernel;
  /** A name for the kernel, recorded in the run header (default `custom`). */
  name?: string;
  /** Number of draws of the field (the "networks" of the ensemble). */
  networks: number;
  /** Correlator orders to report; moments of every order up to the highest are accumulated. */
  orders: readonly number[];
  /** Seed of the Philox normals: the same seed gives the same bits. */
  seed: number;
  /** Jackknife blocks (default as `sample`). */
  blocks?: number;
  /**
   * A deformation exp(-(lambda / p!) int_region phi^p) of the Gaussian density (src/deform/): the
   * field is drawn jointly on the points and the grid (the kernel must then be a function), and each
   * draw weighted; results are self-normalised, with `effectiveSampleSize` and `warnings`.
   */
  deform?: DeformOptions;
}

/**
 * How a Gaussian-process run was drawn (the `gp` field of its RunHeader). The header's ensemble then
 * has arch `gaussian-process`, width 0 (standing for N = infinity) and zero sw, sb, mw, mb.
 */
export interface GaussianProcessRun {
  readonly kernel: string;
  /** Absolute jitter added to the diagonal of the kernel matrix before its Cholesky factorisation. */
  readonly jitter: number;
  /** The jitter relative to the mean diagonal (an entry of JITTER_LADDER). */
  readonly relativeJitter: number;
}

/** Architecture name recorded in the header of a Gaussian-process run. */
export const GP_ARCH = 'gaussian-process';

function resolvePoints(points: unknown): number[][] {
  if (!Array.isArray(points) || points.length === 0) throw new NnftInputError('points', points, 'must be a non-empty array of points');
  if (points.length > LIMITS.points) throw new NnftInputError('points', `${points.length} points`, `must hold at most ${LIMITS.points} points`);
  const dIn = Array.isArray(points[0]) ? points[0].length : 1;
  return points.map((p, k) => {
    const x = typeof p === 'number' ? [p] : p;
    if (!Array.isArray(x) || x.length !== dIn || dIn === 0) {
      throw new NnftInputError(`points[${k}]`, p, `must be a number or an array of ${dIn} numbers`);
    }
    return x.map((v, i) => checkReal(`points[${k}][${i}]`, v));
  });
}

function kernelMatrix(kernel: unknown, points: number[][]): Float64Array {
  const P = points.length;
  const k = new Float64Array(P * P);
  if (typeof kernel === 'function') {
    for (let a = 0; a < P; a++) for (let b = 0; b < P; b++) k[a * P + b] = Number(kernel(points[a], points[b]));
  } else if (Array.isArray(kernel) && kernel.length === P) {
    for (let a = 0; a < P; a++) {
      const row = kernel[a];
      if (!Array.isArray(row) || row.length !== P) throw new NnftInputError(`kernel[${a}]`, row, `must be a row of ${P} numbers`);
      for (let b = 0; b < P; b++) k[a * P + b] = row[b];
    }
  } else {
    throw new NnftInputError('kernel', kernel, `must be a function of two points or a ${P} x ${P} matrix`);
  }
  return k;
}

/**
 * Draws a zero-mean Gaussian process on the points, phi = L z with `K + jitter I = L L^T` (the
 * smallest jitter that factorises, see jitteredCholesky) and z standard normals of the sampler's
 * Philox streams (draw n takes the normals of network n), and accumulates its moments block by block
 * exactly like `sample`: every analysis of an EnsembleResult (connected correlators with jackknife
 * errors, merging, saving) works at N = infinity. Same options, same bits.
 *
 * @param options - points, kernel, draws, orders, seed
 * @param module - the compiled nnft.wasm (Node: `nodeWasmModule()`; browser: `browserWasmModule(url)`)
 * @throws NnftInputError naming the bad field (points, kernel, networks, orders, seed, blocks)
 *
 * @example
 * ```ts
 * const r = await sampleGaussianProcess(
 *   { points: [0, 1], kernel: (x, y) => Math.exp(-Math.abs(x[0] - y[0])), networks: 20000, orders: [2, 4], seed: 1 },
 *   await nodeWasmModule(),
 * );
 * r.moment(0, 1);           // close to e^-1
 * r.connected(0, 0, 1, 1);  // consistent with 0
 * r.header.gp?.jitter;      // returns 0
 * ```
 */
export async function sampleGaussianProcess(options: GpSampleOptions, module: WebAssembly.Module): Promise<EnsembleResult> {
  return new EnsembleResult(await drawGaussianProcess(options, module, false));
}

/**
 * The linear response of a Gaussian process to `deform` (N = infinity): d/dlambda at `deform.lambda`
 * (default 0) of every moment and connected correlator, -Cov(O, V), with jackknife errors
 * (src/deform/response.ts). Options and bits as `sampleGaussianProcess`.
 *
 * @example
 * ```ts
 * const G = (x: readonly number[], y: readonly number[]) => cutoffPropagator(1, 1, 8, Math.abs(x[0] - y[0]));
 * const r = await linearResponseGaussianProcess({ points: [0], kernel: G, networks: 400000, orders: [4], seed: 1, deform: { region: [-3, 3] } }, await nodeWasmModule());
 * r.connected(0, 0, 0, 0); // phi^4 at tree level: -int_{-3}^{3} G(y)^4 dy = -0.0309, within errors
 * ```
 */
export async function linearResponseGaussianProcess(options: GpSampleOptions & { deform: DeformOptions }, module: WebAssembly.Module): Promise<LinearResponse> {
  if (options !== null && typeof options === 'object' && options.deform === undefined) {
    throw new NnftInputError('deform', undefined, 'must be given for a linear response');
  }
  return new LinearResponse(await drawGaussianProcess(options, module, true));
}

/** Draws the process (deformed, or its linear response) block by block into an accumulator. */
async function drawGaussianProcess(options: GpSampleOptions, module: WebAssembly.Module, response: boolean): Promise<Accumulator> {
  if (options === null || typeof options !== 'object') throw new NnftInputError('options', options, 'must be an object');
  const points = resolvePoints(options.points);
  const networks = checkInteger('networks', options.networks, 1, LIMITS.networks);
  const orders = checkOrders(options.orders);
  const seed = checkSeed(options.seed);
  const blockCount = options.blocks === undefined ? JACKKNIFE_BLOCKS : checkInteger('blocks', options.blocks, 2, LIMITS.blocks);
  const name = options.name ?? 'custom';
  if (typeof name !== 'string') throw new NnftInputError('name', name, 'must be a string');
  const P = points.length;
  const nMax = orders[orders.length - 1];
  const sums = checkAccumulatorSize(P, nMax);
  const { factor, jitter, relativeJitter } = jitteredCholesky(kernelMatrix(options.kernel, points), P);
  const deform = options.deform === undefined ? undefined : resolveGpDeform(options.deform, points, options.kernel, factor, response);
  if (!(module instanceof WebAssembly.Module)) throw new NnftInputError('module', module, 'must be the compiled nnft.wasm');

  const header: RunHeader = {
    ensemble: { arch: GP_ARCH, width: 0, dIn: points[0].length, dOut: 1, points, sw: 0, sb: 0, mw: 0, mb: 0 },
    seed, networks, nMax, orders, blocks: blockCount, taskNetworks: networks, estimator: 'direct',
    // a response run's blocks hold the w- and w V-weighted sums and sum w V (src/deform/response.ts)
    sums: response ? 2 * sums + 1 : sums,
    gp: { kernel: name, jitter, relativeJitter },
    ...(deform && { deform: deformRun(deform) }),
  };
  const wasm = await WasmKernel.create(module);
  const seedLo = seed % 2 ** 32;
  const seedHi = Math.floor(seed / 2 ** 32);
  const drawn = P + (deform?.extra ?? 0);
  const normalBlocks = Math.ceil(drawn / 4);
  const z = new Float64Array(drawn);
  const values = new Float64Array(drawn); // the points' field, then the extra grid nodes'
  const phi = values.subarray(0, P);
  // log w = c V + constant, c = -lambda (0 bits of change at lambda = 0: exp(+-0) = 1)
  const coef = deform ? -deform.lambda : 0;
  const constant = deform ? deform.lambda * deform.shift : 0;
  const blocks: BlockSums[] = [];
  let normals: Float32Array = new Float32Array(0);
  for (const b of blockRanges(networks, blockCount)) {
    const s = new Float64Array(header.sums);
    const vSums = s.subarray(sums, 2 * sums);
    let w1 = 0;
    let w2 = 0;
    for (let n = b.n0; n < b.n1; n++) {
      const lane = n % 4;
      if (lane === 0 || n === b.n0) normals = wasm.normals(seedLo, seedHi, STREAM_HIDDEN, n - lane, normalBlocks);
      for (let a = 0; a < drawn; a++) z[a] = normals[16 * (a >> 2) + 4 * (a & 3) + lane];
      for (let a = 0; a < P; a++) {
        let v = 0;
        for (let c = 0; c <= a; c++) v += factor[a * P + c] * z[c];
        phi[a] = v;
      }
      if (!deform) {
        addProducts(phi, nMax, s);
        continue;
      }
      drawGrid(deform, P, z, values);
      const V = actionOf(deform, values);
      const w = Math.exp(constant + coef * V);
      addProducts(phi, nMax, s, w);
      w1 += w;
      w2 += w * w;
      if (response) {
        addProducts(phi, nMax, vSums, w * V);
        s[2 * sums] += w * V;
      }
    }
    blocks.push({ index: b.index, n0: b.n0, n1: b.n1, sums: s, ...(deform && { weights: { sum: w1, sumSquares: w2 } }) });
  }
  return new Accumulator(header, blocks);
}
