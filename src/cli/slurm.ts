// `nnft slurm sample|reproduce|status|resubmit`: runs on a Slurm cluster, as a job array of shards
// and a merge job that depends on it, followed and repaired from the run folder's manifest.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeAtomically } from '../atomic-write.js';
import { arrayScript, ARRAY_SCRIPT, mergeScript, MERGE_SCRIPT, shellQuote } from '../cluster/job-script.js';
import { MANIFEST_FILE, readManifest, taskCount, type Manifest } from '../cluster/manifest.js';
import { planClusterRuns, planClusterSample } from '../cluster/plan.js';
import type { SbatchOptions } from '../cluster/sbatch-options.js';
import { arraySpec, Slurm } from '../cluster/slurm.js';
import { clusterStatus, type ClusterStatus, type TaskStatus } from '../cluster/status.js';
import { prepareClusterRun, resubmit, submitClusterRun } from '../cluster/submit.js';
import { NnftSchedulerError } from '../errors.js';
import { eftRuns, eftSettings } from '../experiments/eft.js';
import { freeTheoryRuns, freeTheorySettings } from '../experiments/free-theory.js';
import type { SampleOptions } from '../sample/sampler.js';
import { CliError, parseIntegerFlag, parseIntegerList, toSampleRequest, type RawOptions, type SlurmAction } from './options.js';
import { checkExperiment, reproduceFlags } from './reproduce.js';

/** Where the command writes, and the environment the Slurm commands see. */
export interface SlurmIO {
  out(s: string): void;
  err(line: string): void;
  cwd: string;
  env: Record<string, string | undefined>;
}

/** The scheduler options of the flags. */
function sbatchFlags(opts: RawOptions): SbatchOptions {
  return {
    ...(opts.partition !== undefined && { partition: opts.partition }),
    ...(opts.time !== undefined && { time: opts.time }),
    ...(opts.mem !== undefined && { mem: opts.mem }),
    ...(opts.cpusPerTask !== undefined && { cpusPerTask: parseIntegerFlag('--cpus-per-task', opts.cpusPerTask) }),
  };
}

/** The flags every submitting subcommand shares: shards, folder, scheduler options, command. */
function commonFlags(opts: RawOptions, io: SlurmIO, name: string) {
  if (opts.shards === undefined) throw new CliError('--shards is required: the number of array tasks per run.');
  return {
    shards: parseIntegerFlag('--shards', opts.shards),
    dir: resolve(io.cwd, opts.dir ?? `nnft-slurm-${name}`),
    sbatch: sbatchFlags(opts),
    threads: opts.threads === undefined ? undefined : parseIntegerFlag('--threads', opts.threads),
    command: opts.nnftCommand === undefined ? undefined : opts.nnftCommand.trim().split(/\s+/).filter((w) => w !== ''),
  };
}

/** The manifest of `nnft slurm sample`. */
function sampleManifest(opts: RawOptions, io: SlurmIO): { m: Manifest; dir: string } {
  if (opts.shard !== undefined) {
    throw new CliError(`--shard is set by each array task; give the number of tasks with --shards. Value: ${JSON.stringify(opts.shard)}.`);
  }
  for (const flag of ['json', 'save'] as const) {
    if (opts[flag] === '-') throw new CliError(`--${flag} must name a file: the merge job writes it. Value: "-".`);
  }
  const c = commonFlags(opts, io, 'sample');
  const req = toSampleRequest(opts, (path) => readFileSync(resolve(io.cwd, path), 'utf8'));
  const json = opts.json === undefined ? join(c.dir, 'result.json') : resolve(io.cwd, opts.json);
  const save = opts.save === undefined ? join(c.dir, 'result.nnft') : resolve(io.cwd, opts.save);
  if (json === save) throw new CliError(`--json and --save must name different files. Value: ${JSON.stringify(opts.save)}.`);
  const m = planClusterSample({ ...c, sample: { ...req.options, threads: undefined }, json, save });
  return { m, dir: c.dir };
}

/** An experiment's runs for the array tasks, and the flags that make its report job ask for the same runs. */
interface ClusterExperiment {
  runs: SampleOptions[];
  /** Run labels (default: architecture, d_in and width). */
  labels?: string[];
  /** `nnft reproduce <experiment>` flags besides --from, --out and --threads. */
  flags: string[];
}

/** The flags of the sweep settings every table entry passes on to its report job. */
const sweepFlags = (s: { archs: readonly string[]; dIns: readonly number[]; widths: readonly number[]; networks: number; seed: number; estimator: string }) => [
  '--arch', s.archs.join(','), '--d-in', s.dIns.join(','), '--widths', s.widths.join(','),
  '--networks', String(s.networks), '--seed', String(s.seed), '--estimator', s.estimator,
];

