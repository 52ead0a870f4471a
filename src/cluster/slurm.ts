// The Slurm commands nnft runs (sbatch, scancel, sacct, scontrol), each with a time limit, and
// their failures as NnftSchedulerError: not installed, not answering, or refusing.
import { execFile } from 'node:child_process';
import { NnftSchedulerError } from '../errors.js';
import { compressRanges } from '../ranges.js';

/** How a job or array task stands: waiting or running, finished well, or finished badly. */
export type JobPhase = 'active' | 'completed' | 'failed';

/** A job's or array task's state as the scheduler reports it. */
export interface JobState {
  /** Slurm's state name (PENDING, RUNNING, COMPLETED, FAILED, TIMEOUT, ...). */
  readonly state: string;
  readonly phase: JobPhase;
  /** `exit:signal`, when known. */
  readonly exitCode?: string;
  /** Why a pending job waits (e.g. Dependency, DependencyNeverSatisfied), when known. */
  readonly reason?: string;
}

/** Options of {@link Slurm}. */
export interface SlurmOptions {
  /** Environment of the commands (PATH finds them, SLURM_CONF names the cluster). Default: this process's. */
  env?: NodeJS.ProcessEnv;
  /** Time limit of each command in milliseconds (default 120 s: sbatch retries an unreachable controller). */
  timeoutMs?: number;
}

const ACTIVE = new Set(['PENDING', 'CONFIGURING', 'RUNNING', 'COMPLETING', 'SUSPENDED', 'REQUEUED', 'REQUEUE_HOLD', 'REQUEUE_FED', 'RESIZING', 'RESV_DEL_HOLD', 'STAGE_OUT', 'SIGNALING', 'STOPPED']);

/** The phase of a Slurm state name ("CANCELLED by 0" counts as CANCELLED). */
export function phaseOf(state: string): JobPhase {
  const s = state.split(/\s/)[0].replace(/\+$/, '');
  if (ACTIVE.has(s)) return 'active';
  if (s === 'COMPLETED') return 'completed';
  return 'failed';
}

/** Task indices of a Slurm array spec: "3", "0-7", "1,4-6", "0-63%8". */
export function expandArraySpec(spec: string): number[] {
  const out: number[] = [];
  for (const part of spec.replace(/^\[|\]$/g, '').replace(/%\d+$/, '').split(',')) {
    const m = /^(\d+)(?:-(\d+))?(?::(\d+))?$/.exec(part);
    if (!m) continue;
    const lo = Number(m[1]);
    const hi = m[2] === undefined ? lo : Number(m[2]);
    const step = m[3] === undefined ? 1 : Number(m[3]);
    for (let i = lo; i <= hi; i += step) out.push(i);
  }
  return out;
}

/** Task indices as a Slurm array spec: [0,1,2,5] -> "0-2,5". */
export function arraySpec(tasks: readonly number[]): string {
  return compressRanges([...new Set(tasks)].sort((a, b) => a - b), ',');
}

/** The output of a finished command. */
interface Ran {
  stdout: string;
  stderr: string;
}

/** The last non-empty line of a command's error output (Slurm puts its reason there). */
const lastLine = (s: string): string => s.trim().split('\n').filter((l) => l.trim() !== '').pop()?.trim() ?? '';

/** A client of the Slurm commands of this machine. */
export class Slurm {
  private readonly env: NodeJS.ProcessEnv;
  private readonly timeoutMs: number;

  constructor(o: SlurmOptions = {}) {
    this.env = o.env ?? process.env;
    this.timeoutMs = o.timeoutMs ?? 120_000;
  }

