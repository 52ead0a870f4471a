// An experiment's runs read back from the shard files of a cluster run: a sampler (the seam every
// experiment takes) that, asked for a run, finds it in the manifest and merges its shards.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { NnftInputError, NnftMergeError } from '../errors.js';
import { EnsembleResult } from '../result.js';
import { shardBlocks } from '../sample/plan.js';
import { planSample, type SampleOptions } from '../sample/sampler.js';
import { Accumulator } from '../stats/accumulator.js';
import { readManifest, shardFile } from './manifest.js';
import { mergeSources } from './merge.js';
import { arraySpec } from './slurm.js';

/**
 * A sampler for experiments that, for each run asked, merges the shard files of the same run of the
 * cluster run in `dir` (same header: ensemble, networks, seed, orders, estimator, blocks). Throws
 * NnftInputError for a run the cluster did not sample, and NnftMergeError naming the shard files
 * (and array tasks) that are missing, or blocks missing or held twice.
 */
export function shardSampler(dir: string): (o: SampleOptions) => Promise<EnsembleResult> {
  const m = readManifest(dir);
  const headers = m.runs.map((r) => JSON.stringify(planSample(r.options).header));
  return async (o: SampleOptions) => {
    const { header } = planSample(o);
    const r = headers.indexOf(JSON.stringify(header));
    if (r < 0) {
      throw new NnftInputError('run', `${o.arch} width ${o.width}`, `must be one of the ${m.runs.length} runs sampled in ${dir} (same settings and seed)`);
    }
    const tasks = Array.from({ length: m.shards }, (_, s) => r * m.shards + s);
    const absent = tasks.filter((t) => !existsSync(join(dir, shardFile(m, t))));
    if (absent.length > 0) {
      const blocks = absent.flatMap((t) => shardBlocks(header.networks, { index: t % m.shards, count: m.shards }, header.blocks).map((b) => b.index));
      throw new NnftMergeError(
        `${m.runs[r].label}: shard files ${absent.map((t) => shardFile(m, t)).join(', ')} are missing (array tasks ${arraySpec(absent)})`,
        blocks,
        [],
      );
    }
    const parts = await Promise.all(tasks.map(async (t) => {
      const file = shardFile(m, t);
      return { source: file, acc: Accumulator.fromBytes(await readFile(join(dir, file)), file) };
    }));
    return new EnsembleResult(mergeSources(parts));
  };
}
