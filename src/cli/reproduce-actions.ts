// `nnft reproduce actions`: the actions experiment on one pool, its report (index.html, report.json)
// and a one-screen summary: the spec's G4 rows 1-10 beside ours, then every check.
import { availableParallelism } from 'node:os';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ACTIONS_DEFAULTS, ACTIONS_QUICK, runActions, type ActionsReport } from '../experiments/actions.js';
import { actionsHtml } from '../report/actions-report.js';
import { checkInteger, checkSeed, LIMITS } from '../sample/options.js';
import { nodeWasmModule } from '../sample/wasm-node.js';
import { CliError, parseIntegerFlag, type RawOptions } from './options.js';
import type { ReproduceIO } from './reproduce.js';
import { runSweep } from './sweep.js';

const fmt = (v: number | null, digits = 4) => (v === null || !Number.isFinite(v) ? '–' : Math.abs(v) >= 1e-3 && Math.abs(v) < 1e5 ? v.toPrecision(digits) : v.toExponential(digits - 1));

/** One screen: the G4 table (spec, ours, z or difference), and the checks. */
export function summarizeActions(r: ActionsReport, path: string): string {
  const s = r.settings;
  const lines = [
    `actions: seed ${s.seed}${s.quick ? ' (quick)' : ''}; the G4 table holds its rows to the spec's tolerance, the checks to |z| < ${s.zMax}`,
    '',
    '  row  quantity                                                     spec              ours                  z (or diff.)   vs prediction',
  ];
  for (const t of r.table) {
    const spec = t.specSE === null ? fmt(t.spec) : `${fmt(t.spec)} ± ${fmt(t.specSE, 2)}`;
    const ours = t.ours === null ? 'not in this build' : t.se === null ? fmt(t.ours, 5) : `${fmt(t.ours)} ± ${fmt(t.se, 2)}`;
    const z = t.z !== null ? `z = ${t.z.toFixed(2)}` : t.difference !== null ? `${t.difference.toExponential(1)}` : '';
    const pred = t.zPrediction !== null && t.prediction !== null ? `z = ${t.zPrediction.toFixed(2)} (${fmt(t.prediction)})` : '';
    const verdict = t.agrees === null ? '' : t.agrees ? '' : '  outside tolerance';
    lines.push(`  ${String(t.row).padEnd(3)}  ${t.quantity.slice(0, 60).padEnd(60)} ${spec.padEnd(17)} ${ours.padEnd(21)} ${z.padEnd(14)} ${pred}${verdict}`);
  }
  const failed = r.checks.filter((c) => !c.pass);
  lines.push('', `  checks: ${r.checks.length - failed.length} of ${r.checks.length} pass`);
  for (const c of r.checks) lines.push(`  ${c.pass ? 'pass' : 'FAIL'}  ${c.name}: ${c.detail}`);
  lines.push('', `report: ${path}`, '');
  return lines.join('\n');
}

/**
 * Runs `nnft reproduce actions` (flags --quick, --out, --seed, --threads and the checkpoint flags:
 * a resumed run skips its finished ensembles; the Gaussian-process draws, a few seconds, are redone);
 * resolves to the exit code: 0 when every check passes, 1 otherwise.
 */
export async function reproduceActions(opts: RawOptions, io: ReproduceIO): Promise<number> {
  for (const flag of ['from', 'arch', 'dIn', 'estimator', 'networks', 'widths'] as const) {
    if (opts[flag] !== undefined) {
      const name = flag === 'dIn' ? 'd-in' : flag;
      throw new CliError(`--${name} is not an option of \`nnft reproduce actions\` (its setups are the spec's; --quick makes them smaller). Value: ${JSON.stringify(opts[flag])}.`);
    }
  }
  const quick = opts.quick !== undefined;
  const sizes = quick ? ACTIONS_QUICK : ACTIONS_DEFAULTS;
  const seed = checkSeed(opts.seed !== undefined ? parseIntegerFlag('--seed', opts.seed) : 1);
  const threads = checkInteger('threads', opts.threads !== undefined ? parseIntegerFlag('--threads', opts.threads) : availableParallelism(), 1, LIMITS.threads);
  const dir = resolve(io.cwd, opts.out ?? join('reports', 'actions'));
  const module = await nodeWasmModule();
  const t0 = performance.now();
  const outcome = await runSweep(opts, io, { threads, job: { job: 'actions', seed, quick } }, async (sampler, respond) => {
    const report = await runActions({
      sampler, respond, module, sizes, quick, seed, threads,
      onStep: (s) => io.err(`nnft: [${s.index + 1}/${s.count}] ${((performance.now() - t0) / 1000).toFixed(1)} s  ${s.stage}: ${s.detail}`),
    });
    await mkdir(dir, { recursive: true });
    const html = join(dir, 'index.html');
    await writeFile(join(dir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
    await writeFile(html, await actionsHtml(report));
    return { report, html };
  });
  if (!outcome.ok) return outcome.code;
  io.out(summarizeActions(outcome.value.report, outcome.value.html));
  io.err(`nnft: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return outcome.value.report.checks.every((c) => c.pass) ? 0 : 1;
}
