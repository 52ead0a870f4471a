import { NnftInputError } from '../errors.js';
import { EnsembleResult } from '../result.js';
import { Accumulator, type BlockSums, type RunHeader } from '../stats/accumulator.js';
import { WasmKernel } from '../sample/kernel.js';
import { checkAccumulatorSize, checkInteger, checkOrders, checkReal, checkSeed, LIMITS } from '../sample/options.js';
import { blockRanges, JACKKNIFE_BLOCKS } from '../sample/plan.js';
import { STREAM_HIDDEN } from '../sample/wasm-layout.js';
import { jitteredCholesky } from './cholesky.js';
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
  if (!(module instanceof WebAssembly.Module)) throw new NnftInputError('module', module, 'must be the compiled nnft.wasm');

  const header: RunHeader = {
    ensemble: { arch: GP_ARCH, width: 0, dIn: points[0].length, dOut: 1, points, sw: 0, sb: 0, mw: 0, mb: 0 },
    seed, networks, nMax, orders, blocks: blockCount, taskNetworks: networks, estimator: 'direct', sums,
    gp: { kernel: name, jitter, relativeJitter },
  };
  const wasm = await WasmKernel.create(module);
  const seedLo = seed % 2 ** 32;
  const seedHi = Math.floor(seed / 2 ** 32);
  const normalBlocks = Math.ceil(P / 4);
  const z = new Float64Array(P);
  const phi = new Float64Array(P);
  const blocks: BlockSums[] = [];
  let normals: Float32Array = new Float32Array(0);
  for (const b of blockRanges(networks, blockCount)) {
    const s = new Float64Array(sums);
    for (let n = b.n0; n < b.n1; n++) {
      const lane = n % 4;
      if (lane === 0 || n === b.n0) normals = wasm.normals(seedLo, seedHi, STREAM_HIDDEN, n - lane, normalBlocks);
      for (let a = 0; a < P; a++) z[a] = normals[16 * (a >> 2) + 4 * (a & 3) + lane];
      for (let a = 0; a < P; a++) {
        let v = 0;
        for (let c = 0; c <= a; c++) v += factor[a * P + c] * z[c];
        phi[a] = v;
      }
      addProducts(phi, nMax, s);
    }
    blocks.push({ index: b.index, n0: b.n0, n1: b.n1, sums: s });
  }
  return new EnsembleResult(new Accumulator(header, blocks));
}
