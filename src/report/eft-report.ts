// The EFT report: index.html with SVG plots (lambda against N, the flow of lambda with the cutoff,
// the 6-point prediction against the measurement) and tables of the spec's numbers against ours.
import type { TopLevelSpec } from 'vega-lite';
import type { EftPanel, EftReport } from '../experiments/eft.js';
import { renderSvg } from './vega.js';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const label = (p: EftPanel) => `${p.arch} d_in=${p.dIn} (N=${p.width})`;
/** One axis title for every layer of a plot (vega-lite would join the field names otherwise). */
const axis = (field: string, title: string, extra: object = {}) => ({ field, type: 'quantitative' as const, title, ...extra });
const LEGEND = { title: '', labelLimit: 240 };
const LOG = { scale: { type: 'log' as const } };

/** log10 |lambda_code| against log10 N, measured with error bars, the fitted power law and the exact 1/N. */
function widthSpec(r: EftReport): TopLevelSpec {
  const points = r.panels.flatMap((p) => p.widthScaling.points.map((w) => {
    const v = Math.abs(w.lambdaCode);
    return {
      panel: label(p), logN: Math.log10(w.width), y: Math.log10(v),
      lo: Math.log10(Math.max(v - w.se, v / 10)), hi: Math.log10(v + w.se), exact: Math.log10(Math.abs(w.exact)),
    };
  }));
  const fits = r.panels.flatMap((p) => {
    const f = p.widthScaling.fit;
    if (!f) return [];
    const Ns = p.widthScaling.points.map((w) => w.width);
    return [Math.min(...Ns), Math.max(...Ns)].map((N) => ({ panel: label(p), logN: Math.log10(N), fit: Math.log10(Math.abs(f.amplitude)) + f.exponent * Math.log10(N) }));
  });
  return {
    $schema: SCHEMA,
    title: { text: `lambda_code at Lambda = ${r.settings.referenceCutoff} against the width`, subtitle: 'points: measured ± 1 se; dashed: power-law fit; ticks: exact (C4 / N)' },
    width: 420,
    height: 300,
    layer: [
      {
        data: { values: fits },
        mark: { type: 'line', strokeDash: [4, 3] },
        encoding: { x: axis('logN', 'log10 N'), y: axis('fit', 'log10 |lambda_code|'), color: { field: 'panel', type: 'nominal', legend: LEGEND } },
      },
      {
        data: { values: points },
        layer: [
          { mark: { type: 'errorbar', ticks: true }, encoding: { x: axis('logN', 'log10 N'), y: axis('lo', 'log10 |lambda_code|'), y2: { field: 'hi' }, color: { field: 'panel', type: 'nominal' } } },
          { mark: { type: 'point', filled: true }, encoding: { x: axis('logN', 'log10 N'), y: axis('y', 'log10 |lambda_code|'), color: { field: 'panel', type: 'nominal' } } },
          { mark: { type: 'tick', thickness: 1, size: 12, orient: 'horizontal' }, encoding: { x: axis('logN', 'log10 N'), y: axis('exact', 'log10 |lambda_code|'), color: { field: 'panel', type: 'nominal' } } },
        ],
      },
    ],
  };
}

/** log10 |lambda_code| against log10 Lambda: the pooled coupling (measured points, exact line). */
function flowSpec(r: EftReport): TopLevelSpec {
  const values = r.panels.flatMap((p) => p.flow.points.map((q) => ({
    panel: label(p), logL: Math.log10(q.cutoff), y: Math.log10(Math.abs(q.measured.code)), exact: Math.log10(Math.abs(q.exact.code)),
  })));
  return {
    $schema: SCHEMA,
    title: { text: 'Wilsonian flow: pooled lambda_code against the cutoff', subtitle: 'points: measured; dashed: exact finite-width correlators' },
    width: 420,
    height: 300,
    data: { values },
    encoding: { x: axis('logL', 'log10 Lambda'), color: { field: 'panel', type: 'nominal', legend: LEGEND } },
    layer: [
      { mark: { type: 'line', strokeDash: [4, 3] }, encoding: { y: axis('exact', 'log10 |lambda_code|') } },
      { mark: { type: 'point', filled: true, size: 20 }, encoding: { y: axis('y', 'log10 |lambda_code|') } },
    ],
  };
}

