// Merging the saved accumulators of a run's shards into the whole run, refusing anything that
// would make the merged numbers differ from the unsplit run without saying so.
import { formatRanges } from '../cli/format.js';
import { NnftFileError, NnftMergeError } from '../errors.js';
import { blockRanges } from '../sample/plan.js';
import { Accumulator } from '../stats/accumulator.js';

/** An accumulator and where it came from (a file name, for messages). */
export interface AccumulatorSource {
  readonly source: string;
  readonly acc: Accumulator;
}

/** Options of {@link mergeSources}. */
export interface MergeOptions {
  /** Merge even when blocks are missing (the result then covers fewer networks). Default false. */
  allowPartial?: boolean;
}

/**
 * The blocks of the run that should hold networks and are in no part. A run with fewer networks
 * than blocks has empty blocks; they are never written and never missing.
 */
export function missingBlocks(acc: Accumulator): number[] {
  const present = new Set(acc.blocks().map((b) => b.index));
  return blockRanges(acc.header.networks, acc.header.blocks)
    .filter((b) => b.n1 > b.n0 && !present.has(b.index))
    .map((b) => b.index);
}

/**
 * Merges the parts of one run. Throws NnftFileError when a part comes from another run (naming the
 * part and the first differing header field), and NnftMergeError when a block is in two parts
 * (naming the blocks and both parts) or, unless `allowPartial`, when blocks are in none (naming them).
 * Sums are added in block order, so any split of a run merges to the unsplit run's bits.
 */
export function mergeSources(parts: readonly AccumulatorSource[], o: MergeOptions = {}): Accumulator {
  if (parts.length === 0) throw new NnftMergeError('nothing to merge: no accumulator given', [], []);
  const first = parts[0];
  const owner = new Map<number, string>();
  const twice = new Map<string, number[]>(); // "a and b" -> blocks in both
  for (const { source, acc } of parts) {
    if (acc !== first.acc) {
      try {
        Accumulator.merge(new Accumulator(first.acc.header), new Accumulator(acc.header));
      } catch (e) {
        if (e instanceof NnftFileError) throw new NnftFileError(e.field, e.value, `cannot merge ${source}: accumulators come from different runs`);
        throw e;
      }
    }
    for (const b of acc.blocks()) {
      const other = owner.get(b.index);
      if (other === undefined) {
        owner.set(b.index, source);
        continue;
      }
      const pair = `${other} and ${source}`;
      twice.set(pair, [...(twice.get(pair) ?? []), b.index]);
    }
  }
  if (twice.size > 0) {
    const duplicates = [...twice.values()].flat().sort((a, b) => a - b);
    const where = [...twice].map(([pair, blocks]) => `blocks ${formatRanges(blocks)} are in both ${pair}`).join('; ');
    throw new NnftMergeError(`${where}: a shard was given twice`, [], duplicates);
  }
  const merged = new Accumulator(first.acc.header, parts.flatMap((p) => p.acc.blocks()));
  const missing = missingBlocks(merged);
  if (missing.length > 0 && !o.allowPartial) {
    const h = merged.header;
    throw new NnftMergeError(
      `incomplete run: blocks ${formatRanges(missing)} of ${h.blocks} are in none of the files ` +
        `(${merged.networksDone} of ${h.networks} networks present)`,
      missing,
      [],
    );
  }
  return merged;
}
