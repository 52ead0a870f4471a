// Planning a run on a cluster: runs split into shards (whole jackknife blocks, so that the merge is
// the unsplit run bit for bit), the command the jobs start, and the manifest that records it all.
import { fileURLToPath } from 'node:url';
import { NnftInputError } from '../errors.js';
import { JACKKNIFE_BLOCKS } from '../sample/plan.js';
import { checkInteger, LIMITS } from '../sample/options.js';
import { planSample, type SampleOptions } from '../sample/sampler.js';
import { newManifest, type Manifest, type ShardedRun } from './manifest.js';
import { runOptionsOf } from './sample-args.js';
import { checkSbatchOptions, type SbatchOptions } from './sbatch-options.js';

/** How jobs start nnft by default: this Node and this installation's `bin/nnft.js`, by absolute paths. */
export function defaultCommand(): string[] {
  return [process.execPath, fileURLToPath(new URL('../../bin/nnft.js', import.meta.url))];
}

/** Options of {@link planClusterRuns}. */
export interface ClusterPlanOptions {
  /** Job name suffix (`sample`, `free-theory`): jobs are called nnft-<name> and nnft-<name>-merge. */
  name: string;
  /** The runs (threads, shard, signal and progress are ignored). */
  runs: readonly SampleOptions[];
  /** Each run's label in scripts and messages (default: `<arch> d_in=<d_in> N=<width>`). */
  labels?: readonly string[];
  /** Shards per run: each a set of whole jackknife blocks, at most the run's block count. */
  shards: number;
  /** Worker threads of each array task (default: `sbatch.cpusPerTask`, else 1, Slurm's default allocation). */
  threads?: number;
  sbatch?: SbatchOptions;
  /** How a job starts nnft (default: {@link defaultCommand}). */
  command?: readonly string[];
  /** What the merge job runs (nnft arguments, in the run folder) and writes, given the shard files. */
  merge: (shardFiles: string[]) => Manifest['merge'];
}

/** A run's label in messages. */
const labelOf = (o: SampleOptions): string => {
  const dIn = o.dIn ?? (Array.isArray(o.points[0]) ? o.points[0].length : 1);
  return `${o.arch} d_in=${dIn} N=${o.width}`;
};

/**
 * Checks every run and option (NnftInputError naming the field) and returns the manifest of the
 * cluster run. Run r's shard files go to `runs/<r>-<arch>-d<d_in>-N<width>/` when there are
 * several runs, to the run folder itself when there is one.
 */
export function planClusterRuns(o: ClusterPlanOptions): Manifest {
  if (!Array.isArray(o.runs) || o.runs.length === 0) throw new NnftInputError('runs', o.runs, 'must be a non-empty array of runs');
  if (o.labels !== undefined && (!Array.isArray(o.labels) || o.labels.length !== o.runs.length || o.labels.some((l) => typeof l !== 'string' || /[\n\r]/.test(l)))) {
    throw new NnftInputError('labels', o.labels, `must list one single-line label per run (${o.runs.length})`);
  }
  const headers = o.runs.map((r) => planSample({ ...r, shard: undefined }).header);
  const fewest = Math.min(...headers.map((h) => h.blocks));
  checkInteger('shards', o.shards, 1, fewest);
  const sbatch = checkSbatchOptions(o.sbatch ?? {});
  const threads = checkInteger('threads', o.threads ?? sbatch.cpusPerTask ?? 1, 1, LIMITS.threads);
  const command = o.command ?? defaultCommand();
  if (!Array.isArray(command) || command.length === 0 || command.some((w) => typeof w !== 'string' || w === '')) {
    throw new NnftInputError('command', command, 'must be a non-empty list of non-empty words');
  }
  const pad = String(o.runs.length - 1).length;
  const runs: ShardedRun[] = headers.map((h, r) => {
    const label = o.labels?.[r] ?? labelOf(o.runs[r]);
    const dir = o.runs.length === 1 ? '' : `runs/${String(r).padStart(pad, '0')}-${h.ensemble.arch}-d${h.ensemble.dIn}-N${h.ensemble.width}`;
    return { label, dir, options: runOptionsOf(h) };
  });
  return newManifest({ name: o.name, shards: o.shards, runs, threads, command: [...command], sbatch }, o.merge);
}

/** Options of {@link planClusterSample}. */
export interface ClusterSampleOptions extends Omit<ClusterPlanOptions, 'name' | 'runs' | 'merge'> {
  /** The run; `blocks` defaults to 32, or to `shards` when there are more shards than that. */
  sample: SampleOptions;
  /** Where the merge job writes the result JSON and the merged accumulator (absolute paths). */
  json: string;
  save: string;
}

/** The manifest of one `nnft sample` run in `shards` array tasks merged by `nnft merge`. */
export function planClusterSample(o: ClusterSampleOptions): Manifest {
  checkInteger('shards', o.shards, 1, LIMITS.blocks);
  const blocks = o.sample.blocks ?? Math.max(JACKKNIFE_BLOCKS, o.shards);
  return planClusterRuns({
    ...o,
    name: 'sample',
    runs: [{ ...o.sample, blocks }],
    merge: (files) => ({ args: ['merge', ...files, '--json', o.json, '--save', o.save], outputs: [o.json, o.save] }),
  });
}
