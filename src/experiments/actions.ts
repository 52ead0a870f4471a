// The actions experiment of Demirtas, Halverson, Maiti, Schwartz and Stoner, "Neural Network Field
// Theories: Non-Gaussianity, Actions, and Locality" (2023), spec actions-symmetry sections F and G4
// rows 1-10: Cos-net's free propagator and its non-local 1/N interactions, phi^4 theory engineered by
// a deformed parameter density, the action reconstructed from correlators, and locality.
import type { LinearResponse } from '../deform/response.js';
import { NnftInputError } from '../errors.js';
import type { EnsembleResult } from '../result.js';
import { checkInteger, checkSeed, LIMITS } from '../sample/options.js';
import type { SampleOptions } from '../sample/sampler.js';
import { cosNetFourPoint, propagatorPanels, PROPAGATOR_SETUPS, ROW10, ROW8, SEPARATIONS, type CosNetFourPoint, type PropagatorPanel } from './actions-cos-net.js';
import { phi4Experiment, ROW9, type Phi4Report } from './actions-phi4.js';

/** z beyond which a check fails (the test suite's Z_MAX); the G4 table uses the spec's own tolerances. */
export const ACTIONS_Z_MAX = 4;

/** Runs sizes of the default experiment (a few minutes on 2 cores). */
export const ACTIONS_DEFAULTS: ActionsSizes = {
  propagator: { width: 50, networks: 1_000_000 },
  fourPoint: { width: 10, networks: 2_000_000 },
  gpNetworks: 1_000_000,
  responseWidths: [{ width: 100, networks: 300_000 }, { width: 250, networks: 200_000 }, { width: 1000, networks: 200_000 }],
  clusterNetworks: 1_000_000,
};

/** Run sizes of `--quick`: every part, with about a tenth of the networks and two finite widths. */
export const ACTIONS_QUICK: ActionsSizes = {
  propagator: { width: 20, networks: 20_000 },
  fourPoint: { width: 10, networks: 40_000 },
  gpNetworks: 40_000,
  responseWidths: [{ width: 100, networks: 6_000 }, { width: 1000, networks: 4_000 }],
  clusterNetworks: 40_000,
};

/** How many networks each part samples. */
export interface ActionsSizes {
  propagator: { width: number; networks: number };
  fourPoint: { width: number; networks: number };
  /** Draws of the Gaussian process (N = infinity) for the phi^4 response and the reweighted point. */
  gpNetworks: number;
  /** Widths and networks of the finite-width phi^4 responses (the 1/N extrapolation). */
  responseWidths: readonly { width: number; networks: number }[];
  /** Draws of the deformed process at finite coupling (cluster test). */
  clusterNetworks: number;
}

/** What the experiment samples with: the pool's ensembles and linear responses, and the WASM module for N = infinity. */
export interface ActionsRunners {
  sampler: (o: SampleOptions) => Promise<EnsembleResult>;
  respond: (o: SampleOptions) => Promise<LinearResponse>;
  module: WebAssembly.Module;
}

export interface ActionsOptions extends ActionsRunners {
  sizes?: ActionsSizes;
  /** Recorded in the report: whether the sizes are the quick ones. */
  quick?: boolean;
  seed?: number;
  threads?: number;
  /** Called before each run. */
  onStep?: (step: { stage: string; detail: string; index: number; count: number }) => void;
}

/** One number of spec G4 rows 1-10 beside ours. */
export interface TableRow {
  row: number;
  quantity: string;
  setting: string;
  /** The spec's value. */
  spec: number;
  /** The spec's own statistical error, where it quotes one. */
  specSE: number | null;
  /** Ours: measured (with `se`) or computed (se null); null when the part is not in this build. */
  ours: number | null;
  se: number | null;
  /** (ours - spec) / sqrt(se^2 + specSE^2) for measured values. */
  z: number | null;
  /** ours - spec for computed values (quadrature). */
  difference: number | null;
  /** Our exact prediction of the same quantity, and the measurement's z-score against it. */
  prediction: number | null;
  zPrediction: number | null;
  tolerance: string;
  /** Within the spec's tolerance (null: not available). */
  agrees: boolean | null;
  note: string;
}

