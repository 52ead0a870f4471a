// `nnft reproduce eft`: the EFT experiment on one pool, its report (index.html, report.json) and a
// one-screen summary of the spec's numbers against ours.
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { shardSampler } from '../cluster/shard-sampler.js';
import { eftSettings, runEft, type EftReport } from '../experiments/eft.js';
import { eftHtml } from '../report/eft-report.js';
import type { Estimator } from '../sample/kernel-config.js';
import { planSample } from '../sample/sampler.js';
import { CliError, type RawOptions } from './options.js';
import type { ReproduceIO } from './reproduce.js';
import { runSweep } from './sweep.js';

/** The flags of `nnft reproduce`, parsed (see reproduceFlags in reproduce.ts). */
export interface EftFlags {
  networks: number;
  widths: number[];
  dIns: number[];
  archs?: string[];
  seed: number;
  threads: number;
  estimator: Estimator;
}

const fmt = (v: number | null, digits = 5) => (v === null || !Number.isFinite(v) ? '–' : Math.abs(v) >= 1e-3 && Math.abs(v) < 1e5 ? v.toPrecision(digits) : v.toExponential(digits - 1));

/** A one-screen summary: the spec's section H rows against ours, and the fitted exponents. */
export function summarizeEft(r: EftReport, path: string): string {
  const lines = [
    `eft: ${r.settings.networks.toLocaleString('en')} networks per run, ${r.settings.estimator} estimator, seed ${r.settings.seed}; lambda is lambda_code (lambda_std = -24 lambda_code)`,
    '',
    '  row  quantity                                   setting                                spec        exact         ours',
  ];
  for (const q of r.paper) {
    const ours = q.se === null ? fmt(q.ours) : `${fmt(q.ours, 6)} ± ${fmt(q.se, 2)}`;
    const verdict = q.agrees === null ? '(report only)' : q.agrees ? 'agrees' : 'DIFFERS';
    lines.push(`  ${String(q.row).padEnd(3)}  ${q.quantity.slice(0, 42).padEnd(42)} ${q.setting.slice(0, 38).padEnd(38)} ${fmt(q.reference).padEnd(11)} ${fmt(q.exact, 6).padEnd(12)}  ${ours}  ${verdict}`);
  }
  lines.push('', '  panel                        flow slope (R^2)              1/N exponent          local fit chi2/dof (exact)');
  for (const p of r.panels) {
    const f = p.flow.regression;
    const w = p.widthScaling.fit;
    const q0 = p.flow.points[0];
    lines.push(
      `  ${`${p.arch} d_in=${p.dIn} N=${p.width}`.padEnd(27)}  ${`${f.slope.toFixed(6)} ± ${fmt(f.slopeSE, 2)} (${f.r2.toFixed(5)})`.padEnd(28)}  ` +
        `${(w ? `${w.exponent.toFixed(4)} ± ${w.exponentSE.toFixed(4)}` : 'no widths above 3 se').padEnd(20)}  ${fmt(q0.measured.chi2PerDof, 3)} (${fmt(q0.exact.chi2PerDof, 3)})`,
    );
  }
  lines.push('', `report: ${path}`, '');
  return lines.join('\n');
}

/**
 * Runs `nnft reproduce eft` with the parsed flags (and --checkpoint / --resume: a resumed sweep
 * skips its finished runs and continues the interrupted one; or --from DIR: the runs are read from
 * the shard files of `nnft slurm reproduce eft`); resolves to the exit code.
 */
export async function reproduceEft(flags: EftFlags, opts: RawOptions, io: ReproduceIO): Promise<number> {
  const { networks, widths, dIns, archs, seed, threads, estimator } = flags;
  // With --from, every run is read from the shard files of a cluster run instead of sampled.
  if (opts.from !== undefined && opts.checkpoint !== undefined) {
    throw new CliError(`--checkpoint does nothing with --from (the runs are read, not sampled). Value: ${JSON.stringify(opts.checkpoint)}.`);
  }
  const fromShards = opts.from === undefined ? undefined : shardSampler(resolve(io.cwd, opts.from));
  const dir = resolve(io.cwd, opts.out ?? join('reports', 'eft'));
  // every input error before any work: the experiment's own checks and one run's
  eftSettings({ archs, dIns, widths, networks, seed, threads, estimator });
  planSample({ arch: 'relu-net', width: widths[0], points: [0.5], networks, orders: [2, 4, 6], seed, threads, estimator });

  const t0 = performance.now();
  const outcome = await runSweep(opts, io, { threads, job: { job: 'eft', seed, networks, estimator } }, async (sampler) => {
    const report = await runEft({
      sampler: fromShards ?? sampler, archs, dIns, widths, networks, seed, threads, estimator,
      onStage: (s) => io.err(`nnft: [${s.index + 1}/${s.count}] ${s.stage}: ${s.label}`),
    });
    io.err('nnft: writing the report');
    await mkdir(dir, { recursive: true });
    const html = join(dir, 'index.html');
    await writeFile(join(dir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
    await writeFile(html, await eftHtml(report));
    return { report, html };
  });
  if (!outcome.ok) return outcome.code;
  io.out(summarizeEft(outcome.value.report, outcome.value.html));
  io.err(`nnft: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return 0;
}
