// `nnft slurm`: job scripts, dry runs, strict merges, status and resubmission, scheduler failures,
// and real submissions whose merged results equal the single-process runs bit for bit, on the Slurm
// cluster that answers or, when none does, one started here with scripts/slurm-local.sh.
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arrayScript } from '../../src/cluster/job-script.js';
import { readManifest, taskCount } from '../../src/cluster/manifest.js';
import { mergeSources } from '../../src/cluster/merge.js';
import { planClusterSample } from '../../src/cluster/plan.js';
import { expandArraySpec, phaseOf, Slurm } from '../../src/cluster/slurm.js';
import { NnftMergeError, NnftSchedulerError } from '../../src/errors.js';
import { eftRuns } from '../../src/experiments/eft.js';
import { Accumulator } from '../../src/stats/accumulator.js';
import { expectInputError } from '../support/errors.js';
import { nnft, scratchDir } from '../cli/helpers.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');

/** True when every source file has a built file at least as new (as after `npm run build`). */
function builtIsCurrent(dir = 'src'): boolean {
  for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const rel = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!builtIsCurrent(rel)) return false;
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
      const built = join(ROOT, 'dist', rel.slice('src/'.length).replace(/\.ts$/, '.js'));
      if (!existsSync(built) || statSync(built).mtimeMs < statSync(join(ROOT, rel)).mtimeMs) return false;
    }
  }
  return true;
}

/**
 * How jobs start nnft: the default (this node and bin/nnft.js) when the build is current, as after
 * `npm run build`; else the sources through tsx, so that jobs run the code under test.
 */
const JOB_COMMAND = builtIsCurrent()
  ? `${process.execPath} ${join(ROOT, 'bin/nnft.js')}`
  : `${process.execPath} ${join(ROOT, 'node_modules/tsx/dist/cli.mjs')} ${join(ROOT, 'src/cli/main.ts')}`;
/** A small run: 4000 networks at width 20, six points, orders 2 and 4. */
const RUN = ['--width', '20', '--networks', '4000', '--orders', '2,4', '--seed', '11'];
/** A small sweep: relu-net, d_in = 1, two widths. */
const SWEEP = ['--arch', 'relu-net', '--d-in', '1', '--widths', '2,5', '--networks', '3000', '--seed', '3'];
/** A small EFT experiment: relu-net's d_in = 1 panel (N = 20), two widths, the quartic model: three runs. */
const EFT_SWEEP = ['--arch', 'relu-net', '--d-in', '1', '--widths', '2,20', '--networks', '3000', '--seed', '3'];

function oneErrorLine(stderr: string): string {
  expect(stderr).toMatch(/^nnft: error: [^\n]+\n$/);
  return stderr;
}

/** A report without its timings (the only numbers that differ between two runs of the same sweep). */
function withoutSeconds(report: any): any {
  return { ...report, panels: report.panels.map((p: any) => ({ ...p, widths: p.widths.map(({ seconds: _, ...w }: any) => w) })) };
}

/** Fake Slurm commands in `dir`: sbatch prints job ids 100, 101, ... (or fails, or hangs); nothing is remembered. */
function fakeSlurm(dir: string, sbatch: 'ok' | 'fail' | 'hang', sacct = 'echo "Slurm accounting storage is disabled" >&2; exit 1'): { env: Record<string, string>; calls: () => string[] } {
  mkdirSync(dir, { recursive: true });
  const log = join(dir, 'calls.log');
  const tool = (name: string, body: string) => {
    writeFileSync(join(dir, name), `#!/bin/bash\necho "${name} $*" >> ${JSON.stringify(log)}\n${body}\n`);
    chmodSync(join(dir, name), 0o755);
  };
  const bodies = {
    ok: `n=$(cat ${JSON.stringify(join(dir, 'next'))} 2>/dev/null || echo 100); echo $((n + 1)) > ${JSON.stringify(join(dir, 'next'))}; echo "$n"`,
    fail: 'echo "sbatch: error: Batch job submission failed: Unable to contact slurm controller (connect failure)" >&2; exit 1',
    hang: 'sleep 30',
  };
  tool('sbatch', bodies[sbatch]);
  tool('scancel', 'exit 0');
  tool('sacct', sacct);
  tool('scontrol', 'echo "slurm_load_jobs error: Invalid job id specified" >&2; exit 1');
  return {
    env: { PATH: `${dir}:/usr/bin:/bin` },
    calls: () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []),
  };
}

