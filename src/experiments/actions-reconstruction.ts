// The action reconstructed from correlators (spec actions-symmetry F2, F5; G4 rows 1-5): the exact
// one-site and three-site examples by quadrature, the quartic coupling of the phi^4 theory engineered
// in part 3 (recovered local, as the amputated tree vertex on the lattice), and the coupling of
// finite-width Cos-net (non-local), each with jackknife errors and a locality verdict against the noise.
import { amputate, Coupling, exactLatticeMoments, invertTwoPoint, reconstructAction, reconstructActionFromCorrelators } from '../action/index.js';
import type { LinearResponse } from '../deform/response.js';
import type { DeformGrid } from '../deform/options.js';
import { getArchitecture } from '../arch/index.js';
import { couplingLocality } from '../locality/couplings.js';
import type { EnsembleResult } from '../result.js';
import { planSample, type SampleOptions } from '../sample/sampler.js';
import { FiniteWidthTheory } from '../theory/finite-width.js';
import { blockWeights } from '../stats/accumulator.js';
import { cumulantPlan, cumulantsFromMoments } from '../stats/cumulants.js';
import { cumulantTangent } from '../stats/cumulant-tangent.js';
import { jackknifeReplicates } from '../stats/jackknife.js';
import { forEachMultiset, multisetCount, orderOffset, totalMultisets } from '../stats/multiset.js';

/** One site: S = phi^2/2 + lambda phi^4/24 (rows 1-3). */
export interface OneSiteExample {
  lambda: number;
  G: number;
  kappa4: number;
  kappa6: number;
  /** lambda_rec = g_4 = -kappa_4 / G^4. */
  g4: number;
  g2: number;
  g6: number;
}

/** Three sites: S = (1/2) phi A phi + (lambda/4!) sum phi^4 (rows 4, 5). */
export interface ThreeSiteExample {
  A: number[][];
  lambda: number;
  nodes: number;
  g4Diagonal: number[];
  g4MaxOffDiagonal: number;
  g2: number[][];
  /** K = G^{-1} alone (without the self-contraction). */
  inverseG: number[][];
}

/** A lattice quartic coupling with errors, its exact counterpart and the locality diagnostics. */
export interface LatticeCoupling {
  /** Site coordinates. */
  sites: number[];
  /** What the coupling is (the text of the report). */
  description: string;
  /** g_4(aaaa) at every site: measured, se, exact, z. */
  diagonal: { site: number; measured: number; se: number; exact: number; z: number }[];
  /** Largest |z| of measured against exact over every entry, and the number of entries. */
  maxAbsZ: number;
  entries: number;
  /** Locality (F5): diagonal dominance L, the profile of sum |g_4| by diameter, the verdict against the noise. */
  range: number;
  diagonalDominance: { value: number; se: number; exact: number };
  profile: { diameter: number; value: number; se: number; exact: number }[];
  beyondRange: { chi2: number; dof: number; pValue: number };
  verdict: 'local' | 'non-local';
}

/** Part (4) and (5): the exact examples and the two lattice couplings. */
export interface ReconstructionReport {
  oneSite: { row1: OneSiteExample; row2: { lambda: number; coefficient: number }[]; row3: OneSiteExample };
  threeSite: ThreeSiteExample;
  /** d g_4 / d lambda of the deformed Gaussian process (N = infinity) on the lattice. */
  phi4: LatticeCoupling & {
    /** The recovered local coupling: sum over b, c, d of d g_4(a b c d) / d lambda over the lattice spacing at the central site (1 in the continuum). */
    recovered: { site: number; measured: number; se: number; exact: number; z: number };
  };
  /** g_4 of finite-width Cos-net on the same lattice. */
  cosNet: LatticeCoupling & { width: number; networks: number };
}

/** The rows 1-5 examples (one site by fine quadrature, three sites on the spec's 60^3 Gauss-Hermite grid). */
export function exactExamples(): Pick<ReconstructionReport, 'oneSite' | 'threeSite'> {
  const oneSite = (lambda: number): OneSiteExample => {
    const m = exactLatticeMoments({ A: 1, lambda }, { nMax: 6 });
    const a = reconstructActionFromCorrelators(m.correlators, { orders: [2, 4, 6] });
    return { lambda, G: m.correlators.G[0], kappa4: m.correlators.kappa4![0], kappa6: m.correlators.kappa6![0], g2: a.g2!.value[0], g4: a.g4!.value[0], g6: a.g6!.value[0] };
  };
  const row2 = [0.05, 0.0125, 0.003125, 0.00078125].map((lambda) => ({ lambda, coefficient: (oneSite(lambda).g4 - lambda) / lambda ** 2 }));
  const A = [[2, -0.5, 0], [-0.5, 2, -0.5], [0, -0.5, 2]];
  const nodes = 60;
  const three = exactLatticeMoments({ A, lambda: 0.3 }, { nodes });
  const a = reconstructActionFromCorrelators(three.correlators, { orders: [2, 4] });
  let off = 0;
  forEachMultiset(3, 4, (idx, rank) => {
    if (idx[0] !== idx[3]) off = Math.max(off, Math.abs(a.g4!.value[rank]));
  });
  const G = three.correlators.G;
  const { K } = invertTwoPoint(G, 3, 'G');
  const square = (f: (i: number, j: number) => number) => [0, 1, 2].map((i) => [0, 1, 2].map((j) => f(i, j)));
  return {
    oneSite: { row1: oneSite(0.1), row2, row3: oneSite(0.00078125) },
    threeSite: {
      A, lambda: 0.3, nodes, g4Diagonal: [0, 1, 2].map((i) => a.g4!.at(i, i, i, i)), g4MaxOffDiagonal: off,
      g2: square((i, j) => a.g2!.at(i, j)), inverseG: square((i, j) => K[i * 3 + j]),
    },
  };
}

