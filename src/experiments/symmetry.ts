// The symmetry-via-duality experiment of Maiti, Stoner and Halverson (2021), spec sections G1, G2
// and G4 rows 11-12: invariances of network densities read off correlators computed in parameter
// space, their negative controls, and symmetry breaking by parameter means.
import { architectureNames } from '../arch/index.js';
import { NnftInputError } from '../errors.js';
import type { EnsembleResult } from '../result.js';
import type { SampleOptions } from '../sample/sampler.js';
import { checkInteger, LIMITS } from '../sample/options.js';
import { flatIndex } from '../stats/multiset.js';
import { exactCorrelators } from '../theory/finite-width.js';
import { rotationTaking } from '../symmetry/alignment.js';
import { breakingPrediction, reluUnitMoments, unitMoments } from '../symmetry/breaking-theory.js';
import { deviationEntries } from '../symmetry/deviation.js';
import { generatorRotations, planeRotation } from '../symmetry/generators.js';
import { haarRotation, haarRotations } from '../symmetry/haar.js';
import { testInvariance, type InvarianceResult } from '../symmetry/invariance.js';
import { applyMatrix, multiply, toRows, transpose, type Matrix } from '../symmetry/matrix.js';
import { sampleOutputMeans } from '../symmetry/output-means.js';
import { SeededRandom } from '../symmetry/random.js';
import { correlatorRun, runEstimates, type CorrelatorRun } from '../symmetry/run.js';
import { stabiliserRotation } from '../symmetry/stabiliser.js';
import { inputRotation, outputRotation, pairedPoints, translation } from '../symmetry/transformation.js';
import { fitThroughOrigin, meanViolation, type Measured, type OriginFit } from '../symmetry/violation.js';

/** The SO(5) demonstration's widths and points (keeganstoner/nn-symmetry, npt_symmetry/; spec G1). */
export const SO5_WIDTHS = [5, 10, 50, 100, 1000] as const;
export const SO5_POINTS = [-1, -0.6, -0.2, 0.2, 0.6, 1.0].map((x) => 0.01 * x);
/** The notebook's G4 entry: input index (1,1,1,1), x = -0.006. */
export const SO5_G4_TUPLE = [1, 1, 1, 1] as const;
/** Breaking setup of spec G4 row 11: relu-net, d = 20, N = 50, D = 10, k = 4, mu_W = 0.1. */
export const BREAKING = { dIn: 20, width: 50, dOut: 10, k: 4, muW: 0.1, points: 2 } as const;
/** Means of the linearity sweep (the violation of a generic rotation should grow linearly). */
export const LINEARITY_MEANS = [0.025, 0.05, 0.075, 0.1] as const;
/** Mean of the weights in the negative controls of the output and input rotations. */
export const CONTROL_MW = { so5: 0.1, input: 0.5 } as const;
/** Rotations whose chi-squared and control statistics are computed (more add no information). */
const FEW_ROTATIONS = 64;
/** Gauss-net hyperparameters of the translation test: sw = sb = 0.5 keep its lognormal units' high moments finite enough for honest errors. */
const TRANSLATION = { points: [-0.5, 0, 0.5], shift: 0.5, widths: [2, 20], gauss: { sw: 0.5, sb: 0.5 } } as const;

export interface SymmetryOptions {
  /** Runs one ensemble (the library's sample(), or a pool's). */
  sampler: (o: SampleOptions) => Promise<EnsembleResult>;
  /** Networks per run (default 100,000). */
  networks?: number;
  /** Random rotations of the SO(5) sweep (default 1000, as the notebook). */
  rotations?: number;
  /** Widths of the SO(5) sweep (default 5, 10, 50, 100, 1000). */
  widths?: readonly number[];
  seed?: number;
  threads?: number;
  /** Called before each run. */
  onStep?: (step: { stage: string; detail: string; index: number; count: number }) => void;
}

/** One width of the SO(5) sweep. */
export interface So5Width {
  width: number;
  networks: number;
  seconds: number;
  /** Zero-mean weights under every rotation: G2 (all point pairs) and G4 (the notebook's entry), moments and connected. */
  invariant: InvarianceResult;
  /** Non-zero weight means (mw = CONTROL_MW.so5) under the first rotations: must be broken. */
  control: InvarianceResult;
}

/** A named invariance test with the verdict it should reach. */
export interface InvarianceCase {
  name: string;
  expected: 'invariant' | 'broken' | 'exact';
  result: InvarianceResult;
}