/** Whether sbatch reaches a cluster: sinfo answers. */
function slurmAnswers(env: NodeJS.ProcessEnv): boolean {
  const r = spawnSync('sinfo', ['-h', '-o', '%t'], { env, timeout: 15_000, encoding: 'utf8' });
  return r.status === 0 && /idle|mix|alloc/.test(r.stdout);
}

const LOCAL_SLURM = join(ROOT, 'scripts/slurm-local.sh');
const slurmDir = process.env.NNFT_SLURM_DIR ?? '/tmp/nnft-slurm';

/** Reachable already, or started here with scripts/slurm-local.sh; the reason when neither. */
function findSlurm(): { env?: NodeJS.ProcessEnv; startedHere: boolean; reason?: string } {
  if (slurmAnswers(process.env)) return { env: process.env, startedHere: false };
  const env = { ...process.env, SLURM_CONF: join(slurmDir, 'slurm.conf') };
  if (slurmAnswers(env)) return { env, startedHere: false };
  try {
    execFileSync(LOCAL_SLURM, ['start'], { stdio: ['ignore', 'inherit', 'inherit'], timeout: 300_000 });
  } catch (e) {
    return { startedHere: false, reason: `scripts/slurm-local.sh start failed: ${(e as Error).message}` };
  }
  return slurmAnswers(env) ? { env, startedHere: true } : { startedHere: true, reason: 'the local Slurm started but sinfo does not answer' };
}

const cluster = findSlurm();

