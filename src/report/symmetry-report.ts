// The symmetry report: index.html with SVG plots (the SO(5) deviations against their band as the
// notebook's figures, the controls, translations against the exact theory, breaking by means against
// the G2 formulas) and tables with every number and its error; report.json holds the rest.
import type { TopLevelSpec } from 'vega-lite';
import type { InvarianceCase, SymmetryReport, TranslationCase } from '../experiments/symmetry.js';
import type { InvarianceResult, OrderDeviation } from '../symmetry/invariance.js';
import { renderSvg } from './vega.js';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const num = (v: number, digits = 3) => (Number.isFinite(v) ? v.toPrecision(digits) : '–');
const pm = (v: number, se: number) => `${num(v, 4)} ± ${num(se, 2)}`;
const orderName = (o: OrderDeviation) => `${o.kind === 'connected' ? 'connected ' : ''}G${o.order}`;

/** mu_M with its jackknife error, sigma_M, and the band +- delta_M, against log10 N: one panel per order. */
function so5Spec(r: SymmetryReport, order: number): TopLevelSpec {
  const values = r.so5.widths.flatMap((w) =>
    w.invariant.orders.filter((o) => o.order === order && o.kind === 'moment').map((o) => ({
      logN: Math.log10(w.width), mean: o.mean, lo: o.mean - o.meanSE, hi: o.mean + o.meanSE, rms: o.rms, band: o.band, negBand: -o.band,
    })));
  const what = order === 4 ? `G4 at x = ${r.so5.points[r.so5.g4Tuple[0]]}` : 'G2, every point pair';
  return {
    $schema: SCHEMA,
    title: `SO(5) invariance of Gauss-net ${what}`,
    width: 300,
    height: 220,
    data: { values },
    encoding: { x: { field: 'logN', type: 'quantitative', title: 'log10 N' } },
    layer: [
      {
        mark: { type: 'area', opacity: 0.2, color: '#888' },
        encoding: { y: { field: 'negBand', type: 'quantitative', title: 'R.G - G' }, y2: { field: 'band' } },
      },
      { mark: { type: 'line', strokeDash: [4, 3], color: '#d62728' }, encoding: { y: { field: 'rms', type: 'quantitative', title: 'R.G - G' } } },
      { mark: { type: 'errorbar', ticks: true }, encoding: { y: { field: 'lo', type: 'quantitative', title: 'R.G - G' }, y2: { field: 'hi' } } },
      { mark: { type: 'point', filled: true }, encoding: { y: { field: 'mean', type: 'quantitative', title: 'R.G - G' } } },
    ],
  };
}

/** |mu_M| / delta_M on a log scale for zero means and for the control with non-zero means. */
function controlSpec(r: SymmetryReport): TopLevelSpec {
  const values = r.so5.widths.flatMap((w) =>
    (['invariant', 'control'] as const).flatMap((which) =>
      w[which].orders.filter((o) => o.kind === 'moment').map((o) => ({
        logN: Math.log10(w.width),
        ratio: Math.max(Math.abs(o.mean) / o.band, 1e-4),
        series: `${which === 'invariant' ? 'mw = 0' : `mw = ${r.so5.controlMw}`}, G${o.order}`,
      }))));
  return {
    $schema: SCHEMA,
    title: 'Deviation in units of the band: zero means vs the control',
    width: 300,
    height: 220,
    layer: [
      {
        data: { values },
        mark: { type: 'line', point: true },
        encoding: {
          x: { field: 'logN', type: 'quantitative', title: 'log10 N' },
          y: { field: 'ratio', type: 'quantitative', scale: { type: 'log' }, title: '|mu_M| / delta_M' },
          color: { field: 'series', type: 'nominal', title: '' },
        },
      },
      { data: { values: [{ one: 1 }] }, mark: { type: 'rule', strokeDash: [4, 3], color: '#888' }, encoding: { y: { field: 'one', type: 'quantitative' } } },
    ],
  };
}

/** Measured change of the largest connected correlators under the shift, with errors, against the exact theory. */
function translationSpec(c: TranslationCase): TopLevelSpec {
  const values = (c.theory?.largest ?? []).map((e) => ({
    entry: `(${e.idx.join(',')})`, measured: e.measured, lo: e.measured - e.se, hi: e.measured + e.se, predicted: e.predicted,
  }));
  return {
    $schema: SCHEMA,
    title: `${c.arch} N = ${c.width}: change of G_c under x -> x + c`,
    width: 260,
    height: 200,
    data: { values },
    encoding: { x: { field: 'entry', type: 'nominal', title: 'entry (point indices)', sort: null } },
    layer: [
      { mark: { type: 'tick', color: '#d62728', thickness: 2 }, encoding: { y: { field: 'predicted', type: 'quantitative', title: 'T.G - G' } } },
      { mark: { type: 'errorbar', ticks: true }, encoding: { y: { field: 'lo', type: 'quantitative', title: 'T.G - G' }, y2: { field: 'hi' } } },
      { mark: { type: 'point', filled: true }, encoding: { y: { field: 'measured', type: 'quantitative', title: 'T.G - G' } } },
    ],
  };
}