/** The experiments `nnft slurm reproduce` splits into array tasks, from the flags of `nnft reproduce`. */
const CLUSTER_EXPERIMENTS: Record<string, (f: ReturnType<typeof reproduceFlags>) => ClusterExperiment> = {
  'free-theory': (f) => {
    const s = freeTheorySettings(f);
    return { runs: freeTheoryRuns(s), flags: sweepFlags(s) };
  },
  eft: (f) => {
    const runs = eftRuns(f);
    const s = eftSettings(f);
    return { runs: runs.map((r) => r.options), labels: runs.map((r) => r.label), flags: sweepFlags({ ...s, dIns: f.dIns }) };
  },
};

/** The manifest of `nnft slurm reproduce <experiment>`: one array task per shard of each run, the report from their shards. */
function experimentManifest(experiment: string, opts: RawOptions, io: SlurmIO): { m: Manifest; dir: string } {
  checkExperiment(experiment);
  const plan = CLUSTER_EXPERIMENTS[experiment];
  if (plan === undefined) {
    throw new CliError(
      `<experiment> must be ${Object.keys(CLUSTER_EXPERIMENTS).join(' or ')}: the experiments whose runs \`nnft slurm\` splits into array tasks. Value: ${JSON.stringify(experiment)}.`,
    );
  }
  if (opts.from !== undefined) throw new CliError(`--from belongs to \`nnft reproduce\` (the report job uses it). Value: ${JSON.stringify(opts.from)}.`);
  const c = commonFlags(opts, io, experiment);
  const e = plan(reproduceFlags(opts));
  const out = resolve(io.cwd, opts.out ?? join(c.dir, 'report'));
  const args = ['reproduce', experiment, '--from', '.', '--out', out, ...e.flags, '--threads', '1'];
  const m = planClusterRuns({
    ...c,
    name: experiment,
    runs: e.runs,
    ...(e.labels && { labels: e.labels }),
    merge: () => ({ args, outputs: [join(out, 'report.json'), join(out, 'index.html')] }),
  });
  return { m, dir: c.dir };
}

/** The scripts and the sbatch commands that would submit them, as one text. */
function dryRun(m: Manifest, dir: string): string {
  return [
    `# nnft slurm ${m.name}: ${m.runs.length} run(s) x ${m.shards} shards = ${taskCount(m)} array tasks, then one merge job`,
    `# run folder ${dir} (--dry-run: nothing written, nothing submitted)`,
    `# ---- ${join(dir, ARRAY_SCRIPT)}`,
    arrayScript(m, dir),
    `# ---- ${join(dir, MERGE_SCRIPT)}`,
    mergeScript(m, dir),
    '# ---- submission',
    `cd ${shellQuote(dir)}`,
    `array=$(sbatch --parsable --array=0-${taskCount(m) - 1} ${ARRAY_SCRIPT})`,
    `sbatch --parsable --dependency=afterok:$array ${MERGE_SCRIPT}`,
    '',
  ].join('\n');
}

/** A Slurm client seeing the process's environment and the command's. */
const client = (io: SlurmIO): Slurm => new Slurm({ env: { ...process.env, ...io.env } });

/** Writes the run folder and submits it; a scheduler failure says what was kept and how to go on. */
async function launch(m: Manifest, dir: string, opts: RawOptions, io: SlurmIO): Promise<number> {
  if (opts.dryRun !== undefined) {
    io.out(dryRun(m, dir));
    return 0;
  }
  await prepareClusterRun(dir, m);
  try {
    const sub = await submitClusterRun(dir, m, client(io));
    io.out(
      `submitted array job ${sub.arrayJob} (${taskCount(m)} tasks: ${m.runs.length === 1 ? m.runs[0].label : `${m.runs.length} runs`}, ` +
        `${m.shards} shards each) and merge job ${sub.mergeJob} (after every task succeeds)\n` +
        `run folder: ${dir}\nresult: ${m.merge.outputs.join(', ')}\nfollow it: nnft slurm status ${shellQuote(dir)}\n`,
    );
    return 0;
  } catch (e) {
    if (!(e instanceof NnftSchedulerError)) throw e;
    const queued = m.submissions.find((s) => s.arrayJob !== undefined);
    const kept = queued
      ? `array job ${queued.arrayJob} was submitted and is recorded in ${join(dir, MANIFEST_FILE)}; \`nnft slurm resubmit ${dir}\` submits the merge job`
      : `nothing was submitted; the scripts and manifest are in ${dir}, and \`nnft slurm resubmit ${dir}\` submits the run`;
    throw new NnftSchedulerError(`${e.message} (${kept})`, e.command, e.exitCode, e.stderr);
  }
}

