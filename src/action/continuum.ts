/**
 * Lattice couplings to continuum densities (spec actions-symmetry section 0, "Lattice <-> continuum").
 *
 * A continuum action `S = sum_r (1/r!) int dy1..dyr g_r(y1..yr) phi(y1)...phi(yr)` discretised with
 * the quadrature `int dy f(y) ~ sum_i v_i f(y_i)` (v_i the volume element of site i: a^d on a uniform
 * grid of spacing a in d dimensions) is the lattice action with
 *
 *     g_r^lat(i1..ir) = v_i1 ... v_ir g_r(y_i1..y_ir),
 *
 * so the continuum kernel at the sites is `g_r^lat / (v_i1 ... v_ir)` (`kernel`). A local coupling
 * `lambda delta(y1 - y2) ... delta(y1 - yr)` has a discretised delta `delta_ij / v_i`, hence lives on
 * the diagonal, `g_r^lat(i..i) = lambda v_i`: its density is `g_r^lat(i..i) / v_i` (`diagonal`; for
 * g_4 on a uniform grid, lambda = g_4^lat(iiii) / a^d). A coupling smeared over a few sites (derivative
 * terms, loop tails) is better summarised by its zero-momentum density
 * `int dy2..dyr g_r(y_i, y2..yr) = sum_{j2..jr} g_r^lat(i, j2..jr) / v_i` over all ordered tuples
 * (`integrated`). For g_2 and a uniform grid, K of the lattice covariance approximates
 * `a^(2d) G^{-1}(x, y)` in the same way. Every output is linear in the coupling, so the jackknife
 * replicates are converted too and the errors follow.
 *
 * @module
 */
import { NnftInputError } from '../errors.js';
import { forEachMultiset, multisetOrderings } from '../stats/multiset.js';
import { Coupling } from './coupling.js';

/**
 * One number per site with its jackknife error (se null for exact couplings).
 *
 * @example
 * ```ts
 * const { value, se }: SiteValues = latticeToContinuum(action.g4!, 0.5).diagonal;
 * ```
 */
export interface SiteValues {
  readonly value: Float64Array;
  readonly se: Float64Array | null;
}

/**
 * The continuum densities of a lattice coupling.
 *
 * @example
 * ```ts
 * const c: ContinuumCoupling = latticeToContinuum(action.g4!, 0.5); // a grid of spacing 0.5 in d = 1
 * c.diagonal.value[2];   // lambda at site 2
 * c.kernel.at(0, 0, 1, 1); // g_4(y0, y0, y1, y1), the smooth kernel of a non-local coupling
 * ```
 */
export interface ContinuumCoupling {
  /** g_r(y_i1..y_ir) = g^lat(i1..ir) / (v_i1 ... v_ir), as a coupling (with converted replicates). */
  readonly kernel: Coupling;
  /** g^lat(i..i) / v_i: the strength lambda(y_i) of a local coupling at each site. */
  readonly diagonal: SiteValues;
  /** sum over ordered (j2..jr) of g^lat(i, j2..jr) / v_i: the zero-momentum density at each site. */
  readonly integrated: SiteValues;
}

/**
 * Converts a lattice coupling to continuum densities (module comment): the kernel
 * g^lat / prod v, the local strength g^lat(i..i) / v_i and the zero-momentum density.
 *
 * @param g - a reconstructed coupling (exact or with jackknife replicates)
 * @param volume - the volume element v of every site (a^d on a uniform grid), or one per site
 * @throws NnftInputError (`g`, `volume`, `volume[i]`) for a bad coupling or non-positive volumes
 *
 * @example
 * ```ts
 * // a local phi^4 coupling lambda = 0.3 on a grid of spacing a = 0.5 in d = 1: g4(iiii) = lambda a
 * const g4 = new Coupling(4, 2, Float64Array.of(0.15, 0, 0, 0, 0.15));
 * latticeToContinuum(g4, 0.5).diagonal.value; // returns Float64Array [0.3, 0.3]
 * ```
 */
export function latticeToContinuum(g: Coupling, volume: number | ArrayLike<number>): ContinuumCoupling {
  if (!(g instanceof Coupling)) throw new NnftInputError('g', g, 'must be a Coupling (from a reconstruction)');
  const P = g.components;
  const r = g.order;
  let v: Float64Array;
  if (typeof volume === 'number') {
    v = new Float64Array(P).fill(volume);
  } else {
    if (volume === null || typeof volume !== 'object' || volume.length !== P) throw new NnftInputError('volume', volume, `must be a number or ${P} numbers (one per site)`);
    v = Float64Array.from(volume);
  }
  v.forEach((x, i) => {
    if (!(x > 0) || !Number.isFinite(x)) throw new NnftInputError(typeof volume === 'number' ? 'volume' : `volume[${i}]`, x, 'must be a finite number > 0');
  });
  if (r < 1) throw new NnftInputError('g', `order ${r}`, 'must have order >= 1');

  // per sorted tuple: the kernel factor 1/prod v, its diagonal site, and its share of each site's zero-momentum sum
  const q = g.value.length;
  const inv = new Float64Array(q);
  const diagSite = new Int32Array(q).fill(-1);
  const shares: { rank: number; site: number; weight: number }[] = [];
  forEachMultiset(P, r, (idx, rank) => {
    let prod = 1;
    for (let k = 0; k < r; k++) prod *= v[idx[k]];
    inv[rank] = 1 / prod;
    if (idx[0] === idx[r - 1]) diagSite[rank] = idx[0];
    // ordered tuples with first index i: orderings of the rest, for each distinct i in the tuple
    const total = multisetOrderings(idx);
    for (let k = 0; k < r; k++) {
      if (k > 0 && idx[k] === idx[k - 1]) continue;
      let count = 0;
      for (let j = 0; j < r; j++) if (idx[j] === idx[k]) count++;
      shares.push({ rank, site: idx[k], weight: (total * count) / r / v[idx[k]] });
    }
  });
  const convert = (t: Float64Array) => {
    const kernel = new Float64Array(q);
    const diagonal = new Float64Array(P);
    const integrated = new Float64Array(P);
    for (let i = 0; i < q; i++) {
      kernel[i] = t[i] * inv[i];
      if (diagSite[i] >= 0) diagonal[diagSite[i]] = t[i] / v[diagSite[i]];
    }
    for (const s of shares) integrated[s.site] += s.weight * t[s.rank];
    return { kernel, diagonal, integrated };
  };
  const full = convert(g.value);
  const reps = g.replicates.map(convert);
  const kernel = new Coupling(r, P, full.kernel, reps.map((x) => x.kernel), g.factor);
  const siteValues = (key: 'diagonal' | 'integrated'): SiteValues => ({
    value: full[key],
    se: reps.length > 0 ? new Coupling(1, P, full[key], reps.map((x) => x[key]), g.factor).se : null,
  });
  return { kernel, diagonal: siteValues('diagonal'), integrated: siteValues('integrated') };
}
