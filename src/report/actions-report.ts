// The actions report: index.html with SVG plots (Cos-net's propagator against the cutoff formula, the
// cluster test of its 1/N 4-point function against the deformed phi^4 theory, the phi^4 response
// against 1/N) and tables with every number and its error, the spec's G4 rows 1-10 first;
// report.json holds the rest.
import type { TopLevelSpec } from 'vega-lite';
import type { ActionsReport, TableRow } from '../experiments/actions.js';
import type { PropagatorPanel } from '../experiments/actions-cos-net.js';
import type { LatticeCoupling } from '../experiments/actions-reconstruction.js';
import type { Extrapolation } from '../experiments/actions-phi4.js';
import { cutoffPropagator } from '../theory/cos-net.js';
import { renderSvg } from './vega.js';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const num = (v: number | null, digits = 4) => (v === null || !Number.isFinite(v) ? '–' : v.toPrecision(digits));
const pm = (v: number, se: number, digits = 4) => `${num(v, digits)} ± ${num(se, 2)}`;

/** Measured G(r) with errors against the cutoff propagator (a curve) and, where it is finite, the continuum one. */
function propagatorSpec(p: PropagatorPanel): TopLevelSpec {
  const rMax = 2.2;
  const curve = Array.from({ length: 89 }, (_, i) => (i * rMax) / 88).flatMap((r) => {
    const rows = [{ r, g: cutoffPropagator(p.dIn, p.mass, p.cutoff, r), series: `cutoff Lambda = ${p.cutoff}` }];
    const cont = p.dIn === 1 ? Math.exp(-r) / 2 : p.dIn === 3 && r > 0.15 ? Math.exp(-r) / (4 * Math.PI * r) : null;
    if (cont !== null) rows.push({ r, g: cont, series: 'continuum' });
    return rows;
  });
  const points = p.points.map((x) => ({ r: x.r, g: x.measured, lo: x.measured - x.se, hi: x.measured + x.se }));
  const y = { field: 'g', type: 'quantitative' as const, title: 'G(r)' };
  return {
    $schema: SCHEMA,
    title: `Cos-net propagator, d = ${p.dIn}`,
    width: 240,
    height: 200,
    layer: [
      { data: { values: curve }, mark: { type: 'line' }, encoding: { x: { field: 'r', type: 'quantitative', title: 'r' }, y, color: { field: 'series', type: 'nominal', title: '', legend: { orient: 'bottom', direction: 'vertical', labelLimit: 400 } } } },
      { data: { values: points }, mark: { type: 'errorbar', ticks: true }, encoding: { x: { field: 'r', type: 'quantitative' }, y: { field: 'lo', type: 'quantitative', title: 'G(r)' }, y2: { field: 'hi' } } },
      { data: { values: points }, mark: { type: 'point', filled: true, color: 'black' }, encoding: { x: { field: 'r', type: 'quantitative' }, y } },
    ],
  };
}

/** R(r): Cos-net at finite N (measured, exact) against the phi^4 theory at finite coupling (measured). */
function clusterSpec(r: ActionsReport): TopLevelSpec {
  const c = r.fourPoint.cluster;
  const measured = [
    ...c.profile.map((p) => ({ r: p.r, ratio: p.ratio, lo: p.ratio - p.se, hi: p.ratio + p.se, series: `Cos-net N = ${r.fourPoint.width} (1/N term)` })),
    ...r.phi4.cluster.profile.map((p) => ({ r: p.r, ratio: p.ratio, lo: p.ratio - p.se, hi: p.ratio + p.se, series: `phi^4, N = infinity, lambda = ${r.phi4.cluster.lambda}` })),
  ];
  const exact = [{ r: 0, ratio: 1 }, ...c.profile.map((p) => ({ r: p.r, ratio: p.exact }))];
  const x = { field: 'r', type: 'quantitative' as const, title: 'separation r' };
  const y = { field: 'ratio', type: 'quantitative' as const, title: 'R(r) = G_c(0,0,r,r) / G_c(0,0,0,0)' };
  return {
    $schema: SCHEMA,
    title: 'Cluster test: the 1/N interaction does not decay, phi^4 does',
    width: 360,
    height: 220,
    layer: [
      { data: { values: exact }, mark: { type: 'line', color: '#d62728', strokeDash: [4, 3] }, encoding: { x, y } },
      { data: { values: measured }, mark: { type: 'errorbar', ticks: true }, encoding: { x, y: { field: 'lo', type: 'quantitative', title: y.title }, y2: { field: 'hi' }, color: { field: 'series', type: 'nominal', title: '', legend: { orient: 'bottom', direction: 'vertical', labelLimit: 400 } } } },
      { data: { values: measured }, mark: { type: 'point', filled: true }, encoding: { x, y, color: { field: 'series', type: 'nominal', title: '' } } },
    ],
  };
}

