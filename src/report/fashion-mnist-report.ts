// The Fashion-MNIST report: index.html with the one-hot heatmap (k x muW), the one-hot lines per
// k, the one-cold line with its 95% interval, and the tests of the paper's claims; report.json holds
// every number.
import type { TopLevelSpec } from 'vega-lite';
import type { FashionMnistReport, TrendTest } from '../experiments/fashion-mnist.js';
import { renderSvg } from './vega.js';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Mean max test accuracy per (k, muW), one-hot: a heatmap with the values written in. */
function heatmapSpec(r: FashionMnistReport): TopLevelSpec {
  const h = r.heatmap;
  const values = h.kValues.flatMap((k, i) => h.muValues.map((mu, j) => ({ k, mu: mu.toFixed(2), accuracy: h.mean[i][j] })));
  return {
    $schema: SCHEMA,
    title: `One-hot max test accuracy (%), mean of ${r.settings.runs} run${r.settings.runs > 1 ? 's' : ''}`,
    data: { values },
    width: { step: 34 },
    height: { step: 34 },
    encoding: {
      x: { field: 'mu', type: 'ordinal', title: 'muW' },
      y: { field: 'k', type: 'ordinal', title: 'k (rows with mean muW)', sort: 'descending' },
    },
    layer: [
      { mark: 'rect', encoding: { color: { field: 'accuracy', type: 'quantitative', title: 'accuracy %', scale: { scheme: 'viridis' } } } },
      { mark: { type: 'text', fontSize: 8 }, encoding: { text: { field: 'accuracy', type: 'quantitative', format: '.1f' }, color: { value: 'white' } } },
    ],
  };
}

