// The resources a job asks Slurm for, checked before they are written into `#SBATCH` lines (where
// anything else, a space or a newline, would change the script).
import { NnftInputError } from '../errors.js';
import { checkInteger } from '../sample/options.js';

/** What each array task (and the merge job) asks the scheduler for; unset fields take the cluster's defaults. */
export interface SbatchOptions {
  /** `--partition`: one partition name or a comma-separated list. */
  partition?: string;
  /** `--time`: minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS. */
  time?: string;
  /** `--mem`: memory per node, an integer with an optional K, M, G or T suffix. */
  mem?: string;
  /** `--cpus-per-task`. */
  cpusPerTask?: number;
}

const PARTITION = /^[A-Za-z0-9_.-]+(,[A-Za-z0-9_.-]+)*$/;
const TIME = /^(\d+|\d+:\d{1,2}|\d+:\d{1,2}:\d{1,2}|\d+-\d+|\d+-\d+:\d{1,2}|\d+-\d+:\d{1,2}:\d{1,2}|UNLIMITED|INFINITE)$/;
const MEM = /^\d+[KMGT]?$/;
/** Most CPUs a task can ask for (as many as nnft has threads). */
const MAX_CPUS = 1024;

/** Checks the scheduler options; throws NnftInputError naming the field. Returns a copy without unset fields. */
export function checkSbatchOptions(o: SbatchOptions): SbatchOptions {
  const out: SbatchOptions = {};
  if (o.partition !== undefined) {
    if (typeof o.partition !== 'string' || !PARTITION.test(o.partition)) {
      throw new NnftInputError('partition', o.partition, 'must be a partition name (letters, digits, _ . -) or a comma-separated list of them');
    }
    out.partition = o.partition;
  }
  if (o.time !== undefined) {
    if (typeof o.time !== 'string' || !TIME.test(o.time)) {
      throw new NnftInputError('time', o.time, 'must be a Slurm time limit: minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS');
    }
    out.time = o.time;
  }
  if (o.mem !== undefined) {
    if (typeof o.mem !== 'string' || !MEM.test(o.mem)) {
      throw new NnftInputError('mem', o.mem, 'must be an amount of memory such as 4000, 500M or 8G');
    }
    out.mem = o.mem;
  }
  if (o.cpusPerTask !== undefined) out.cpusPerTask = checkInteger('cpusPerTask', o.cpusPerTask, 1, MAX_CPUS);
  return out;
}

/** The `#SBATCH` lines of the options, in a fixed order. */
export function sbatchLines(o: SbatchOptions): string[] {
  const lines: string[] = [];
  if (o.partition !== undefined) lines.push(`#SBATCH --partition=${o.partition}`);
  if (o.time !== undefined) lines.push(`#SBATCH --time=${o.time}`);
  if (o.mem !== undefined) lines.push(`#SBATCH --mem=${o.mem}`);
  if (o.cpusPerTask !== undefined) lines.push(`#SBATCH --cpus-per-task=${o.cpusPerTask}`);
  return lines;
}
