// phi^4 theory engineered into a free Cos-net by deforming its parameter density (spec actions-symmetry
// F4, G4 row 9): the O(lambda) connected 4-point function against the tree level
// -lambda int_V prod_k G(x_k - y), at N = infinity (the Gaussian process of the cutoff propagator), at
// finite N against the exact finite-width response, extrapolated in 1/N; a finite-lambda reweighted
// point with its effective sample size; and the cluster test of the deformed theory at finite coupling.
import { linearResponseGaussianProcess, sampleGaussianProcess } from '../gp/index.js';
import type { LinearResponse } from '../deform/response.js';
import { resolveDeformGrid } from '../deform/options.js';
import { fitLine, type LineFit } from '../eft/line-fit.js';
import { getArchitecture } from '../arch/index.js';
import { clusterTest } from '../locality/cluster.js';
import type { EnsembleResult } from '../result.js';
import { planSample, type SampleOptions } from '../sample/sampler.js';
import { flatIndex } from '../stats/multiset.js';
import { cutoffPropagator } from '../theory/cos-net.js';
import { connectedResponse, wickMoments } from '../theory/deformation-response.js';
import { FiniteWidthTheory } from '../theory/finite-width.js';
import { integrateGaussLegendre } from '../theory/gauss-legendre.js';
import { phi4Coupling, type ReconstructionReport } from './actions-reconstruction.js';
import { pairedJackknife } from './paired-jackknife.js';

/** The deformation of G4 row 9: d = 1, m = 1, Lambda = 8, V = [-3, 3], trapezoid spacing 0.1 (61 nodes), phi^4. */
export const PHI4 = { dIn: 1, mass: 1, cutoff: 8, region: [-3, 3] as [number, number], grid: 61, power: 4 } as const;
/** G4 row 9: the tuples, the spec's tree coefficients and its GP linear-response measurements. */
export const ROW9 = [
  { points: [0, 0, 0, 0], tree: -0.0309, gp: { value: -0.0298, se: 0.0026 } },
  { points: [-0.5, -0.5, 0.5, 0.5], tree: -0.0127, gp: { value: -0.0149, se: 0.0016 } },
  { points: [-1, 0, 0, 1], tree: -0.0079, gp: { value: -0.0091, se: 0.001 } },
] as const;
/** Points of the N = infinity run: a lattice of spacing 0.5 holding the row 9 points (also used to reconstruct the action). */
export const LATTICE = [-1.5, -1, -0.5, 0, 0.5, 1, 1.5] as const;
/** Points of the finite-width runs: those of row 9. */
export const FINITE_POINTS = [-1, -0.5, 0, 0.5, 1] as const;
/** The finite-lambda reweighted point (spec F4: shifts -0.0051, -0.0024, -0.0015 at lambda = 0.2). */
export const REWEIGHTED = { lambda: 0.2, spec: [-0.0051, -0.0024, -0.0015] } as const;
/** The cluster test of the deformed theory at finite coupling (separations from x = 0, u = 0). */
export const FINITE_COUPLING = { lambda: 2, points: [0, 0.5, 1, 2, 3] } as const;

const G = (r: number) => cutoffPropagator(PHI4.dIn, PHI4.mass, PHI4.cutoff, Math.abs(r));
const kernel = (x: readonly number[], y: readonly number[]) => G(x[0] - y[0]);
const deform = { region: [...PHI4.region], grid: PHI4.grid, power: PHI4.power };

/** The O(lambda) coefficient of G_c^(4) at one tuple: measured, with the predictions. */
export interface ResponseEntry {
  points: number[];
  measured: number;
  se: number;
  /** -sum_g 4! q_g prod_k G(x_k - y_g): the tree level on the sampled trapezoid grid (exact at N = infinity). */
  tree: number;
  /** The exact coefficient of this ensemble: the tree level at N = infinity, the exact finite-width response at finite N. */
  exact: number;
  /** (measured - exact) / se. */
  z: number;
  /** (measured - tree) / se. */
  zTree: number;
}

/** One linear-response run. */
export interface ResponseRun {
  /** Width N; null is N = infinity (the Gaussian process). */
  width: number | null;
  networks: number;
  seed: number;
  points: number[];
  entries: ResponseEntry[];
  /** The undeformed G_c^(4)(0,0,0,0) of the same networks (what the response subtracts): N times it, measured and exact (null at N = infinity, where it is 0). */
  baseline: { measured: number; se: number; exact: number | null; scaledByN: boolean };
  /** GP runs: the jitter of the kernel's Cholesky factor on the points and of the grid nodes' conditional factor. */
  jitter: { points: number; grid: number } | null;
  seconds: number;
}