  /** Runs a Slurm command; NnftSchedulerError if it is missing, times out or exits non-zero. */
  run(cmd: string, args: readonly string[], cwd?: string): Promise<Ran> {
    const argv = [cmd, ...args];
    return new Promise((resolvePromise, reject) => {
      execFile(cmd, args, { cwd, env: this.env, timeout: this.timeoutMs, killSignal: 'SIGKILL', maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
        if (!error) return resolvePromise({ stdout, stderr });
        const e = error as NodeJS.ErrnoException & { killed?: boolean; code?: number | string; signal?: string };
        if (e.code === 'ENOENT') {
          reject(new NnftSchedulerError(`\`${cmd}\` is not on the PATH: Slurm's commands are not installed here, or this is not a submit host`, argv, null));
        } else if (e.killed || e.signal) {
          reject(new NnftSchedulerError(`\`${cmd}\` did not answer within ${this.timeoutMs / 1000} s: is the Slurm controller reachable?`, argv, null, stderr));
        } else {
          const why = lastLine(stderr) || lastLine(stdout) || e.message;
          reject(new NnftSchedulerError(`\`${cmd}\` failed (exit ${e.code}): ${why}`, argv, typeof e.code === 'number' ? e.code : null, stderr));
        }
      });
    });
  }

  /** Submits `script` (run in `cwd`) with extra sbatch flags; resolves to the job id. */
  async sbatch(script: string, cwd: string, flags: readonly string[] = []): Promise<string> {
    const args = ['--parsable', ...flags, script];
    const { stdout } = await this.run('sbatch', args, cwd);
    const id = /^(\d+)(;\S+)?$/.exec(stdout.trim())?.[1];
    if (id === undefined) {
      throw new NnftSchedulerError(`\`sbatch\` printed no job id (output: ${JSON.stringify(stdout.trim().slice(0, 200))})`, ['sbatch', ...args], 0, stdout);
    }
    return id;
  }

  /** Cancels jobs (array jobs, tasks `123_4`, or plain jobs). */
  async cancel(jobs: readonly string[]): Promise<void> {
    if (jobs.length > 0) await this.run('scancel', jobs);
  }

  /**
   * States of the given jobs, keyed `job` for a plain job and `job_task` for an array task: from
   * accounting (sacct) where the cluster keeps it, else from the controller's memory (scontrol,
   * which forgets finished jobs after a few minutes). Jobs neither knows are absent.
   */
  async states(jobs: readonly string[]): Promise<Map<string, JobState>> {
    const out = new Map<string, JobState>();
    if (jobs.length === 0) return out;
    let accounted = false;
    try {
      const { stdout } = await this.run('sacct', ['-n', '-P', '-X', '-o', 'JobID,State,ExitCode', '-j', jobs.join(',')]);
      for (const line of stdout.split('\n')) {
        const [id, state, exitCode] = line.trim().split('|');
        if (!id || !state) continue;
        accounted = true;
        for (const key of expandJobId(id)) out.set(key, { state, phase: phaseOf(state), exitCode });
      }
    } catch (e) {
      if (!(e instanceof NnftSchedulerError)) throw e;
    }
    // The controller knows reasons, and the current state of jobs that accounting records late.
    for (const job of jobs) {
      let text: string;
      try {
        text = (await this.run('scontrol', ['-o', 'show', 'job', job])).stdout;
      } catch (e) {
        // An id the controller has forgotten is not an error; a controller that does not answer is,
        // unless accounting already told the states.
        if (e instanceof NnftSchedulerError && (/invalid job id/i.test(e.stderr) || accounted)) continue;
        throw e;
      }
      for (const line of text.split('\n')) {
        const f = fields(line);
        if (f.JobId === undefined || f.JobState === undefined) continue;
        const state: JobState = { state: f.JobState, phase: phaseOf(f.JobState), exitCode: f.ExitCode, reason: f.Reason };
        const keys = f.ArrayJobId !== undefined && f.ArrayTaskId !== undefined
          ? expandArraySpec(f.ArrayTaskId).map((t) => `${f.ArrayJobId}_${t}`)
          : [f.JobId];
        for (const key of keys) out.set(key, state);
      }
    }
    return out;
  }
}

/** `Key=value` fields of one line of `scontrol -o show job`. */
function fields(line: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of line.matchAll(/(?:^|\s)([A-Za-z]+)=(\S*)/g)) out[m[1]] ??= m[2];
  return out;
}

/** sacct job ids: "123", "123_4", "123_[5-7,9]" -> keys "123", "123_4", "123_5", ... */
function expandJobId(id: string): string[] {
  const m = /^(\d+)_(\S+)$/.exec(id);
  if (!m) return [id];
  return expandArraySpec(m[2]).map((t) => `${m[1]}_${t}`);
}