export interface ActionsReport {
  experiment: 'actions';
  settings: { seed: number; quick: boolean; sizes: ActionsSizes; zMax: number };
  /** Part 1: Cos-net's propagator in d = 1, 2, 3 (G4 rows 6, 7). */
  propagators: PropagatorPanel[];
  /** Part 2: its 1/N connected 4-point function and cluster test (rows 8, 10). */
  fourPoint: CosNetFourPoint;
  /** Part 3: phi^4 by a deformed density (row 9). */
  phi4: Phi4Report;
  /** Spec G4 rows 1-10, number by number. */
  table: TableRow[];
  /** Parts of the experiment that this build cannot run yet, and why. */
  pending: { part: string; reason: string }[];
  /** Every pass/fail statement (|z| < zMax, verdicts). */
  checks: { name: string; pass: boolean; detail: string }[];
  seconds: { total: number };
}

/** Parts whose library pieces this build lacks: they are absent from the report, which says so. */
const PENDING: ActionsReport['pending'] = [
  { part: 'exact reconstruction examples (G4 rows 1-5)', reason: 'the action-reconstruction library (src/action) is not in this build' },
  { part: 'reconstruction of the quartic coupling and its locality (diagonal dominance, diameter profile)', reason: 'the action-reconstruction library (src/action) is not in this build' },
  { part: 'Metropolis sampling of the deformed density', reason: 'parameter-space Metropolis sampling is not in this build' },
  { part: 'independence breaking (shared random scale)', reason: 'the shared-random-scale density is not in this build' },
];

/** Checks the sizes (NnftInputError naming the field). */
function checkSizes(s: ActionsSizes): void {
  for (const key of ['propagator', 'fourPoint'] as const) {
    checkInteger(`sizes.${key}.width`, s[key].width, 1, LIMITS.width);
    checkInteger(`sizes.${key}.networks`, s[key].networks, 64, LIMITS.networks);
  }
  checkInteger('sizes.gpNetworks', s.gpNetworks, 64, LIMITS.networks);
  checkInteger('sizes.clusterNetworks', s.clusterNetworks, 64, LIMITS.networks);
  if (!Array.isArray(s.responseWidths) || s.responseWidths.length < 2) {
    throw new NnftInputError('sizes.responseWidths', s.responseWidths, 'must hold at least two widths (a fit in 1/N)');
  }
  for (const [i, w] of s.responseWidths.entries()) {
    checkInteger(`sizes.responseWidths[${i}].width`, w.width, 1, LIMITS.width);
    checkInteger(`sizes.responseWidths[${i}].networks`, w.networks, 64, LIMITS.networks);
  }
}

const fmtSE = (se: number) => (Number.isFinite(se) ? se : null);