/** The O(lambda) coefficient of G_c^(4) at one tuple against 1/N: measured, exact, the weighted fit and the tree level. */
function responseSpec(r: ActionsReport, i: number, e: Extrapolation): TopLevelSpec {
  const runs = [r.phi4.gp, ...r.phi4.widths];
  const values = runs.map((w) => {
    const x = w.width === null ? 0 : 1 / w.width;
    const m = w.entries[i];
    return { x, y: m.measured, lo: m.measured - m.se, hi: m.measured + m.se, exact: m.exact };
  });
  const xMax = Math.max(...values.map((v) => v.x)) * 1.05;
  const lines = [
    { x: 0, y: e.finite.intercept, series: 'weighted fit (finite N)' },
    { x: xMax, y: e.finite.intercept + e.finite.slope * xMax, series: 'weighted fit (finite N)' },
    { x: 0, y: e.tree, series: 'tree level' },
    { x: xMax, y: e.tree, series: 'tree level' },
  ];
  const x = { field: 'x', type: 'quantitative' as const, title: '1/N' };
  const title = 'dG_c / dlambda';
  return {
    $schema: SCHEMA,
    title: `d G_c^(4)(${e.points.join(',')}) / d lambda`,
    width: 240,
    height: 200,
    layer: [
      { data: { values: lines }, mark: { type: 'line' }, encoding: { x, y: { field: 'y', type: 'quantitative', title }, color: { field: 'series', type: 'nominal', title: '', legend: { orient: 'bottom', direction: 'vertical', labelLimit: 400 } } } },
      { data: { values }, mark: { type: 'tick', orient: 'horizontal', color: '#d62728', thickness: 3, size: 18 }, encoding: { x, y: { field: 'exact', type: 'quantitative', title } } },
      { data: { values }, mark: { type: 'errorbar', ticks: true }, encoding: { x, y: { field: 'lo', type: 'quantitative', title }, y2: { field: 'hi' } } },
      { data: { values }, mark: { type: 'point', filled: true, color: 'black' }, encoding: { x, y: { field: 'y', type: 'quantitative', title } } },
    ],
  };
}

/** G_c^(4)(0,0,0,0) against N, log-log: i.i.d. neurons fall like 1/N, a shared scale levels off (exact curves, measured points). */
function independenceSpec(r: ActionsReport): TopLevelSpec {
  const p = r.independence;
  const label = (kind: 'iid' | 'shared') => (kind === 'iid' ? 'i.i.d. neurons' : `shared scale, nu = ${p.dof}`);
  const curves = p.curves.flatMap((c) => [{ width: c.width, g: c.iid, series: label('iid') }, { width: c.width, g: c.shared, series: label('shared') }]);
  const points = p.runs.map((x) => ({
    width: x.width, g: x.fourPoint.measured, lo: Math.max(x.fourPoint.measured - x.fourPoint.se, 1e-9), hi: x.fourPoint.measured + x.fourPoint.se, series: label(x.kind),
  }));
  const x = { field: 'width', type: 'quantitative' as const, title: 'width N', scale: { type: 'log' as const } };
  const y = { field: 'g', type: 'quantitative' as const, title: 'G_c^(4)(0,0,0,0)', scale: { type: 'log' as const } };
  const color = { field: 'series', type: 'nominal' as const, title: '', legend: { orient: 'bottom' as const, direction: 'vertical' as const, labelLimit: 400 } };
  return {
    $schema: SCHEMA,
    title: 'Independence breaking survives N -> infinity',
    width: 320,
    height: 220,
    layer: [
      { data: { values: curves }, mark: { type: 'line' }, encoding: { x, y, color } },
      { data: { values: points }, mark: { type: 'errorbar', ticks: true }, encoding: { x, y: { field: 'lo', type: 'quantitative', title: y.title, scale: y.scale }, y2: { field: 'hi' }, color } },
      { data: { values: points }, mark: { type: 'point', filled: true }, encoding: { x, y, color } },
    ],
  };
}

