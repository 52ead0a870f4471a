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
import { independencePanel, type IndependencePanel } from './actions-independence.js';
import { metropolisPanel, type MetropolisPanel } from './actions-metropolis.js';
import { cosNetCoupling, exactExamples, type LatticeCoupling, type ReconstructionReport } from './actions-reconstruction.js';
import { LATTICE, phi4Experiment, ROW9, type Phi4Report } from './actions-phi4.js';

/** z beyond which a check fails (the test suite's Z_MAX); the G4 table uses the spec's own tolerances. */
export const ACTIONS_Z_MAX = 4;

/** Runs sizes of the default experiment (a few minutes on 2 cores). */
export const ACTIONS_DEFAULTS: ActionsSizes = {
  propagator: { width: 50, networks: 1_000_000 },
  fourPoint: { width: 10, networks: 2_000_000 },
  gpNetworks: 1_000_000,
  responseWidths: [{ width: 100, networks: 300_000 }, { width: 250, networks: 200_000 }, { width: 1000, networks: 200_000 }],
  clusterNetworks: 1_000_000,
  independence: [{ width: 10, networks: 40_000 }, { width: 100, networks: 40_000 }, { width: 1000, networks: 40_000 }, { width: 10_000, networks: 20_000 }],
  metropolis: { sweeps: 10_000, chains: 8, networks: 400_000 },
};

/** Run sizes of `--quick`: every part, with about a tenth of the networks and two finite widths. */
export const ACTIONS_QUICK: ActionsSizes = {
  propagator: { width: 20, networks: 20_000 },
  fourPoint: { width: 10, networks: 40_000 },
  gpNetworks: 40_000,
  responseWidths: [{ width: 100, networks: 6_000 }, { width: 1000, networks: 4_000 }],
  clusterNetworks: 40_000,
  independence: [{ width: 10, networks: 4000 }, { width: 100, networks: 4000 }, { width: 1000, networks: 4000 }],
  metropolis: { sweeps: 1000, chains: 8, networks: 20_000 },
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
  /** Widths and networks of the independence-breaking panel (each width i.i.d. and with a shared scale). */
  independence: readonly { width: number; networks: number }[];
  /** Metropolis sweeps and chains, and the networks of the reweighted run and the linear response beside them. */
  metropolis: { sweeps: number; chains: number; networks: number };
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
  /** Independence breaking by a shared scale: interactions that survive N = infinity. */
  independence: IndependencePanel;
  /** One deformed density by Metropolis chains, importance reweighting and the linear response. */
  metropolis: MetropolisPanel;
  /** Parts 4 and 5: actions reconstructed from correlators (exact examples, phi^4 local, Cos-net non-local). */
  reconstruction: ReconstructionReport;
  /** Spec G4 rows 1-10, number by number. */
  table: TableRow[];
  /** Every pass/fail statement (|z| < zMax, verdicts). */
  checks: { name: string; pass: boolean; detail: string }[];
  seconds: { total: number };
}

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
  if (!Array.isArray(s.independence) || s.independence.length < 1) {
    throw new NnftInputError('sizes.independence', s.independence, 'must hold at least one width');
  }
  for (const [i, w] of s.independence.entries()) {
    checkInteger(`sizes.independence[${i}].width`, w.width, 1, LIMITS.width);
    checkInteger(`sizes.independence[${i}].networks`, w.networks, 64, LIMITS.networks);
  }
  checkInteger('sizes.metropolis.sweeps', s.metropolis?.sweeps, 10, LIMITS.networks);
  checkInteger('sizes.metropolis.chains', s.metropolis?.chains, 1, 1024);
  checkInteger('sizes.metropolis.networks', s.metropolis?.networks, 64, LIMITS.networks);
  for (const [i, w] of s.responseWidths.entries()) {
    checkInteger(`sizes.responseWidths[${i}].width`, w.width, 1, LIMITS.width);
    checkInteger(`sizes.responseWidths[${i}].networks`, w.networks, 64, LIMITS.networks);
  }
}

const fmtSE = (se: number) => (Number.isFinite(se) ? se : null);