/** Predicted against measured G6 per tuple at the reference cutoff (log-log), with the diagonal. */
function scatterSpec(p: EftPanel): TopLevelSpec {
  const s = p.sixPoint!;
  const values = s.scatter.flatMap((t) => [
    { kind: 'GP', x: t.measured, lo: t.measured - t.se, hi: t.measured + t.se, y: t.gp },
    { kind: 'GP + lambda', x: t.measured, lo: t.measured - t.se, hi: t.measured + t.se, y: t.predicted },
  ]).filter((v) => v.x > 0 && v.y > 0 && v.lo > 0);
  const all = values.flatMap((v) => [v.x, v.y]);
  const diag = [Math.min(...all), Math.max(...all)].map((v) => ({ x: v, y: v }));
  return {
    $schema: SCHEMA,
    title: { text: `${label(p)}: G6 per tuple at Lambda = ${s.referenceCutoff}`, subtitle: 'horizontal bars: measured ± 1 se; dashed: predicted = measured' },
    width: 300,
    height: 260,
    layer: [
      { data: { values: diag }, mark: { type: 'line', color: '#888', strokeDash: [4, 3] }, encoding: { x: axis('x', 'measured G6', LOG), y: axis('y', 'predicted G6', LOG) } },
      {
        data: { values },
        layer: [
          { mark: { type: 'errorbar', ticks: false }, encoding: { x: axis('lo', 'measured G6', LOG), x2: { field: 'hi' }, y: axis('y', 'predicted G6', LOG), color: { field: 'kind', type: 'nominal', legend: LEGEND } } },
          { mark: { type: 'point', size: 12, opacity: 0.7 }, encoding: { x: axis('x', 'measured G6', LOG), y: axis('y', 'predicted G6', LOG), color: { field: 'kind', type: 'nominal', legend: LEGEND } } },
        ],
      },
    ],
  };
}

