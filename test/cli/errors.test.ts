import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { architectureNames, getArchitecture } from '../../src/arch/index.js';
import { nnft, scratchDir, SMALL } from './helpers.js';

/** The stderr of a failed run: exactly one line, `nnft: error: ...`. */
function expectOneErrorLine(stderr: string): string {
  expect(stderr).toMatch(/^nnft: error: [^\n]+\n$/);
  return stderr;
}

const OUT = ['--json', 'out.json', '--save', 'out.nnft'];

describe('nnft sample: bad input', () => {
  const tmp = scratchDir();
  afterAll(() => tmp.cleanup());

  // [argv after `sample`, texts the one-line error must contain]
  const cases: [string[], string[]][] = [
    [['--width', '10abc'], ['--width', '"10abc"', 'integer']],
    [['--seed', 'abc'], ['--seed must be an integer. Value: "abc".']],
    [['--networks', '-5'], ['--networks', '-5']],
    [['--networks', 'many'], ['--networks', '"many"']],
    [['--threads', '0'], ['--threads', 'Value: 0']],
    [['--threads', 'two'], ['--threads', '"two"']],
    [['--width', '1e9'], ['--width', '1000000000']],
    [['--width', '0'], ['--width', 'Value: 0']],
    [['--arch', 'resnet'], ['--arch', '"resnet"', 'relu-net']],
    [['--points', '0.2,NaN'], ['--points', 'NaN']],
    [['--points', '0.2,Infinity'], ['--points', 'Infinity']],
    [['--points', '0.2,,0.4'], ['--points', '"0.2,,0.4"']],
    [['--points', '1e999'], ['--points', '1e999']],
    [['--d-in', '2', '--points', '0.1,0.2;0.3'], ['--points', 'points[1]', 'dIn = 2', '[0.3]']],
    [['--d-in', '2', '--points', '0.1,0.2,0.3'], ['--points', 'points[0]', 'dIn = 2']],
    [['--d-in', '1', '--points', '0.1,0.2;0.3,0.4'], ['--points', 'points[0]', 'dIn = 1']],
    [['--d-in', '2'], ['--points', '--d-in']],
    [['--d-in', 'x'], ['--d-in', '"x"']],
    [['--d-out', '0'], ['--d-out', 'Value: 0']],
    [['--points', '@missing.json'], ['--points', 'missing.json']],
    [['--orders', '0'], ['--orders', 'orders[0]', 'Value: 0']],
    [['--orders', '2,9'], ['--orders', 'orders[1]', 'Value: 9']],
    [['--orders', '2,four'], ['--orders', '"four"']],
    [['--seed', '-1'], ['--seed', 'Value: -1']],
    [['--seed', '1.5'], ['--seed', 'Value: 1.5']],
    [['--sw', 'wide'], ['--sw', '"wide"']],
    [['--sb', '-1'], ['--sb', 'Value: -1']],
    [['--mw', '1e7'], ['--mw', '10000000']],
    [['--shard', '2/2'], ['--shard', '"2/2"']],
    [['--shard', 'half'], ['--shard', '"half"']],
    [['--widht', '10'], ["unknown option '--widht'"]],
    [['--networks'], ['--networks', 'missing']],
    [['extra'], ['too many arguments']],
    [['--json', 'no-such-dir/out.json'], ['--json', 'no-such-dir/out.json']],
    [['--save', '-'], ['--save', '"-"']],
    [['--json', 'same', '--save', 'same'], ['--json', '--save']],
    [['--points', '0.1,0.2;0.3,0.4;0.5,0.6', '--d-out', '256', '--orders', '8'], ['--d-out', 'order 8', 'Value: 768']],
    [['--points', '0.1,0.2,0.3,0.4,0.5', '--d-out', '20', '--orders', '6'], ['--orders', 'sums per block']],
  ];

  it.each(cases)('sample %j fails with one line naming the flag and value, writing nothing', async (args, needles) => {
    const out = args.includes('--json') || args.includes('--save') ? [] : OUT;
    const r = await nnft(['sample', ...SMALL, ...out, ...args], tmp.dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const line = expectOneErrorLine(r.stderr);
    for (const n of needles) expect(line).toContain(n);
    expect(tmp.files()).toEqual([]);
  });

  it('an unknown subcommand is a usage error', async () => {
    const r = await nnft(['smaple'], tmp.dir);
    expect(r.code).toBe(2);
    expectOneErrorLine(r.stderr);
    expect(r.stderr).toContain("'smaple'");
  });

  it('no subcommand prints the help on stderr and exits 2', async () => {
    const r = await nnft([], tmp.dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Usage: nnft');
  });
});

describe('nnft --help', () => {
  const tmp = scratchDir();
  afterAll(() => tmp.cleanup());

  it.each([[['--help']], [['sample', '--help']], [['merge', '--help']], [['help', 'sample']], [['-h']]])(
    '%j prints help listing every architecture, exit 0',
    async (argv) => {
      const r = await nnft(argv, tmp.dir);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout).toContain('Usage: nnft');
      expect(architectureNames().length).toBeGreaterThanOrEqual(5);
      for (const name of architectureNames()) {
        expect(r.stdout).toContain(name);
        expect(r.stdout).toContain(getArchitecture(name).summary);
      }
    },
  );

  it('sample --help lists every flag', async () => {
    const r = await nnft(['sample', '--help'], tmp.dir);
    for (const f of ['--arch', '--width', '--d-in', '--d-out', '--points', '--networks', '--orders', '--seed', '--threads',
      '--sw', '--sb', '--mw', '--mb', '--shard', '--json', '--save']) {
      expect(r.stdout).toContain(f);
    }
  });

  it('--version prints the package version', async () => {
    const r = await nnft(['--version'], tmp.dir);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version);
  });
});

