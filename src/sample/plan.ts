import { NnftInputError } from '../errors.js';

/**
 * Jackknife blocks per run. Blocks are contiguous network ranges fixed by the run's network count
 * alone, so the error estimates are identical for any thread count, and a shard is a set of whole
 * blocks, so merged shards equal the unsplit run bit for bit.
 */
export const JACKKNIFE_BLOCKS = 32;

/** A contiguous range of networks [n0, n1) summed as one jackknife block. */
export interface BlockRange {
  readonly index: number;
  readonly n0: number;
  readonly n1: number;
}

/** One unit of work for a worker: networks [n0, n1) of block `block`. */
export interface TaskRange {
  readonly index: number;
  readonly block: number;
  readonly n0: number;
  readonly n1: number;
}

/**
 * Networks per task: about 2^22 units of work (a few to tens of milliseconds), a multiple of the
 * kernels' 128-network batch, between 128 and 65536 networks. A network's work is its normal
 * variates plus 1/20 per accumulated sum (a product-and-add costs about a twentieth of a variate).
 * It depends only on the run, never on the thread count, because the summation order (and so every
 * bit of the result) follows the task boundaries.
 */
export function taskNetworks(width: number, dIn: number, dOut: number, sums: number): number {
  const perNetwork = width * (dIn + 1 + dOut) + dOut + sums / 20;
  const n = Math.floor((1 << 22) / perNetwork / 128) * 128;
  return Math.min(65536, Math.max(128, n));
}

/** Block b holds networks [floor(b M / B), floor((b + 1) M / B)). */
export function blockRanges(networks: number, blocks = JACKKNIFE_BLOCKS): BlockRange[] {
  const out: BlockRange[] = [];
  for (let b = 0; b < blocks; b++) {
    out.push({ index: b, n0: Math.floor((b * networks) / blocks), n1: Math.floor(((b + 1) * networks) / blocks) });
  }
  return out;
}

/** The tasks of the given blocks, in block order, each block cut into `size`-network pieces from its start. */
export function taskRanges(blocks: readonly BlockRange[], size: number): TaskRange[] {
  const tasks: TaskRange[] = [];
  for (const b of blocks) {
    for (let n0 = b.n0; n0 < b.n1; n0 += size) {
      tasks.push({ index: tasks.length, block: b.index, n0, n1: Math.min(b.n1, n0 + size) });
    }
  }
  return tasks;
}

/** A shard `i/n` of a run: shard i takes blocks [floor(i B / n), floor((i + 1) B / n)). */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** The blocks of shard `shard` (all blocks when absent). */
export function shardBlocks(networks: number, shard?: Shard, blocks = JACKKNIFE_BLOCKS): BlockRange[] {
  const all = blockRanges(networks, blocks);
  if (!shard) return all;
  const { index, count } = shard;
  if (!Number.isInteger(count) || count < 1 || count > blocks) {
    throw new NnftInputError('shard', `${index}/${count}`, `must have a shard count in [1, ${blocks}]`);
  }
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    throw new NnftInputError('shard', `${index}/${count}`, `must have an index in [0, ${count - 1}]`);
  }
  return all.slice(Math.floor((index * blocks) / count), Math.floor(((index + 1) * blocks) / count));
}