/** A scheduler state in words: "FAILED (exit 2:0)", "PENDING (Dependency)". */
function stateText(s: TaskStatus['state']): string {
  if (!s) return 'unknown to the scheduler';
  if (s.phase === 'active') return s.reason && s.reason !== 'None' ? `${s.state} (${s.reason})` : s.state;
  return s.exitCode ? `${s.state} (exit ${s.exitCode})` : s.state;
}

/** The status as text: counts, queued tasks by state, failed tasks one by one, the merge job, what to do. */
function statusText(dir: string, m: Manifest, st: ClusterStatus): string {
  const count = (p: string) => st.tasks.filter((t) => t.phase === p).length;
  const lines = [
    `run folder ${dir}: nnft ${m.name}, ${m.runs.length} run(s) x ${m.shards} shards = ${taskCount(m)} array tasks`,
    `tasks: ${count('done')} done, ${count('queued')} queued or running, ${count('failed')} failed`,
  ];
  const queued = new Map<string, number[]>();
  for (const t of st.tasks) if (t.phase === 'queued') queued.set(stateText(t.state), [...(queued.get(stateText(t.state)) ?? []), t.task]);
  for (const [state, tasks] of queued) lines.push(`  ${state}: tasks ${arraySpec(tasks)}`);
  const failed = st.tasks.filter((t) => t.phase === 'failed');
  const SHOWN = 20;
  for (const t of failed.slice(0, SHOWN)) {
    const job = t.job ? `job ${t.job} ${stateText(t.state)}` : 'never submitted';
    lines.push(`  failed task ${t.task} (${t.run}, shard ${t.shard}): ${job}; ${t.file} ${t.fileProblem}`);
  }
  if (failed.length > SHOWN) lines.push(`  ... and ${failed.length - SHOWN} more failed tasks`);
  const mg = st.merge;
  const mergeJob = `job ${mg.job} ${stateText(mg.state)}`;
  if (mg.phase === 'done') lines.push(`merge: done: ${mg.written.join(', ')}`);
  else if (mg.phase === 'queued') lines.push(`merge: ${mergeJob}`);
  else if (mg.phase === 'failed') lines.push(`merge: failed (${mergeJob}; ${m.merge.outputs.length - mg.written.length} output file(s) missing)`);
  else lines.push('merge: not submitted');
  if (st.failed.length > 0) lines.push(`resubmit the failed tasks: nnft slurm resubmit ${shellQuote(dir)} --tasks ${arraySpec(st.failed)}`);
  else if (mg.phase === 'failed' || mg.phase === 'not submitted') lines.push(`submit the merge job again: nnft slurm resubmit ${shellQuote(dir)}`);
  return `${lines.join('\n')}\n`;
}

/** Runs `nnft slurm <action>`; resolves to the exit code. */
export async function slurm(action: SlurmAction, operand: string | undefined, opts: RawOptions, io: SlurmIO): Promise<number> {
  if (action === 'sample' || action === 'reproduce') {
    const { m, dir } = action === 'sample' ? sampleManifest(opts, io) : experimentManifest(operand!, opts, io);
    return launch(m, dir, opts, io);
  }
  const dir = resolve(io.cwd, operand!);
  const m = readManifest(dir);
  if (action === 'status') {
    const st = await clusterStatus(dir, m, client(io));
    if (opts.json === undefined) io.out(statusText(dir, m, st));
    else if (opts.json === '-') io.out(`${JSON.stringify(st, null, 2)}\n`);
    else await writeAtomically([{ path: resolve(io.cwd, opts.json), data: `${JSON.stringify(st, null, 2)}\n` }]);
    return 0;
  }
  const tasks = opts.tasks === undefined ? undefined : parseIntegerList('--tasks', opts.tasks);
  const r = await resubmit(dir, m, client(io), tasks);
  if (r.submission === undefined) {
    io.out(`nothing to resubmit: every shard and the merge are done (${m.merge.outputs.join(', ')})\n`);
    return 0;
  }
  const what = r.tasks.length > 0 ? `tasks ${arraySpec(r.tasks)} as array job ${r.submission.arrayJob}` : 'no task';
  const cancelled = r.cancelled ? `; cancelled the earlier merge job ${r.cancelled}` : '';
  io.out(`resubmitted ${what}; merge job ${r.submission.mergeJob} runs after every task succeeds${cancelled}\n`);
  return 0;
}
