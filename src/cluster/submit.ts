// Writing a run folder and submitting its jobs: the array (all tasks, or the failed ones again) and
// a merge job that waits for every task it needs. The manifest records each job id as soon as
// sbatch returns it, so a failure part-way loses nothing that was submitted.
import { existsSync } from 'node:fs';
import { chmod, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeAtomically } from '../atomic-write.js';
import { NnftInputError } from '../errors.js';
import { arrayScript, ARRAY_SCRIPT, LOG_DIR, mergeScript, MERGE_SCRIPT, pointsFile } from './job-script.js';
import { MANIFEST_FILE, taskCount, writeManifest, type Manifest, type Submission } from './manifest.js';
import { arraySpec, type Slurm } from './slurm.js';
import { clusterStatus, latestSubmissionOf } from './status.js';

/**
 * Writes the run folder `dir` (absolute): the two scripts, the manifest, the log folder, the runs'
 * folders and any points file. Refuses a folder that already holds a run.
 */
export async function prepareClusterRun(dir: string, m: Manifest): Promise<void> {
  if (existsSync(join(dir, MANIFEST_FILE))) {
    throw new NnftInputError('dir', dir, `already holds a cluster run (${MANIFEST_FILE}); choose another folder`);
  }
  await mkdir(join(dir, LOG_DIR), { recursive: true });
  const files = [
    { path: join(dir, ARRAY_SCRIPT), data: arrayScript(m, dir) },
    { path: join(dir, MERGE_SCRIPT), data: mergeScript(m, dir) },
  ];
  for (const [r, run] of m.runs.entries()) {
    if (run.dir !== '') await mkdir(join(dir, run.dir), { recursive: true });
    const file = pointsFile(m, r);
    if (file !== undefined) files.push({ path: join(dir, file), data: `${JSON.stringify(run.options.points)}\n` });
  }
  await writeAtomically(files);
  await chmod(join(dir, ARRAY_SCRIPT), 0o755);
  await chmod(join(dir, MERGE_SCRIPT), 0o755);
  await writeManifest(dir, m);
}

/** The sbatch flags of the merge job that waits for `jobs` (array jobs or tasks `123_4`). */
export function mergeDependency(jobs: readonly string[]): string[] {
  return jobs.length === 0 ? [] : [`--dependency=afterok:${jobs.join(':')}`];
}

/**
 * Submits array tasks `tasks` (if any) and a merge job that waits for them and for `after` (jobs or
 * tasks of earlier submissions still queued). Records the submission in the manifest.
 */
export async function submitTasks(dir: string, m: Manifest, slurm: Slurm, tasks: readonly number[], after: readonly string[] = []): Promise<Submission> {
  const sub: Submission = { at: new Date().toISOString(), tasks: [...tasks] };
  if (tasks.length > 0) {
    sub.arrayJob = await slurm.sbatch(ARRAY_SCRIPT, dir, [`--array=${arraySpec(tasks)}`]);
    m.submissions.push(sub);
    await writeManifest(dir, m);
  } else {
    m.submissions.push(sub);
  }
  const deps = [...(sub.arrayJob === undefined ? [] : [sub.arrayJob]), ...after];
  sub.mergeJob = await slurm.sbatch(MERGE_SCRIPT, dir, mergeDependency(deps));
  await writeManifest(dir, m);
  return sub;
}

/** Submits every task of a freshly prepared run and its merge job. */
export function submitClusterRun(dir: string, m: Manifest, slurm: Slurm): Promise<Submission> {
  return submitTasks(dir, m, slurm, Array.from({ length: taskCount(m) }, (_, t) => t));
}

/** Checks a list of task indices against the run; returns them sorted and deduplicated. */
export function checkTasks(m: Manifest, tasks: unknown): number[] {
  const n = taskCount(m);
  if (!Array.isArray(tasks) || tasks.length === 0) throw new NnftInputError('tasks', tasks, 'must be a non-empty list of array task indices');
  for (const t of tasks) {
    if (!Number.isInteger(t) || t < 0 || t >= n) throw new NnftInputError('tasks', tasks, `must hold task indices in [0, ${n - 1}]; ${t} is not one`);
  }
  return [...new Set(tasks as number[])].sort((a, b) => a - b);
}

/** What {@link resubmit} did. */
export interface Resubmission {
  /** Tasks submitted again (empty when only the merge job was). */
  readonly tasks: readonly number[];
  /** The new submission, or undefined when there was nothing to do (every shard and the merge done). */
  readonly submission?: Submission;
  /** A queued merge job of an earlier submission that was cancelled in favour of the new one. */
  readonly cancelled?: string;
}

/**
 * Submits tasks again (default: every failed one) with a new merge job that waits for them and for
 * the tasks still queued from earlier submissions; a queued earlier merge job is cancelled. Refuses
 * tasks that are still queued or running.
 */
export async function resubmit(dir: string, m: Manifest, slurm: Slurm, tasks?: readonly number[]): Promise<Resubmission> {
  const status = await clusterStatus(dir, m, slurm);
  const chosen = tasks === undefined ? [...status.failed] : checkTasks(m, tasks);
  const busy = chosen.filter((t) => status.tasks[t].phase === 'queued');
  if (busy.length > 0) {
    throw new NnftInputError('tasks', tasks, `must not name tasks that are still queued or running: ${arraySpec(busy)}`);
  }
  if (status.merge.state?.state === 'RUNNING') {
    throw new NnftInputError('tasks', tasks ?? 'failed', `cannot be resubmitted while the merge job ${status.merge.job} runs`);
  }
  if (chosen.length === 0 && status.merge.phase === 'done') return { tasks: [] };
  const after = status.tasks
    .filter((s) => s.phase === 'queued' && !chosen.includes(s.task))
    .map((s) => `${latestSubmissionOf(m, s.task)!.arrayJob}_${s.task}`);
  let cancelled: string | undefined;
  if (status.merge.phase === 'queued' && status.merge.job !== undefined) {
    await slurm.cancel([status.merge.job]);
    cancelled = status.merge.job;
  }
  const submission = await submitTasks(dir, m, slurm, chosen, after);
  return { tasks: chosen, submission, cancelled };
}
