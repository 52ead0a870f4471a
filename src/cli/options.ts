/**
 * The option schema of the `nnft` command, shared by its subcommands, and the strict parsing of
 * flag values into the library's SampleOptions. The CLI only rejects what is not a number at all;
 * every range check is the library's (planSample), whose NnftInputError is reported with the flag.
 */
import { availableParallelism } from 'node:os';
import { Command, CommanderError, Option } from 'commander';
import { architectureNames, getArchitecture } from '../arch/index.js';
import type { Shard } from '../sample/plan.js';
import type { SampleOptions } from '../sample/sampler.js';

/** An error of the command line itself: reported as one line, exit code 2 unless said otherwise. */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 2) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/** A flag of the schema: commander flags, the key commander stores it under, help text. */
interface FlagSpec {
  readonly flags: string;
  readonly key: string;
  readonly description: string;
}

/** Defaults of `nnft sample` (what `npm start` runs). */
export const SAMPLE_DEFAULTS = {
  arch: 'relu-net',
  width: '1000',
  dIn: '1',
  points: '0.2,0.4,0.6,0.8,1.0,1.2',
  networks: '100000',
  orders: '2,4,6',
  seed: '7',
} as const;

/** Flags that describe the ensemble and the run (`nnft sample`). */
export const SAMPLE_FLAGS: readonly FlagSpec[] = [
  { flags: '--arch <name>', key: 'arch', description: `architecture (default: ${SAMPLE_DEFAULTS.arch}; see the list below)` },
  { flags: '--width <n>', key: 'width', description: `hidden width N (default: ${SAMPLE_DEFAULTS.width})` },
  { flags: '--d-in <n>', key: 'dIn', description: 'input dimension (default: 1, or the dimension of the points)' },
  { flags: '--d-out <n>', key: 'dOut', description: 'output dimension (default: 1)' },
  {
    flags: '--points <list>',
    key: 'points',
    description:
      `points: "x1,x2,..." for d_in = 1, "x1,y1;x2,y2;..." for d_in > 1, or @file.json ` +
      `(a JSON array of numbers or of arrays) (default: ${SAMPLE_DEFAULTS.points})`,
  },
  { flags: '--networks <n>', key: 'networks', description: `networks in the whole run, e.g. 1e5 (default: ${SAMPLE_DEFAULTS.networks})` },
  { flags: '--orders <list>', key: 'orders', description: `correlator orders, each in 1..8 (default: ${SAMPLE_DEFAULTS.orders})` },
  { flags: '--seed <n>', key: 'seed', description: `seed, an integer in [0, 2^53) (default: ${SAMPLE_DEFAULTS.seed})` },
  { flags: '--estimator <name>', key: 'estimator', description: 'conditional (default: exact moments given the hidden layer, lower variance) or direct (sampled products)' },
  { flags: '--threads <n>', key: 'threads', description: 'worker threads (default: every core)' },
  { flags: '--sw <x>', key: 'sw', description: "sigma_w (default: the architecture's preset)" },
  { flags: '--sb <x>', key: 'sb', description: "sigma_b (default: the architecture's preset)" },
  { flags: '--mw <x>', key: 'mw', description: "mu_w (default: the architecture's preset)" },
  { flags: '--mb <x>', key: 'mb', description: "mu_b (default: the architecture's preset)" },
  { flags: '--shard <i/n>', key: 'shard', description: 'run only shard i of n (whole jackknife blocks); use with --save' },
  { flags: '--blocks <n>', key: 'blocks', description: 'jackknife blocks of the run, 2..1024 (default: 32); shards are sets of them' },
  { flags: '--shared-scale-dof <nu>', key: 'sharedScaleDof', description: 'multiply each network\'s last-layer weights by one random s, s^2 = chi^2_nu / nu (integer nu in 1..10000; default: none)' },
  { flags: '--bias-mixture <s,a>', key: 'biasMixture', description: 'importance-sample the hidden biases from (1 - a) N(mb, sb^2) + a N(mb + s sb, sb^2), networks weighted by p/q (e.g. 4,0.25 for gauss-net; default: none)' },
];

