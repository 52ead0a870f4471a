// Cos-net, the network whose 2-point function is the free scalar propagator (spec actions-symmetry
// F3, F1, F5; G4 rows 6-8 and 10): its propagator in d = 1, 2, 3 against the cutoff formula, and its
// 1/N connected 4-point function against the exact finite-width theory, with the cluster test that
// shows it non-local.
import { getArchitecture } from '../arch/index.js';
import { clusterTest } from '../locality/cluster.js';
import type { EnsembleResult } from '../result.js';
import type { SampleOptions } from '../sample/sampler.js';
import { planSample } from '../sample/sampler.js';
import { cutoffPropagator } from '../theory/cos-net.js';
import { FiniteWidthTheory } from '../theory/finite-width.js';

/** Propagator setups: G4 row 6 (d = 1, Lambda = 50), d = 2 (no spec row) and row 7 (d = 3, Lambda = 10); m = 1. */
export const PROPAGATOR_SETUPS = [
  { dIn: 1, cutoff: 50, row: 6, spec: [0.4936, 0.3032, 0.1839, 0.0676] },
  { dIn: 2, cutoff: 10, row: null, spec: null },
  { dIn: 3, cutoff: 10, row: 7, spec: [0.4321, 0.0944, 0.0337, 0.0048] },
] as const;
/** Separations r of the propagator rows, along (1, .., 1)/sqrt(d). */
export const SEPARATIONS = [0, 0.5, 1, 2] as const;
/** The 4-point setup of G4 rows 8 and 10: d = 1, m = 1, Lambda = 8, sigma_a = 1. */
export const FOUR_POINT = { mass: 1, cutoff: 8, points: [0, 1, 2, 3, 5, 10, 20, 23] } as const;
/** G4 row 8: N G_c^(4) at these point tuples. */
export const ROW8 = [
  { points: [0, 0, 0, 0], spec: 2.2265 },
  { points: [0, 0, 5, 5], spec: 1.6967 },
  { points: [0, 3, 20, 23], spec: 0.9701 },
] as const;
/** G4 row 10: R(20) = G_c^(4)(0,0,20,20) / G_c^(4)(0,0,0,0). */
export const ROW10 = { r: 20, spec: 0.762 } as const;

/** Runs one ensemble. */
export type Sampler = (o: SampleOptions) => Promise<EnsembleResult>;

/** One separation of a propagator panel. */
export interface PropagatorPoint {
  r: number;
  measured: number;
  se: number;
  /** The cutoff propagator (the prediction). */
  cutoff: number;
  /** The continuum propagator e^{-mr}/(2m) (d = 1), e^{-mr}/(4 pi r) (d = 3, r > 0); null where not used. */
  continuum: number | null;
  z: number;
}

export interface PropagatorPanel {
  dIn: number;
  mass: number;
  cutoff: number;
  width: number;
  networks: number;
  seed: number;
  estimator: 'conditional';
  /** The G4 row it reproduces (null: d = 2, no row). */
  row: number | null;
  points: PropagatorPoint[];
  maxAbsZ: number;
  seconds: number;
}

/** N G_c^(4) at one tuple: measured and exact. */
export interface FourPointEntry {
  points: number[];
  measured: number;
  se: number;
  exact: number;
  z: number;
}

/** R(r) of the cluster test: measured (jackknife error) and exact. */
export interface ClusterEntry {
  r: number;
  ratio: number;
  se: number;
  exact: number;
  z: number;
}

export interface CosNetFourPoint {
  mass: number;
  cutoff: number;
  width: number;
  networks: number;
  seed: number;
  estimator: 'conditional';
  points: number[];
  /** G4 row 8 tuples. */
  entries: FourPointEntry[];
  /** R(r) = G_c^(4)(0,0,r,r) / G_c^(4)(0,0,0,0) for every r among the points. */
  cluster: { profile: ClusterEntry[]; z: number; verdict: 'local' | 'non-local'; zMax: number };
  seconds: number;
}

const continuum = (d: number, m: number, r: number): number | null =>
  d === 1 ? Math.exp(-m * r) / (2 * m) : d === 3 && r > 0 ? Math.exp(-m * r) / (4 * Math.PI * r) : null;