/** The spec's G4 rows 1-10 beside ours. */
function g4Table(r: Pick<ActionsReport, 'propagators' | 'fourPoint' | 'phi4' | 'reconstruction'>): TableRow[] {
  const rows: TableRow[] = [];
  // rows 1-5: computed by quadrature, held to the spec's digits (absolute) or to a relative tolerance
  const computed = (row: number, quantity: string, setting: string, spec: number, ours: number, tolerance: number, relative = false, note = ''): TableRow => {
    const difference = ours - spec;
    return {
      row, quantity, setting, spec, specSE: null, ours, se: null, z: null, difference, prediction: null, zPrediction: null,
      tolerance: relative ? `${100 * tolerance}%` : `${tolerance}`, agrees: Math.abs(relative ? difference / spec : difference) <= tolerance, note,
    };
  };
  const { oneSite, threeSite } = r.reconstruction;
  const one = 'S = phi^2/2 + lambda phi^4/24';
  rows.push(computed(1, 'G', `${one}, lambda = 0.1`, 0.95558, oneSite.row1.G, 1e-5, false, 'trapezoid quadrature'));
  rows.push(computed(1, 'kappa_4', `${one}, lambda = 0.1`, -0.073978, oneSite.row1.kappa4, 1e-6));
  rows.push(computed(1, 'lambda_rec = -kappa_4 / G^4', `${one}, lambda = 0.1`, 0.08872, oneSite.row1.g4, 1e-4));
  const c2 = oneSite.row2.at(-1)!;
  rows.push(computed(2, '(lambda_rec - lambda) / lambda^2', `${one}, lambda = ${c2.lambda}`, -1.5, c2.coefficient, 0.02, false,
    `lambda = ${oneSite.row2.map((x) => `${x.lambda}: ${x.coefficient.toFixed(3)}`).join(', ')}`));
  rows.push(computed(3, 'g_6 / lambda^3', `${one}, lambda = ${oneSite.row3.lambda}`, 14.9, oneSite.row3.g6 / oneSite.row3.lambda ** 3, 0.02, true));
  rows.push(computed(3, 'kappa_6 / lambda^2', `${one}, lambda = ${oneSite.row3.lambda}`, 9.94, oneSite.row3.kappa6 / oneSite.row3.lambda ** 2, 0.02, true));
  const three = `3 sites, A = [[2,-.5,0],[-.5,2,-.5],[0,-.5,2]], lambda = 0.3, ${threeSite.nodes}^3 Gauss-Hermite`;
  [0.27, 0.267, 0.27].forEach((spec, i) => rows.push(computed(4, `g_4(${i}${i}${i}${i})`, three, spec, threeSite.g4Diagonal[i], 1e-3)));
  rows.push({
    ...computed(4, 'max off-diagonal |g_4|', three, 6.2e-4, threeSite.g4MaxOffDiagonal, 5e-6),
    tolerance: '<= 6.2e-4 (rounded)', note: 'the spec\'s bound is this maximum to two digits',
  });
  [2.006, 2.007, 2.006].forEach((spec, i) => rows.push(computed(5, `g_2(${i}${i})`, three, spec, threeSite.g2[i][i], 1e-3, false, `K = G^-1 alone: ${threeSite.inverseG[i][i].toFixed(4)}`)));
  rows.push(computed(5, 'g_2(01)', three, -0.5, threeSite.g2[0][1], 1e-3));
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
  const count = PROPAGATOR_SETUPS.length + 1 + 3 + sizes.responseWidths.length + 2 + 1 + 2 * sizes.independence.length;
  let index = 0;
  const step = (stage: string) => (detail: string) => o.onStep?.({ stage, detail, index: index++, count });
  const t0 = performance.now();

  const propagators = await propagatorPanels(o.sampler, { ...sizes.propagator, seed, threads, onRun: step('propagator') });
  step('4-point')(`cos-net d=1 Lambda=8 N=${sizes.fourPoint.width}: G_c^(4) and the cluster test`);
  const fourPoint = await cosNetFourPoint(o.sampler, { ...sizes.fourPoint, seed: seed + 5, threads, zMax: ACTIONS_Z_MAX });
  const phi4 = await phi4Experiment(o, {
    gpNetworks: sizes.gpNetworks, widths: sizes.responseWidths, clusterNetworks: sizes.clusterNetworks, seed: seed + 20, threads, zMax: ACTIONS_Z_MAX, onRun: step('phi^4'),
  });
  const mp = await metropolisPanel(o, { ...sizes.metropolis, seed: seed + 50, threads, onRun: step('metropolis') });
  step('reconstruction')(`cos-net d=1 Lambda=8 N=${sizes.fourPoint.width} on the lattice ${LATTICE.join(', ')}: g_4 = -amp(kappa_4)`);
  const cosNet = await cosNetCoupling(o.sampler, { sites: LATTICE, width: sizes.fourPoint.width, networks: sizes.fourPoint.networks, seed: seed + 30, threads });
  const reconstruction: ReconstructionReport = { ...exactExamples(), phi4: phi4.coupling, cosNet };
  const independence = await independencePanel(o.sampler, { widths: sizes.independence, seed: seed + 40, threads, onRun: step('independence') });

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

  const mz = zs(mp.entries.map((e) => e.z));
  check(`Metropolis = importance reweighting on the same deformation (cos-net N = ${mp.setup.width}, lambda = ${mp.setup.lambda})`, mz < ACTIONS_Z_MAX,
    `max |z| ${mz.toFixed(2)} over ${mp.entries.length} connected correlators; acceptance ${mp.acceptanceRate.toFixed(3)}, tau_int(Delta S) = ${mp.tau.action.tau.toFixed(2)} sweeps; ESS ${(100 * mp.effectiveSampleSize / mp.reweightedNetworks).toFixed(1)}%`);
  const g00 = mp.entries.find((e) => e.idx.join() === '0,0')!;
  check('Metropolis: the deformation moves G(0,0) away from the free value, and its chains mix (no warnings)', g00.zShift < -ACTIONS_Z_MAX && mp.metropolisWarnings.length === 0,
    `G(0,0) = ${g00.metropolis.value.toFixed(4)} ± ${g00.metropolis.se.toFixed(4)} vs free ${g00.undeformed.toFixed(4)} (z = ${g00.zShift.toFixed(1)})${mp.metropolisWarnings.length ? `; ${mp.metropolisWarnings.join('; ')}` : ''}`);
  const rc = reconstruction;
  const tableRows = g4Table({ propagators, fourPoint, phi4, reconstruction });
  const exactRows = tableRows.filter((t) => t.row <= 5);
  check('exact reconstruction examples (G4 rows 1-5) within the spec\'s tolerances', exactRows.every((t) => t.agrees), `${exactRows.filter((t) => t.agrees).length} of ${exactRows.length} numbers`);
  const diagZ = (c: LatticeCoupling) => zs(c.diagonal.map((d) => d.z));
  check('phi^4 reconstructed: d g_4 / d lambda = the amputated tree vertex on the lattice', diagZ(rc.phi4) < ACTIONS_Z_MAX,
    `max |z| ${diagZ(rc.phi4).toFixed(2)} over the ${rc.phi4.diagonal.length} diagonal entries (${rc.phi4.maxAbsZ.toFixed(2)} over all ${rc.phi4.entries})`);
  check('phi^4 reconstructed: the local coupling sum_bcd g_4(0bcd) / a = its exact lattice value (lambda = 1 in the continuum)', Math.abs(rc.phi4.recovered.z) < ACTIONS_Z_MAX,
    `${rc.phi4.recovered.measured.toFixed(3)} ± ${rc.phi4.recovered.se.toFixed(3)} vs ${rc.phi4.recovered.exact.toFixed(4)}, z = ${rc.phi4.recovered.z.toFixed(2)}`);
  check(`phi^4 coupling is local (entries beyond diameter ${rc.phi4.range} consistent with noise)`, rc.phi4.verdict === 'local',
    `chi^2 ${rc.phi4.beyondRange.chi2.toFixed(1)} on ${rc.phi4.beyondRange.dof.toFixed(1)} effective dof, p = ${rc.phi4.beyondRange.pValue.toPrecision(2)}: ${rc.phi4.verdict}`);
  check(`Cos-net N = ${rc.cosNet.width} reconstructed: g_4 = -amp(kappa_4) of the exact theory`, diagZ(rc.cosNet) < ACTIONS_Z_MAX,
    `max |z| ${diagZ(rc.cosNet).toFixed(2)} over the ${rc.cosNet.diagonal.length} diagonal entries (${rc.cosNet.maxAbsZ.toFixed(2)} over all ${rc.cosNet.entries})`);
  check(`Cos-net N = ${rc.cosNet.width} coupling is non-local`, rc.cosNet.verdict === 'non-local',
    `L = ${rc.cosNet.diagonalDominance.value.toFixed(4)} ± ${rc.cosNet.diagonalDominance.se.toPrecision(2)} (exact ${rc.cosNet.diagonalDominance.exact.toFixed(4)}); p = ${rc.cosNet.beyondRange.pValue.toPrecision(2)}: ${rc.cosNet.verdict}`);

  const ind = independence.runs;
  const indZ = zs(ind.flatMap((r) => [r.fourPoint.z, r.ratio.z]));
  check('independence breaking: G_c^(4)(0,0,0,0) and R(20) = exact theory, i.i.d. and shared scale, every N', indZ < ACTIONS_Z_MAX, `max |z| ${indZ.toFixed(2)} over ${ind.length} ensembles`);
  const widest = ind.filter((r) => r.kind === 'shared').at(-1)!;
  const widestIid = ind.filter((r) => r.kind === 'iid').at(-1)!;
  const zInf = (widest.fourPoint.measured - independence.infinite.fourPoint) / widest.fourPoint.se;
  check(
    'shared scale: the connected 4-point function survives N -> infinity',
    widest.fourPoint.measured / widest.fourPoint.se > ACTIONS_Z_MAX && Math.abs(zInf) < ACTIONS_Z_MAX,
    `N = ${widest.width}: G_c^(4)(0,0,0,0) = ${widest.fourPoint.measured.toFixed(4)} ± ${widest.fourPoint.se.toFixed(4)} (${(widest.fourPoint.measured / widest.fourPoint.se).toFixed(1)} s.e. from 0; ` +
      `N = infinity value 3 Var(s^2) G(0)^2 = ${independence.infinite.fourPoint.toFixed(4)}, z = ${zInf.toFixed(2)}); i.i.d. neurons at the same N: ${widestIid.fourPoint.measured.toExponential(2)} ± ${widestIid.fourPoint.se.toExponential(1)}`,
  );

  const parts = { propagators, fourPoint, phi4, independence, reconstruction, metropolis: mp };
  return {
    experiment: 'actions',
    settings: { seed, quick: o.quick ?? false, sizes, zMax: ACTIONS_Z_MAX },
    ...parts,
    table: tableRows,
    checks,
    seconds: { total: (performance.now() - t0) / 1000 },
  };
}
