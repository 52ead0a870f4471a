// Where a run on a cluster stands, task by task: the shard files are the truth (a task is done when
// its file holds exactly its blocks of the right run), the scheduler says what is still queued or
// running and why a task failed.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { NnftFileError } from '../errors.js';
import { shardBlocks } from '../sample/plan.js';
import { planSample } from '../sample/sampler.js';
import { Accumulator, type RunHeader } from '../stats/accumulator.js';
import { shardFile, taskCount, taskOf, type Manifest, type Submission } from './manifest.js';
import type { JobState, Slurm } from './slurm.js';

/** How an array task stands. */
export type TaskPhase = 'done' | 'queued' | 'failed';

export interface TaskStatus {
  readonly task: number;
  readonly run: string;
  readonly shard: number;
  /** Its shard file, relative to the run folder. */
  readonly file: string;
  readonly phase: TaskPhase;
  /** The scheduler's job id of its latest submission (`123_4`), if any. */
  readonly job?: string;
  /** The scheduler's state, when it still knows the task. */
  readonly state?: JobState;
  /** What is wrong with the shard file, when the task is not done. */
  readonly fileProblem?: string;
}

export interface MergeStatus {
  readonly phase: 'done' | 'queued' | 'failed' | 'not submitted';
  readonly job?: string;
  readonly state?: JobState;
  /** Outputs that exist. */
  readonly written: readonly string[];
}

/** The status of a run on a cluster. */
export interface ClusterStatus {
  readonly tasks: readonly TaskStatus[];
  /** Indices of failed tasks (finished badly, or never submitted, and no good shard file). */
  readonly failed: readonly number[];
  readonly merge: MergeStatus;
}

/** The latest submission that includes task `t`. */
export function latestSubmissionOf(m: Manifest, t: number): Submission | undefined {
  for (let i = m.submissions.length - 1; i >= 0; i--) {
    const s = m.submissions[i];
    if (s.arrayJob !== undefined && s.tasks.includes(t)) return s;
  }
  return undefined;
}

/**
 * What is wrong with task `t`'s shard file, or undefined if it holds exactly the task's blocks of
 * the manifest's run (file present, intact, same run header, every non-empty block of the shard).
 * `header` is the run's header (planned once per run by callers that check many tasks).
 */
export async function shardFileProblem(
  dir: string, m: Manifest, t: number, header: RunHeader = planSample(taskOf(m, t).run.options).header,
): Promise<string | undefined> {
  const file = shardFile(m, t);
  const path = join(dir, file);
  if (!existsSync(path)) return 'missing';
  let acc: Accumulator;
  try {
    acc = Accumulator.fromBytes(await readFile(path), file);
  } catch (e) {
    if (e instanceof NnftFileError) return `unreadable: ${e.message}`;
    return `unreadable: ${(e as Error).message}`;
  }
  const { shard } = taskOf(m, t);
  if (JSON.stringify(acc.header) !== JSON.stringify(header)) return 'from another run (its header differs from the manifest)';
  const want = shardBlocks(header.networks, { index: shard, count: m.shards }, header.blocks).filter((b) => b.n1 > b.n0);
  const have = new Set(acc.blocks().map((b) => b.index));
  const lacking = want.filter((b) => !have.has(b.index));
  if (lacking.length > 0 || have.size !== want.length) {
    return `incomplete: ${want.length - lacking.length} of its ${want.length} blocks`;
  }
  return undefined;
}

/** The status of every task and of the merge job of the run in `dir`. */
export async function clusterStatus(dir: string, m: Manifest, slurm: Slurm): Promise<ClusterStatus> {
  const jobs = new Set<string>();
  for (const s of m.submissions) {
    if (s.arrayJob !== undefined) jobs.add(s.arrayJob);
    if (s.mergeJob !== undefined) jobs.add(s.mergeJob);
  }
  const states = await slurm.states([...jobs]);
  const headers = m.runs.map((r) => planSample(r.options).header);
  const tasks: TaskStatus[] = [];
  for (let t = 0; t < taskCount(m); t++) {
    const { run, runIndex, shard } = taskOf(m, t);
    const sub = latestSubmissionOf(m, t);
    const job = sub ? `${sub.arrayJob}_${t}` : undefined;
    const state = job ? states.get(job) : undefined;
    const problem = await shardFileProblem(dir, m, t, headers[runIndex]);
    let phase: TaskPhase;
    if (problem === undefined) phase = 'done';
    else if (state?.phase === 'active') phase = 'queued';
    else phase = 'failed';
    tasks.push({ task: t, run: run.label, shard, file: shardFile(m, t), phase, job, state, fileProblem: problem });
  }
  const failed = tasks.filter((s) => s.phase === 'failed').map((s) => s.task);
  const written = m.merge.outputs.filter((p) => existsSync(p));
  const last = [...m.submissions].reverse().find((s) => s.mergeJob !== undefined);
  const mergeState = last?.mergeJob ? states.get(last.mergeJob) : undefined;
  let mergePhase: MergeStatus['phase'];
  if (written.length === m.merge.outputs.length) mergePhase = 'done';
  else if (last === undefined) mergePhase = 'not submitted';
  else if (mergeState?.phase === 'active') mergePhase = 'queued';
  else mergePhase = 'failed';
  return { tasks, failed, merge: { phase: mergePhase, job: last?.mergeJob, state: mergeState, written } };
}
