// The manifest of a run on a cluster: one JSON file in the run's folder that says which runs are
// split into how many shards, which array task writes which shard file, what the merge job runs,
// and which jobs were submitted. `nnft slurm status` and `resubmit` work from it alone.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeAtomically } from '../atomic-write.js';
import { NnftFileError } from '../errors.js';
import type { RunOptions } from './sample-args.js';
import type { SbatchOptions } from './sbatch-options.js';

/** File name of the manifest in a run folder. */
export const MANIFEST_FILE = 'nnft-slurm.json';
const FORMAT = 'nnft-slurm';
const VERSION = 1;

/** One sampling run, split into `shards` array tasks. */
export interface ShardedRun {
  /** What the run is, for messages ("relu-net d_in=1 N=2"). */
  readonly label: string;
  /** Folder of its shard files, relative to the run folder ('' for the folder itself). */
  readonly dir: string;
  readonly options: RunOptions;
}

/** One submission: an array job over `tasks` and the merge job that waits for it. */
export interface Submission {
  /** ISO time of the submission. */
  readonly at: string;
  /** Array task indices submitted (empty when only the merge job was). */
  readonly tasks: readonly number[];
  /** Job id of the array (absent when no task was submitted). */
  arrayJob?: string;
  /** Job id of the merge job (absent until it is submitted). */
  mergeJob?: string;
}

/** The manifest (JSON). */
export interface Manifest {
  readonly format: typeof FORMAT;
  readonly version: typeof VERSION;
  /** Job name suffix: `sample` or the experiment's name. */
  readonly name: string;
  /** Shards per run; array task t is shard t % shards of run floor(t / shards). */
  readonly shards: number;
  readonly runs: readonly ShardedRun[];
  /** Worker threads of each array task. */
  readonly threads: number;
  /** How a job starts nnft: absolute node and script paths (argv before the subcommand). */
  readonly command: readonly string[];
  readonly sbatch: SbatchOptions;
  /** The merge job: nnft arguments (run in the run folder) and the files it writes (absolute). */
  readonly merge: { readonly args: readonly string[]; readonly outputs: readonly string[] };
  readonly submissions: Submission[];
}

/** What a manifest is made from (everything but the bookkeeping fields). */
export type ManifestSpec = Omit<Manifest, 'format' | 'version' | 'submissions'>;

/**
 * A new manifest with no submission yet; `merge` gets the shard files in task order (relative to
 * the run folder) and says what the merge job runs and writes.
 */
export function newManifest(spec: Omit<ManifestSpec, 'merge'>, merge: (shardFiles: string[]) => Manifest['merge']): Manifest {
  const m: Manifest = { format: FORMAT, version: VERSION, ...spec, merge: { args: [], outputs: [] }, submissions: [] };
  return { ...m, merge: merge(Array.from({ length: taskCount(m) }, (_, t) => shardFile(m, t))) };
}

/** Number of array tasks. */
export const taskCount = (m: Manifest): number => m.runs.length * m.shards;

/** The run and shard of array task `t`. */
export function taskOf(m: Manifest, t: number): { run: ShardedRun; runIndex: number; shard: number } {
  const runIndex = Math.floor(t / m.shards);
  return { run: m.runs[runIndex], runIndex, shard: t % m.shards };
}

/** The shard file of array task `t`, relative to the run folder. */
export function shardFile(m: Manifest, t: number): string {
  const { run, shard } = taskOf(m, t);
  return run.dir === '' ? `shard-${shard}.nnft` : `${run.dir}/shard-${shard}.nnft`;
}

/** Reads the manifest of the run folder `dir`; NnftFileError if it is absent or not a manifest. */
export function readManifest(dir: string): Manifest {
  const path = join(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new NnftFileError('dir', dir, `no nnft cluster run here (cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let m: Manifest;
  try {
    m = JSON.parse(text);
  } catch {
    throw new NnftFileError('file', path, 'the manifest is not valid JSON');
  }
  if (m?.format !== FORMAT) throw new NnftFileError('file', path, 'not an nnft cluster manifest');
  if (m.version !== VERSION) throw new NnftFileError('version', m.version, `unsupported manifest version in ${path}`);
  if (!Number.isInteger(m.shards) || m.shards < 1 || !Array.isArray(m.runs) || m.runs.length < 1 || !Array.isArray(m.submissions)) {
    throw new NnftFileError('file', path, 'the manifest is incomplete');
  }
  return m;
}

/** Writes the manifest atomically (a reader sees the old or the new one, never half of one). */
export async function writeManifest(dir: string, m: Manifest): Promise<void> {
  await writeAtomically([{ path: join(dir, MANIFEST_FILE), data: `${JSON.stringify(m, null, 2)}\n` }]);
}
