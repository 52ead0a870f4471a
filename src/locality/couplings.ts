import { NnftInputError } from '../errors.js';
import { DiagonalChiSquare, type DiagonalChiSquareResult } from '../stats/diagonal-chi-square.js';
import { forEachMultiset, multisetCount, multisetOrderings } from '../stats/multiset.js';

/**
 * A lattice coupling g_4(i j k l) with its jackknife replicates: the order-4 block of the flat
 * multiset layout over P sites (src/stats/multiset.ts), as `jackknifeReplicates` returns it.
 */
export interface CouplingEstimate {
  readonly value: ArrayLike<number>;
  readonly replicates: readonly ArrayLike<number>[];
  /** The jackknife factor (B - 1)/B. */
  readonly factor: number;
}

/** A number with its jackknife standard error. */
export interface Estimate {
  readonly value: number;
  readonly se: number;
}

/** The summed |g_4| over index tuples of one diameter. */
export interface DiameterBin extends Estimate {
  readonly diameter: number;
}

/** Locality diagnostics of a lattice quartic coupling (spec F5, diagnostic 2). */
export interface CouplingLocality {
  /** L = sum_i |g(iiii)| / sum_{ijkl} |g(ijkl)| (all ordered tuples). */
  readonly diagonalDominance: Estimate;
  /** sum of |g(ijkl)| over ordered tuples of each diameter max |x_a - x_b|, by increasing diameter. */
  readonly profile: readonly DiameterBin[];
  /** Whether the entries of diameter above `range` are consistent with zero (a correlation-matched chi-squared). */
  readonly beyondRange: DiagonalChiSquareResult;
  /**
   * `local` when the entries beyond `range` are consistent with statistical noise (p-value >= alpha),
   * `non-local` otherwise.
   */
  readonly verdict: 'local' | 'non-local';
}

/** Options of {@link couplingLocality}. */
export interface CouplingLocalityOptions {
  /** Largest diameter still counted as local (default 0: only coincident sites). */
  readonly range?: number;
  /** Level of the test that the entries beyond `range` vanish (default 1e-3). */
  readonly alpha?: number;
}

/**
 * Diagonal dominance L, diameter profile and a noise-level locality verdict of a lattice quartic
 * coupling. L and every profile bin carry jackknife errors (the statistic recomputed on each
 * replicate). Statistical noise puts |g| of order its error into every off-diagonal entry, so the
 * verdict does not compare L with a fixed number: it tests whether the entries beyond `range` are
 * consistent with zero given their jackknife errors and correlations (DiagonalChiSquare).
 *
 * @param g - the coupling and its replicates
 * @param sites - site coordinates (numbers or arrays), P of them
 * @throws NnftInputError (`g`, `g.replicates`, `sites`, `range`, `alpha`) for inconsistent input
 *
 * @example
 * ```ts
 * couplingLocality(g4, [0, 0.1, 0.2]).verdict; // 'local' for a phi^4 coupling, 'non-local' for finite-N Cos-net
 * ```
 */
export function couplingLocality(g: CouplingEstimate, sites: readonly (number | readonly number[])[], options: CouplingLocalityOptions = {}): CouplingLocality {
  if (!Array.isArray(sites) || sites.length === 0) throw new NnftInputError('sites', sites, 'must be a non-empty array of sites');
  const xs = sites.map((s, i) => {
    const x = typeof s === 'number' ? [s] : s;
    if (!Array.isArray(x) || x.some((v) => !Number.isFinite(v))) throw new NnftInputError(`sites[${i}]`, s, 'must be a finite number or array of numbers');
    return x;
  });
  const P = xs.length;
  const q = multisetCount(P, 4);
  if (!g || g.value?.length !== q) throw new NnftInputError('g', g?.value?.length, `must hold the ${q} order-4 entries over ${P} sites`);
  const B = g.replicates?.length ?? 0;
  if (B < 4 || g.replicates.some((r) => r.length !== q)) throw new NnftInputError('g.replicates', B, `must hold at least 4 replicates of ${q} entries`);
  const range = options.range ?? 0;
  const alpha = options.alpha ?? 1e-3;
  if (!(range >= 0)) throw new NnftInputError('range', range, 'must be >= 0');
  if (!(alpha > 0 && alpha < 1)) throw new NnftInputError('alpha', alpha, 'must be in (0, 1)');

  const dist = (a: number, b: number) => Math.hypot(...xs[a].map((v, k) => v - xs[b][k]));
  // statistics: [diagonal mass, total mass, mass of each diameter bin], on the estimate and on every replicate
  const diameters: number[] = [];
  const binOf = new Int32Array(q);
  const mult = new Float64Array(q);
  const diag = new Uint8Array(q);
  const test = new DiagonalChiSquare(B, g.factor);
  forEachMultiset(P, 4, (idx, rank) => {
    let d = 0;
    for (let a = 0; a < 4; a++) for (let b = a + 1; b < 4; b++) d = Math.max(d, dist(idx[a], idx[b]));
    const key = Math.round(d * 1e9) / 1e9;
    let bin = diameters.indexOf(key);
    if (bin < 0) bin = diameters.push(key) - 1;
    binOf[rank] = bin;
    mult[rank] = multisetOrderings(idx);
    diag[rank] = idx[0] === idx[3] ? 1 : 0;
    if (key > range) test.add(g.value[rank], g.replicates.map((r) => r[rank]));
  });
  const stats = (t: ArrayLike<number>) => {
    const s = new Float64Array(2 + diameters.length);
    for (let i = 0; i < q; i++) {
      const m = mult[i] * Math.abs(t[i]);
      if (diag[i]) s[0] += m;
      s[1] += m;
      s[2 + binOf[i]] += m;
    }
    s[0] /= s[1];
    return s;
  };
  const full = stats(g.value);
  const reps = g.replicates.map(stats);
  const se = full.map((_, j) => {
    const mean = reps.reduce((a, r) => a + r[j], 0) / B;
    return Math.sqrt(g.factor * reps.reduce((a, r) => a + (r[j] - mean) ** 2, 0));
  });
  const order = diameters.map((d, i) => i).sort((a, b) => diameters[a] - diameters[b]);
  const beyondRange = test.result();
  return {
    diagonalDominance: { value: full[0], se: se[0] },
    profile: order.map((i) => ({ diameter: diameters[i], value: full[2 + i], se: se[2 + i] })),
    beyondRange,
    verdict: beyondRange.entries === 0 || beyondRange.pValue >= alpha ? 'local' : 'non-local',
  };
}