/** sum |g_4| by diameter, relative to the diagonal: phi^4 (N = infinity) and finite-width Cos-net, measured and exact. */
function profileSpec(r: ActionsReport): TopLevelSpec {
  const rc = r.reconstruction;
  const sets = [
    { c: rc.phi4, label: 'phi^4, d g_4 / d lambda' },
    { c: rc.cosNet, label: `Cos-net N = ${rc.cosNet.width}, g_4` },
  ];
  const measured = sets.flatMap(({ c, label }) => {
    const d0 = c.profile[0].exact;
    return c.profile.map((b) => ({ d: b.diameter, v: b.value / d0, lo: Math.max((b.value - b.se) / d0, 1e-4), hi: (b.value + b.se) / d0, series: `${label} (measured)` }));
  });
  const exact = sets.flatMap(({ c, label }) => c.profile.map((b) => ({ d: b.diameter, v: Math.max(b.exact / c.profile[0].exact, 1e-4), series: `${label} (exact)` })));
  const x = { field: 'd', type: 'quantitative' as const, title: 'diameter of (i, j, k, l)' };
  const y = { field: 'v', type: 'quantitative' as const, title: 'sum |g_4| / exact diagonal sum', scale: { type: 'log' as const } };
  const color = { field: 'series', type: 'nominal' as const, title: '', legend: { orient: 'bottom' as const, direction: 'vertical' as const, labelLimit: 400 } };
  return {
    $schema: SCHEMA,
    title: 'Reconstructed quartic couplings by diameter',
    width: 320,
    height: 220,
    layer: [
      { data: { values: exact }, mark: { type: 'line', strokeDash: [4, 3] }, encoding: { x, y, color } },
      { data: { values: measured }, mark: { type: 'errorbar', ticks: true }, encoding: { x, y: { field: 'lo', type: 'quantitative', title: y.title, scale: y.scale }, y2: { field: 'hi' }, color } },
      { data: { values: measured }, mark: { type: 'point', filled: true }, encoding: { x, y, color } },
    ],
  };
}

function couplingRows(c: LatticeCoupling): string {
  return c.diagonal.map((d) => `<tr><td>${d.site}</td><td>${pm(d.measured, d.se)}</td><td>${num(d.exact, 5)}</td><td>${num(d.z, 3)}</td></tr>`).join('\n');
}

function tableRow(t: TableRow): string {
  const spec = t.specSE === null ? num(t.spec) : pm(t.spec, t.specSE);
  const ours = t.ours === null ? '<i>not in this build</i>' : t.se === null ? num(t.ours, 6) : pm(t.ours, t.se);
  const cmp = t.z !== null ? `z = ${num(t.z, 3)}` : t.difference !== null ? `diff. ${t.difference.toExponential(1)}` : '–';
  const pred = t.prediction === null ? '–' : `${num(t.prediction, 5)}${t.zPrediction === null ? '' : ` (z = ${num(t.zPrediction, 3)})`}`;
  const agrees = t.agrees === null ? '–' : t.agrees ? 'yes' : '<b>no</b>';
  return `<tr><td>${t.row}</td><td>${esc(t.quantity)}</td><td>${esc(t.setting)}</td><td>${spec}</td><td>${ours}</td><td>${cmp}</td><td>${esc(t.tolerance)}</td><td>${agrees}</td><td>${pred}</td><td>${esc(t.note)}</td></tr>`;
}

