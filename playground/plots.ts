// Vega-Lite plots of the measured 2- and 4-point functions (points with ±1 standard-error bars)
// against the GP and the exact finite-width predictions (ticks), redrawn as the run grows.
import type { TopLevelSpec } from 'vega-lite';
import { renderSvg } from '../src/report/vega.js';
import { tuple } from './format.js';
import type { CorrelatorRow } from './rows.js';

/** Entries per plot: beyond this an axis of index tuples is unreadable (the table holds them all). */
export const PLOT_ENTRIES = 40;

/** The three plots: which order, which quantity. */
export const PLOTS = [
  { id: 'g2', order: 2, connected: false, title: 'Two-point function G2(x_i, x_j)' },
  { id: 'g4', order: 4, connected: false, title: 'Four-point function G4(x_i, x_j, x_k, x_l)' },
  { id: 'k4', order: 4, connected: true, title: 'Connected four-point function (GP: 0, exact: O(1/N))' },
] as const;

type PlotDef = (typeof PLOTS)[number];

interface Datum {
  entry: string;
  series: string;
  value: number;
  lo?: number;
  hi?: number;
}

/** The Vega-Lite specification of one plot. */
export function plotSpec(def: PlotDef, rows: readonly CorrelatorRow[], width: number, networks: number): TopLevelSpec {
  const chosen = rows.filter((r) => r.order === def.order).slice(0, PLOT_ENTRIES);
  const total = rows.filter((r) => r.order === def.order).length;
  const series = ['measured', 'GP (N → ∞)', `exact (N = ${width})`];
  const values: Datum[] = [];
  for (const r of chosen) {
    const entry = tuple(r.idx);
    const [v, se] = def.connected ? [r.connected, r.connectedSE] : [r.moment, r.momentSE];
    values.push({ entry, series: series[0], value: v, lo: v - se, hi: v + se });
    const gp = def.connected ? r.gpConnected : r.gpMoment;
    const exact = def.connected ? r.exactConnected : r.exactMoment;
    if (gp !== undefined) values.push({ entry, series: series[1], value: gp });
    if (exact !== undefined) values.push({ entry, series: series[2], value: exact });
  }
  const y = { type: 'quantitative', title: def.connected ? 'connected correlator' : 'moment', scale: { zero: false } } as const;
  const color = {
    field: 'series', type: 'nominal', title: null,
    scale: { domain: series, range: ['#1f4e9c', '#8c8c8c', '#e4572e'] },
  } as const;
  const measured = { filter: `datum.series === '${series[0]}'` };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: def.title,
      subtitle: `${networks} networks; measured ± 1 standard error` + (chosen.length < total ? `; first ${chosen.length} of ${total} entries` : ''),
    },
    width: Math.max(240, 22 * chosen.length),
    height: 220,
    data: { values },
    encoding: { x: { field: 'entry', type: 'ordinal', sort: null, title: 'point indices', axis: { labelAngle: -45 } } },
    layer: [
      { transform: [measured], mark: { type: 'rule', strokeWidth: 1.5 }, encoding: { y: { field: 'lo', ...y }, y2: { field: 'hi' }, color } },
      { transform: [measured], mark: { type: 'point', filled: true, size: 45 }, encoding: { y: { field: 'value', ...y }, color } },
      { transform: [{ filter: `datum.series !== '${series[0]}'` }], mark: { type: 'tick', thickness: 2, size: 16 }, encoding: { y: { field: 'value', ...y }, color } },
    ],
  } as TopLevelSpec;
}

/** Draws the plots into their containers; a drawing overtaken by a newer one is dropped. */
export class Plots {
  private drawn = 0;

  constructor(private readonly containers: Readonly<Record<PlotDef['id'], HTMLElement>>) {}

  async draw(rows: readonly CorrelatorRow[], width: number, networks: number): Promise<void> {
    const ticket = ++this.drawn;
    const svgs = await Promise.all(PLOTS.map((def) => renderSvg(plotSpec(def, rows, width, networks))));
    if (ticket !== this.drawn) return;
    PLOTS.forEach((def, i) => {
      this.containers[def.id].innerHTML = svgs[i];
    });
  }

  clear(): void {
    this.drawn++;
    for (const el of Object.values(this.containers)) el.replaceChildren();
  }
}