/** The weighted fit of the coefficient against 1/N at one tuple. */
export interface Extrapolation {
  points: number[];
  /** Fit over the finite widths only, extrapolated to 1/N = 0: an estimate independent of the N = infinity run. */
  finite: LineFit;
  /** The same fit with the N = infinity point included (1/N = 0). */
  withInfinity: LineFit;
  /** The intercept the finite-width fit would give on the exact coefficients (its 1/N^2 bias). */
  exactIntercept: number;
  tree: number;
  /** (finite.intercept - tree) / finite.interceptSE. */
  z: number;
  /** N (exact - tree) at the largest width: the exact O(lambda/N) coefficient there (it tends to d c / d(1/N) as N grows). */
  exactSlope: number;
}

/** The finite-lambda reweighted point: G_c^(4)(lambda) - G_c^(4)(0) on the same draws. */
export interface ReweightedPoint {
  lambda: number;
  networks: number;
  effectiveSampleSize: number;
  essFraction: number;
  warnings: string[];
  entries: { points: number[]; shift: number; se: number; linear: number; linearSE: number; tree: number; spec: number }[];
}

export interface Phi4Report {
  setup: { dIn: number; mass: number; cutoff: number; region: [number, number]; grid: number; spacing: number; power: number };
  /** The tree-level integrals -int_V prod G by Gauss-Legendre (200 nodes), against the trapezoid sums the sampler uses. */
  treeIntegrals: { points: number[]; integral: number; trapezoid: number; spec: number }[];
  gp: ResponseRun;
  widths: ResponseRun[];
  extrapolation: Extrapolation[];
  reweighted: ReweightedPoint;
  /** The action reconstructed from the N = infinity response on the lattice: d g_4 / d lambda, local (part 4). */
  coupling: ReconstructionReport['phi4'];
  /** The cluster test of the deformed Gaussian process at finite coupling: R(r) -> 0 (local). */
  cluster: { lambda: number; networks: number; essFraction: number; profile: { r: number; ratio: number; se: number }[]; z: number; verdict: 'local' | 'non-local' };
}

/** Runs of the phi^4 part: the pool's sampler and responder and the WASM module for the N = infinity runs. */
export interface Phi4Runners {
  respond: (o: SampleOptions) => Promise<LinearResponse>;
  module: WebAssembly.Module;
}

export interface Phi4Sizes {
  gpNetworks: number;
  widths: readonly { width: number; networks: number }[];
  clusterNetworks: number;
  seed: number;
  threads?: number;
  zMax: number;
  onRun?: (detail: string) => void;
}

const at = (points: readonly number[], x: number) => points.indexOf(x);

function entries(r: LinearResponse, points: readonly number[], exact: (xs: number[][]) => number, tree: (xs: number[][]) => number): ResponseEntry[] {
  return ROW9.map((t) => {
    const idx = t.points.map((x) => at(points, x));
    const xs = t.points.map((x) => [x]);
    const [measured, se] = [r.connected(...idx), r.connectedSE(...idx)];
    const [ex, tr] = [exact(xs), tree(xs)];
    return { points: [...t.points], measured, se, tree: tr, exact: ex, z: (measured - ex) / se, zTree: (measured - tr) / se };
  });
}