/** The propagator of Cos-net in d = 1, 2, 3 against the cutoff formula (G4 rows 6, 7). */
export async function propagatorPanels(sampler: Sampler, o: { width: number; networks: number; seed: number; threads?: number; onRun?: (detail: string) => void }): Promise<PropagatorPanel[]> {
  const out: PropagatorPanel[] = [];
  for (const [i, s] of PROPAGATOR_SETUPS.entries()) {
    const points = SEPARATIONS.map((r) => Array.from({ length: s.dIn }, () => r / Math.sqrt(s.dIn)));
    o.onRun?.(`cos-net d=${s.dIn} Lambda=${s.cutoff} N=${o.width}: G(r)`);
    const t0 = performance.now();
    const seed = o.seed + i;
    const run = await sampler({
      arch: 'cos-net', width: o.width, points, hyper: { m: 1, lambda: s.cutoff }, networks: o.networks, orders: [2], seed, threads: o.threads, estimator: 'conditional',
    });
    const seconds = (performance.now() - t0) / 1000;
    const rows = SEPARATIONS.map((r, k) => {
      const cutoff = cutoffPropagator(s.dIn, 1, s.cutoff, r);
      const measured = run.moment(0, k);
      const se = run.momentSE(0, k);
      return { r, measured, se, cutoff, continuum: continuum(s.dIn, 1, r), z: (measured - cutoff) / se };
    });
    out.push({
      dIn: s.dIn, mass: 1, cutoff: s.cutoff, width: o.width, networks: run.networks, seed, estimator: 'conditional', row: s.row,
      points: rows, maxAbsZ: Math.max(...rows.map((p) => Math.abs(p.z))), seconds,
    });
  }
  return out;
}

/**
 * The 1/N connected 4-point function of Cos-net (d = 1, m = 1, Lambda = 8) at the G4 row 8 tuples and
 * the cluster test R(r) up to r = 20 (row 10), against the exact finite-width theory.
 */
export async function cosNetFourPoint(sampler: Sampler, o: { width: number; networks: number; seed: number; threads?: number; zMax: number }): Promise<CosNetFourPoint> {
  const points: number[] = [...FOUR_POINT.points];
  const options: SampleOptions = {
    arch: 'cos-net', width: o.width, points, hyper: { m: FOUR_POINT.mass, lambda: FOUR_POINT.cutoff }, networks: o.networks, orders: [4], seed: o.seed, threads: o.threads, estimator: 'conditional',
  };
  const ensemble = planSample(options).header.ensemble;
  const t0 = performance.now();
  const run = await sampler(options);
  const seconds = (performance.now() - t0) / 1000;
  const theory = new FiniteWidthTheory({ neurons: getArchitecture('cos-net').neurons!(ensemble), width: o.width, dIn: 1, sw: 1, sb: 0 });
  const xs = points.map((x) => [x]);
  const exact = (idx: number[]) => theory.cumulant(xs, idx);
  const at = (x: number) => points.indexOf(x);
  const N = o.width;
  const entries = ROW8.map((t) => {
    const idx = t.points.map(at);
    const measured = N * run.connected(...idx);
    const se = N * run.connectedSE(...idx);
    const ex = N * exact(idx);
    return { points: [...t.points], measured, se, exact: ex, z: (measured - ex) / se };
  });
  const separated = points.slice(1).map((r) => ({ r, idx: [0, 0, at(r), at(r)] as [number, number, number, number] }));
  const test = clusterTest(run, [0, 0, 0, 0], separated, o.zMax);
  const ref = exact([0, 0, 0, 0]);
  const profile = test.profile.map((p, i) => {
    const ex = exact([...separated[i].idx]) / ref;
    return { r: p.r, ratio: p.ratio, se: p.se, exact: ex, z: (p.ratio - ex) / p.se };
  });
  return {
    mass: FOUR_POINT.mass, cutoff: FOUR_POINT.cutoff, width: N, networks: run.networks, seed: o.seed, estimator: 'conditional', points,
    entries, cluster: { profile, z: test.z, verdict: test.verdict, zMax: o.zMax }, seconds,
  };
}