describe('nnft slurm: scripts and dry runs', () => {
  const tmp = scratchDir();
  afterAll(() => tmp.cleanup());

  it('--dry-run prints the array and merge scripts and the sbatch commands, and writes nothing', async () => {
    const r = await nnft(
      ['slurm', 'sample', ...RUN, '--shards', '4', '--partition', 'short', '--time', '0:30:00', '--mem', '2G', '--cpus-per-task', '2', '--dir', 'run', '--dry-run'],
      tmp.dir,
    );
    expect(r.code, r.stderr).toBe(0);
    const dir = join(tmp.dir, 'run');
    expect(existsSync(dir)).toBe(false);
    const out = r.stdout;
    for (const line of ['#SBATCH --array=0-3', '#SBATCH --partition=short', '#SBATCH --time=0:30:00', '#SBATCH --mem=2G', '#SBATCH --cpus-per-task=2']) {
      expect(out).toContain(line);
    }
    // Each task runs `nnft sample` with every value explicit, by absolute paths of node and bin/nnft.js.
    expect(out).toContain(`exec ${process.execPath} ${join(ROOT, 'bin/nnft.js')} sample --arch relu-net --width 20 --d-in 1 --d-out 1 --points 0.2,0.4,0.6,0.8,1,1.2 --networks 4000 --orders 2,4 --seed 11 --estimator conditional --blocks 32 --sw 1 --sb 0 --mw 0 --mb 0`);
    expect(out).toContain('--threads 2 --shard "$shard/4" --save "shard-$shard.nnft"');
    expect(out).toContain(`merge shard-0.nnft shard-1.nnft shard-2.nnft shard-3.nnft --json ${join(dir, 'result.json')} --save ${join(dir, 'result.nnft')}`);
    expect(out).toContain('#SBATCH --kill-on-invalid-dep=yes');
    expect(out).toContain('array=$(sbatch --parsable --array=0-3 array.sbatch)\nsbatch --parsable --dependency=afterok:$array merge.sbatch');
  });

  it('more shards than the 32 default blocks get one block per shard at least', async () => {
    const r = await nnft(['slurm', 'sample', ...RUN, '--shards', '64', '--dry-run'], tmp.dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('#SBATCH --array=0-63');
    expect(r.stdout).toContain('--blocks 64');
    expect(r.stdout).toContain('shard-63.nnft --json');
  });

  it('an experiment gets one array task per shard of each width and one report job', async () => {
    const r = await nnft(['slurm', 'reproduce', 'free-theory', ...SWEEP, '--shards', '3', '--dir', 'sweep', '--dry-run'], tmp.dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('#SBATCH --array=0-5');
    expect(r.stdout).toContain("  0) # relu-net d_in=1 N=2\n    dir=runs/0-relu-net-d1-N2\n    args=(--arch relu-net --width 2 ");
    expect(r.stdout).toContain('  1) # relu-net d_in=1 N=5');
    expect(r.stdout).toContain('--shard "$shard/3" --save "$dir/shard-$shard.nnft"');
    expect(r.stdout).toContain(
      `reproduce free-theory --from . --out ${join(tmp.dir, 'sweep/report')} --arch relu-net --d-in 1 --widths 2,5 --networks 3000 --seed 3 --estimator conditional --threads 1`,
    );
    // The sweep's runs hold 30 blocks each; an experiment without a list of runs is refused.
    const many = await nnft(['slurm', 'reproduce', 'free-theory', ...SWEEP, '--shards', '31', '--dry-run'], tmp.dir);
    expect(many.code).toBe(2);
    expect(oneErrorLine(many.stderr)).toContain('--shards must be an integer in [1, 30]');
    const symmetry = await nnft(['slurm', 'reproduce', 'symmetry', '--shards', '2', '--dry-run'], tmp.dir);
    expect(symmetry.code).toBe(2);
    expect(oneErrorLine(symmetry.stderr)).toContain('must be free-theory or eft');
  });

  it('the EFT experiment gets one array task per shard of each of its runs, as runEft asks for them', async () => {
    const r = await nnft(['slurm', 'reproduce', 'eft', ...EFT_SWEEP, '--shards', '2', '--dir', 'eft', '--dry-run'], tmp.dir);
    expect(r.code, r.stderr).toBe(0);
    // The other width, the panel's N = 20 (orders to 6; also the quartic model's held-out set), the quartic model's train set
    const runs = eftRuns({ archs: ['relu-net'], dIns: [1], widths: [2, 20], networks: 3000, seed: 3 });
    expect(runs.map((x) => x.label)).toStrictEqual(['relu-net d_in=1 N=2, xset1A', 'relu-net d_in=1 N=20, xset1A', 'relu-net d_in=1 N=20, quartic-model train']);
    expect(r.stdout).toContain('# nnft slurm eft: 3 run(s) x 2 shards = 6 array tasks, then one merge job');
    expect(r.stdout).toContain('#SBATCH --array=0-5');
    for (const [i, x] of runs.entries()) {
      const o = x.options;
      expect(r.stdout).toContain(`  ${i}) # ${x.label}\n    dir=runs/${i}-relu-net-d1-N${o.width}\n    args=(--arch relu-net --width ${o.width} --d-in 1 --d-out 1 --points ${(o.points as number[][]).join(',')} --networks 3000 --orders ${o.orders.join(',')} --seed ${o.seed} `);
    }
    expect(runs[1].options.orders).toStrictEqual([2, 4, 6]);
    expect(r.stdout).toContain(
      `reproduce eft --from . --out ${join(tmp.dir, 'eft/report')} --arch relu-net --d-in 1 --widths 2,20 --networks 3000 --seed 3 --estimator conditional --threads 1`,
    );
    expect(existsSync(join(tmp.dir, 'eft'))).toBe(false);
    // The report job reads runs, it does not sample them: no checkpoint.
    const both = await nnft(['reproduce', 'eft', ...EFT_SWEEP, '--from', 'sweep', '--checkpoint', 'c.ckpt'], tmp.dir);
    expect(both.code).toBe(2);
    expect(oneErrorLine(both.stderr)).toContain('--checkpoint does nothing with --from');
  });

  it('bad scheduler options and shard counts are refused before anything is written, naming the flag', async () => {
    const cases: [string[], string][] = [
      [['--time', '1 hour'], '--time'],
      [['--partition', 'a b'], '--partition'],
      [['--mem', '4 GB'], '--mem'],
      [['--cpus-per-task', '0'], '--cpus-per-task'],
      [['--shards', '0'], '--shards'],
      [['--shards', '40', '--blocks', '32'], '--shards'],
      [['--shard', '1/4'], '--shard'],
      [['--json', '-'], '--json'],
    ];
    for (const [flags, flag] of cases) {
      const shards = flags.includes('--shards') ? [] : ['--shards', '4'];
      const r = await nnft(['slurm', 'sample', ...RUN, ...shards, ...flags, '--dir', 'bad'], tmp.dir);
      expect(r.code, flags.join(' ')).toBe(2);
      expect(oneErrorLine(r.stderr)).toContain(flag);
      expect(existsSync(join(tmp.dir, 'bad'))).toBe(false);
    }
    const r = await nnft(['slurm', 'sample', ...RUN], tmp.dir);
    expect(r.code).toBe(2);
    expect(oneErrorLine(r.stderr)).toContain('--shards is required');
  });

  it('the library names the field of a bad option', () => {
    const base = { sample: { arch: 'relu-net', width: 5, points: [0.5], networks: 100, orders: [2], seed: 1 }, json: '/r.json', save: '/r.nnft' };
    expectInputError(() => planClusterSample({ ...base, shards: 2.5 }), 'shards');
    expectInputError(() => planClusterSample({ ...base, shards: 2, sbatch: { time: '5 min' } }), 'time');
    expectInputError(() => planClusterSample({ ...base, shards: 2, command: [] }), 'command');
    expectInputError(() => planClusterSample({ ...base, shards: 2, sample: { ...base.sample, width: 0 } }), 'width');
  });

  it('a point list too long for a command line goes to a points file', () => {
    const points = Array.from({ length: 4096 }, (_, k) => [k / 4096 + 1e-9, 0.5 - k / 8192 - 1e-9, 1 / (k + 3)]);
    const m = planClusterSample({ sample: { arch: 'erf-net', width: 3, points, networks: 100, orders: [1], seed: 1 }, shards: 2, json: '/r.json', save: '/r.nnft' });
    expect(arrayScript(m, '/runs/x')).toContain('--points @/runs/x/points.json');
  });

  it('array specs and scheduler states are read as Slurm writes them', () => {
    expect(expandArraySpec('0-3,7,10-14:2%4')).toEqual([0, 1, 2, 3, 7, 10, 12, 14]);
    expect(expandArraySpec('[5-6]')).toEqual([5, 6]);
    expect(['PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED by 0', 'TIMEOUT', 'OUT_OF_MEMORY'].map(phaseOf)).toEqual(
      ['active', 'active', 'completed', 'failed', 'failed', 'failed', 'failed'],
    );
  });
});

describe('nnft merge: missing and duplicate shards', () => {
  const tmp = scratchDir();
  afterAll(() => tmp.cleanup());

  beforeAll(async () => {
    for (let i = 0; i < 4; i++) {
      const r = await nnft(['sample', ...RUN, '--threads', '2', '--shard', `${i}/4`, '--save', `s${i}.nnft`], tmp.dir);
      expect(r.code, r.stderr).toBe(0);
    }
  });

  it('refuses a missing shard, naming its blocks, unless --allow-partial', async () => {
    const r = await nnft(['merge', 's0.nnft', 's1.nnft', 's3.nnft', '--json', 'out.json'], tmp.dir);
    expect(r.code).toBe(1);
    const line = oneErrorLine(r.stderr);
    expect(line).toContain('blocks 16-23 of 32 are in none of the files');
    expect(line).toContain('--allow-partial');
    expect(existsSync(join(tmp.dir, 'out.json'))).toBe(false);
    const p = await nnft(['merge', 's0.nnft', 's1.nnft', 's3.nnft', '--allow-partial', '--json', '-'], tmp.dir);
    expect(p.code, p.stderr).toBe(0);
    expect(p.stderr).toMatch(/warning: incomplete run: blocks 16-23 of 32 are missing/);
    expect(JSON.parse(p.stdout).networks).toBe(3000);
  });

  it('refuses a shard given twice, naming the blocks and both files', async () => {
    const r = await nnft(['merge', 's0.nnft', 's1.nnft', 's2.nnft', 's3.nnft', 's2.nnft', '--allow-partial'], tmp.dir);
    expect(r.code).toBe(1);
    expect(oneErrorLine(r.stderr)).toContain('blocks 16-23 are in both s2.nnft and s2.nnft');
  });

  it('the library error carries the blocks', () => {
    const acc = (i: number) => ({ source: `s${i}`, acc: Accumulator.fromBytes(readFileSync(join(tmp.dir, `s${i}.nnft`))) });
    let e: unknown;
    try {
      mergeSources([acc(0), acc(2)]);
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(NnftMergeError);
    expect((e as NnftMergeError).missing).toEqual([8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31]);
    expect(mergeSources([acc(3), acc(1), acc(0), acc(2)]).complete).toBe(true);
  });
});

describe('nnft slurm: without a reachable scheduler', () => {
  const tmp = scratchDir();
  afterAll(() => tmp.cleanup());

  it('no sbatch on the PATH: a clear error, and the scripts and manifest are kept for a later submission', async () => {
    const empty = join(tmp.dir, 'empty-bin');
    mkdirSync(empty);
    const r = await nnft(['slurm', 'sample', ...RUN, '--shards', '4', '--dir', 'nosbatch'], tmp.dir, { env: { PATH: empty } });
    expect(r.code).toBe(1);
    const line = oneErrorLine(r.stderr);
    expect(line).toContain('`sbatch` is not on the PATH');
    expect(line).toContain('nothing was submitted');
    expect(line).toContain(`nnft slurm resubmit ${join(tmp.dir, 'nosbatch')}`);
    for (const f of ['array.sbatch', 'merge.sbatch', 'nnft-slurm.json']) expect(existsSync(join(tmp.dir, 'nosbatch', f))).toBe(true);

    // Once a scheduler answers, resubmit submits every task and the merge job.
    const fake = fakeSlurm(join(tmp.dir, 'fake-ok'), 'ok');
    const s = await nnft(['slurm', 'resubmit', 'nosbatch'], tmp.dir, { env: fake.env });
    expect(s.code, s.stderr).toBe(0);
    expect(s.stdout).toContain('resubmitted tasks 0-3 as array job 100; merge job 101');
    expect(fake.calls().filter((c) => c.startsWith('sbatch'))).toEqual([
      'sbatch --parsable --array=0-3 array.sbatch',
      'sbatch --parsable --dependency=afterok:100 merge.sbatch',
    ]);
    expect(readManifest(join(tmp.dir, 'nosbatch')).submissions).toMatchObject([{ tasks: [0, 1, 2, 3], arrayJob: '100', mergeJob: '101' }]);
  });

  it('a failing sbatch: its own message, exit 1', async () => {
    const fake = fakeSlurm(join(tmp.dir, 'fake-fail'), 'fail');
    const r = await nnft(['slurm', 'sample', ...RUN, '--shards', '2', '--dir', 'failing'], tmp.dir, { env: fake.env });
    expect(r.code).toBe(1);
    const line = oneErrorLine(r.stderr);
    expect(line).toContain('`sbatch` failed (exit 1): sbatch: error: Batch job submission failed: Unable to contact slurm controller');
    expect(line).toContain('nothing was submitted');
  });

  it('an sbatch that does not answer is stopped after the time limit', async () => {
    const fake = fakeSlurm(join(tmp.dir, 'fake-hang'), 'hang');
    const slurm = new Slurm({ env: { ...process.env, ...fake.env }, timeoutMs: 300 });
    const e = await slurm.sbatch('array.sbatch', tmp.dir).catch((x) => x);
    expect(e).toBeInstanceOf(NnftSchedulerError);
    expect(e.message).toContain('did not answer within 0.3 s');
  });

  it('status names failed tasks by index from the shard files when the scheduler has forgotten them; resubmit sends those alone', async () => {
    const fake = fakeSlurm(join(tmp.dir, 'fake-status'), 'ok');
    const r = await nnft(['slurm', 'sample', ...RUN, '--shards', '4', '--dir', 'st'], tmp.dir, { env: fake.env });
    expect(r.code, r.stderr).toBe(0);
    const dir = join(tmp.dir, 'st');
    // Tasks 0 and 2 finished; task 1 wrote half of its blocks (a time limit); task 3 wrote nothing.
    for (const i of [0, 2]) expect((await nnft(['sample', ...RUN, '--shard', `${i}/4`, '--save', `st/shard-${i}.nnft`], tmp.dir)).code).toBe(0);
    const s1 = await nnft(['sample', ...RUN, '--shard', '1/4', '--save', 'st/shard-1.nnft'], tmp.dir);
    expect(s1.code).toBe(0);
    const whole = Accumulator.fromBytes(readFileSync(join(dir, 'shard-1.nnft')));
    writeFileSync(join(dir, 'shard-1.nnft'), new Accumulator(whole.header, whole.blocks().slice(0, 4)).toBytes());

    const st = await nnft(['slurm', 'status', 'st'], tmp.dir, { env: fake.env });
    expect(st.code, st.stderr).toBe(0);
    expect(st.stdout).toContain('tasks: 2 done, 0 queued or running, 2 failed');
    expect(st.stdout).toContain('failed task 1 (relu-net d_in=1 N=20, shard 1): job 100_1 unknown to the scheduler; shard-1.nnft incomplete: 4 of its 8 blocks');
    expect(st.stdout).toContain('failed task 3 (relu-net d_in=1 N=20, shard 3): job 100_3 unknown to the scheduler; shard-3.nnft missing');
    expect(st.stdout).toContain(`nnft slurm resubmit ${dir} --tasks 1,3`);
    const json = await nnft(['slurm', 'status', 'st', '--json', '-'], tmp.dir, { env: fake.env });
    expect(JSON.parse(json.stdout).failed).toEqual([1, 3]);

    const bad = await nnft(['slurm', 'resubmit', 'st', '--tasks', '4'], tmp.dir, { env: fake.env });
    expect(bad.code).toBe(2);
    expect(oneErrorLine(bad.stderr)).toContain('--tasks');
    const re = await nnft(['slurm', 'resubmit', 'st', '--tasks', '3'], tmp.dir, { env: fake.env });
    expect(re.code, re.stderr).toBe(0);
    expect(fake.calls().filter((c) => c.startsWith('sbatch')).slice(2)).toEqual([
      'sbatch --parsable --array=3 array.sbatch',
      'sbatch --parsable --dependency=afterok:102 merge.sbatch',
    ]);
  });

  it('task states come from sacct where the cluster keeps accounting', async () => {
    const rows = ['100_0|COMPLETED|0:0', '100_1|FAILED|2:0', '100_2|CANCELLED by 0|0:15', '100_[3-4]|PENDING|0:0', '101|PENDING|0:0'];
    const fake = fakeSlurm(join(tmp.dir, 'fake-sacct'), 'ok', `printf '%s\\n' ${rows.map((r) => `'${r}'`).join(' ')}`);
    const states = await new Slurm({ env: { ...process.env, ...fake.env } }).states(['100', '101']);
    expect(Object.fromEntries([...states].map(([k, v]) => [k, `${v.phase} ${v.state} ${v.exitCode}`]))).toEqual({
      '100_0': 'completed COMPLETED 0:0', '100_1': 'failed FAILED 2:0', '100_2': 'failed CANCELLED by 0 0:15',
      '100_3': 'active PENDING 0:0', '100_4': 'active PENDING 0:0', '101': 'active PENDING 0:0',
    });
    expect(fake.calls()[0]).toBe('sacct -n -P -X -o JobID,State,ExitCode -j 100,101');
  });

  // The real-Slurm tests below run the same scripts through the scheduler; these run them by hand.
  it('the scripts themselves, run by bash as Slurm would, give the single-process report', async () => {
    // Write the folder with a stand-in sbatch, then play the scheduler's part.
    const fake = fakeSlurm(join(tmp.dir, 'fake-bash'), 'ok');
    expect((await nnft(['slurm', 'reproduce', 'free-theory', ...SWEEP, '--shards', '2', '--dir', 'sweep', '--nnft-command', JOB_COMMAND], tmp.dir, { env: fake.env })).code).toBe(0);
    const dir = join(tmp.dir, 'sweep');
    const m = readManifest(dir);
    await Promise.all(Array.from({ length: taskCount(m) }, (_, t) =>
      run('bash', [join(dir, 'array.sbatch')], { env: { ...process.env, SLURM_ARRAY_TASK_ID: String(t) } })));
    await run('bash', [join(dir, 'merge.sbatch')]);
    const local = await nnft(['reproduce', 'free-theory', ...SWEEP, '--threads', '2', '--out', 'local'], tmp.dir);
    expect(local.code, local.stderr).toBe(0);
    const read = (p: string) => JSON.parse(readFileSync(p, 'utf8'));
    expect(withoutSeconds(read(join(dir, 'report/report.json')))).toStrictEqual(withoutSeconds(read(join(tmp.dir, 'local/report.json'))));
  });

  it('the EFT scripts, run by bash as Slurm would, give the single-process report', async () => {
    const fake = fakeSlurm(join(tmp.dir, 'fake-bash-eft'), 'ok');
    const submitted = await nnft(['slurm', 'reproduce', 'eft', ...EFT_SWEEP, '--shards', '2', '--dir', 'eft-sweep', '--nnft-command', JOB_COMMAND], tmp.dir, { env: fake.env });
    expect(submitted.code, submitted.stderr).toBe(0);
    const dir = join(tmp.dir, 'eft-sweep');
    const m = readManifest(dir);
    await Promise.all(Array.from({ length: taskCount(m) }, (_, t) =>
      run('bash', [join(dir, 'array.sbatch')], { env: { ...process.env, SLURM_ARRAY_TASK_ID: String(t) } })));
    await run('bash', [join(dir, 'merge.sbatch')]);
    const local = await nnft(['reproduce', 'eft', ...EFT_SWEEP, '--threads', '2', '--out', 'eft-local'], tmp.dir);
    expect(local.code, local.stderr).toBe(0);
    const read = (p: string) => {
      const { seconds: _, ...report } = JSON.parse(readFileSync(p, 'utf8'));
      return report;
    };
    expect(read(join(dir, 'report/report.json'))).toStrictEqual(read(join(tmp.dir, 'eft-local/report.json')));
  });
});

// ---------------------------------------------------------------------------------------------
// A real Slurm cluster.

/** Waits until `done()` holds, checking every half second; fails after `seconds`. */
async function until(done: () => boolean | Promise<boolean>, seconds: number, what: string): Promise<void> {
  const t0 = Date.now();
  while (!(await done())) {
    if (Date.now() - t0 > seconds * 1000) throw new Error(`timed out after ${seconds} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

// A missing cluster fails these tests (with the reason), never skips them.
describe('nnft slurm on a real Slurm cluster', () => {
  const tmp = scratchDir();
  const env = cluster.env as Record<string, string>;
  beforeAll(() => {
    if (!cluster.env) throw new Error(`no Slurm cluster for the real-Slurm tests: ${cluster.reason} (scripts/slurm-local.sh start needs root and Debian's slurm-wlm and munge)`);
  });
  afterAll(() => {
    tmp.cleanup();
    if (cluster.startedHere) execFileSync(LOCAL_SLURM, ['stop'], { stdio: 'inherit' });
  });
  const status = async (dir: string) => JSON.parse((await nnft(['slurm', 'status', dir, '--json', '-'], tmp.dir, { env })).stdout);

  it('a 4-shard job array and its merge job give the single-process JSON bit for bit', async () => {
    const t0 = performance.now();
    const r = await nnft(['slurm', 'sample', ...RUN, '--shards', '4', '--time', '5', '--dir', 'run', '--nnft-command', JOB_COMMAND], tmp.dir, { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^submitted array job \d+ \(4 tasks/);
    const result = join(tmp.dir, 'run/result.json');
    await until(async () => existsSync(result) || (await status('run')).merge.phase === 'failed', 60, 'the merge job');
    console.log(`real Slurm: 4-shard sample submitted, run and merged in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const local = await nnft(['sample', ...RUN, '--threads', '2', '--json', 'local.json'], tmp.dir);
    expect(local.code, local.stderr).toBe(0);
    expect(readFileSync(result, 'utf8')).toBe(readFileSync(join(tmp.dir, 'local.json'), 'utf8'));
    const st = await status('run');
    expect(st.failed).toEqual([]);
    expect(st.merge.phase).toBe('done');
  });

  it('a failed task of an experiment is reported by index, resubmitted alone, and the report equals the local one', async () => {
    const t0 = performance.now();
    // Task 1 (shard 1 of width 2) cannot write its shard file: a directory stands in its place.
    const blocker = join(tmp.dir, 'sweep/runs/0-relu-net-d1-N2/shard-1.nnft');
    mkdirSync(blocker, { recursive: true });
    const args = ['slurm', 'reproduce', 'free-theory', ...SWEEP, '--shards', '2', '--dir', 'sweep', '--nnft-command', JOB_COMMAND];
    const r = await nnft(args, tmp.dir, { env });
    expect(r.code, r.stderr).toBe(0);
    await until(async () => {
      const st = await status('sweep');
      return st.tasks.every((t: any) => t.phase !== 'queued') && st.merge.phase !== 'queued';
    }, 60, 'the array to finish and the merge job to be cancelled');
    const st = await nnft(['slurm', 'status', 'sweep'], tmp.dir, { env });
    expect(st.stdout).toContain('tasks: 3 done, 0 queued or running, 1 failed');
    expect(st.stdout).toMatch(/failed task 1 \(relu-net d_in=1 N=2, shard 1\): job \d+_1 FAILED \(exit 2:0\)/);
    expect(st.stdout).toContain('--tasks 1');
    rmSync(blocker, { recursive: true });

    const re = await nnft(['slurm', 'resubmit', 'sweep', '--tasks', '1'], tmp.dir, { env });
    expect(re.code, re.stderr).toBe(0);
    expect(re.stdout).toMatch(/^resubmitted tasks 1 as array job \d+; merge job \d+/);
    const report = join(tmp.dir, 'sweep/report/report.json');
    await until(async () => existsSync(report) || (await status('sweep')).merge.phase === 'failed', 60, 'the report job');
    console.log(`real Slurm: 4-task sweep with one failure and its resubmission done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const local = await nnft(['reproduce', 'free-theory', ...SWEEP, '--threads', '2', '--out', 'local'], tmp.dir);
    expect(local.code, local.stderr).toBe(0);
    const read = (p: string) => JSON.parse(readFileSync(p, 'utf8'));
    expect(withoutSeconds(read(report))).toStrictEqual(withoutSeconds(read(join(tmp.dir, 'local/report.json'))));
  });

  it('an unreachable controller is a clear error, not a hang', async () => {
    const conf = readFileSync(env.SLURM_CONF ?? '/etc/slurm/slurm.conf', 'utf8')
      .replace(/^SlurmctldPort=.*\n/m, '')
      .replace(/^ClusterName=.*$/m, (l) => `${l}\nSlurmctldPort=9\nMessageTimeout=1`);
    writeFileSync(join(tmp.dir, 'unreachable.conf'), conf);
    const r = await nnft(['slurm', 'sample', ...RUN, '--shards', '2', '--dir', 'unreachable'], tmp.dir, {
      env: { ...env, SLURM_CONF: join(tmp.dir, 'unreachable.conf') },
    });
    expect(r.code).toBe(1);
    expect(oneErrorLine(r.stderr)).toMatch(/`sbatch` failed \(exit 1\): .*Unable to contact slurm controller/);
  });
});