/**
 * d g_4 / d lambda at lambda = 0 of a linear-response run of a Gaussian process (whose kappa_4 vanishes
 * at lambda = 0, so only the amputation of d kappa_4 / d lambda by the measured K remains), recomputed
 * on every jackknife replicate of the run's blocks.
 */
export function responseCoupling(r: LinearResponse): Coupling {
  const P = r.components;
  const nMax = r.header.nMax;
  const S = totalMultisets(P, nMax);
  const plan = cumulantPlan(P, nMax);
  const off2 = orderOffset(P, 2);
  const off4 = orderOffset(P, 4);
  const q4 = multisetCount(P, 4);
  const kappa = new Float64Array(S);
  const dm = new Float64Array(S);
  const buffers = { cumulants: new Float64Array(S), tangent: new Float64Array(S) };
  const G = new Float64Array(P * P);
  const blocks = r.accumulator.blocks().map((b) => ({ count: blockWeights(b).sum, sums: b.sums }));
  const jk = jackknifeReplicates(blocks, (mean) => {
    const m = mean.subarray(0, S);
    const v = mean[2 * S];
    for (let i = 0; i < S; i++) dm[i] = -(mean[S + i] - m[i] * v);
    cumulantsFromMoments(plan, m, kappa);
    let rank = off2;
    for (let a = 0; a < P; a++) for (let b = a; b < P; b++) G[a * P + b] = G[b * P + a] = kappa[rank++];
    const { K } = invertTwoPoint(G, P, 'G');
    const { tangent } = cumulantTangent(plan, m, dm, buffers);
    return amputate(Float64Array.from(tangent.subarray(off4, off4 + q4)), 4, P, K).map((x) => -x);
  });
  return new Coupling(4, P, jk.value, jk.replicates, jk.factor);
}

/**
 * The exact d g_4 / d lambda on lattice sites of the phi^4 deformation of a Gaussian process of kernel
 * `kernel`: the tree level d kappa_4 / d lambda = -sum_g w_g prod_k G(x_k - y_g) amputated by the
 * inverse of G on the sites, i.e. sum_g w_g prod_k c_k(y_g) with c(y) = K G(., y).
 */
export function treeCoupling(sites: readonly number[], kernel: (r: number) => number, grid: DeformGrid): Coupling {
  const P = sites.length;
  const G = new Float64Array(P * P);
  for (let a = 0; a < P; a++) for (let b = 0; b < P; b++) G[a * P + b] = kernel(sites[a] - sites[b]);
  const { K } = invertTwoPoint(G, P, 'G');
  const kappa4 = new Float64Array(multisetCount(P, 4));
  const factorial = 24; // grid.weights hold w_g / 4!
  forEachMultiset(P, 4, (idx, rank) => {
    let s = 0;
    grid.nodes.forEach((y, g) => {
      let p = factorial * grid.weights[g];
      for (const a of idx) p *= kernel(sites[a] - y[0]);
      s -= p;
    });
    kappa4[rank] = s;
  });
  return new Coupling(4, P, amputate(kappa4, 4, P, K).map((x) => -x));
}

/** L and the diameter profile (couplingLocality's definitions) of an exact coupling on 1-D sites. */
function exactProfile(g: Coupling, sites: readonly number[]): { diagonalDominance: number; profile: Map<number, number> } {
  const P = sites.length;
  const dense = g.toDense();
  const profile = new Map<number, number>();
  let diagonal = 0;
  let total = 0;
  for (let q = 0; q < dense.length; q++) {
    const idx = [Math.floor(q / (P * P * P)), Math.floor(q / (P * P)) % P, Math.floor(q / P) % P, q % P].map((a) => sites[a]);
    const key = Math.round((Math.max(...idx) - Math.min(...idx)) * 1e9) / 1e9;
    const v = Math.abs(dense[q]);
    profile.set(key, (profile.get(key) ?? 0) + v);
    total += v;
    if (key === 0) diagonal += v;
  }
  return { diagonalDominance: diagonal / total, profile };
}

