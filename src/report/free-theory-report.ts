// The free-theory report: index.html with SVG plots in the paper's figure style and a table of
// fitted slopes, and report.json with every number.
import type { TopLevelSpec } from 'vega-lite';
import type { FreeTheoryPanel, FreeTheoryReport } from '../experiments/free-theory.js';
import { renderSvg } from './vega.js';

const ORDERS = ['2', '4', '6'] as const;

/** log10 m_n against log10 N with the background log10 b_n dashed, one colour per order. */
function deviationSpec(p: FreeTheoryPanel): TopLevelSpec {
  const values = p.widths.flatMap((w) =>
    ORDERS.flatMap((n) => [
      { logN: Math.log10(w.width), value: Math.log10(w.deviation[n].mGeo), order: `m${n}`, kind: 'deviation' },
      { logN: Math.log10(w.width), value: Math.log10(w.deviation[n].background), order: `m${n}`, kind: 'background' },
    ]),
  );
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `${p.arch}, d_in = ${p.dIn} (${p.pointSet})`,
    width: 260,
    height: 200,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'logN', type: 'quantitative', title: 'log10 N' },
      y: { field: 'value', type: 'quantitative', title: 'log10 m_n (solid), log10 b_n (dashed)' },
      color: { field: 'order', type: 'nominal', title: 'order' },
      strokeDash: { field: 'kind', type: 'nominal', title: '', scale: { domain: ['deviation', 'background'], range: [[1, 0], [4, 3]] } },
    },
  };
}

/** N kappa_4 of the largest entry, measured with error bars, against the exact (N-independent) C4. */
function connectedSpec(p: FreeTheoryPanel): TopLevelSpec {
  const values = p.widths.map((w) => {
    const l = w.exact['4'].largest;
    return { logN: Math.log10(w.width), measured: w.width * l.measured, lo: w.width * (l.measured - l.se), hi: w.width * (l.measured + l.se), exact: w.width * l.exact };
  });
  const idx = p.widths[0]?.exact['4'].largest.idx.join(',') ?? '';
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `${p.arch}, d_in = ${p.dIn}: N kappa4(${idx})`,
    width: 260,
    height: 200,
    data: { values },
    encoding: { x: { field: 'logN', type: 'quantitative', title: 'log10 N' } },
    layer: [
      {
        mark: { type: 'line', color: '#888', strokeDash: [4, 3] },
        encoding: { y: { field: 'exact', type: 'quantitative', title: 'N kappa4: measured (points), exact (dashed)', scale: { zero: false } } },
      },
      { mark: { type: 'errorbar', ticks: true }, encoding: { y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' } } },
      { mark: { type: 'point', filled: true }, encoding: { y: { field: 'measured', type: 'quantitative' } } },
    ],
  };
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const num = (v: number, digits = 3) => (Number.isFinite(v) ? v.toPrecision(digits) : '–');

/** The report's HTML page (SVG plots inline) for a finished experiment. */
export async function freeTheoryHtml(r: FreeTheoryReport): Promise<string> {
  const sections: string[] = [];
  for (const p of r.panels) {
    const [dev, con] = await Promise.all([renderSvg(deviationSpec(p)), renderSvg(connectedSpec(p))]);
    const rows = p.widths
      .map((w) => `<tr><td>${w.width}</td>${ORDERS.map((n) => `<td>${num(w.deviation[n].mAri)}</td><td>${num(w.deviation[n].background)}</td>`).join('')}` +
        `<td>${num(w.exact['4'].maxAbsZ)}</td><td>${num(100 * w.exact['4'].fractionAbove3, 2)}%</td><td>${num(w.exact['6'].maxAbsZ)}</td><td>${num(100 * w.exact['6'].fractionAbove3, 2)}%</td></tr>`)
      .join('\n');
    const caveat = p.arch === 'gauss-net'
      ? '<p class="note">Gauss-net units are lognormal: the estimates of G4 and G6 are heavy-tailed, and errors taken from a finite sample understate their spread. Read this panel qualitatively.</p>'
      : '';
    sections.push(`<section><h2>${esc(p.arch)}, d_in = ${p.dIn} <small>(${p.pointSet}, sw = ${p.sw}, sb = ${p.sb})</small></h2>${caveat}
<div class="plots"><figure>${dev}</figure><figure>${con}</figure></div>
<table><thead><tr><th>N</th>${ORDERS.map((n) => `<th>m${n}</th><th>b${n}</th>`).join('')}<th>max |z| k4</th><th>|z|&gt;3 k4</th><th>max |z| k6</th><th>|z|&gt;3 k6</th></tr></thead>
<tbody>${rows}</tbody></table></section>`);
  }
  const slopeRows = r.panels
    .map((p) => `<tr><td>${esc(p.arch)}</td><td>${p.dIn}</td>${(['m4', 'm6'] as const)
      .map((k) => {
        const f = p.slopes[k];
        return f ? `<td>${num(f.slope)} ± ${num(f.slopeSE, 2)}</td><td>${f.widths.join(', ')}</td>` : '<td>–</td><td>(fewer than 2 widths above 3 b)</td>';
      })
      .join('')}<td>${r.expectedSlopes.m4}</td></tr>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>nnft: free theory</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;max-width:1100px}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}.plots{display:flex;gap:2em;flex-wrap:wrap}figure{margin:0}</style>
</head><body>
<h1>Free theory: the approach to the Gaussian process</h1>
<p>Networks per width: ${r.settings.networks.toLocaleString('en')}, seed ${r.settings.seed}, ${r.settings.chunks} chunks, widths ${r.settings.widths.join(', ')}.
Every number comes from the <b>${r.settings.estimator}</b> estimator. m_n is the deviation of the measured n-point function from the GP,
|G - G_GP| / G_GP, averaged over sorted tuples (geometric mean in the plots, as in the paper's figures; arithmetic in the tables), and b_n
its background, the chunk-to-chunk spread relative to G_GP. Connected G4 and G6 are compared with the exact finite-width theory (z-scores).</p>
<h2>Fitted slopes of log10 m_n against log10 N (widths where m_n &gt; 3 b_n)</h2>
<table><thead><tr><th>arch</th><th>d_in</th><th>m4 slope</th><th>widths</th><th>m6 slope</th><th>widths</th><th>expected</th></tr></thead><tbody>
${slopeRows}</tbody></table>
${sections.join('\n')}
</body></html>
`;
}