/** Accuracy against muW: mean with a 95% interval band, one line per series. */
function linesSpec(title: string, rows: { series: string; mu: number; mean: number; lo: number; hi: number }[]): TopLevelSpec {
  const band = rows.every((p) => Number.isFinite(p.lo));
  return {
    $schema: SCHEMA,
    title,
    width: 420,
    height: 260,
    data: { values: rows },
    encoding: {
      x: { field: 'mu', type: 'quantitative', title: 'muW' },
      color: { field: 'series', type: 'nominal', title: '' },
    },
    layer: [
      ...(band
        ? [{ mark: { type: 'errorband' as const, opacity: 0.25 }, encoding: { y: { field: 'lo', type: 'quantitative' as const, title: 'max test accuracy (%)', scale: { zero: false } }, y2: { field: 'hi' } } }]
        : []),
      { mark: { type: 'line', point: true }, encoding: { y: { field: 'mean', type: 'quantitative', title: 'max test accuracy (%)', scale: { zero: false } } } },
    ],
  };
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const num = (v: number, digits = 3) => (Number.isFinite(v) ? v.toPrecision(digits) : '–');
const pval = (p: number) => (Number.isFinite(p) ? (p < 1e-4 ? p.toExponential(1) : p.toPrecision(2)) : '–');
const testCells = (t: TrendTest) =>
  `<td>${num(t.slope)} ± ${num(t.se, 2)}</td><td>${num(t.t)}</td><td>${pval(t.p)}</td>` +
  `<td>${t.sign ? `${t.sign.negative} / ${t.sign.positive} (p ${pval(t.sign.p)})` : '–'}</td><td>${t.method}, ${t.runs}</td>`;

/** The report's HTML page (SVG plots inline). */
export async function fashionMnistHtml(r: FashionMnistReport): Promise<string> {
  const seriesOfK = r.heatmap.kValues.flatMap((k, i) => r.heatmap.muValues.map((mu, j) => ({ series: `k = ${k}`, mu, mean: r.heatmap.mean[i][j], lo: NaN, hi: NaN })));
  const cold = r.oneCold.muValues.map((mu, j) => ({ series: `one-cold, k = ${r.oneCold.k}`, mu, ...r.oneCold.points[j] }));
  const [heat, hot, coldSvg] = await Promise.all([
    renderSvg(heatmapSpec(r)),
    renderSvg(linesSpec(`One-hot: accuracy against muW per k (mean of ${r.settings.runs} run${r.settings.runs > 1 ? 's' : ''})`, seriesOfK)),
    renderSvg(linesSpec(`One-cold accuracy vs. init. mean (k = ${r.oneCold.k}; mean and 95% t interval over ${r.settings.coldRuns} run${r.settings.coldRuns > 1 ? 's' : ''})`, cold)),
  ]);
  const claimRows = r.claims
    .map((c) => `<tr><td class="l">${esc(c.claim)}</td><td>${c.expected}</td>${testCells(c.test)}<td>${num(c.change)}</td><td><b>${c.verdict}</b></td></tr>`)
    .join('\n');
  const slopeRows = r.oneHotSlopes.map((s) => `<tr><td>${s.k}</td>${testCells(s.test)}</tr>`).join('\n');
  const b = r.baseline;
  const ci = (m: { mean: number; lo: number; hi: number; se: number }) =>
    `${num(m.mean, 4)}%${Number.isFinite(m.se) ? ` ± ${num(m.se, 2)} (95%: ${num(m.lo, 4)} – ${num(m.hi, 4)})` : ''}`;
  const data = Object.entries(r.data).map(([k, v]) => `<tr><td class="l">${esc(k)}</td><td class="l">${esc(typeof v === 'string' ? v : JSON.stringify(v))}</td></tr>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>nnft: symmetry breaking on Fashion-MNIST</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;max-width:1150px}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}td.l{text-align:left}.plots{display:flex;gap:2em;flex-wrap:wrap}figure{margin:0}</style>
</head><body>
<h1>Symmetry breaking at initialisation and training accuracy (Fashion-MNIST)</h1>
<p>Network 784 &rarr; ${r.settings.hidden} &rarr; 10, ReLU, no biases; W0 ~ N(0, 1/784), W1 ~ N(muW, 1/50) on output rows 0..k-1 and N(0, 1/50) on the rest;
mean squared error on one-hot (prediction argmax) or one-cold targets (argmin); ${esc(r.settings.optimiser)}, learning rate ${r.settings.lr},
${r.settings.epochs} epochs, batch ${r.settings.batch}. One-hot cells: ${r.settings.runs} run${r.settings.runs > 1 ? 's' : ''} each (seeds ${r.settings.seeds[0]}..${r.settings.seeds[r.settings.seeds.length - 1]});
one-cold line: ${r.settings.coldRuns} run${r.settings.coldRuns > 1 ? 's' : ''} per point (seeds ${r.settings.coldSeeds[0]}..${r.settings.coldSeeds[r.settings.coldSeeds.length - 1]}; the authors averaged 20).</p>
<ul>${r.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>
<h2>Accuracy without breaking (muW = 0)</h2>
<p>One-hot: ${ci(b.oneHot)}. One-cold: ${ci(b.oneCold)}.</p>
<h2>One-cold line (k = ${r.oneCold.k}): mean and 95% t interval over ${r.settings.coldRuns} run${r.settings.coldRuns > 1 ? 's' : ''}</h2>
<table><thead><tr><th>muW</th><th>mean (%)</th><th>95% interval</th></tr></thead><tbody>
${r.oneCold.muValues.map((mu, j) => `<tr><td>${mu}</td><td>${num(r.oneCold.points[j].mean, 4)}</td><td>${Number.isFinite(r.oneCold.points[j].se) ? `${num(r.oneCold.points[j].lo, 4)} – ${num(r.oneCold.points[j].hi, 4)}` : '–'}</td></tr>`).join('\n')}
</tbody></table>
<h2>The claims, tested</h2>
<table><thead><tr><th>claim</th><th>expected slope</th><th>slope (pp per unit)</th><th>t</th><th>p</th><th>runs with slope &lt; 0 / &gt; 0</th><th>method, runs</th><th>change over range (pp)</th><th>verdict</th></tr></thead>
<tbody>${claimRows}</tbody></table>
<div class="plots"><figure>${heat}</figure></div>
<div class="plots"><figure>${hot}</figure><figure>${coldSvg}</figure></div>
<h2>One-hot: slope of accuracy against muW at each k</h2>
<table><thead><tr><th>k</th><th>slope (pp per unit muW)</th><th>t</th><th>p</th><th>runs with slope &lt; 0 / &gt; 0</th><th>method, runs</th></tr></thead><tbody>${slopeRows}</tbody></table>
<h2>Data</h2>
<table><tbody>${data}</tbody></table>
<p>Runs: ${r.timing.runsTotal} distinct (${r.timing.runsMade} made now, ${r.timing.runsResumed} resumed), ${num(r.timing.meanRunSeconds)} s per run on average.</p>
</body></html>
`;
}