/** Compares a measured coupling with its exact counterpart and runs the locality diagnostics on both. */
export function latticeCoupling(measured: Coupling, exact: Coupling, sites: readonly number[], range: number, description: string): LatticeCoupling {
  const P = sites.length;
  const loc = couplingLocality(measured, sites, { range });
  const exactLoc = exactProfile(exact, sites);
  let maxAbsZ = 0;
  measured.value.forEach((v, i) => {
    const z = (v - exact.value[i]) / measured.se![i];
    if (Number.isFinite(z)) maxAbsZ = Math.max(maxAbsZ, Math.abs(z));
  });
  return {
    sites: [...sites], description,
    diagonal: Array.from({ length: P }, (_, a) => {
      const [m, se, ex] = [measured.at(a, a, a, a), measured.seAt(a, a, a, a), exact.at(a, a, a, a)];
      return { site: sites[a], measured: m, se, exact: ex, z: (m - ex) / se };
    }),
    maxAbsZ, entries: measured.value.length, range,
    diagonalDominance: { value: loc.diagonalDominance.value, se: loc.diagonalDominance.se, exact: exactLoc.diagonalDominance },
    profile: loc.profile.map((b) => ({ diameter: b.diameter, value: b.value, se: b.se, exact: exactLoc.profile.get(Math.round(b.diameter * 1e9) / 1e9) ?? 0 })),
    beyondRange: { chi2: loc.beyondRange.statistic, dof: loc.beyondRange.dof, pValue: loc.beyondRange.pValue },
    verdict: loc.verdict,
  };
}

/** Largest diameter a local lattice coupling may span here: two lattice spacings of 0.5. */
export const LOCALITY_RANGE = 1;

/** The phi^4 coupling of part 4: d g_4 / d lambda of the Gaussian-process response on `sites` (uniform, spacing `spacing`) against the amputated tree vertex. */
export function phi4Coupling(r: LinearResponse, sites: readonly number[], kernel: (r: number) => number, grid: DeformGrid, spacing: number): ReconstructionReport['phi4'] {
  const measured = responseCoupling(r);
  const exact = treeCoupling(sites, kernel, grid);
  const c = latticeCoupling(measured, exact, sites, LOCALITY_RANGE, 'phi^4 by the deformed density at N = infinity: d g_4 / d lambda = -amp(d kappa_4 / d lambda)');
  const centre = sites.indexOf(0);
  const m = rowSum(measured, centre, spacing);
  const ex = rowSum(exact, centre, spacing).value;
  return { ...c, recovered: { site: 0, measured: m.value, se: m.se, exact: ex, z: (m.value - ex) / m.se } };
}

/** sum_{b,c,d} g(a b c d) / spacing at site a, with its jackknife error (the local coupling density). */
export function rowSum(g: Coupling, a: number, spacing: number): { value: number; se: number } {
  const P = g.components;
  const sum = (v: Float64Array) => {
    const dense = new Coupling(4, P, v).toDense();
    let s = 0;
    for (let q = a * P * P * P; q < (a + 1) * P * P * P; q++) s += dense[q];
    return s / spacing;
  };
  const value = sum(g.value);
  const reps = g.replicates.map(sum);
  const mean = reps.reduce((x, y) => x + y, 0) / Math.max(reps.length, 1);
  const se = reps.length > 0 ? Math.sqrt(g.factor * reps.reduce((x, y) => x + (y - mean) ** 2, 0)) : Number.NaN;
  return { value, se };
}

/**
 * The finite-width Cos-net coupling g_4 = -amp(kappa_4) on the lattice sites (d = 1, m = 1, Lambda = 8),
 * measured with jackknife errors and exact from the finite-width theory.
 */
export async function cosNetCoupling(
  sampler: (o: SampleOptions) => Promise<EnsembleResult>,
  o: { sites: readonly number[]; width: number; networks: number; seed: number; threads?: number },
): Promise<ReconstructionReport['cosNet']> {
  const options: SampleOptions = {
    arch: 'cos-net', width: o.width, points: [...o.sites], hyper: { m: 1, lambda: 8 }, networks: o.networks, orders: [2, 4], seed: o.seed, threads: o.threads, estimator: 'conditional',
  };
  const run = await sampler(options);
  const theory = new FiniteWidthTheory({ neurons: getArchitecture('cos-net').neurons!(planSample(options).header.ensemble), width: o.width, dIn: 1, sw: 1, sb: 0 });
  const P = o.sites.length;
  const exact = theory.correlators(o.sites.map((x) => [x]), 4);
  const G = new Float64Array(P * P);
  let rank = orderOffset(P, 2);
  for (let a = 0; a < P; a++) for (let b = a; b < P; b++) G[a * P + b] = G[b * P + a] = exact.cumulants[rank++];
  const kappa4 = exact.cumulants.slice(orderOffset(P, 4), orderOffset(P, 4) + multisetCount(P, 4));
  const measured = reconstructAction(run, { orders: [4] }).g4!;
  const ex = reconstructActionFromCorrelators({ G, kappa4 }, { orders: [4] }).g4!;
  return { ...latticeCoupling(measured, ex, o.sites, LOCALITY_RANGE, `finite-width Cos-net, N = ${o.width}: g_4 = -amp(kappa_4)`), width: o.width, networks: run.networks };
}
