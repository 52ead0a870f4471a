// The paper-scale EFT experiment (`nnft reproduce eft` at its defaults: 10^6 networks per run) as one
// timed job at a given thread count, next to the original authors' workflow for the same job,
// measured on a reduced case by bench/eft_authors.py and extrapolated (the extrapolation is printed).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkEftOptions, PAPER_CUTOFFS, planEftRuns, runEft } from '../src/experiments/eft.js';
import { EnsembleResult } from '../src/result.js';
import { NodePool } from '../src/sample/node-pool.js';
import { planSample, runPlan, type SampleOptions } from '../src/sample/sampler.js';
import { listMultisets } from '../src/stats/multiset.js';
import { PEERS_DIR } from './peers.js';

const DEBIAN_PYTHON = '/usr/bin/python3';
const DRIVER = fileURLToPath(new URL('./eft_authors.py', import.meta.url));
const ACT: Record<string, string> = { 'relu-net': 'relu', 'erf-net': 'erf', 'gauss-net': 'gauss' };

const fmtTime = (s: number) => (s < 120 ? `${s.toFixed(1)} s` : s < 7200 ? `${(s / 60).toFixed(1)} min` : `${(s / 3600).toFixed(1)} h`);

/**
 * The authors' workflow for the same job, extrapolated: seconds per network of each ensemble class
 * (architecture, d_in, points, order; at the class's first width) times 10^6 networks per run, plus
 * seconds per scipy integral times the integral calls of rg.py, six_pt_prediction.py and lam_fit.
 */
function authorsEstimate(threads: number, networksPerClass: number, networks: number): string[] | string {
  if (!existsSync(DEBIAN_PYTHON) || !existsSync(resolve(PEERS_DIR, 'authors_style.py'))) return `authors' style not measured: needs ${DEBIAN_PYTHON} with torch and scipy and ${PEERS_DIR}/authors_style.py (bash ${PEERS_DIR}/run.sh installs them)`;
  const { runs } = planEftRuns(checkEftOptions({ sampler: async () => { throw new Error('planning only'); } }));
  const classes: { key: string; act: string; d_in: number; N: number; nmax: number; sb: number; X: number[][]; runs: number }[] = [];
  for (const r of runs) {
    const key = JSON.stringify([r.arch, r.dIn, r.points.length, r.nMax]);
    const c = classes.find((q) => q.key === key);
    if (c) c.runs++;
    else classes.push({ key, act: ACT[r.arch], d_in: r.dIn, N: r.width, nmax: r.nMax, sb: r.arch === 'relu-net' ? 0 : 1, X: r.points, runs: 1 });
  }
  let out: string;
  try {
    out = execFileSync(DEBIAN_PYTHON, [DRIVER, PEERS_DIR, String(threads), String(networksPerClass), JSON.stringify(classes)], { encoding: 'utf8', timeout: 1_800_000 });
  } catch (e) {
    return `authors' style not measured: ${(e as Error).message.split('\n')[0]}`;
  }
  const rows = out.trim().split('\n').map((l) => JSON.parse(l) as { kind: string; class?: number; networks?: number; seconds: number; d_in?: number; calls?: number });
  let ensembles = 0;
  const lines = ['', `Authors' workflow for the same job, measured on a reduced case and extrapolated (threads ${threads}):`];
  for (const r of rows.filter((q) => q.kind === 'ensemble')) {
    const c = classes[r.class!];
    const perNet = r.seconds / r.networks!;
    ensembles += perNet * networks * c.runs;
    lines.push(`  ensembles ${c.act} d_in=${c.d_in} ${c.X.length} points to order ${c.nmax}: ${(1 / perNet).toFixed(0)} networks/s over ${r.networks} networks (N=${c.N}) x ${c.runs} runs x ${networks.toExponential(0)} -> ${fmtTime(perNet * networks * c.runs)}`);
  }
  // integral calls of the authors' scripts for these outputs (spec E.2-E.5)
  const tuples = (K: number) => listMultisets(K, 4).length;
  const C = PAPER_CUTOFFS.length;
  const calls: Record<number, number> = {
    // rg.py per tuple and cutoff (relu d = 1, erf, gauss in d = 1; relu d = 2, 3), six_pt_prediction's
    // 15 intkappa calls on its 132 tuples at every cutoff (3 architectures), lam_fit's 8 integrals
    // (T0, T2, two per non-local pairing) for 1296 ordered tuples, 2 sets, 3 architectures
    1: 3 * tuples(6) * C + 3 * 132 * 15 * C + 3 * 2 * 1296 * 8,
    2: tuples(4) * C,
    3: tuples(4) * C,
  };
  let integrals = 0;
  for (const r of rows.filter((q) => q.kind === 'integral')) {
    const per = r.seconds / r.calls!;
    integrals += per * calls[r.d_in!];
    lines.push(`  integrals d_in=${r.d_in}: ${(per * 1000).toFixed(1)} ms per call (scipy, ${r.calls} calls timed) x ${calls[r.d_in!]} calls -> ${fmtTime(per * calls[r.d_in!])}`);
  }
  lines.push(`  total (extrapolated, linear in networks: the per-model torch.cat makes the real run slower still): ${fmtTime(ensembles + integrals)}`);
  return lines;
}

/** Runs the paper-scale EFT experiment at `threads` and prints its wall time, then the authors' estimate. */
export async function runEftBench(o: { threads: number; networks?: number; authors: boolean; authorsNetworks?: number }): Promise<void> {
  const networks = o.networks ?? 1_000_000;
  const pool = await NodePool.create(o.threads);
  let report;
  const t0 = performance.now();
  try {
    const sampler = async (s: SampleOptions) => new EnsembleResult(await runPlan(pool, planSample(s)));
    report = await runEft({ sampler, networks, threads: o.threads, onStage: (s) => process.stderr.write(`  eft [${s.index + 1}/${s.count}] ${s.stage}: ${s.label}\n`) });
  } finally {
    await pool.close();
  }
  const seconds = (performance.now() - t0) / 1000;
  const runs = planEftRuns(checkEftOptions({ sampler: async () => { throw new Error('planning only'); }, networks })).runs.length;
  console.log(`\n## Paper-scale EFT experiment (${runs} runs x ${networks.toExponential(0)} networks, ${report.settings.cutoffs.length} cutoffs, threads ${o.threads})\n`);
  console.log(`wall time: ${seconds.toFixed(1)} s (integrals ${report.seconds.integrals.toFixed(1)} s, sampling ${report.seconds.sampling.toFixed(1)} s, analysis ${report.seconds.analysis.toFixed(1)} s; ${report.settings.estimator} estimator)`);
  for (const p of report.paper.filter((q) => q.row <= 25)) {
    console.log(`  H${p.row} ${p.quantity} (${p.setting}): ${p.ours.toPrecision(6)}${p.se === null ? '' : ` ± ${p.se.toExponential(1)}`}, spec ${p.reference}, ${p.agrees ? 'agrees' : 'DIFFERS'}`);
  }
  if (o.authors) {
    const est = authorsEstimate(o.threads, o.authorsNetworks ?? 1000, networks);
    console.log(typeof est === 'string' ? `\n${est}` : est.join('\n'));
  }
}
