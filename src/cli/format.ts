/** Text output of the `nnft` command: the run summary and its correlator tables. */
import type { EnsembleResult } from '../result.js';
import { compressRanges } from '../ranges.js';

/** Correlator entries shown per order in the summary. */
export const SUMMARY_ROWS = 8;

/**
 * `sig` significant digits: fixed notation for 1e-3 <= |x| < 1e6, exponential otherwise, trailing
 * zeros of the exponential mantissa kept so that a column lines up.
 */
export function formatNumber(x: number, sig: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const e = Math.floor(Math.log10(Math.abs(x)));
  if (e < -3 || e >= 6) return x.toExponential(sig - 1);
  return x.toPrecision(sig);
}

/** A short number for parameters (1, 0.5, 1e-7). */
const short = (x: number): string => String(Number(x.toPrecision(6)));

/** Block indices as ranges: [0,1,2,5,7,8] -> "0-2, 5, 7-8". */
export function formatRanges(xs: readonly number[]): string {
  return compressRanges(xs, ', ');
}

/** Integer with thousands separators. */
const count = (n: number): string => Math.round(n).toLocaleString('en-US');

/** Seconds, readable. */
export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '-';
  // thresholds at the rounding points, so that 59.97 s reads 1m00s, never 60.0 s or 0m60s
  if (s < 59.95) return `${s.toFixed(s < 9.995 ? 2 : 1)} s`;
  const t = Math.round(s);
  const m = Math.floor(t / 60);
  if (m < 60) return `${m}m${String(t - 60 * m).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/** Timing of a sampling run, for its summary. */
export interface RunTiming {
  readonly threads: number;
  readonly wallSeconds: number;
  /** Sampling rate (networks per second) reported by the library; wall-clock based when absent. */
  readonly networksPerSecond?: number;
}

const MAX_POINTS_SHOWN = 12;

/** The readable summary: run parameters, timing, and the first entries of every requested order. */
export function formatSummary(result: EnsembleResult, timing?: RunTiming): string {
  const h = result.header;
  const e = h.ensemble;
  const acc = result.accumulator;
  const lines: string[] = [];
  lines.push(
    `nnft ${e.arch}: width ${e.width}, d_in ${e.dIn}, d_out ${e.dOut}, ` +
      `sw ${short(e.sw)}, sb ${short(e.sb)}, mw ${short(e.mw)}, mb ${short(e.mb)}`,
  );
  const pts = e.points.slice(0, MAX_POINTS_SHOWN).map((p) => (p.length === 1 ? short(p[0]) : `(${p.map(short).join(', ')})`));
  if (e.points.length > MAX_POINTS_SHOWN) pts.push(`... (${e.points.length - MAX_POINTS_SHOWN} more)`);
  lines.push(`points (${e.points.length}): ${pts.join(e.dIn === 1 ? ', ' : ' ')}`);
  if (e.dOut > 1) lines.push(`components: a = k * ${e.dOut} + o (point k, output o), ${result.components} in all`);
  const blocks = acc.blocks().length;
  lines.push(
    `networks: ${count(result.networks)}` +
      (result.networks === h.networks ? '' : ` of ${count(h.networks)}`) +
      ` (${blocks}/${h.blocks} jackknife blocks), seed ${h.seed}, estimator ${h.estimator}` +
      (h.sharedScale ? `, shared scale s^2 = chi^2_${h.sharedScale.dof} / ${h.sharedScale.dof}` : '') +
      (h.biasMixture ? `, bias mixture shift ${h.biasMixture.shift} sb, fraction ${h.biasMixture.fraction} (effective sample size ${count(result.effectiveSampleSize)})` : ''),
  );
  if (timing) {
    const rate = timing.networksPerSecond ?? result.networks / timing.wallSeconds;
    lines.push(`threads ${timing.threads}, ${formatSeconds(timing.wallSeconds)}, ${count(rate)} networks/s`);
  }
  for (const n of h.orders) {
    const all = result.correlators(n);
    const rows = all.slice(0, SUMMARY_ROWS);
    lines.push('');
    lines.push(`order ${n}: ${all.length} correlator${all.length === 1 ? '' : 's'}${all.length > rows.length ? ` (first ${rows.length})` : ''}`);
    const idx = rows.map((r) => r.idx.join(' '));
    const wi = Math.max(3, ...idx.map((s) => s.length));
    const cells = rows.map((r) => [
      formatNumber(r.moment, 6), formatNumber(r.moment_se, 2), formatNumber(r.connected, 6), formatNumber(r.connected_se, 2),
    ]);
    const wv = Math.max(9, ...cells.flatMap((c) => [c[0].length, c[2].length]));
    const ws = Math.max(7, ...cells.flatMap((c) => [c[1].length, c[3].length]));
    lines.push(`  ${'idx'.padEnd(wi)}  ${'moment'.padStart(wv)}   ${'± se'.padEnd(ws)}  ${'connected'.padStart(wv)}   ${'± se'.padEnd(ws)}`);
    rows.forEach((_, i) => {
      const [m, mse, c, cse] = cells[i];
      lines.push(`  ${idx[i].padEnd(wi)}  ${m.padStart(wv)} ± ${mse.padEnd(ws)}  ${c.padStart(wv)} ± ${cse.padEnd(ws)}`.trimEnd());
    });
  }
  return `${lines.join('\n')}\n`;
}