/** The report's HTML page (SVG plots inline) for a finished experiment. */
export async function actionsHtml(r: ActionsReport): Promise<string> {
  const [cluster, independence, profile, ...rest] = await Promise.all([
    renderSvg(clusterSpec(r)),
    renderSvg(independenceSpec(r)),
    renderSvg(profileSpec(r)),
    ...r.propagators.map((p) => renderSvg(propagatorSpec(p))),
    ...r.phi4.extrapolation.map((e, i) => renderSvg(responseSpec(r, i, e))),
  ]);
  const props = rest.slice(0, r.propagators.length);
  const responses = rest.slice(r.propagators.length);
  const failed = r.checks.filter((c) => !c.pass).length;
  const checks = r.checks.map((c) => `<tr><td>${c.pass ? 'pass' : '<b>FAIL</b>'}</td><td>${esc(c.name)}</td><td>${esc(c.detail)}</td></tr>`).join('\n');
  const propRows = r.propagators.flatMap((p) => p.points.map((x) => `<tr><td>${p.dIn}</td><td>${p.cutoff}</td><td>${x.r}</td><td>${pm(x.measured, x.se)}</td><td>${num(x.cutoff, 5)}</td><td>${num(x.continuum, 5)}</td><td>${num(x.z, 3)}</td></tr>`)).join('\n');
  const f = r.fourPoint;
  const fourRows = f.entries.map((e) => `<tr><td>(${e.points.join(', ')})</td><td>${pm(e.measured, e.se)}</td><td>${num(e.exact, 6)}</td><td>${num(e.z, 3)}</td></tr>`).join('\n');
  const clusterRows = f.cluster.profile.map((p) => `<tr><td>${p.r}</td><td>${pm(p.ratio, p.se)}</td><td>${num(p.exact, 5)}</td><td>${num(p.z, 3)}</td></tr>`).join('\n');
  const ph = r.phi4;
  const treeRows = ph.treeIntegrals.map((t) => `<tr><td>(${t.points.join(', ')})</td><td>${num(t.spec)}</td><td>${num(t.integral, 6)}</td><td>${num(t.trapezoid, 6)}</td></tr>`).join('\n');
  const runs = [ph.gp, ...ph.widths];
  const responseRows = runs.flatMap((w) => w.entries.map((e) => `<tr><td>${w.width ?? '∞'}</td><td>${w.networks.toLocaleString('en')}</td><td>(${e.points.join(', ')})</td><td>${pm(e.measured, e.se)}</td><td>${num(e.exact, 5)}</td><td>${num(e.z, 3)}</td><td>${num(e.tree, 5)}</td><td>${num(e.zTree, 3)}</td></tr>`)).join('\n');
  const baselineRows = ph.widths.map((w) => `<tr><td>${w.width}</td><td>${pm(w.baseline.measured, w.baseline.se)}</td><td>${num(w.baseline.exact, 5)}</td></tr>`).join('\n');
  const extraRows = ph.extrapolation.map((e) => `<tr><td>(${e.points.join(', ')})</td><td>${pm(e.finite.intercept, e.finite.interceptSE)}</td><td>${num(e.z, 3)}</td><td>${pm(e.finite.slope, e.finite.slopeSE, 3)}</td>` +
    `<td>${num(e.exactSlope, 4)}</td><td>${num(e.finite.chi2, 3)} / ${e.finite.dof}</td><td>${num(e.exactIntercept, 5)}</td><td>${pm(e.withInfinity.intercept, e.withInfinity.interceptSE)}</td><td>${num(e.tree, 5)}</td></tr>`).join('\n');
  const rw = ph.reweighted;
  const rwRows = rw.entries.map((e) => `<tr><td>(${e.points.join(', ')})</td><td>${pm(e.shift, e.se, 3)}</td><td>${pm(e.linear, e.linearSE, 3)}</td><td>${num(e.tree, 3)}</td><td>${num(e.spec, 2)}</td></tr>`).join('\n');
  const phiCluster = ph.cluster.profile.map((p) => `<tr><td>${p.r}</td><td>${pm(p.ratio, p.se)}</td></tr>`).join('\n');
  const mp = r.metropolis;
  const mpRows = mp.entries.map((e) => `<tr><td>(${e.idx.map((i) => mp.setup.points[i]).join(', ')})</td><td>${pm(e.metropolis.value, e.metropolis.se)}</td><td>${pm(e.reweighted.value, e.reweighted.se)}</td>` +
    `<td>${num(e.z, 3)}</td><td>${pm(e.firstOrder.value, e.firstOrder.se)}</td><td>${num(e.undeformed, 5)}</td><td>${num(e.zShift, 3)}</td></tr>`).join('\n');
  const rc = r.reconstruction;
  const os = rc.oneSite;
  const ts = rc.threeSite;
  const locality = (c: LatticeCoupling) => `L = ${pm(c.diagonalDominance.value, c.diagonalDominance.se, 3)} (exact ${num(c.diagonalDominance.exact, 3)}); entries beyond diameter ${c.range}: ` +
    `chi^2 ${num(c.beyondRange.chi2, 4)} on ${num(c.beyondRange.dof, 3)} effective dof, p = ${num(c.beyondRange.pValue, 2)}: <b>${c.verdict}</b>`;
  const ind = r.independence;
  const indRows = ind.runs.map((x) => `<tr><td>${x.width}</td><td>${x.kind === 'iid' ? 'i.i.d.' : `shared, nu = ${ind.dof}`}</td><td>${x.networks.toLocaleString('en')}</td>` +
    `<td>${pm(x.fourPoint.measured, x.fourPoint.se)}</td><td>${num(x.fourPoint.exact, 5)}</td><td>${num(x.fourPoint.z, 3)}</td>` +
    `<td>${pm(x.ratio.measured, x.ratio.se)}</td><td>${num(x.ratio.exact, 4)}</td><td>${num(x.ratio.z, 3)}</td></tr>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>nnft: actions, non-Gaussianity and locality</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;max-width:1250px}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:2px 6px;text-align:left}figcaption{font-size:12px;color:#555;max-width:380px}.plots{display:flex;gap:2em;flex-wrap:wrap}figure{margin:0}.note{color:#555}</style>
</head><body>
<h1>Neural-network field theories: non-Gaussianity, actions and locality</h1>
<p>Seed ${r.settings.seed}${r.settings.quick ? ' (quick sizes)' : ''}; ${num(r.seconds.total, 3)} s. Every statistical number carries a delete-one-block jackknife
error (32 blocks). The G4 table holds each row to the spec's tolerance (3 standard errors, or its digits for quadratures); the checks use |z| &lt; ${r.settings.zMax}.</p>
<h2>Spec G4 rows 1-10</h2>
<table><thead><tr><th>row</th><th>quantity</th><th>setting</th><th>spec</th><th>ours</th><th>ours vs spec</th><th>tolerance</th><th>agrees</th><th>our prediction (z)</th><th>note</th></tr></thead>
<tbody>${r.table.map(tableRow).join('\n')}</tbody></table>
<h2>Checks (${r.checks.length - failed} of ${r.checks.length} pass)</h2>
<table><thead><tr><th>result</th><th>check</th><th>measured</th></tr></thead><tbody>${checks}</tbody></table>

<h2>1. Cos-net: the free propagator (G4 rows 6, 7)</h2>
<p>phi(x) = C N^(-1/2) sum_i a_i cos(b_i . x + c_i) / sqrt(b_i^2 + m^2), b uniform in the ball of radius Lambda, m = 1, sigma_a = 1; width
${r.propagators[0]?.width}, ${r.propagators[0]?.networks.toLocaleString('en')} networks per dimension, conditional estimator. The 2-point function is the cutoff propagator at every width;
separations along (1, .., 1)/sqrt(d).</p>
<div class="plots">${props.map((s) => `<figure>${s}<figcaption>Measured (points, 1 s.e.) against the cutoff propagator and the continuum one.</figcaption></figure>`).join('')}</div>
<table><thead><tr><th>d</th><th>Lambda</th><th>r</th><th>measured</th><th>cutoff formula</th><th>continuum</th><th>z</th></tr></thead><tbody>${propRows}</tbody></table>

<h2>2. Its 1/N interactions and non-locality (G4 rows 8, 10)</h2>
<p>d = 1, m = 1, Lambda = 8, N = ${f.width}, ${f.networks.toLocaleString('en')} networks, conditional estimator; exact: the finite-width theory from Cos-net's single-neuron moments.</p>
<table><thead><tr><th>points</th><th>N G_c^(4) measured</th><th>exact</th><th>z</th></tr></thead><tbody>${fourRows}</tbody></table>
<div class="plots"><figure>${cluster}<figcaption>R(r) with 1 s.e. errors. Cos-net's connected 4-point function does not decay (red dashed: exact, tending to 0.762); the phi^4 theory
(a Gaussian process deformed at lambda = ${ph.cluster.lambda}, reweighted) clusters like e^{-2 m r}.</figcaption></figure></div>
<table><thead><tr><th>r</th><th>R(r) Cos-net</th><th>exact</th><th>z</th></tr></thead><tbody>${clusterRows}</tbody></table>
<p>Verdict (R at the largest separation against its own error, ${r.settings.zMax} s.e.): Cos-net at N = ${f.width} <b>${f.cluster.verdict}</b> (R/se = ${num(f.cluster.z, 3)});
phi^4 at lambda = ${ph.cluster.lambda} <b>${ph.cluster.verdict}</b> (R/se = ${num(ph.cluster.z, 3)}, effective sample size ${num(100 * ph.cluster.essFraction, 3)}% of ${ph.cluster.networks.toLocaleString('en')}).</p>
<table><thead><tr><th>r</th><th>R(r) phi^4, lambda = ${ph.cluster.lambda}</th></tr></thead><tbody>${phiCluster}</tbody></table>

<h2>3. phi^4 by a deformed parameter density (G4 row 9)</h2>
<p>P_lambda(theta) ∝ P_0(theta) exp(-(lambda/4!) int_V phi^4), V = [${ph.setup.region.join(', ')}], trapezoid rule with ${ph.setup.grid} nodes (dy = ${ph.setup.spacing}), d = 1, m = 1, Lambda = 8.
The O(lambda) coefficient of G_c^(4) is measured by the linear response -Cov_0(G_c^(4), Delta S / lambda) (exact, no lambda^2 part; the undeformed 1/N connected
4-point function, a constant in lambda, drops out). At N = infinity (the Gaussian process of the cutoff propagator, jitter ${num(ph.gp.jitter?.points ?? 0, 2)} on the points,
${num(ph.gp.jitter?.grid ?? 0, 2)} on the grid nodes) its prediction is the tree level -lambda int_V prod G; at finite N the exact finite-width response (8-point moments
of the i.i.d. network) adds every O(lambda/N^k) term.</p>
<table><thead><tr><th>points</th><th>spec</th><th>-int_V prod G (Gauss-Legendre)</th><th>trapezoid, the sampled V</th></tr></thead><tbody>${treeRows}</tbody></table>
<div class="plots">${responses.map((s) => `<figure>${s}<figcaption>Measured (points, 1 s.e.) at N = infinity (1/N = 0) and finite N; exact coefficient (red ticks); weighted fit over the finite widths; tree level.</figcaption></figure>`).join('')}</div>
<table><thead><tr><th>N</th><th>networks</th><th>points</th><th>d G_c^(4) / d lambda</th><th>exact</th><th>z</th><th>tree</th><th>z vs tree</th></tr></thead><tbody>${responseRows}</tbody></table>
<p>Extrapolation in 1/N: weighted least squares c(N) = c_inf + a/N over the finite widths (independent of the N = infinity run), and with it.</p>
<table><thead><tr><th>points</th><th>c_inf (finite N)</th><th>z vs tree</th><th>a</th><th>exact N (c - tree) at the largest N</th><th>chi^2 / dof</th><th>fit of the exact c(N)</th><th>c_inf with N = infinity</th><th>tree</th></tr></thead><tbody>${extraRows}</tbody></table>
<p>The undeformed N G_c^(4)(0,0,0,0) of the same networks (direct estimator, which deformed runs need; the response subtracts it):</p>
<table><thead><tr><th>N</th><th>measured</th><th>exact</th></tr></thead><tbody>${baselineRows}</tbody></table>
<p>Finite lambda = ${rw.lambda}, reweighted Gaussian-process draws (the same draws as the response): effective sample size ${num(rw.effectiveSampleSize, 6)} of ${rw.networks.toLocaleString('en')}
(${num(100 * rw.essFraction, 4)}%)${rw.warnings.length > 0 ? `; warnings: ${esc(rw.warnings.join('; '))}` : ''}. The shift G_c^(4)(lambda) - G_c^(4)(0) has a paired jackknife error;
its difference from lambda times the response is O(lambda^2).</p>
<table><thead><tr><th>points</th><th>shift</th><th>lambda x response</th><th>lambda x tree</th><th>spec's shift</th></tr></thead><tbody>${rwRows}</tbody></table>

<h3>One deformed density, three samplers</h3>
<p>Cos-net N = ${mp.setup.width} (d = 1, m = 1, Lambda = 8) deformed at lambda = ${mp.setup.lambda} on V = [${mp.setup.region.join(', ')}] (${mp.setup.grid} nodes), at the points ${mp.setup.points.join(', ')}.
Metropolis: ${mp.chains} chains of ${mp.sweeps.toLocaleString('en')} sweeps after ${mp.burnIn.toLocaleString('en')} of burn-in, each sweep proposing every unit afresh from the undeformed density
(acceptance min(1, e^{-lambda dV})): acceptance ${num(mp.acceptanceRate, 4)}, integrated autocorrelation time ${pm(mp.tau.action.tau, mp.tau.action.se, 3)} sweeps (Delta S) and
${pm(mp.tau.phi2.tau, mp.tau.phi2.se, 3)} (phi(0)^2); errors by jackknife over blocks of consecutive sweeps${mp.metropolisWarnings.length ? `; warnings: ${esc(mp.metropolisWarnings.join('; '))}` : ''}.
Importance reweighting: ${mp.reweightedNetworks.toLocaleString('en')} undeformed networks, effective sample size ${num(100 * mp.effectiveSampleSize / mp.reweightedNetworks, 3)}%.
First order: the exact undeformed value plus lambda times the linear response (${mp.responseNetworks.toLocaleString('en')} networks); at this lambda the O(lambda^2) terms show.
Times: Metropolis ${num(mp.seconds.metropolis, 3)} s (one thread), reweighting ${num(mp.seconds.reweighted, 3)} s, response ${num(mp.seconds.response, 3)} s.</p>
<table><thead><tr><th>points</th><th>Metropolis</th><th>reweighted</th><th>z</th><th>first order</th><th>undeformed (exact)</th><th>Metropolis vs undeformed (z)</th></tr></thead><tbody>${mpRows}</tbody></table>

<h2>4. The action from the correlators (spec F2, F5)</h2>
<p>Leading-order couplings by the amputated-vertex rules: g_4 = -kappa_4(ijkl) K_ia K_jb K_kc K_ld with K the inverse of the measured G on the sites,
errors by recomputing the whole chain on every jackknife replicate. Sites: the lattice ${rc.phi4.sites.join(', ')} (spacing 0.5).
<b>phi^4</b>: at N = infinity kappa_4 vanishes at lambda = 0, so d g_4 / d lambda = -amp(d kappa_4 / d lambda) from the linear response of part 3 (the same draws);
its exact value is the tree vertex amputated on the lattice, sum_g w_g prod_k (K G(., y_g))_k, local up to the interpolation between sites
(two lattice spacings) and the region outside the lattice that the boundary sites absorb. The summed coupling at x = 0,
sum_bcd d g_4(0bcd) / d lambda / a = ${pm(rc.phi4.recovered.measured, rc.phi4.recovered.se, 3)} (exact lattice value ${num(rc.phi4.recovered.exact, 4)}, z = ${num(rc.phi4.recovered.z, 3)};
continuum: lambda, i.e. 1). <b>Cos-net</b> at N = ${rc.cosNet.width} (${rc.cosNet.networks.toLocaleString('en')} networks): g_4 = -amp(kappa_4) of its 1/N connected function.</p>
<div class="plots"><figure>${profile}<figcaption>Summed |g_4| over ordered index tuples of each diameter, relative to the exact diagonal sum; measured (1 s.e.) and exact (dashed).
Noise fills every entry at the level of its error, so measured sums of |g| sit above the exact ones where the coupling is small; the verdict tests those entries against their errors.</figcaption></figure></div>
<p>phi^4: ${locality(rc.phi4)}.<br>Cos-net: ${locality(rc.cosNet)}.</p>
<table><thead><tr><th>site</th><th>phi^4: d g_4(aaaa) / d lambda</th><th>exact</th><th>z</th></tr></thead><tbody>${couplingRows(rc.phi4)}</tbody></table>
<table><thead><tr><th>site</th><th>Cos-net N = ${rc.cosNet.width}: g_4(aaaa)</th><th>exact</th><th>z</th></tr></thead><tbody>${couplingRows(rc.cosNet)}</tbody></table>

<h2>5. Exact reconstruction examples (G4 rows 1-5)</h2>
<p>One site, S = phi^2/2 + lambda phi^4/24, by quadrature: at lambda = 0.1, G = ${num(os.row1.G, 7)}, kappa_4 = ${num(os.row1.kappa4, 6)}, lambda_rec = ${num(os.row1.g4, 6)}, g_2 - 1 = ${num(os.row1.g2 - 1, 3)}
(while 1/G - 1 = ${num(1 / os.row1.G - 1, 3)}). (lambda_rec - lambda)/lambda^2 → -3/2: ${os.row2.map((x) => `${x.lambda}: ${num(x.coefficient, 4)}`).join(', ')}.
At lambda = ${os.row3.lambda}: kappa_6/lambda^2 = ${num(os.row3.kappa6 / os.row3.lambda ** 2, 4)}, g_6/lambda^3 = ${num(os.row3.g6 / os.row3.lambda ** 3, 4)}.
Three sites (A as in the table, lambda = 0.3, ${ts.nodes}^3 Gauss-Hermite nodes): g_4(iiii) = ${ts.g4Diagonal.map((v) => num(v, 4)).join(', ')} (true 0.3 less the one-loop term),
max off-diagonal |g_4| = ${num(ts.g4MaxOffDiagonal, 3)}; g_2 diagonal ${ts.g2.map((row, i) => num(row[i], 5)).join(', ')}, off-diagonal ${num(ts.g2[0][1], 4)}, while G^-1 alone has ${ts.inverseG.map((row, i) => num(row[i], 5)).join(', ')}.</p>

<h2>Independence breaking: interactions at infinite width (spec F1, source 2)</h2>
<p>Cos-net (d = 1, m = 1, Lambda = 8) whose output weights share one random scale per network, s^2 = chi^2_nu / nu with nu = ${ind.dof}
(Var(s^2) = ${num(ind.scaleVariance, 3)}), against the same network with i.i.d. neurons; conditional estimator. Exact: the finite-width theory, and for the shared
scale its moments times E[s^n]. At N = infinity the shared scale leaves G_c^(4)(0,0,0,0) = 3 Var(s^2) G(0)^2 = ${num(ind.infinite.fourPoint, 4)} and
R(20) = ${num(ind.infinite.ratio, 4)}: the network is interacting at infinite width, and, the scale being one global mode, non-locally.</p>
<div class="plots"><figure>${independence}<figcaption>Measured (points, 1 s.e.) and exact (lines) G_c^(4)(0,0,0,0) against the width.</figcaption></figure></div>
<table><thead><tr><th>N</th><th>neurons</th><th>networks</th><th>G_c^(4)(0,0,0,0)</th><th>exact</th><th>z</th><th>R(20)</th><th>exact</th><th>z</th></tr></thead><tbody>${indRows}</tbody></table>
</body></html>
`;
}