/** The spec's G4 rows 6-10 beside ours; rows 1-5 appear once their library is in the build. */
function g4Table(r: Pick<ActionsReport, 'propagators' | 'fourPoint' | 'phi4'>): TableRow[] {
  const rows: TableRow[] = [];
  const measured = (row: number, quantity: string, setting: string, spec: number, ours: number, se: number, prediction: number, tolerance = '3 s.e.', note = '', specSE: number | null = null): TableRow => {
    const z = (ours - spec) / Math.hypot(se, specSE ?? 0);
    return {
      row, quantity, setting, spec, specSE, ours, se: fmtSE(se), z, difference: null, prediction, zPrediction: (ours - prediction) / se,
      tolerance, agrees: Math.abs(z) <= 3, note,
    };
  };
  for (const p of r.propagators) {
    const setup = PROPAGATOR_SETUPS.find((s) => s.dIn === p.dIn)!;
    if (setup.row === null || setup.spec === null) continue;
    p.points.forEach((pt, k) => rows.push(measured(
      setup.row!, `Cos-net G(r), d = ${p.dIn}, r = ${SEPARATIONS[k]}`, `m = 1, Lambda = ${p.cutoff}, N = ${p.width}, ${p.networks.toLocaleString('en')} networks`,
      setup.spec![k], pt.measured, pt.se, pt.cutoff, '3 s.e.', 'prediction: the cutoff propagator',
    )));
  }
  const f = r.fourPoint;
  for (const [i, e] of f.entries.entries()) {
    rows.push(measured(8, `Cos-net N G_c^(4)(${e.points.join(',')})`, `d = 1, m = 1, Lambda = 8, N = ${f.width}, ${f.networks.toLocaleString('en')} networks`,
      ROW8[i].spec, e.measured, e.se, e.exact, '3 s.e.', 'prediction: exact finite-width theory'));
  }
  const rows9 = r.phi4;
  for (const [i, t] of rows9.treeIntegrals.entries()) {
    const difference = t.integral - t.spec;
    rows.push({
      row: 9, quantity: `phi^4 tree coefficient -int_V prod G, points (${t.points.join(',')})`, setting: 'd = 1, m = 1, Lambda = 8, V = [-3, 3]',
      spec: t.spec, specSE: null, ours: t.integral, se: null, z: null, difference, prediction: null, zPrediction: null,
      tolerance: '4 digits (quadrature)', agrees: Math.abs(difference) <= 5e-5,
      note: `Gauss-Legendre, 200 nodes; the sampler's trapezoid rule (dy = ${rows9.setup.spacing}) gives ${t.trapezoid.toPrecision(5)}`,
    });
    const e = rows9.gp.entries[i];
    rows.push(measured(9, `GP linear response d G_c^(4) / d lambda, points (${e.points.join(',')})`, `N = infinity, ${rows9.gp.networks.toLocaleString('en')} draws`,
      ROW9[i].gp.value, e.measured, e.se, e.tree, '3 s.e. (N = inf)', 'z against the spec\'s own measurement (errors combined); prediction: the tree level on the trapezoid grid', ROW9[i].gp.se));
  }
  const c = f.cluster.profile.find((p) => p.r === ROW10.r)!;
  rows.push(measured(10, 'non-locality ratio G_c^(4)(0,0,20,20) / G_c^(4)(0,0,0,0)', `Cos-net 1/N term, N = ${f.width}`, ROW10.spec, c.ratio, c.se, c.exact, '3 s.e.', 'prediction: exact finite-width theory'));
  return rows.sort((a, b) => a.row - b.row);
}

/**
 * Runs the experiment: Cos-net's propagator and 1/N 4-point function with its cluster test, phi^4 by a
 * deformed density at N = infinity and finite N with the 1/N extrapolation, and the G4 table.
 */