/** E f_i(x_0) per output row, measured with errors, against mu_i N M(x_0). */
function meansSpec(r: SymmetryReport): TopLevelSpec {
  const values = r.breaking.means.filter((m) => m.point === 0).map((m) => ({
    row: m.output, measured: m.measured, lo: m.measured - m.se, hi: m.measured + m.se, predicted: m.predicted,
  }));
  return {
    $schema: SCHEMA,
    title: `E f_i(x_0), mu_W = ${r.breaking.muW} on rows 0..${r.breaking.k - 1}`,
    width: 260,
    height: 200,
    data: { values },
    encoding: { x: { field: 'row', type: 'ordinal', title: 'output row i' } },
    layer: [
      { mark: { type: 'tick', color: '#d62728', thickness: 2 }, encoding: { y: { field: 'predicted', type: 'quantitative', title: 'E f_i(x_0)' } } },
      { mark: { type: 'errorbar', ticks: true }, encoding: { y: { field: 'lo', type: 'quantitative', title: 'E f_i(x_0)' }, y2: { field: 'hi' } } },
      { mark: { type: 'point', filled: true }, encoding: { y: { field: 'measured', type: 'quantitative', title: 'E f_i(x_0)' } } },
    ],
  };
}

/** The violation |R m - m| of one generic rotation against mu_W: measured, fitted line, prediction. */
function linearitySpec(r: SymmetryReport): TopLevelSpec {
  const l = r.breaking.linearity;
  const values = l.muW.map((m, i) => ({
    mu: m, measured: l.violation[i].value, lo: l.violation[i].value - l.violation[i].se, hi: l.violation[i].value + l.violation[i].se,
  }));
  const lines = [0, ...l.muW].flatMap((m) => [
    { mu: m, y: l.fit.slope * m, series: `fit: ${num(l.fit.slope, 5)} ± ${num(l.fit.slopeSE, 2)}` },
    { mu: m, y: l.predictedSlope * m, series: `predicted: ${num(l.predictedSlope, 5)}` },
  ]);
  return {
    $schema: SCHEMA,
    title: 'Violation of a generic rotation grows linearly in the mean',
    width: 260,
    height: 200,
    layer: [
      {
        data: { values: lines },
        mark: { type: 'line' },
        encoding: {
          x: { field: 'mu', type: 'quantitative', title: 'mu_W' },
          y: { field: 'y', type: 'quantitative', title: '|R m - m|' },
          color: { field: 'series', type: 'nominal', title: '' },
          strokeDash: { field: 'series', type: 'nominal', legend: null },
        },
      },
      { data: { values }, mark: { type: 'errorbar', ticks: true }, encoding: { x: { field: 'mu', type: 'quantitative', title: 'mu_W' }, y: { field: 'lo', type: 'quantitative', title: '|R m - m|' }, y2: { field: 'hi' } } },
      { data: { values }, mark: { type: 'point', filled: true, color: 'black' }, encoding: { x: { field: 'mu', type: 'quantitative', title: 'mu_W' }, y: { field: 'measured', type: 'quantitative', title: '|R m - m|' } } },
    ],
  };
}

/** Table rows of an invariance result: one per order and kind. */
function deviationRows(r: InvarianceResult, prefix = ''): string {
  return r.orders.map((o) => `<tr>${prefix}<td>${orderName(o)}</td><td>${o.entries}</td><td>${pm(o.mean, o.meanSE)}</td><td>${pm(o.rms, o.rmsSE)}</td><td>${num(o.band)}</td>` +
    `<td>${o.withinBand ? 'yes' : 'no'}</td><td>${num(o.scale)}</td><td>${num(o.rmsZ)}</td><td>${num(o.maxAbsZ)}</td>` +
    `<td>${num(o.chiSquare.statistic, 4)} (${num(o.chiSquare.dof, 3)} eff. dof)</td><td>${num(o.chiSquare.pValue, 2)}</td><td>${o.verdict}</td></tr>`).join('\n');
}

