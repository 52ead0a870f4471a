// The table of every measured correlator beside its predictions. Each row carries the exact numbers
// in data attributes (data-moment, data-connected, ...), so that every bit shown can be checked.
import { exactText, predicted, tuple, withError } from './format.js';
import type { CorrelatorRow } from './rows.js';

/** |z| above which a measurement is marked as far from the exact prediction (test/tolerance.ts uses 4). */
const FAR = 4;

const attr = (name: string, v: number | undefined): string => (v === undefined ? '' : ` data-${name}="${exactText(v)}"`);

function row(r: CorrelatorRow, points: readonly (readonly number[])[]): string {
  const z = r.exactConnected === undefined ? undefined : (r.connected - r.exactConnected) / r.connectedSE;
  const where = r.idx.map((k) => `x${k} = (${points[k].join(', ')})`).join(', ');
  return `<tr data-order="${r.order}" data-idx="${r.idx.join(',')}"` +
    attr('moment', r.moment) + attr('moment-se', r.momentSE) + attr('connected', r.connected) + attr('connected-se', r.connectedSE) +
    attr('gp-moment', r.gpMoment) + attr('exact-moment', r.exactMoment) +
    attr('gp-connected', r.gpConnected) + attr('exact-connected', r.exactConnected) + '>' +
    `<td>${r.order}</td><td title="${where}">${tuple(r.idx)}</td>` +
    `<td>${withError(r.moment, r.momentSE)}</td><td>${predicted(r.gpMoment)}</td><td>${predicted(r.exactMoment)}</td>` +
    `<td>${withError(r.connected, r.connectedSE)}</td><td>${predicted(r.gpConnected)}</td><td>${predicted(r.exactConnected)}</td>` +
    `<td class="${z !== undefined && Math.abs(z) > FAR ? 'far' : ''}">${z === undefined || !Number.isFinite(z) ? '' : z.toFixed(2)}</td></tr>`;
}

/** Fills `tbody` with one row per entry (numbers only: nothing here comes from text a user typed). */
export function renderTable(tbody: HTMLElement, rows: readonly CorrelatorRow[], points: readonly (readonly number[])[]): void {
  tbody.innerHTML = rows.map((r) => row(r, points)).join('');
}