/** Measured against predicted, entry by entry. */
export interface PredictionComparison {
  entries: number;
  maxAbsZ: number;
  /** The entries of largest predicted magnitude (up to 6), for the report. */
  largest: { idx: number[]; measured: number; se: number; predicted: number; z: number }[];
}

export interface TranslationCase {
  arch: string;
  width: number;
  hyper: Record<string, number>;
  expected: { order2: 'invariant'; order4: 'invariant' | 'broken' };
  result: InvarianceResult;
  /** The exact finite-width change of every connected G2, G4 under the shift (gauss-net). */
  theory: PredictionComparison | null;
}

export interface BreakingRow {
  quantity: string;
  measured: number;
  se: number;
  predicted: number;
  z: number;
}

export interface SymmetryReport {
  experiment: 'symmetry';
  settings: { networks: number; rotations: number; widths: number[]; seed: number };
  so5: {
    arch: 'gauss-net';
    dIn: 1;
    dOut: 5;
    points: number[];
    g4Tuple: number[];
    estimator: 'direct';
    rotations: { parametrisation: string; count: number; seed: number };
    controlMw: number;
    widths: So5Width[];
    /** The same test with the conditional estimator: exact by construction. */
    conditional: InvarianceCase;
  };
  inputRotation: { arch: 'relu-net'; dIn: 3; width: number; points: number[][]; rotation: number[][]; axisRotation: number[][]; cases: InvarianceCase[] };
  translation: {
    points: number[];
    shift: number;
    cases: TranslationCase[];
    /** cos-net: measured when registered, otherwise why not. */
    cosNet: 'measured' | string;
  };
  breaking: {
    arch: 'relu-net';
    dIn: number;
    width: number;
    dOut: number;
    k: number;
    muW: number;
    points: number[][];
    estimator: 'direct';
    rows: BreakingRow[];
    /** E f_i(x_k) for every point and output row: measured and predicted. */
    means: { point: number; output: number; measured: number; se: number; predicted: number }[];
    formulas: PredictionComparison;
    unitMoments: { closedForm: number[]; quadrature: number[]; maxRelativeDifference: number };
    residual: InvarianceCase;
    generic: InvarianceCase;
    linearity: { muW: number[]; violation: Measured[]; predicted: number[]; fit: OriginFit; predictedSlope: number; z: number };
  };
  /** Every pass/fail statement of the experiment. */
  checks: { name: string; pass: boolean; detail: string }[];
}

const rows = (m: Matrix) => toRows(m);

/** Comparison of measured connected correlators with predictions (z-scores). */
function comparePredictions(items: { idx: number[]; measured: number; se: number; predicted: number }[]): PredictionComparison {
  const withZ = items.map((e) => ({ ...e, z: (e.measured - e.predicted) / e.se }));
  const largest = [...withZ].sort((a, b) => Math.abs(b.predicted) - Math.abs(a.predicted)).slice(0, 6);
  return { entries: withZ.length, maxAbsZ: Math.max(...withZ.map((e) => Math.abs(e.z))), largest };
}

/** The verdicts of one order and kind, for checks. */
const orderVerdicts = (r: InvarianceResult, order: number) => r.orders.filter((o) => o.order === order).map((o) => o.verdict);

/**
 * Runs the experiment: the SO(5) sweep of Gauss-net with its controls, input rotations of a
 * relu-net at d_in = 3, translations of Gauss-net (and cos-net when registered), and breaking by
 * output-weight means against the exact G2 formulas.
 */