const DEVIATION_HEAD = '<th>correlator</th><th>entries</th><th>mu_M ± se</th><th>sigma_M ± se</th><th>delta_M</th><th>|mu_M| ≤ delta_M</th><th>scale (rms G)</th><th>rms z</th><th>max |z|</th><th>chi^2</th><th>p</th><th>verdict</th>';

function caseTable(cases: readonly InvarianceCase[]): string {
  const body = cases.map((c) => deviationRows(c.result, `<td>${esc(c.name)}</td><td>${c.expected}</td>`)).join('\n');
  return `<table><thead><tr><th>case</th><th>expected</th>${DEVIATION_HEAD}</tr></thead><tbody>${body}</tbody></table>`;
}

/** The report's HTML page (SVG plots inline) for a finished experiment. */
export async function symmetryHtml(r: SymmetryReport): Promise<string> {
  const [g2, g4, control, means, linear, ...trans] = await Promise.all([
    renderSvg(so5Spec(r, 2)), renderSvg(so5Spec(r, 4)), renderSvg(controlSpec(r)), renderSvg(meansSpec(r)), renderSvg(linearitySpec(r)),
    ...r.translation.cases.filter((c) => c.theory).map((c) => renderSvg(translationSpec(c))),
  ]);
  const failed = r.checks.filter((c) => !c.pass).length;
  const checks = r.checks.map((c) => `<tr><td>${c.pass ? 'pass' : '<b>FAIL</b>'}</td><td>${esc(c.name)}</td><td>${esc(c.detail)}</td></tr>`).join('\n');
  const so5Rows = r.so5.widths.map((w) => deviationRows(w.invariant, `<td>${w.width}</td><td>mw = 0</td>`) + '\n' + deviationRows(w.control, `<td>${w.width}</td><td>mw = ${r.so5.controlMw}</td>`)).join('\n');
  const tRows = r.translation.cases.map((c) => deviationRows(c.result, `<td>${c.arch}</td><td>${c.width}</td><td>G2 ${c.expected.order2}, G4 ${c.expected.order4}</td>`) +
    (c.theory ? `<tr><td colspan="3"></td><td colspan="12">exact finite-width change of every connected G2, G4: max |z| = ${num(c.theory.maxAbsZ)} over ${c.theory.entries} entries</td></tr>` : '')).join('\n');
  const b = r.breaking;
  const bRows = b.rows.map((x) => `<tr><td>${esc(x.quantity)}</td><td>${pm(x.measured, x.se)}</td><td>${num(x.predicted, 5)}</td><td>${num(x.z)}</td></tr>`).join('\n');
  const l = b.linearity;
  const lRows = l.muW.map((m, i) => `<tr><td>${m}</td><td>${pm(l.violation[i].value, l.violation[i].se)}</td><td>${num(l.predicted[i], 5)}</td></tr>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>nnft: symmetry via duality</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;max-width:1200px}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:2px 6px;text-align:left}figcaption{font-size:12px;color:#555;max-width:330px}.plots{display:flex;gap:2em;flex-wrap:wrap}figure{margin:0}.note{color:#555}</style>
</head><body>
<h1>Symmetry via duality: invariances read off parameter-space correlators, and their breaking</h1>
<p>${r.settings.networks.toLocaleString('en')} networks per run, seed ${r.settings.seed}. A transformation T is a symmetry of the
network density iff every correlator is invariant; for each order the deviations d = T.G - G are summarised by their mean mu_M
(with its jackknife error, correlations included) and rms sigma_M, against the propagated band delta_M = rms sqrt(se(G)^2 + se(T.G)^2),
and tested by a chi^2 of all entries whose null distribution is matched to the entries' jackknife correlation matrix (the entries
outnumber the 32 blocks, so the covariance cannot be inverted: the diagonal sum of z^2 is used, with the Satterthwaite effective degrees of
freedom). Verdict: <i>broken</i> when p &lt; ${num(r.so5.widths[0]?.invariant.alpha ?? 6.3e-5, 2)} (4 sigma), <i>exact</i> when every deviation is zero up to rounding.
Input transformations are paired: the same networks at x and T x.</p>
<h2>Checks (${r.checks.length - failed} of ${r.checks.length} pass)</h2>
<table><thead><tr><th>result</th><th>check</th><th>measured</th></tr></thead><tbody>${checks}</tbody></table>

<h2>SO(5): Gauss-net, d_in = 1, D = 5 (spec G1, G4 row 12)</h2>
<p>Points ${r.so5.points.join(', ')}; ${r.so5.rotations.count} rotations ${esc(r.so5.rotations.parametrisation)}; ${r.so5.estimator} estimator (every
parameter drawn, as the paper). G4 at the notebook's entry (points ${r.so5.g4Tuple.join(',')}). The control has weight means mw = ${r.so5.controlMw}
(both layers, as the authors' code; only the output layer's matters here). The chi^2 uses the first 64 rotations.</p>
<div class="plots"><figure>${g2}<figcaption>Points: mu_M with its jackknife error; dashed: sigma_M; grey: the band +- delta_M.</figcaption></figure>
<figure>${g4}<figcaption>The same for G4 at the notebook's entry.</figcaption></figure>
<figure>${control}<figcaption>|mu_M| in units of the band for zero means and for the control (log scale; the dashed line is 1).</figcaption></figure></div>
<table><thead><tr><th>N</th><th>weights</th>${DEVIATION_HEAD}</tr></thead><tbody>${so5Rows}</tbody></table>
<p class="note">With the conditional estimator (the last layer integrated out exactly given the hidden units) the output rotation is a symmetry of
every network's conditional moments, so the deviations vanish up to rounding: ${esc(r.so5.conditional.name)}, verdict
<b>${r.so5.conditional.result.verdict}</b>, largest |d| / rms G = ${num(Math.max(...r.so5.conditional.result.orders.map((o) => o.maxExactDeviation)), 2)}.</p>

<h2>Input rotations: relu-net, d_in = 3, N = ${r.inputRotation.width}</h2>
<p>Base points ${r.inputRotation.points.map((p) => `(${p.map((v) => v.toFixed(3)).join(', ')})`).join(', ')} and their images under a Haar rotation of
SO(3) (and a rotation by 1.1 about (1,1,1)); a non-zero mean of the input weights breaks SO(3) to the rotations about its direction (1,1,1).</p>
${caseTable(r.inputRotation.cases)}

<h2>Translations x -> x + ${r.translation.shift} (points ${r.translation.points.join(', ')})</h2>
<p>Gauss-net's 2-point function is translation invariant at every width, its finite-width connected 4-point function is not: the single-unit
term carries exp(sw^2 (|sum x_k|^2/2 - sum |x_k|^2)/d), which changes by exp(sw^2 (2 c . sum x_k + 4 |c|^2)/d). The measured change of every connected
entry is held against the exact finite-width theory. Cos-net (uniform phases) is invariant at every width.
${r.translation.cosNet === 'measured' ? '' : `<b>cos-net: ${esc(r.translation.cosNet)}</b>`}</p>
<div class="plots">${trans.map((s) => `<figure>${s}<figcaption>The six entries of largest predicted change: measured with errors (points), exact theory (red).</figcaption></figure>`).join('')}</div>
<table><thead><tr><th>arch</th><th>N</th><th>expected</th>${DEVIATION_HEAD}</tr></thead><tbody>${tRows}</tbody></table>

<h2>Breaking by means (spec G2, G4 row 11): relu-net d = ${b.dIn}, N = ${b.width}, D = ${b.dOut}, k = ${b.k}, mu_W = ${b.muW}</h2>
<p>W1_ij ~ N(mu_i, 1/N) with mu_i = mu_W on rows 0..${b.k - 1}, W0 ~ N(0, 1/d), no biases; ${b.estimator} estimator; two points x_0, x_1 with
standard normal entries. Predictions: E f_i(x) = mu_i N M(x) and Cov(f_i(x), f_j(y)) = delta_ij M(x, y) + mu_i mu_j N (M(x, y) - M(x) M(y)), with the
ReLU closed forms (equal to the theory layer's quadrature to ${num(b.unitMoments.maxRelativeDifference, 2)}). All ${b.formulas.entries} means and
covariances: max |z| = ${num(b.formulas.maxAbsZ)}.</p>
<div class="plots"><figure>${means}<figcaption>Measured with errors (points) against mu_i N M(x_0) (red).</figcaption></figure>
<figure>${linear}<figcaption>|R m - m| for one Haar rotation R of SO(10): measured with errors, the fitted line through the origin and the prediction N |M| |(R - I) mu|.</figcaption></figure></div>
<table><thead><tr><th>quantity</th><th>measured</th><th>predicted</th><th>z</th></tr></thead><tbody>${bRows}</tbody></table>
${caseTable([b.residual, b.generic])}
<table><thead><tr><th>mu_W</th><th>|R m - m|</th><th>predicted</th></tr></thead><tbody>${lRows}</tbody></table>
<p>Fitted slope ${pm(l.fit.slope, l.fit.slopeSE)} (chi^2 ${num(l.fit.chiSquare)} for ${l.fit.dof} dof), predicted ${num(l.predictedSlope, 5)}: z = ${num(l.z)}.</p>
</body></html>
`;
}
