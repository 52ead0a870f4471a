import { NnftFileError } from '../errors.js';
import type { Ensemble } from '../sample/options.js';
import type { Estimator } from '../sample/kernel-config.js';
import type { ReweightTarget } from '../sample/reweight.js';
import type { GaussianProcessRun } from '../gp/sample.js';
import type { DeformRun } from '../deform/options.js';
import type { SharedScale } from '../sample/shared-scale.js';
import type { BiasMixture } from '../sample/bias-mixture.js';

/**
 * Everything that fixes the bits of a run's sums. Two accumulators merge only if their headers agree.
 */
export interface RunHeader {
  readonly ensemble: Ensemble;
  readonly seed: number;
  /** Networks of the whole run (all shards). */
  readonly networks: number;
  /** Highest order accumulated (moments of every order 1..nMax). */
  readonly nMax: number;
  /** Orders the user asked for (reported; the sums hold all orders up to nMax). */
  readonly orders: readonly number[];
  /** Jackknife blocks of the whole run. */
  readonly blocks: number;
  /** Networks per task (fixes the summation order). */
  readonly taskNetworks: number;
  /** How the sums were estimated. */
  readonly estimator: Estimator;
  /** Length of each block's sums. */
  readonly sums: number;
  /** Target hyperparameters of a reweighted run (absent: unit weights); the sums are weighted sums. */
  readonly reweight?: ReweightTarget;
  /** A Gaussian-process run (N = infinity, src/gp/): its kernel and the jitter of its Cholesky factor. */
  readonly gp?: GaussianProcessRun;
  /** A deformed density (weighted sums; src/deform/), or the linear response to one (`response`). */
  readonly deform?: DeformRun;
  /** A shared random scale of the last-layer weights (src/sample/shared-scale.ts). */
  readonly sharedScale?: SharedScale;
  /** Hidden biases drawn from a normal mixture, networks weighted by p / q (src/sample/bias-mixture.ts): weighted sums. */
  readonly biasMixture?: BiasMixture;
}

/**
 * The sums of one jackknife block: networks [n0, n1), every product up to order nMax, each network's
 * products multiplied by its weight (1 unless the run is reweighted).
 */
export interface BlockSums {
  readonly index: number;
  readonly n0: number;
  readonly n1: number;
  readonly sums: Float64Array;
  /** Sum of the block's network weights and of their squares (absent: unit weights, both n1 - n0). */
  readonly weights?: BlockWeights;
}

/** Sum of a block's network weights and of their squares. */
export interface BlockWeights {
  readonly sum: number;
  readonly sumSquares: number;
}

/** The weights of a block (unit weights when it records none). */
export function blockWeights(b: BlockSums): BlockWeights {
  return b.weights ?? { sum: b.n1 - b.n0, sumSquares: b.n1 - b.n0 };
}

/**
 * A block from what its tasks returned, added up: the weighted sums followed by the sum of the
 * weights and of their squares (src/sample/task.ts).
 */
export function blockFromTaskSums(index: number, n0: number, n1: number, taskSums: Float64Array): BlockSums {
  const m = taskSums.length - 2;
  return { index, n0, n1, sums: taskSums.slice(0, m), weights: { sum: taskSums[m], sumSquares: taskSums[m + 1] } };
}

const MAGIC = 'NNFTACC1';
/** Version 2: blocks carry the sum of their weights and of their squares. */
const FORMAT_VERSION = 2;

/** Bytes of a block's fixed part: index, padding, n0, n1, sum of weights, sum of squared weights. */
const BLOCK_HEAD = 40;