/** Part (3) of the experiment (see the module comment). */
export async function phi4Experiment(run: Phi4Runners, o: Phi4Sizes): Promise<Phi4Report> {
  const grid = resolveDeformGrid(deform, 1, 0);
  const tree = (xs: number[][]) => connectedResponse(wickMoments(kernel), grid, xs);
  const treeIntegrals = ROW9.map((t) => ({
    points: [...t.points],
    integral: -integrateGaussLegendre((y) => t.points.reduce((p: number, x: number) => p * G(x - y), 1), PHI4.region[0], PHI4.region[1], 200),
    trapezoid: tree(t.points.map((x) => [x])),
    spec: t.tree,
  }));

  // N = infinity: the Gaussian process of the cutoff propagator on the lattice, its response and, on the
  // same draws, the deformed process at lambda = 0.2
  o.onRun?.(`Gaussian process (N = infinity), ${LATTICE.length} points, linear response to phi^4 on [-3, 3]`);
  const lattice = [...LATTICE];
  const gpBase = { points: lattice, kernel, name: 'cutoff-propagator d=1 m=1 Lambda=8', networks: o.gpNetworks, orders: [2, 4], seed: o.seed };
  let t0 = performance.now();
  const gpResponse = await linearResponseGaussianProcess({ ...gpBase, deform }, run.module);
  const gp: ResponseRun = {
    width: null, networks: gpResponse.networks, seed: o.seed, points: lattice, entries: entries(gpResponse, lattice, tree, tree),
    baseline: { measured: gpResponse.baseline.connected(3, 3, 3, 3), se: gpResponse.baseline.connectedSE(3, 3, 3, 3), exact: 0, scaledByN: false },
    jitter: { points: gpResponse.header.gp?.jitter ?? 0, grid: gpResponse.header.deform?.jitter ?? 0 },
    seconds: (performance.now() - t0) / 1000,
  };
  const coupling = phi4Coupling(gpResponse, lattice, G, grid, LATTICE[1] - LATTICE[0]);

  o.onRun?.(`Gaussian process, deformed at lambda = ${REWEIGHTED.lambda} (reweighted, the same draws)`);
  const deformed = await sampleGaussianProcess({ ...gpBase, deform: { ...deform, lambda: REWEIGHTED.lambda } }, run.module);
  const rowIdx = ROW9.map((t) => flatIndex(lattice.length, t.points.map((x) => at(lattice, x))));
  const shift = pairedJackknife(deformed, gpResponse.baseline, (a, b) => Float64Array.from(rowIdx, (i) => a[i] - b[i]));
  const reweighted: ReweightedPoint = {
    lambda: REWEIGHTED.lambda, networks: deformed.networks, effectiveSampleSize: deformed.effectiveSampleSize,
    essFraction: deformed.effectiveSampleSize / deformed.networks, warnings: [...deformed.warnings],
    entries: ROW9.map((t, i) => ({
      points: [...t.points], shift: shift.value[i], se: shift.se[i],
      linear: REWEIGHTED.lambda * gp.entries[i].measured, linearSE: REWEIGHTED.lambda * gp.entries[i].se,
      tree: REWEIGHTED.lambda * gp.entries[i].tree, spec: REWEIGHTED.spec[i],
    })),
  };

  // finite widths: the response of Cos-net itself, against its exact finite-width response
  const finitePoints = [...FINITE_POINTS];
  const widths: ResponseRun[] = [];
  for (const [i, w] of o.widths.entries()) {
    o.onRun?.(`cos-net N=${w.width}: linear response to phi^4 on [-3, 3]`);
    const options: SampleOptions = {
      arch: 'cos-net', width: w.width, hyper: { m: PHI4.mass, lambda: PHI4.cutoff }, points: finitePoints, networks: w.networks, orders: [2, 4],
      seed: o.seed + 10 + i, threads: o.threads, deform,
    };
    const ensemble = planSample(options, true).header.ensemble;
    t0 = performance.now();
    const r = await run.respond(options);
    const seconds = (performance.now() - t0) / 1000;
    const theory = new FiniteWidthTheory({ neurons: getArchitecture('cos-net').neurons!(ensemble), width: w.width, dIn: 1, sw: 1, sb: 0 });
    const moments = (xs: readonly (readonly number[])[]) => theory.moment(xs, xs.map((_, k) => k));
    const exact = (xs: number[][]) => connectedResponse(moments, grid, xs);
    const zero = at(finitePoints, 0);
    widths.push({
      width: w.width, networks: r.networks, seed: options.seed, points: finitePoints, entries: entries(r, finitePoints, exact, tree),
      baseline: {
        measured: w.width * r.baseline.connected(zero, zero, zero, zero), se: w.width * r.baseline.connectedSE(zero, zero, zero, zero),
        exact: w.width * theory.cumulant([[0]], [0, 0, 0, 0]), scaledByN: true,
      },
      jitter: null, seconds,
    });
  }

  const extrapolation: Extrapolation[] = ROW9.map((t, i) => {
    const x = widths.map((w) => 1 / w.width!);
    const y = widths.map((w) => w.entries[i].measured);
    const se = widths.map((w) => w.entries[i].se);
    const finite = fitLine(x, y, se);
    const withInfinity = fitLine([0, ...x], [gp.entries[i].measured, ...y], [gp.entries[i].se, ...se]);
    const largest = widths.reduce((a, b) => (b.width! > a.width! ? b : a));
    return {
      points: [...t.points], finite, withInfinity,
      exactIntercept: fitLine(x, widths.map((w) => w.entries[i].exact), se).intercept,
      tree: gp.entries[i].tree, z: (finite.intercept - gp.entries[i].tree) / finite.interceptSE,
      exactSlope: (largest.entries[i].exact - largest.entries[i].tree) * largest.width!,
    };
  });

  // the deformed theory at finite coupling clusters: R(r) = G_c(0,0,r,r) / G_c(0,0,0,0) -> 0
  o.onRun?.(`Gaussian process deformed at lambda = ${FINITE_COUPLING.lambda}: cluster test`);
  const cp = [...FINITE_COUPLING.points];
  const strong: EnsembleResult = await sampleGaussianProcess({
    points: cp, kernel, name: 'cutoff-propagator d=1 m=1 Lambda=8', networks: o.clusterNetworks, orders: [4], seed: o.seed + 1, deform: { ...deform, lambda: FINITE_COUPLING.lambda },
  }, run.module);
  const test = clusterTest(strong, [0, 0, 0, 0], cp.slice(1).map((r, k) => ({ r, idx: [0, 0, k + 1, k + 1] as [number, number, number, number] })), o.zMax);

  return {
    setup: { ...PHI4, region: [...PHI4.region], spacing: grid.spacing[0] },
    treeIntegrals, gp, widths, extrapolation, reweighted, coupling,
    cluster: {
      lambda: FINITE_COUPLING.lambda, networks: strong.networks, essFraction: strong.effectiveSampleSize / strong.networks,
      profile: test.profile.map((p) => ({ r: p.r, ratio: p.ratio, se: p.se })), z: test.z, verdict: test.verdict,
    },
  };
}