/** Output flags, shared by `nnft sample` and `nnft merge`. */
export const OUTPUT_FLAGS: readonly FlagSpec[] = [
  { flags: '--json <file>', key: 'json', description: 'write the result as JSON to <file> ("-": stdout, and nothing else there)' },
  { flags: '--save <file>', key: 'save', description: 'write the accumulator (binary .nnft, for `nnft merge`) to <file>' },
];

/** Checkpoint flags, shared by `nnft sample` and `nnft reproduce`. */
export const CHECKPOINT_FLAGS: readonly FlagSpec[] = [
  {
    flags: '--checkpoint <file>',
    key: 'checkpoint',
    description: 'save finished blocks to <file> every few seconds and at exit (also on Ctrl-C, SIGTERM or a failure)',
  },
  {
    flags: '--resume',
    key: 'resume',
    description: 'continue from the --checkpoint file, running only what it lacks (a new run when the file does not exist yet)',
  },
  { flags: '--checkpoint-interval <s>', key: 'checkpointInterval', description: 'seconds between checkpoint writes (default: 5)' },
];

/** Flag names by library field (the `field` of an NnftInputError). */
const FLAG_OF_FIELD: Record<string, string> = {
  arch: '--arch', width: '--width', dIn: '--d-in', dOut: '--d-out', points: '--points', networks: '--networks',
  orders: '--orders', seed: '--seed', threads: '--threads', estimator: '--estimator', sw: '--sw', sb: '--sb', mw: '--mw', mb: '--mb',
  shard: '--shard', blocks: '--blocks', sharedScale: '--shared-scale-dof', 'sharedScale.dof': '--shared-scale-dof',
  biasMixture: '--bias-mixture', 'biasMixture.shift': '--bias-mixture', 'biasMixture.fraction': '--bias-mixture',
  archs: '--arch', dIns: '--d-in', widths: '--widths',
  runs: '--runs', coldRuns: '--cold-runs', epochs: '--epochs',
  shards: '--shards', dir: '--dir', partition: '--partition', time: '--time', mem: '--mem', cpusPerTask: '--cpus-per-task',
  command: '--nnft-command', tasks: '--tasks',
  checkpoint: '--checkpoint', 'checkpoint.file': '--checkpoint', 'checkpoint.intervalSeconds': '--checkpoint-interval',
  // Derived quantities the library checks: named by the flags that set them.
  P: '--points x --d-out (the component count P)',
};