export async function runSymmetry(o: SymmetryOptions): Promise<SymmetryReport> {
  const networks = o.networks ?? 100_000;
  const rotationCount = o.rotations ?? 1000;
  const widths = [...(o.widths ?? SO5_WIDTHS)];
  const seed = o.seed ?? 1;
  checkInteger('networks', networks, 64, LIMITS.networks);
  checkInteger('rotations', rotationCount, 1, 100_000);
  if (widths.length === 0) throw new NnftInputError('widths', widths, 'must hold at least one width');
  for (const [i, w] of widths.entries()) checkInteger(`widths[${i}]`, w, 1, LIMITS.width);
  const threads = o.threads;
  const hasCos = architectureNames().includes('cos-net');
  const count = 2 * widths.length + 1 + 3 + TRANSLATION.widths.length * (hasCos ? 2 : 1) + LINEARITY_MEANS.length;
  let index = 0;
  const step = (stage: string, detail: string) => o.onStep?.({ stage, detail, index: index++, count });
  const checks: SymmetryReport['checks'] = [];
  const check = (name: string, pass: boolean, detail: string) => checks.push({ name, pass, detail });

  // --- SO(5): Gauss-net, d_in = 1, D = 5, the notebook's points and rotations -----------------------
  const so5Rotations = generatorRotations(5, rotationCount, seed).map(outputRotation);
  const so5Tests = { orders: [2, 4], tuples: { 4: [[...SO5_G4_TUPLE]] } };
  const so5Base = { arch: 'gauss-net', dOut: 5, points: SO5_POINTS, networks, orders: [2, 4], seed, threads, estimator: 'direct' as const };
  const so5Widths: So5Width[] = [];
  for (const width of widths) {
    step('SO(5)', `gauss-net N=${width}, zero means, ${rotationCount} rotations`);
    const t0 = performance.now();
    const run = await o.sampler({ ...so5Base, width });
    const seconds = (performance.now() - t0) / 1000;
    const invariant = testInvariance(run, so5Rotations, so5Tests);
    step('SO(5)', `gauss-net N=${width}, control mw=${CONTROL_MW.so5}`);
    const control = testInvariance(await o.sampler({ ...so5Base, width, mw: CONTROL_MW.so5 }), so5Rotations.slice(0, FEW_ROTATIONS), so5Tests);
    so5Widths.push({ width, networks: run.networks, seconds, invariant, control });
    check(`SO(5) invariance, N = ${width}`, invariant.verdict === 'invariant' && invariant.orders.every((x) => x.withinBand),
      `verdict ${invariant.verdict}; |mu_M| <= delta_M for ${invariant.orders.filter((x) => x.withinBand).length}/${invariant.orders.length} orders`);
    check(`SO(5) control mw = ${CONTROL_MW.so5} broken, N = ${width}`, control.verdict === 'broken', `verdict ${control.verdict}`);
  }
  step('SO(5)', `gauss-net N=${widths[0]}, conditional estimator`);
  const conditional: InvarianceCase = {
    name: `conditional estimator, N = ${widths[0]}: the last layer integrated out exactly`,
    expected: 'exact',
    result: testInvariance(await o.sampler({ ...so5Base, width: widths[0], estimator: 'conditional' }), so5Rotations.slice(0, FEW_ROTATIONS), so5Tests),
  };
  check('SO(5) exact under the conditional estimator', conditional.result.verdict === 'exact',
    `verdict ${conditional.result.verdict}, max |deviation|/scale ${Math.max(...conditional.result.orders.map((x) => x.maxExactDeviation)).toExponential(1)}`);

  // --- input rotations: relu-net, d_in = 3 ---------------------------------------------------------
  const rng = new SeededRandom(seed + 1);
  const inputPoints = Array.from({ length: 4 }, () => Array.from({ length: 3 }, () => rng.normal()));
  const R3 = haarRotation(3, rng);
  const A = rotationTaking([1, 0, 0], [1, 1, 1]);
  const axisR = multiply(multiply(A, planeRotation(3, 1, 2, 1.1)), transpose(A));
  const inputCases: InvarianceCase[] = [];
  const inputWidth = 10;
  for (const [name, t, mw, expected] of [
    ['zero means, Haar rotation', inputRotation(R3), 0, 'invariant'],
    [`input-weight mean mw = ${CONTROL_MW.input} (direction (1,1,1)), Haar rotation`, inputRotation(R3), CONTROL_MW.input, 'broken'],
    [`mw = ${CONTROL_MW.input}, rotation about the mean direction (1,1,1): residual symmetry`, inputRotation(axisR), CONTROL_MW.input, 'invariant'],
  ] as const) {
    step('input rotation', `relu-net d_in=3 N=${inputWidth}: ${name}`);
    const run = await o.sampler({ arch: 'relu-net', width: inputWidth, points: pairedPoints(inputPoints, t), networks, orders: [2, 4], seed, threads, mw });
    const result = testInvariance(run, [t]);
    inputCases.push({ name, expected, result });
    check(`input rotation: ${name}`, result.verdict === expected, `verdict ${result.verdict}`);
  }

  // --- translations --------------------------------------------------------------------------------
  const shift = translation(TRANSLATION.shift);
  const tPoints = pairedPoints(TRANSLATION.points, shift);
  const translationCases: TranslationCase[] = [];
  for (const width of TRANSLATION.widths) {
    step('translation', `gauss-net N=${width}, shift ${TRANSLATION.shift}`);
    const { sw, sb } = TRANSLATION.gauss;
    const run = correlatorRun(await o.sampler({ arch: 'gauss-net', width, sw, sb, points: tPoints, networks, orders: [2, 4], seed, threads }));
    const result = testInvariance(run, [shift], { kinds: ['connected'] });
    const exact = exactCorrelators({ activation: 'gauss', width, dIn: 1, sw, sb }, tPoints, 4).cumulants;
    const P = tPoints.length;
    const items = [2, 4].flatMap((order) =>
      deviationEntries(run, shift, { order, kind: 'connected' }).map((e) => ({
        idx: e.idx, measured: e.deviation, se: e.deviationSE, predicted: exact[flatIndex(P, e.imageIdx)] - exact[flatIndex(P, e.idx)],
      })));
    const theory = comparePredictions(items);
    translationCases.push({ arch: 'gauss-net', width, hyper: { sw, sb }, expected: { order2: 'invariant', order4: 'broken' }, result, theory });
    check(`gauss-net N = ${width}: G2 translation invariant, connected G4 not`,
      orderVerdicts(result, 2).every((v) => v === 'invariant') && orderVerdicts(result, 4).every((v) => v === 'broken'),
      `G2 ${orderVerdicts(result, 2).join(',')}, G4 ${orderVerdicts(result, 4).join(',')}`);
    check(`gauss-net N = ${width}: change of every connected G2, G4 = exact theory`, theory.maxAbsZ < 4, `max |z| ${theory.maxAbsZ.toFixed(2)} over ${theory.entries} entries`);
  }
  if (hasCos) {
    for (const width of TRANSLATION.widths) {
      step('translation', `cos-net N=${width}, shift ${TRANSLATION.shift}`);
      const run = await o.sampler({ arch: 'cos-net', width, points: tPoints, networks, orders: [2, 4], seed, threads });
      const result = testInvariance(run, [shift], { kinds: ['connected'] });
      translationCases.push({ arch: 'cos-net', width, hyper: {}, expected: { order2: 'invariant', order4: 'invariant' }, result, theory: null });
      check(`cos-net N = ${width}: translation invariant (G2 and connected G4)`, result.verdict === 'invariant', `verdict ${result.verdict}`);
    }
  }

  // --- breaking by output-weight means (G2) ---------------------------------------------------------
  const { dIn, width, dOut, k, muW } = BREAKING;
  const brng = new SeededRandom(seed + 2);
  const bPoints = Array.from({ length: BREAKING.points }, () => Array.from({ length: dIn }, () => brng.normal()));
  const meansFor = (m: number) => Array.from({ length: dOut }, (_, i) => (i < k ? m : 0));
  const breakingRun = (m: number, s: number): Promise<CorrelatorRun> =>
    sampleOutputMeans({ arch: 'relu-net', width, dOut, points: bPoints, networks, orders: [1, 2], seed: s, threads, estimator: 'direct', outputMeans: meansFor(m) }, o.sampler);
  step('breaking', `relu-net d=${dIn} N=${width} D=${dOut} k=${k} mu_W=${muW}`);
  const run = await breakingRun(muW, seed);
  const unit = reluUnitMoments(bPoints);
  const quad = unitMoments('relu', bPoints, 1, 0);
  const unitDiff = Math.max(
    ...Array.from(unit.mean, (v, i) => Math.abs(v - quad.mean[i]) / Math.abs(v)),
    ...Array.from(unit.second, (v, i) => Math.abs(v - quad.second[i]) / Math.abs(v)),
  );
  const mu = meansFor(muW);
  const pred = breakingPrediction(unit, mu, width, 1);
  const P = BREAKING.points * dOut;
  const est = runEstimates(run, 'connected');
  const items: { idx: number[]; measured: number; se: number; predicted: number }[] = [];
  for (let a = 0; a < P; a++) {
    items.push({ idx: [a], measured: est.value[flatIndex(P, [a])], se: est.se[flatIndex(P, [a])], predicted: pred.mean[a] });
    for (let b = a; b < P; b++) {
      const i = flatIndex(P, [a, b]);
      items.push({ idx: [a, b], measured: est.value[i], se: est.se[i], predicted: pred.covariance[a * P + b] });
    }
  }
  const formulas = comparePredictions(items);
  const row = (quantity: string, idx: number[]): BreakingRow => {
    const i = flatIndex(P, idx);
    const predicted = idx.length === 1 ? pred.mean[idx[0]] : pred.covariance[idx[0] * P + idx[1]];
    return { quantity, measured: est.value[i], se: est.se[i], predicted, z: (est.value[i] - predicted) / est.se[i] };
  };
  const last = dOut - 1;
  const rowsOut = [
    row('E f_0(x_0)', [0]),
    row(`E f_${last}(x_0)`, [last]),
    row('Cov(f_0(x_0), f_0(x_1))', [0, dOut]),
    row(`Cov(f_${last}(x_0), f_${last}(x_1))`, [last, dOut + last]),
    row('Cov(f_0(x_0), f_1(x_0))', [0, 1]),
    row(`Cov(f_0(x_0), f_${last}(x_0))`, [0, last]),
  ];
  check('G2 formulas: every mean and covariance (z-scores)', formulas.maxAbsZ < 4, `max |z| ${formulas.maxAbsZ.toFixed(2)} over ${formulas.entries} entries`);
  check('ReLU closed-form unit moments = quadrature', unitDiff < 1e-9, `max relative difference ${unitDiff.toExponential(1)}`);
  const stabilisers = Array.from({ length: FEW_ROTATIONS }, () => outputRotation(stabiliserRotation(mu, brng)));
  const residual: InvarianceCase = { name: 'stabiliser of the mean vector (SO(9))', expected: 'invariant', result: testInvariance(run, stabilisers, { orders: [1, 2] }) };
  const generic: InvarianceCase = { name: 'Haar rotations of SO(10)', expected: 'broken', result: testInvariance(run, haarRotations(dOut, FEW_ROTATIONS, seed + 3).map(outputRotation), { orders: [1, 2] }) };
  check('residual symmetry: stabiliser rotations leave G1, G2 invariant', residual.result.verdict === 'invariant', `verdict ${residual.result.verdict}`);
  check('generic rotations break G1, G2', generic.result.verdict === 'broken', `verdict ${generic.result.verdict}`);

  // violation of one generic rotation against the mean, |R m - m| = N |M| |(R - I) mu|: linear in mu_W
  const Rg = haarRotation(dOut, new SeededRandom(seed + 4));
  const u = meansFor(1);
  const Ru = applyMatrix(Rg, u);
  const rotNorm = Math.sqrt(Ru.reduce((s, v, i) => s + (v - u[i]) ** 2, 0));
  const predictedSlope = width * Math.sqrt(unit.mean.reduce((s, v) => s + v * v, 0)) * rotNorm;
  const violation: Measured[] = [];
  for (const [i, m] of LINEARITY_MEANS.entries()) {
    let r = run;
    if (m !== muW) {
      step('breaking', `violation at mu_W=${m}`);
      r = await breakingRun(m, seed + 10 + i);
    }
    violation.push(meanViolation(r, Rg));
  }
  const fit = fitThroughOrigin([...LINEARITY_MEANS], violation);
  const slopeZ = (fit.slope - predictedSlope) / fit.slopeSE;
  check('violation |R m - m| linear in mu_W with the predicted slope', Math.abs(slopeZ) < 4,
    `slope ${fit.slope.toPrecision(5)} ± ${fit.slopeSE.toPrecision(2)} vs ${predictedSlope.toPrecision(5)} (z = ${slopeZ.toFixed(2)}); chi2 ${fit.chiSquare.toFixed(2)} / ${fit.dof}`);

  return {
    experiment: 'symmetry',
    settings: { networks, rotations: rotationCount, widths, seed },
    so5: {
      arch: 'gauss-net', dIn: 1, dOut: 5, points: [...SO5_POINTS], g4Tuple: [...SO5_G4_TUPLE], estimator: 'direct',
      rotations: { parametrisation: 'exp(sum_{i<j} u_ij (E_ji - E_ij)), u_ij ~ U[0, 1) (the notebook\'s)', count: rotationCount, seed },
      controlMw: CONTROL_MW.so5, widths: so5Widths, conditional,
    },
    inputRotation: { arch: 'relu-net', dIn: 3, width: inputWidth, points: inputPoints, rotation: rows(R3), axisRotation: rows(axisR), cases: inputCases },
    translation: {
      points: [...TRANSLATION.points], shift: TRANSLATION.shift, cases: translationCases,
      cosNet: hasCos ? 'measured' : 'pending: the cos-net architecture is not registered in this build',
    },
    breaking: {
      arch: 'relu-net', dIn, width, dOut, k, muW, points: bPoints, estimator: 'direct', rows: rowsOut, formulas,
      means: Array.from({ length: P }, (_, a) => ({
        point: Math.floor(a / dOut), output: a % dOut, measured: est.value[flatIndex(P, [a])], se: est.se[flatIndex(P, [a])], predicted: pred.mean[a],
      })),
      unitMoments: { closedForm: [...unit.mean, ...unit.second], quadrature: [...quad.mean, ...quad.second], maxRelativeDifference: unitDiff },
      residual, generic,
      linearity: { muW: [...LINEARITY_MEANS], violation, predicted: LINEARITY_MEANS.map((m) => m * predictedSlope), fit, predictedSlope, z: slopeZ },
    },
    checks,
  };
}