/** Tuple-averaged G6_GP / G6 and G6_pred / G6 against log10 Lambda (the paper's figure), measured with 1-se bands, exact dashed. */
function ratioSpec(p: EftPanel): TopLevelSpec {
  const s = p.sixPoint!;
  const rows = s.cutoffs.flatMap((c) => [
    { logL: Math.log10(c.cutoff), kind: 'G6_GP / G6', v: s.gpRatio.value, lo: s.gpRatio.value - s.gpRatio.se, hi: s.gpRatio.value + s.gpRatio.se, exact: s.gpRatio.exact },
    { logL: Math.log10(c.cutoff), kind: 'G6_pred / G6', v: c.predRatio.value, lo: c.predRatio.value - c.predRatio.se, hi: c.predRatio.value + c.predRatio.se, exact: c.predRatio.exact },
    { logL: Math.log10(c.cutoff), kind: "code's 132 tuples", v: c.codeRatio.value, lo: c.codeRatio.value - c.codeRatio.se, hi: c.codeRatio.value + c.codeRatio.se, exact: c.codeRatio.exact },
  ]);
  return {
    $schema: SCHEMA,
    title: { text: `${label(p)}: tuple averages of ratios to the measured G6`, subtitle: 'band: measured ± 1 se; dashed: exact finite-width theory' },
    width: 300,
    height: 260,
    data: { values: rows },
    encoding: { x: axis('logL', 'log10 Lambda'), color: { field: 'kind', type: 'nominal', legend: LEGEND } },
    layer: [
      { mark: { type: 'area', opacity: 0.25 }, encoding: { y: axis('lo', 'ratio', { scale: { domain: [0, 1.2] } }), y2: { field: 'hi' } } },
      { mark: { type: 'line' }, encoding: { y: axis('v', 'ratio') } },
      { mark: { type: 'line', strokeDash: [4, 3] }, encoding: { y: axis('exact', 'ratio') } },
    ],
  };
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const num = (v: number | null | undefined, digits = 4) => (v === null || v === undefined || !Number.isFinite(v) ? '–' : Math.abs(v) >= 1e-3 && Math.abs(v) < 1e5 ? v.toPrecision(digits) : v.toExponential(digits - 1));
const pm = (v: number, se: number | null | undefined) => `${num(v, 6)}${se === null || se === undefined || !Number.isFinite(se) ? '' : ` ± ${num(se, 2)}`}`;

/** The report's HTML page (SVG plots inline) for a finished experiment. */
export async function eftHtml(r: EftReport): Promise<string> {
  const d1 = r.panels.filter((p) => p.sixPoint);
  const [widthSvg, flowSvg, ...six] = await Promise.all([
    renderSvg(widthSpec(r)), renderSvg(flowSpec(r)),
    ...d1.flatMap((p) => [renderSvg(scatterSpec(p)), renderSvg(ratioSpec(p))]),
  ]);
  const paperRows = r.paper.map((q) => `<tr><td>${q.row}</td><td class="l">${esc(q.quantity)}</td><td class="l">${esc(q.setting)}</td><td>${num(q.reference, 6)}</td><td>${num(q.exact, 6)}</td>` +
    `<td>${pm(q.ours, q.se)}</td><td>${esc(q.tolerance)}</td><td>${q.agrees === null ? 'report only' : q.agrees ? 'yes' : '<b>no</b>'}</td><td class="l">${esc(q.note)}</td></tr>`).join('\n');
  const flowRows = r.panels.map((p) => {
    const f = p.flow.regression;
    const w = p.widthScaling.fit;
    const q0 = p.flow.points[0];
    return `<tr><td class="l">${esc(label(p))}</td><td>${p.pointSet}</td><td>${pm(f.slope, f.slopeSE)}</td><td>${num(f.r2, 6)}</td><td>${num(p.flow.regressionExact.slope, 8)}</td><td>${num(p.flow.expectedSlope)}</td>` +
      `<td>${pm(q0.measured.code, q0.measured.codeSE)}</td><td>${num(q0.exact.code, 6)}</td><td>${num(q0.measured.chi2PerDof, 3)}</td><td>${num(q0.exact.chi2PerDof, 3)}</td>` +
      `<td>${w ? pm(w.exponent, w.exponentSE) : '–'}</td><td>${w ? num(w.chi2PerDof, 3) : '–'}</td><td>${num(p.quadrature.maxRelativeDifference, 2)}</td></tr>`;
  }).join('\n');
  const sixRows = d1.map((p) => {
    const s = p.sixPoint!;
    const c = s.cutoffs[0];
    return `<tr><td class="l">${esc(label(p))}</td><td>${pm(s.gpRatio.value, s.gpRatio.se)}</td><td>${num(s.gpRatio.exact, 6)}</td><td>${pm(c.predRatio.value, c.predRatio.se)}</td><td>${num(c.predRatio.exact, 6)}</td>` +
      `<td>${pm(c.codeRatio.value, c.codeRatio.se)}</td><td>${num(c.codeRatio.exact, 6)}</td><td>${pm(c.codeAsCommittedRatio.value, c.codeAsCommittedRatio.se)}</td>` +
      `<td>${pm(s.residual.meanRelative.value, s.residual.meanRelative.se)}</td><td>${num(s.residual.exactKappa6Relative, 4)}</td><td>${num(s.residual.maxAbsZ, 3)}</td><td>${num(s.residual.maxAbsZAfterKappa6, 3)}</td><td>${num(s.g6VsExactMaxAbsZ, 3)}</td></tr>`;
  }).join('\n');
  const qmRows = r.quarticModel.map((q) => {
    const c = (f: typeof q.exact) => `${num(f.couplings.l0)}, ${num(f.couplings.l2)}, ${num(f.couplings.lNL)}`;
    return `<tr><td class="l">${q.arch} N=${q.width} Lambda=${q.cutoff}</td><td>${q.measured.rank}</td>` +
      `<td>${pm(q.measured.couplings.l0, q.measured.se.l0)}</td><td>${pm(q.measured.couplings.l2, q.measured.se.l2)}</td><td>${pm(q.measured.couplings.lNL, q.measured.se.lNL)}</td>` +
      `<td>${num(q.measured.train.mape, 3)} / ${num(q.measured.test.mape, 3)} / ${num(q.measured.test.maxApe, 3)}</td>` +
      `<td>${c(q.exact)}</td><td>${num(q.exact.train.mape, 3)} / ${num(q.exact.test.mape, 3)}</td><td>${c(q.code)}</td><td>${num(q.code.test.mape, 3)}</td></tr>`;
  }).join('\n');
  const sixFigures = d1.map((_p, i) => `<div class="plots"><figure>${six[2 * i]}</figure><figure>${six[2 * i + 1]}</figure></div>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>nnft: EFT couplings, RG flow and the 6-point prediction</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;max-width:1200px}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}td.l{text-align:left}.plots{display:flex;gap:2em;flex-wrap:wrap}figure{margin:0}</style>
</head><body>
<h1>Interactions at finite width: EFT couplings, their flow and the 6-point prediction</h1>
<p>Networks per run: ${r.settings.networks.toLocaleString('en')}, <b>${r.settings.estimator}</b> estimator, seed ${r.settings.seed} (run k uses seed + k);
widths ${r.settings.widths.join(', ')}; ${r.settings.cutoffs.length} cutoffs Lambda = ${r.settings.cutoffs.join(', ')}.
Conventions: ${esc(r.conventions.lambdaCode)}; ${esc(r.conventions.lambdaStd)}. ${esc(r.conventions.propagator)}; ${esc(r.conventions.cutoff)}.
Every lambda printed is <b>lambda_code</b> unless it says lambda_std. Errors: ${esc(r.conventions.errors)}.
"Exact" numbers use the exact finite-width correlators in place of the measured ones (no sampling noise).</p>
<h2>The spec's numbers (section H) against ours</h2>
<table><thead><tr><th>row</th><th>quantity</th><th>setting</th><th>spec</th><th>exact</th><th>ours (measured)</th><th>tolerance</th><th>agrees</th><th>note</th></tr></thead><tbody>
${paperRows}</tbody></table>
<h2>Couplings: flow with the cutoff and scaling with the width</h2>
<p>Slope: pooled regression of log10 |lambda_t| on log10 Lambda over every tuple and cutoff (as the code's rg.py; its error is linregress's, from the scatter of the
per-tuple offsets, which carry the sampling noise; the slope itself is fixed by the integrals). chi2/dof: the pooled local fit at Lambda = ${r.settings.referenceCutoff}
with the measured errors (measured, and exact correlators with the same weights): near 1 where one local lambda describes every tuple. Exponent: lambda(N) = A N^p over the widths
where lambda &gt; 3 se (exact: -1).</p>
<table><thead><tr><th>panel</th><th>points</th><th>flow slope</th><th>R^2</th><th>exact slope</th><th>expected</th><th>lambda_code(${r.settings.referenceCutoff})</th><th>exact</th><th>chi2/dof</th><th>exact chi2/dof</th><th>1/N exponent</th><th>chi2/dof</th><th>quadrature check</th></tr></thead><tbody>
${flowRows}</tbody></table>
<div class="plots"><figure>${widthSvg}</figure><figure>${flowSvg}</figure></div>
<h2>The 6-point function at first order in lambda (d_in = 1, Lambda = ${r.settings.referenceCutoff} in the table)</h2>
<p>Ratios are tuple averages over all 462 sorted 6-tuples of the measured G6. The corrected prediction uses the pooled lambda and the full kernel K as pair factor; the code's number
uses the mean of per-tuple lambdas, the pair factor Kt and gives the lambda term only to the 132 tuples its loops reach ("as committed": plus its duplicated-leg term).
Remainder: G6 - G6_pred, which the exact theory says is kappa6 (O(1/N^2)) where the local quartic describes kappa4; max |z| before and after subtracting the exact kappa6.</p>
<table><thead><tr><th>panel</th><th>G6_GP/G6</th><th>exact</th><th>G6_pred/G6</th><th>exact</th><th>code's number</th><th>exact</th><th>as committed</th><th>(G6 - G6_pred)/G6</th><th>exact kappa6/G6</th><th>max |z| remainder</th><th>after kappa6</th><th>max |z| G6 vs exact</th></tr></thead><tbody>
${sixRows}</tbody></table>
${sixFigures}
<h2>Local + x^2-local + non-local quartic model (spec E.5, report only)</h2>
<p>Least squares over the sorted 4-tuples weighted by their number of orderings (the code's MSE over all ordered tuples); train set (sqrt 2/2) x, held-out set x.
MAPE in percent (train / held-out / held-out max). Rank &lt; 3: the templates are proportional (relu with sb = 0), only their combination is determined (minimum-norm coefficients, no errors).
"Code's objective": as its scripts are committed, fitting G4 instead of DeltaG4 with the train and test integrals swapped, solved exactly.</p>
<table><thead><tr><th>setting</th><th>rank</th><th>l0</th><th>l2</th><th>lNL</th><th>MAPE %</th><th>exact l0, l2, lNL</th><th>exact MAPE %</th><th>code's objective</th><th>its held-out MAPE %</th></tr></thead><tbody>
${qmRows}</tbody></table>
<p>Time: integrals ${r.seconds.integrals.toFixed(1)} s, sampling ${r.seconds.sampling.toFixed(1)} s, analysis ${r.seconds.analysis.toFixed(1)} s.</p>
</body></html>
`;
}