/** The CLI flag that sets a library field such as `points[3][0]` (undefined if none does). */
export function flagOfField(field: string): string | undefined {
  return FLAG_OF_FIELD[field.replace(/\[.*$/, '')];
}

/** Raw (string) values of the flags, as commander stores them. */
export type RawOptions = Partial<Record<string, string>>;

/** The subcommand to run, with its raw flags and operands. */
export type Invocation =
  | { readonly command: 'sample'; readonly opts: RawOptions }
  | { readonly command: 'merge'; readonly opts: RawOptions; readonly files: string[] }
  | { readonly command: 'reproduce'; readonly opts: RawOptions; readonly experiment: string }
  | { readonly command: 'playground'; readonly opts: RawOptions }
  | { readonly command: 'slurm'; readonly action: SlurmAction; readonly opts: RawOptions; readonly operand?: string };

/** Subcommands of `nnft slurm`. */
export type SlurmAction = 'sample' | 'reproduce' | 'status' | 'resubmit';

/** Flags of `nnft playground`. */
export const PLAYGROUND_FLAGS: readonly FlagSpec[] = [
  { flags: '--port <n>', key: 'port', description: 'port on 127.0.0.1 (default: 8765; 0: any free port)' },
  { flags: '--open', key: 'open', description: "open the page in the desktop's browser" },
];

/** Flags of `nnft reproduce`. */
export const REPRODUCE_FLAGS: readonly FlagSpec[] = [
  { flags: '--networks <n>', key: 'networks', description: 'networks per width (default: 1e6; --quick: 2e4)' },
  { flags: '--arch <list>', key: 'arch', description: 'architectures (default: relu-net,erf-net,gauss-net)' },
  { flags: '--d-in <list>', key: 'dIn', description: 'input dimensions (default: 1,2,3)' },
  { flags: '--widths <list>', key: 'widths', description: 'widths (default: the paper\'s 2,3,4,5,10,20,50,100,500,1000)' },
  { flags: '--seed <n>', key: 'seed', description: 'seed (default: 1)' },
  { flags: '--threads <n>', key: 'threads', description: 'worker threads (default: every core)' },
  { flags: '--estimator <name>', key: 'estimator', description: 'conditional (default) or direct' },
  { flags: '--out <dir>', key: 'out', description: 'report folder (default: reports/<experiment>)' },
  { flags: '--quick', key: 'quick', description: 'a reduced sweep (widths 2,5,20,100,1000; 2e4 networks) for smoke checks' },
  { flags: '--runs <n>', key: 'runs', description: 'fashion-mnist: runs (seeds) per one-hot cell (default: 10; --quick: 2)' },
  { flags: '--cold-runs <n>', key: 'coldRuns', description: 'fashion-mnist: runs (seeds) per point of the one-cold line (default: 20, the authors\' count; --quick: 2)' },
  { flags: '--epochs <n>', key: 'epochs', description: 'fashion-mnist: epochs per run (default: 20; --quick: 2)' },
  { flags: '--from <dir>', key: 'from', description: 'read every run from the shard files of `nnft slurm reproduce` in <dir> instead of sampling' },
];

/** Flags of `nnft slurm sample` and `nnft slurm reproduce`. */
export const SLURM_FLAGS: readonly FlagSpec[] = [
  { flags: '--shards <n>', key: 'shards', description: 'array tasks per run, each a set of whole jackknife blocks (required)' },
  { flags: '--dir <dir>', key: 'dir', description: 'run folder for scripts, manifest, shard files, logs and results (default: nnft-slurm-<command>)' },
  { flags: '--partition <name>', key: 'partition', description: 'sbatch --partition (default: the cluster\'s)' },
  { flags: '--time <limit>', key: 'time', description: 'sbatch --time of each job, e.g. 30 or 2:00:00 (default: the partition\'s)' },
  { flags: '--mem <size>', key: 'mem', description: 'sbatch --mem of each job, e.g. 4G (default: the partition\'s)' },
  { flags: '--cpus-per-task <n>', key: 'cpusPerTask', description: 'sbatch --cpus-per-task; also the threads of each task unless --threads says' },
  { flags: '--nnft-command <words>', key: 'nnftCommand', description: 'how jobs start nnft (default: this node and this install\'s bin/nnft.js, absolute paths)' },
  { flags: '--dry-run', key: 'dryRun', description: 'print the scripts and the sbatch commands; write and submit nothing' },
];

/** The architectures with their presets, for the help of every command. */
export function architectureHelp(): string {
  const names = architectureNames();
  const w = Math.max(...names.map((n) => n.length));
  const lines = names.map((name) => {
    const a = getArchitecture(name);
    const d = a.defaults;
    return `  ${name.padEnd(w)}  ${a.summary}\n  ${' '.repeat(w)}  defaults: sw=${d.sw} sb=${d.sb} mw=${d.mw} mb=${d.mb}`;
  });
  return `\nArchitectures:\n${lines.join('\n')}`;
}

const EXAMPLES = `
Examples:
  nnft sample --arch relu-net --width 1000 --points 0.2,0.4,0.6 --networks 1e5 --orders 2,4 --json out.json
  nnft sample --d-in 2 --points "0.1,0.2;0.3,0.4" --networks 1e4
  nnft sample --seed 7 --shard 0/2 --save part0.nnft   (and --shard 1/2 --save part1.nnft)
  nnft merge part0.nnft part1.nnft --json out.json
  nnft sample --networks 1e7 --checkpoint run.ckpt --resume   (run again after a crash or Ctrl-C to continue)`;

/** Where commander writes help and errors. */
export interface CommanderIO {
  writeOut(s: string): void;
  writeErr(s: string): void;
}

function configure(cmd: Command, io: CommanderIO): Command {
  return cmd
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.writeOut(s),
      writeErr: (s) => io.writeErr(s),
      // Errors are reported by main() as one line from the thrown CommanderError.
      outputError: () => {},
    })
    .addHelpText('after', architectureHelp);
}

