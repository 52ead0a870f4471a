// Symmetry breaking by output-weight means (spec G2, G4 row 11): the exact 1- and 2-point formulas
// against sampling, the residual symmetry (the stabiliser of the mean vector) against generic
// rotations, and the linear growth of the violation with the mean.
import { describe, expect, it } from 'vitest';
import { flatIndex } from '../../src/stats/multiset.js';
import { gpKernel } from '../../src/theory/kernels.js';
import { breakingPrediction, reluUnitMoments, unitMoments } from '../../src/symmetry/breaking-theory.js';
import { haarRotation, haarRotations } from '../../src/symmetry/haar.js';
import { FOUR_SIGMA_P, testInvariance } from '../../src/symmetry/invariance.js';
import { applyMatrix } from '../../src/symmetry/matrix.js';
import { sampleOutputMeans } from '../../src/symmetry/output-means.js';
import { SeededRandom } from '../../src/symmetry/random.js';
import { runEstimates } from '../../src/symmetry/run.js';
import { stabiliserRotation } from '../../src/symmetry/stabiliser.js';
import { outputRotation } from '../../src/symmetry/transformation.js';
import { fitThroughOrigin, meanViolation } from '../../src/symmetry/violation.js';
import { expectInputError } from '../support/errors.js';
import { Z_MAX } from '../tolerance.js';
import { sharedSampler } from './support.js';

const sample = sharedSampler();
const [d, N, D, k] = [20, 50, 10, 4];
const rng = new SeededRandom(20);
const points = [0, 1].map(() => Array.from({ length: d }, () => rng.normal()));
const means = (muW: number) => Array.from({ length: D }, (_, i) => (i < k ? muW : 0));
const run = (muW: number, seed: number, estimator: 'direct' | 'conditional', networks = 20_000) =>
  sampleOutputMeans({ arch: 'relu-net', width: N, dOut: D, points, networks, orders: [1, 2], seed, estimator, outputMeans: means(muW) }, sample);

describe('the G2 formulas (relu-net, d = 20, N = 50, D = 10, k = 4, mu_W = 0.1, no biases)', () => {
  it('the ReLU closed forms of the unit moments equal the theory layer (1e-10)', () => {
    const closed = reluUnitMoments(points);
    const quad = unitMoments('relu', points, 1, 0);
    closed.mean.forEach((v, i) => expect(Math.abs(v / quad.mean[i] - 1)).toBeLessThan(1e-10));
    closed.second.forEach((v, i) => expect(Math.abs(v / quad.second[i] - 1)).toBeLessThan(1e-10));
  });

  it('without means the covariance is the GP kernel of every output row, and the mean vanishes', () => {
    const p = breakingPrediction(reluUnitMoments(points), means(0), N, 1);
    const K = gpKernel('relu', points[0], points[1], { sw: 1, sb: 0 });
    expect(p.covariance[0 * 2 * D + (D + 3)]).toBe(0);
    expect(p.covariance[3 * 2 * D + (D + 3)]).toBeCloseTo(K, 14);
    expect(Math.max(...p.mean.map(Math.abs))).toBe(0);
  });

  it('every mean E f_i(x) and covariance Cov(f_i(x), f_j(y)) agrees with the sampled ensemble, |z| < 4', async () => {
    const r = await run(0.1, 7, 'direct');
    const pred = breakingPrediction(reluUnitMoments(points), means(0.1), N, 1);
    const { value, se } = runEstimates(r, 'connected');
    const P = 2 * D;
    for (let a = 0; a < P; a++) {
      const i = flatIndex(P, [a]);
      expect(Math.abs((value[i] - pred.mean[a]) / se[i]), `E f at component ${a}`).toBeLessThan(Z_MAX);
      for (let b = a; b < P; b++) {
        const j = flatIndex(P, [a, b]);
        expect(Math.abs((value[j] - pred.covariance[a * P + b]) / se[j]), `Cov at (${a}, ${b})`).toBeLessThan(Z_MAX);
      }
    }
    // the broken rows carry the mean, growing like N; the others do not
    expect(value[flatIndex(P, [0])] / se[flatIndex(P, [0])]).toBeGreaterThan(100);
  });
});

describe('residual symmetry and the size of the violation', () => {
  it('rotations fixing the mean vector leave G1 and G2 invariant; generic rotations do not', async () => {
    const r = await run(0.1, 8, 'direct');
    const stab = testInvariance(r, Array.from({ length: 16 }, () => outputRotation(stabiliserRotation(means(0.1), rng))), { orders: [1, 2] });
    for (const o of stab.orders) expect(o.chiSquare.pValue, `${o.kind} G${o.order}`).toBeGreaterThan(FOUR_SIGMA_P);
    expect(stab.verdict).toBe('invariant');
    const generic = testInvariance(r, haarRotations(D, 16, 2).map(outputRotation), { orders: [1, 2] });
    expect(generic.verdict).toBe('broken');
  });

  it('|R m - m| grows linearly in mu_W with the predicted slope N |M| |(R - I) u| (fit through the origin, |z| < 4)', async () => {
    const R = haarRotation(D, new SeededRandom(4));
    const mus = [0.05, 0.1, 0.2];
    const violation = [];
    for (const [i, m] of mus.entries()) violation.push(meanViolation(await run(m, 20 + i, 'conditional', 10_000), R));
    const fit = fitThroughOrigin(mus, violation);
    const unit = reluUnitMoments(points);
    const u = means(1);
    const Ru = applyMatrix(R, u);
    const predicted = N * Math.hypot(...unit.mean) * Math.hypot(...Ru.map((v, i) => v - u[i]));
    expect(Math.abs((fit.slope - predicted) / fit.slopeSE), `slope ${fit.slope} ± ${fit.slopeSE} vs ${predicted}`).toBeLessThan(Z_MAX);
  });

  it('rejects means of the wrong length, and a bias mean that the rotation would turn too', async () => {
    await expect(sampleOutputMeans({ arch: 'relu-net', width: 5, dOut: 3, points: [[1]], networks: 100, orders: [1], seed: 1, outputMeans: [1, 2] }, sample))
      .rejects.toMatchObject({ field: 'outputMeans' });
    await expect(sampleOutputMeans({ arch: 'relu-net', width: 5, dOut: 2, points: [[1]], networks: 100, orders: [1], seed: 1, mb: 0.5, outputMeans: [1, 2] }, sample))
      .rejects.toMatchObject({ field: 'mb' });
    expectInputError(() => meanViolation({ points: [[1]], dOut: 2, nMax: 1, orders: [1], blocks: [], networks: 0, label: '' }, haarRotation(3, rng)), 'rotation');
  });
});
