// The two batch scripts of a run on a Slurm cluster: the job array (task t samples shard t % S of
// run floor(t / S) and saves its accumulator) and the merge job (run once every task succeeded).
// Both are plain bash with `#SBATCH` lines, readable and submittable by hand.
import { sampleArgs, pointsArg } from './sample-args.js';
import { taskCount, type Manifest } from './manifest.js';
import { sbatchLines } from './sbatch-options.js';

/** File names of the scripts in the run folder. */
export const ARRAY_SCRIPT = 'array.sbatch';
export const MERGE_SCRIPT = 'merge.sbatch';
/** Folder of the jobs' output, relative to the run folder (sbatch runs there). */
export const LOG_DIR = 'logs';
/** Longest inline `--points` value; longer lists go to a file beside the shards. */
export const INLINE_POINTS_MAX = 64 * 1024;

/** `s` as one bash word. */
export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:=,+@%-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

const words = (args: readonly string[]): string => args.map(shellQuote).join(' ');

/** Where run `r`'s points file goes when its point list is too long for a command line (else undefined). */
export function pointsFile(m: Manifest, r: number): string | undefined {
  const run = m.runs[r];
  if (pointsArg(run.options.points).length <= INLINE_POINTS_MAX) return undefined;
  return run.dir === '' ? 'points.json' : `${run.dir}/points.json`;
}

/** The `nnft sample` flags of run `r` (points inline or from its points file). */
function runArgs(m: Manifest, dir: string, r: number): string[] {
  const file = pointsFile(m, r);
  return sampleArgs(m.runs[r].options, file === undefined ? undefined : `@${dir}/${file}`);
}

/**
 * The array script. `dir` is the run folder (absolute): the script changes to it, so shard files and
 * logs are found there whatever folder it is submitted from.
 */
export function arrayScript(m: Manifest, dir: string): string {
  const S = m.shards;
  const tasks = taskCount(m);
  const what = m.runs.length === 1 ? `one nnft ${m.name} run` : `${m.runs.length} runs of nnft ${m.name}`;
  const head = [
    '#!/bin/bash',
    `# ${S} shards of ${what}: array task t samples shard t % ${S}` +
      (m.runs.length === 1 ? '' : ` of run t / ${S}`) + ' and saves its accumulator.',
    `#SBATCH --job-name=nnft-${m.name}`,
    `#SBATCH --array=0-${tasks - 1}`,
    `#SBATCH --output=${LOG_DIR}/task-%a-%A.out`,
    ...sbatchLines(m.sbatch),
    'set -euo pipefail',
    `cd ${shellQuote(dir)}`,
    'task=$SLURM_ARRAY_TASK_ID',
  ];
  const tail = `--threads ${m.threads} --shard "$shard/${S}" --save`;
  if (m.runs.length === 1) {
    return [
      ...head,
      'shard=$task',
      `exec ${words(m.command)} sample ${words(runArgs(m, dir, 0))} \\\n  ${tail} "shard-$shard.nnft"`,
      '',
    ].join('\n');
  }
  const cases = m.runs.map((run, r) => `  ${r}) # ${run.label}\n    dir=${shellQuote(run.dir)}\n    args=(${words(runArgs(m, dir, r))}) ;;`);
  return [
    ...head,
    `run=$((task / ${S}))`,
    `shard=$((task % ${S}))`,
    'case $run in',
    ...cases,
    `  *) echo "nnft: array task $task is beyond the ${m.runs.length} runs x ${S} shards of this script" >&2; exit 2 ;;`,
    'esac',
    `exec ${words(m.command)} sample "\${args[@]}" \\\n  ${tail} "$dir/shard-$shard.nnft"`,
    '',
  ].join('\n');
}

/** The merge script: submitted with a dependency on the array, so it runs once every task succeeded. */
export function mergeScript(m: Manifest, dir: string): string {
  return [
    '#!/bin/bash',
    `# Merges the ${taskCount(m)} shard files of nnft ${m.name} into ${m.merge.outputs.join(' and ')}.`,
    `#SBATCH --job-name=nnft-${m.name}-merge`,
    `#SBATCH --output=${LOG_DIR}/merge-%j.out`,
    // A failed task makes the dependency unsatisfiable: cancel the merge job then instead of leaving it queued.
    '#SBATCH --kill-on-invalid-dep=yes',
    ...sbatchLines({ ...m.sbatch, cpusPerTask: undefined }),
    'set -euo pipefail',
    `cd ${shellQuote(dir)}`,
    `exec ${words(m.command)} ${words(m.merge.args)}`,
    '',
  ].join('\n');
}