describe('nnft merge: bad files', () => {
  const tmp = scratchDir();
  afterAll(() => tmp.cleanup());
  const before = new Set<string>();

  beforeAll(async () => {
    for (const [seed, shard, file] of [['11', '0/2', 'a0.nnft'], ['11', '1/2', 'a1.nnft'], ['12', '1/2', 'b1.nnft']]) {
      const args = ['sample', ...SMALL.filter((_, i) => i < 8), '--seed', seed, '--shard', shard, '--save', file];
      const r = await nnft(args, tmp.dir);
      expect(r.code, r.stderr).toBe(0);
    }
    const ok = readFileSync(join(tmp.dir, 'a1.nnft'));
    const bad = Uint8Array.from(ok);
    bad[Math.floor(bad.length / 2)] ^= 0x01;
    writeFileSync(join(tmp.dir, 'corrupt.nnft'), bad);
    writeFileSync(join(tmp.dir, 'truncated.nnft'), ok.subarray(0, ok.length - 100));
    writeFileSync(join(tmp.dir, 'text.nnft'), 'hello, world, this is not an accumulator');
    for (const f of tmp.files()) before.add(f);
  });

  const cases: [string, string[], string[]][] = [
    ['a flipped byte', ['a0.nnft', 'corrupt.nnft'], ['corrupt', 'corrupt.nnft']],
    ['a truncated file', ['a0.nnft', 'truncated.nnft'], ['truncated.nnft']],
    ['a file that is not an accumulator', ['text.nnft'], ['not an nnft accumulator', 'text.nnft']],
    ['runs of different seeds', ['a0.nnft', 'b1.nnft'], ['different runs', 'seed', 'b1.nnft']],
    ['the same shard twice', ['a0.nnft', 'a0.nnft'], ['twice']],
  ];

  it.each(cases)('%s: one-line error, exit 1, no output', async (_, files, needles) => {
    const r = await nnft(['merge', ...files, ...OUT], tmp.dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const line = expectOneErrorLine(r.stderr);
    for (const n of needles) expect(line).toContain(n);
    expect(new Set(tmp.files())).toEqual(before);
  });

  it('a missing file is a usage error', async () => {
    const r = await nnft(['merge', 'a0.nnft', 'nope.nnft', ...OUT], tmp.dir);
    expect(r.code).toBe(2);
    expect(expectOneErrorLine(r.stderr)).toContain('nope.nnft');
    expect(new Set(tmp.files())).toEqual(before);
  });

  it('merge without files is a usage error', async () => {
    const r = await nnft(['merge'], tmp.dir);
    expect(r.code).toBe(2);
    expectOneErrorLine(r.stderr);
  });

  it('the good shards still merge', async () => {
    const r = await nnft(['merge', 'a0.nnft', 'a1.nnft', '--json', '-'], tmp.dir);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).networks).toBe(4000);
  });
});
