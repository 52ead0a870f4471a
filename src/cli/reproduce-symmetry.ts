// `nnft reproduce symmetry`: the symmetry-via-duality experiment on one pool, its report
// (index.html, report.json) and a one-screen summary of every check.
import { availableParallelism } from 'node:os';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { runSymmetry, SO5_WIDTHS, type SymmetryReport } from '../experiments/symmetry.js';
import { symmetryHtml } from '../report/symmetry-report.js';
import { planSample } from '../sample/sampler.js';
import { CliError, parseIntegerFlag, parseIntegerList, type RawOptions } from './options.js';
import type { ReproduceIO } from './reproduce.js';
import { runSweep } from './sweep.js';

/** Defaults: 1e5 networks per run, the notebook's 1000 rotations; --quick: 1e4 networks, 100 rotations, widths 5 and 100. */
const DEFAULTS = { networks: 100_000, rotations: 1000, widths: [...SO5_WIDTHS] };
const QUICK = { networks: 10_000, rotations: 100, widths: [5, 100] };

const fmt = (v: number, d = 3) => (Number.isFinite(v) ? v.toPrecision(d) : '–');

/** One screen: the SO(5) deviations per width, then every check with its measured value. */
export function summarizeSymmetry(r: SymmetryReport, path: string): string {
  const lines = [
    `symmetry: ${r.settings.networks.toLocaleString('en')} networks per run, seed ${r.settings.seed}, ${r.settings.rotations} rotations of SO(5)`,
    '',
    '  SO(5), gauss-net (raw moments)  mu_M ± se (jackknife)       sigma_M ± se          delta_M (band)   chi2 p   verdict',
  ];
  for (const w of r.so5.widths) {
    for (const o of w.invariant.orders.filter((x) => x.kind === 'moment')) {
      lines.push(`  N=${String(w.width).padEnd(5)} G${o.order}                     ${`${fmt(o.mean, 4)} ± ${fmt(o.meanSE, 2)}`.padEnd(26)}  ${`${fmt(o.rms)} ± ${fmt(o.rmsSE, 2)}`.padEnd(20)}  ${fmt(o.band).padEnd(15)}  ${fmt(o.chiSquare.pValue, 2).padEnd(7)}  ${o.verdict}`);
    }
  }
  const failed = r.checks.filter((c) => !c.pass);
  lines.push('', `  checks: ${r.checks.length - failed.length} of ${r.checks.length} pass`);
  for (const c of r.checks) lines.push(`  ${c.pass ? 'pass' : 'FAIL'}  ${c.name}: ${c.detail}`);
  if (r.translation.cosNet !== 'measured') lines.push(`  cos-net translation test ${r.translation.cosNet}`);
  lines.push('', `report: ${path}`, '');
  return lines.join('\n');
}

/**
 * Runs `nnft reproduce symmetry` (flags --quick, --out, --networks, --threads, --seed, --widths and
 * the checkpoint flags); resolves to the exit code: 0 when every check passes, 1 otherwise.
 */
export async function reproduceSymmetry(opts: RawOptions, io: ReproduceIO): Promise<number> {
  for (const flag of ['from', 'arch', 'dIn', 'estimator'] as const) {
    if (opts[flag] !== undefined) {
      throw new CliError(`--${flag === 'dIn' ? 'd-in' : flag} is not an option of \`nnft reproduce symmetry\` (its setups are the paper's). Value: ${JSON.stringify(opts[flag])}.`);
    }
  }
  const size = opts.quick !== undefined ? QUICK : DEFAULTS;
  const networks = opts.networks !== undefined ? parseIntegerFlag('--networks', opts.networks) : size.networks;
  const widths = opts.widths !== undefined ? parseIntegerList('--widths', opts.widths) : size.widths;
  const seed = opts.seed !== undefined ? parseIntegerFlag('--seed', opts.seed) : 1;
  const threads = opts.threads !== undefined ? parseIntegerFlag('--threads', opts.threads) : availableParallelism();
  const dir = resolve(io.cwd, opts.out ?? join('reports', 'symmetry'));
  // every bad flag fails here, before any work
  planSample({ arch: 'gauss-net', width: widths[0] ?? 1, points: [0.5], networks, orders: [2], seed, threads });
  const t0 = performance.now();
  const outcome = await runSweep(opts, io, { threads, job: { job: 'symmetry', seed, networks } }, async (sampler) => {
    const report = await runSymmetry({
      sampler, networks, rotations: size.rotations, widths, seed, threads,
      onStep: (s) => io.err(`nnft: [${s.index + 1}/${s.count}] ${((performance.now() - t0) / 1000).toFixed(1)} s  ${s.stage}: ${s.detail}`),
    });
    await mkdir(dir, { recursive: true });
    const html = join(dir, 'index.html');
    await writeFile(join(dir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
    await writeFile(html, await symmetryHtml(report));
    return { report, html };
  });
  if (!outcome.ok) return outcome.code;
  io.out(summarizeSymmetry(outcome.value.report, outcome.value.html));
  io.err(`nnft: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return outcome.value.report.checks.every((c) => c.pass) ? 0 : 1;
}
