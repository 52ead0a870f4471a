// Numbers as the page shows them, and as it stores them in data attributes (every bit).

/** A number written so that Number() gives back the same double, -0 included. */
export const exactText = (v: number): string => (Object.is(v, -0) ? '-0' : String(v));

/** Decimals that show a standard error to two significant digits. */
const decimalsFor = (se: number): number => Math.min(12, Math.max(0, 1 - Math.floor(Math.log10(se))));

/** `value ± se`, both to the standard error's second significant digit. */
export function withError(value: number, se: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (!(se > 0) || !Number.isFinite(se)) return predicted(value);
  const d = decimalsFor(se);
  return `${value.toFixed(d)} ± ${se.toFixed(d)}`;
}

/** A prediction: six significant digits, no trailing zeros (blank while unknown). */
export const predicted = (v: number | undefined): string => (v === undefined ? '' : String(Number(v.toPrecision(6))));

/** The index tuple of an entry, e.g. "(0, 1, 1, 2)". */
export const tuple = (idx: readonly number[]): string => `(${idx.join(', ')})`;

/** A count with thin-space thousands separators, e.g. "20 000". */
export const count = (n: number): string => String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, '\u2009');