/** FNV-1a, 32 bits: detects truncation and corruption of saved accumulators. */
function fnv1a(bytes: Uint8Array, end: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < end; i++) {
    h ^= bytes[i];
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/**
 * The sums of a run, block by block. A complete accumulator has every block; a shard's or an
 * interrupted run's holds some. Blocks are only ever added whole, and totals are always summed in
 * block order, so any split of a run into shards merges back to the same bits.
 */
export class Accumulator {
  readonly header: RunHeader;
  private readonly byIndex = new Map<number, BlockSums>();

  constructor(header: RunHeader, blocks: Iterable<BlockSums> = []) {
    this.header = header;
    for (const b of blocks) this.add(b);
  }

  /** Adds a finished block. */
  add(block: BlockSums): void {
    if (this.byIndex.has(block.index)) {
      throw new NnftFileError('block', block.index, 'block present twice: the same shard was merged twice');
    }
    if (block.sums.length !== this.header.sums) {
      throw new NnftFileError('block.sums', block.sums.length, `block has the wrong number of sums (want ${this.header.sums})`);
    }
    this.byIndex.set(block.index, block);
  }

  /** The finished blocks, in block order. */
  blocks(): BlockSums[] {
    return [...this.byIndex.values()].sort((a, b) => a.index - b.index);
  }

  /** Networks summed so far. */
  get networksDone(): number {
    let n = 0;
    for (const b of this.byIndex.values()) n += b.n1 - b.n0;
    return n;
  }

  /** True when every block of the run is present. */
  get complete(): boolean {
    return this.byIndex.size === this.header.blocks;
  }

  /** Indices of the blocks still missing. */
  missingBlocks(): number[] {
    const out: number[] = [];
    for (let b = 0; b < this.header.blocks; b++) if (!this.byIndex.has(b)) out.push(b);
    return out;
  }

  /** Total count, weights and sums over the present blocks, added in block order. */
  totals(): { count: number; sums: Float64Array; weight: number; weightSquares: number } {
    const sums = new Float64Array(this.header.sums);
    let count = 0;
    let weight = 0;
    let weightSquares = 0;
    for (const b of this.blocks()) {
      count += b.n1 - b.n0;
      const w = blockWeights(b);
      weight += w.sum;
      weightSquares += w.sumSquares;
      const s = b.sums;
      for (let i = 0; i < s.length; i++) sums[i] += s[i];
    }
    return { count, sums, weight, weightSquares };
  }

  /**
   * The union of two accumulators of the same run (shards, or a resumed run): throws NnftFileError
   * if the runs differ or a block is in both.
   */
  static merge(a: Accumulator, b: Accumulator): Accumulator {
    const ha = JSON.stringify(a.header);
    const hb = JSON.stringify(b.header);
    if (ha !== hb) {
      const diff = Object.keys(a.header).find(
        (k) => JSON.stringify((a.header as any)[k]) !== JSON.stringify((b.header as any)[k]),
      );
      throw new NnftFileError(diff ?? 'header', (b.header as any)[diff ?? 'seed'], 'accumulators come from different runs');
    }
    return new Accumulator(a.header, [...a.blocks(), ...b.blocks()]);
  }

  /**
   * Binary form (version 2): magic "NNFTACC1", u32 header length, header JSON (UTF-8, with
   * `version`), zero padding to 8 bytes, then per block u32 index, u32 0, f64 n0, f64 n1, f64 sum of
   * the weights, f64 sum of their squares, f64 sums[], and a closing u32 FNV-1a checksum of
   * everything before it. Little-endian.
   */
  toBytes(): Uint8Array {
    const head = new TextEncoder().encode(JSON.stringify({ version: FORMAT_VERSION, ...this.header }));
    const headEnd = Math.ceil((12 + head.length) / 8) * 8;
    const blocks = this.blocks();
    const blockBytes = BLOCK_HEAD + 8 * this.header.sums;
    const total = headEnd + blocks.length * blockBytes + 4;
    const bytes = new Uint8Array(total);
    const view = new DataView(bytes.buffer);
    bytes.set(new TextEncoder().encode(MAGIC), 0);
    view.setUint32(8, head.length, true);
    bytes.set(head, 12);
    let p = headEnd;
    for (const b of blocks) {
      view.setUint32(p, b.index, true);
      view.setFloat64(p + 8, b.n0, true);
      view.setFloat64(p + 16, b.n1, true);
      const w = blockWeights(b);
      view.setFloat64(p + 24, w.sum, true);
      view.setFloat64(p + 32, w.sumSquares, true);
      for (let i = 0; i < b.sums.length; i++) view.setFloat64(p + BLOCK_HEAD + 8 * i, b.sums[i], true);
      p += blockBytes;
    }
    view.setUint32(p, fnv1a(bytes, p), true);
    return bytes;
  }

  /** Reads the binary form; throws NnftFileError on anything corrupt, truncated or inconsistent. */
  static fromBytes(bytes: Uint8Array, source = 'accumulator'): Accumulator {
    if (!(bytes instanceof Uint8Array) || bytes.length < 16) {
      throw new NnftFileError('file', source, 'not an nnft accumulator (too short)');
    }
    const magic = new TextDecoder().decode(bytes.subarray(0, 8));
    if (magic !== MAGIC) throw new NnftFileError('file', source, 'not an nnft accumulator (bad magic)');
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const end = bytes.length - 4;
    if (view.getUint32(end, true) !== fnv1a(bytes, end)) {
      throw new NnftFileError('file', source, 'accumulator is corrupt or truncated (checksum mismatch)');
    }
    const headLength = view.getUint32(8, true);
    if (12 + headLength > end) throw new NnftFileError('file', source, 'accumulator header is truncated');
    let parsed: any;
    try {
      parsed = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + headLength)));
    } catch {
      throw new NnftFileError('file', source, 'accumulator header is not valid JSON');
    }
    const { version, ...header } = parsed ?? {};
    if (version !== FORMAT_VERSION) {
      throw new NnftFileError(
        'version', version,
        `unsupported accumulator version in ${source} (this nnft reads version ${FORMAT_VERSION}, whose blocks carry their weights; sample the run again)`,
      );
    }
    const h = header as RunHeader;
    if (!Number.isInteger(h.sums) || h.sums < 1 || !Number.isInteger(h.blocks) || h.blocks < 1) {
      throw new NnftFileError('file', source, 'accumulator header is incomplete');
    }
    const blockBytes = BLOCK_HEAD + 8 * h.sums;
    const headEnd = Math.ceil((12 + headLength) / 8) * 8;
    if ((end - headEnd) % blockBytes !== 0) throw new NnftFileError('file', source, 'accumulator body has a partial block');
    const acc = new Accumulator(h);
    for (let p = headEnd; p < end; p += blockBytes) {
      const index = view.getUint32(p, true);
      if (index >= h.blocks) throw new NnftFileError('block', index, `block index out of range in ${source}`);
      const sums = new Float64Array(h.sums);
      for (let i = 0; i < h.sums; i++) sums[i] = view.getFloat64(p + BLOCK_HEAD + 8 * i, true);
      const weights = { sum: view.getFloat64(p + 24, true), sumSquares: view.getFloat64(p + 32, true) };
      acc.add({ index, n0: view.getFloat64(p + 8, true), n1: view.getFloat64(p + 16, true), sums, weights });
    }
    return acc;
  }
}