function addFlags(cmd: Command, flags: readonly FlagSpec[]): void {
  for (const f of flags) cmd.addOption(new Option(f.flags, f.description));
}

/** Builds the commander program; its actions only record what to run (the work happens in main). */
export function buildProgram(io: CommanderIO, version: string, onInvoke: (inv: Invocation) => void): Command {
  const program = configure(new Command('nnft'), io)
    .description('Neural-network field theory: sample ensembles of random networks and measure their correlators.')
    .version(version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'print help')
    .addHelpText('after', EXAMPLES);

  const sampleCmd = configure(program.command('sample'), io)
    .description('sample an ensemble of networks and print (or save) its moments and connected correlators')
    .helpOption('-h, --help', 'print help');
  addFlags(sampleCmd, SAMPLE_FLAGS);
  addFlags(sampleCmd, OUTPUT_FLAGS);
  addFlags(sampleCmd, CHECKPOINT_FLAGS);
  sampleCmd.action((opts: RawOptions) => onInvoke({ command: 'sample', opts }));

  const mergeCmd = configure(program.command('merge'), io)
    .description('merge saved accumulators (.nnft files of shards or interrupted runs) and print (or save) the result')
    .argument('<files...>', '.nnft files written by `nnft sample --save`')
    .helpOption('-h, --help', 'print help');
  addFlags(mergeCmd, OUTPUT_FLAGS);
  mergeCmd.addOption(new Option('--allow-partial', 'merge even when blocks of the run are in none of the files (the result covers fewer networks)'));
  mergeCmd.action((files: string[], opts: RawOptions) => onInvoke({ command: 'merge', opts, files }));

  const reproduceCmd = configure(program.command('reproduce'), io)
    .description('run a published experiment and write its report (index.html with plots, report.json)')
    .argument('<experiment>', 'free-theory, eft, symmetry, fashion-mnist or actions')
    .helpOption('-h, --help', 'print help');
  addFlags(reproduceCmd, REPRODUCE_FLAGS);
  addFlags(reproduceCmd, CHECKPOINT_FLAGS);
  reproduceCmd.action((experiment: string, opts: RawOptions) => onInvoke({ command: 'reproduce', opts, experiment }));

  const slurm = configure(program.command('slurm'), io)
    .description('run on a Slurm cluster: a job array of shards and a merge job that depends on it')
    .helpOption('-h, --help', 'print help');
  const slurmCmd = (name: string, description: string) =>
    configure(slurm.command(name), io).description(description).helpOption('-h, --help', 'print help');
  const slurmSample = slurmCmd('sample', 'submit `nnft sample` as --shards array tasks and a merge job writing the result');
  for (const flags of [SAMPLE_FLAGS, OUTPUT_FLAGS, SLURM_FLAGS]) addFlags(slurmSample, flags);
  slurmSample.action((opts: RawOptions) => onInvoke({ command: 'slurm', action: 'sample', opts }));
  const slurmReproduce = slurmCmd('reproduce', 'submit an experiment: --shards array tasks per run, one job for the report')
    .argument('<experiment>', 'free-theory');
  for (const flags of [REPRODUCE_FLAGS, SLURM_FLAGS]) addFlags(slurmReproduce, flags);
  slurmReproduce.action((experiment: string, opts: RawOptions) => onInvoke({ command: 'slurm', action: 'reproduce', opts, operand: experiment }));
  const slurmStatus = slurmCmd('status', 'report the array tasks (failed ones by index) and the merge job of a run folder')
    .argument('<dir>', 'run folder');
  slurmStatus.addOption(new Option('--json <file>', 'write the status as JSON to <file> ("-": stdout)'));
  slurmStatus.action((dir: string, opts: RawOptions) => onInvoke({ command: 'slurm', action: 'status', opts, operand: dir }));
  const slurmResubmit = slurmCmd('resubmit', 'submit array tasks again (default: the failed ones) and a new merge job')
    .argument('<dir>', 'run folder');
  slurmResubmit.addOption(new Option('--tasks <list>', 'array task indices, e.g. 3,7 (default: every failed task)'));
  slurmResubmit.action((dir: string, opts: RawOptions) => onInvoke({ command: 'slurm', action: 'resubmit', opts, operand: dir }));

  const playgroundCmd = configure(program.command('playground'), io)
    .description('serve the playground page (sampling and plots in the browser, in Web Workers) on 127.0.0.1')
    .helpOption('-h, --help', 'print help');
  addFlags(playgroundCmd, PLAYGROUND_FLAGS);
  playgroundCmd.action((opts: RawOptions) => onInvoke({ command: 'playground', opts }));

  return program;
}