export async function runActions(o: ActionsOptions): Promise<ActionsReport> {
  const sizes = o.sizes ?? ACTIONS_DEFAULTS;
  checkSizes(sizes);
  const seed = checkSeed(o.seed ?? 1);
  if (o.threads !== undefined) checkInteger('threads', o.threads, 1, LIMITS.threads);
  const threads = o.threads;
  const count = PROPAGATOR_SETUPS.length + 1 + 3 + sizes.responseWidths.length;
  let index = 0;
  const step = (stage: string) => (detail: string) => o.onStep?.({ stage, detail, index: index++, count });
  const t0 = performance.now();

  const propagators = await propagatorPanels(o.sampler, { ...sizes.propagator, seed, threads, onRun: step('propagator') });
  step('4-point')(`cos-net d=1 Lambda=8 N=${sizes.fourPoint.width}: G_c^(4) and the cluster test`);
  const fourPoint = await cosNetFourPoint(o.sampler, { ...sizes.fourPoint, seed: seed + 5, threads, zMax: ACTIONS_Z_MAX });
  const phi4 = await phi4Experiment(o, {
    gpNetworks: sizes.gpNetworks, widths: sizes.responseWidths, clusterNetworks: sizes.clusterNetworks, seed: seed + 20, threads, zMax: ACTIONS_Z_MAX, onRun: step('phi^4'),
  });

  const checks: ActionsReport['checks'] = [];
  const check = (name: string, pass: boolean, detail: string) => checks.push({ name, pass, detail });
  const zs = (values: number[]) => Math.max(...values.map(Math.abs));
  for (const p of propagators) {
    check(`Cos-net propagator d = ${p.dIn}, Lambda = ${p.cutoff}: G(r) = cutoff formula`, p.maxAbsZ < ACTIONS_Z_MAX, `max |z| ${p.maxAbsZ.toFixed(2)} over r = ${SEPARATIONS.join(', ')}`);
  }
  check('Cos-net N G_c^(4) = exact finite-width theory (row 8 tuples)', zs(fourPoint.entries.map((e) => e.z)) < ACTIONS_Z_MAX, `max |z| ${zs(fourPoint.entries.map((e) => e.z)).toFixed(2)}`);
  check('Cos-net cluster profile R(r) = exact theory', zs(fourPoint.cluster.profile.map((e) => e.z)) < ACTIONS_Z_MAX, `max |z| ${zs(fourPoint.cluster.profile.map((e) => e.z)).toFixed(2)} over ${fourPoint.cluster.profile.length} separations`);
  check('Cos-net at finite N is non-local (cluster test)', fourPoint.cluster.verdict === 'non-local', `R(${ROW10.r}) / se = ${fourPoint.cluster.z.toFixed(1)}: ${fourPoint.cluster.verdict}`);
  check('phi^4 at N = infinity: d G_c^(4) / d lambda = tree level', zs(phi4.gp.entries.map((e) => e.z)) < ACTIONS_Z_MAX, `max |z| ${zs(phi4.gp.entries.map((e) => e.z)).toFixed(2)}`);
  for (const w of phi4.widths) {
    check(`phi^4 at N = ${w.width}: response = exact finite-width response`, zs(w.entries.map((e) => e.z)) < ACTIONS_Z_MAX, `max |z| ${zs(w.entries.map((e) => e.z)).toFixed(2)}; undeformed N G_c^(4)(0,0,0,0) = ${w.baseline.measured.toFixed(3)} ± ${w.baseline.se.toFixed(3)} (exact ${w.baseline.exact?.toFixed(4)})`);
  }
  check('phi^4 extrapolated in 1/N from finite widths = tree level', zs(phi4.extrapolation.map((e) => e.z)) < ACTIONS_Z_MAX, `max |z| ${zs(phi4.extrapolation.map((e) => e.z)).toFixed(2)}`);
  check(`phi^4 reweighted at lambda = ${phi4.reweighted.lambda}: effective sample size reported, no warning`, phi4.reweighted.warnings.length === 0, `ESS ${phi4.reweighted.effectiveSampleSize.toFixed(0)} of ${phi4.reweighted.networks} (${(100 * phi4.reweighted.essFraction).toFixed(1)}%)`);
  check(`phi^4 at lambda = ${phi4.cluster.lambda} is local (cluster test)`, phi4.cluster.verdict === 'local', `R(${phi4.cluster.profile.at(-1)!.r}) / se = ${phi4.cluster.z.toFixed(2)}: ${phi4.cluster.verdict}`);

  const parts = { propagators, fourPoint, phi4 };
  return {
    experiment: 'actions',
    settings: { seed, quick: o.quick ?? false, sizes, zMax: ACTIONS_Z_MAX },
    ...parts,
    table: g4Table(parts),
    pending: PENDING,
    checks,
    seconds: { total: (performance.now() - t0) / 1000 },
  };
}