export { CommanderError };

// ---------------------------------------------------------------------------------------------
// Strict parsing of flag values.

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

const quote = (s: string): string => JSON.stringify(s);

/** A number written in decimal (1000, 1e5, -0.5); anything else is a CliError naming the flag. */
function parseNumber(flag: string, raw: string, what: string): number {
  const s = raw.trim();
  if (!NUMBER.test(s)) throw new CliError(`${flag} must be ${what}. Value: ${quote(raw)}.`);
  return Number(s);
}

/** An integer flag: numeric strings pass to the library (which checks integrality and range). */
export function parseIntegerFlag(flag: string, raw: string): number {
  return parseNumber(flag, raw, 'an integer');
}

/** A real flag (sw, sb, mw, mb). */
export function parseRealFlag(flag: string, raw: string): number {
  return parseNumber(flag, raw, 'a number');
}

/** A comma-separated list of integers (--orders). */
export function parseIntegerList(flag: string, raw: string): number[] {
  const items = raw.split(',');
  return items.map((item, i) => {
    const s = item.trim();
    if (!NUMBER.test(s)) {
      throw new CliError(`${flag} must be a comma-separated list of integers; entry ${i + 1} (${quote(item)}) is not. Value: ${quote(raw)}.`);
    }
    return Number(s);
  });
}

/** `s,a` of --bias-mixture: the shift (units of sb) and the fraction of the shifted component. */
export function parseBiasMixture(raw: string): { shift: number; fraction: number } {
  const items = raw.split(',');
  if (items.length !== 2 || !items.every((item) => NUMBER.test(item.trim()))) {
    throw new CliError(`--bias-mixture must be two numbers s,a (the shift in units of sb and the fraction of the shifted component). Value: ${quote(raw)}.`);
  }
  return { shift: Number(items[0].trim()), fraction: Number(items[1].trim()) };
}

/** `i/n`. */
export function parseShard(raw: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(raw);
  if (!m) throw new CliError(`--shard must be i/n with integers 0 <= i < n. Value: ${quote(raw)}.`);
  return { index: Number(m[1]), count: Number(m[2]) };
}

/** Reads a file named by `@file`; a CliError on failure. */
export type ReadText = (path: string) => string;

/**
 * Points: "x1,x2" (one number a point when d_in is 1 or unknown), "x1,y1;x2,y2" (one point per
 * `;`-separated group; always so when d_in > 1), or @file.json. Dimensions are checked by the library.
 */
export function parsePoints(raw: string, dIn: number | undefined, readText: ReadText): (number | number[])[] {
  const s = raw.trim();
  if (s.startsWith('@')) {
    const file = s.slice(1);
    let text: string;
    try {
      text = readText(file);
    } catch (e) {
      throw new CliError(`--points cannot read ${quote(file)}: ${(e as Error).message}. Value: ${quote(raw)}.`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      throw new CliError(`--points file ${quote(file)} is not valid JSON (${(e as Error).message}). Value: ${quote(raw)}.`);
    }
    if (!Array.isArray(parsed)) {
      throw new CliError(`--points file ${quote(file)} must hold a JSON array of numbers or of arrays. Value: ${quote(raw)}.`);
    }
    return parsed as (number | number[])[];
  }
  if (s === '') throw new CliError(`--points must list at least one point. Value: ${quote(raw)}.`);
  const vectors = s.includes(';') || (dIn !== undefined && dIn > 1);
  const coord = (item: string, where: string): number => {
    const t = item.trim();
    const v = NUMBER.test(t) ? Number(t) : NaN;
    if (!Number.isFinite(v)) {
      throw new CliError(`--points must hold finite numbers; ${where} (${quote(item)}) is not one. Value: ${quote(raw)}.`);
    }
    return v;
  };
  if (!vectors) return s.split(',').map((item, k) => coord(item, `point ${k + 1}`));
  return s.split(';').map((group, k) => group.split(',').map((item, i) => coord(item, `point ${k + 1}, coordinate ${i + 1}`)));
}

/** What `nnft sample` was asked, ready for the library. */
export interface SampleRequest {
  readonly options: SampleOptions;
  /** Threads the run will use (for the report). */
  readonly threads: number;
  readonly json?: string;
  readonly save?: string;
}

/** Turns the raw flags of `nnft sample` into SampleOptions (with defaults); CliError on non-numbers. */
export function toSampleRequest(opts: RawOptions, readText: ReadText): SampleRequest {
  const arch = opts.arch ?? SAMPLE_DEFAULTS.arch;
  const int = (key: string, flag: string, dflt?: string): number | undefined => {
    const raw = opts[key] ?? dflt;
    return raw === undefined ? undefined : parseIntegerFlag(flag, raw);
  };
  const real = (key: string, flag: string): number | undefined => {
    const raw = opts[key];
    return raw === undefined ? undefined : parseRealFlag(flag, raw);
  };
  const width = int('width', '--width', SAMPLE_DEFAULTS.width)!;
  const dIn = int('dIn', '--d-in');
  const dOut = int('dOut', '--d-out');
  if (opts.points === undefined && dIn !== undefined && dIn > 1) {
    throw new CliError(`--points is required when --d-in is not 1 (the default points are one-dimensional). Value of --d-in: ${quote(opts.dIn!)}.`);
  }
  const points = parsePoints(opts.points ?? SAMPLE_DEFAULTS.points, dIn, readText);
  const networks = int('networks', '--networks', SAMPLE_DEFAULTS.networks)!;
  const orders = parseIntegerList('--orders', opts.orders ?? SAMPLE_DEFAULTS.orders);
  const seed = int('seed', '--seed', SAMPLE_DEFAULTS.seed)!;
  const threads = int('threads', '--threads');
  const shard = opts.shard === undefined ? undefined : parseShard(opts.shard);
  const blocks = int('blocks', '--blocks');
  const sharedScaleDof = int('sharedScaleDof', '--shared-scale-dof');
  const biasMixture = opts.biasMixture === undefined ? undefined : parseBiasMixture(opts.biasMixture);
  const options: SampleOptions = {
    arch, width, points, networks, orders, seed,
    ...(dIn !== undefined && { dIn }),
    ...(dOut !== undefined && { dOut }),
    ...(threads !== undefined && { threads }),
    ...(shard !== undefined && { shard }),
    ...(blocks !== undefined && { blocks }),
    ...(sharedScaleDof !== undefined && { sharedScale: { dof: sharedScaleDof } }),
    ...(biasMixture !== undefined && { biasMixture }),
    ...(opts.estimator !== undefined && { estimator: opts.estimator as SampleOptions['estimator'] }),
  };
  for (const [key, flag] of [['sw', '--sw'], ['sb', '--sb'], ['mw', '--mw'], ['mb', '--mb']] as const) {
    const v = real(key, flag);
    if (v !== undefined) options[key] = v;
  }
  return { options, threads: threads ?? availableParallelism(), json: opts.json, save: opts.save };
}
