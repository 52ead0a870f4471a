// Invariances of sampled ensembles (spec G1) at fixed seeds, each with its negative control:
// output rotations (zero-mean output weights vs non-zero means), input rotations (zero-mean input
// weights vs a mean direction, and the residual rotations about it), translations (cos-net at every
// width vs gauss-net, whose finite-width connected 4-point function changes by the derived factor).
import { describe, expect, it } from 'vitest';
import { flatIndex } from '../../src/stats/multiset.js';
import { exactCorrelators } from '../../src/theory/finite-width.js';
import { rotationTaking } from '../../src/symmetry/alignment.js';
import { deviationEntries } from '../../src/symmetry/deviation.js';
import { planeRotation } from '../../src/symmetry/generators.js';
import { haarRotation, haarRotations } from '../../src/symmetry/haar.js';
import { FOUR_SIGMA_P, testInvariance, type InvarianceResult } from '../../src/symmetry/invariance.js';
import { multiply, transpose } from '../../src/symmetry/matrix.js';
import { SeededRandom } from '../../src/symmetry/random.js';
import { correlatorRun } from '../../src/symmetry/run.js';
import { inputRotation, outputRotation, pairedPoints, translation } from '../../src/symmetry/transformation.js';
import { Z_MAX } from '../tolerance.js';
import { sharedSampler } from './support.js';

const sample = sharedSampler();

/** Every order of the result is invariant: chi^2 p above the 4-sigma level and |mu_M| within 4 of its jackknife errors. */
function expectInvariant(r: InvarianceResult): void {
  for (const o of r.orders) {
    const what = `${o.kind} G${o.order}: mu_M = ${o.mean} ± ${o.meanSE}, p = ${o.chiSquare.pValue}`;
    expect(o.verdict, what).toBe('invariant');
    expect(o.chiSquare.pValue, what).toBeGreaterThan(FOUR_SIGMA_P);
    expect(Math.abs(o.mean / o.meanSE), what).toBeLessThan(Z_MAX);
  }
}

describe('output rotations SO(D) of gauss-net (D = 3, N = 5, direct estimator)', () => {
  const base = { arch: 'gauss-net', width: 5, dOut: 3, points: [-0.3, 0.1, 0.4], networks: 30_000, orders: [2, 4], seed: 11, estimator: 'direct' as const };
  const rotations = haarRotations(3, 16, 1).map(outputRotation);

  it('zero-mean output weights: G2 and G4 (moments and connected) are invariant, within the band', async () => {
    const r = testInvariance(await sample(base), rotations);
    expectInvariant(r);
    for (const o of r.orders) expect(o.withinBand).toBe(true);
  });

  it('negative control: weight means mw = 0.3 break the invariance, and the test says so', async () => {
    const r = testInvariance(await sample({ ...base, mw: 0.3 }), rotations);
    expect(r.verdict).toBe('broken');
    const g2 = r.orders.find((o) => o.order === 2 && o.kind === 'moment')!;
    expect(g2.chiSquare.pValue).toBeLessThan(FOUR_SIGMA_P);
    expect(Math.abs(g2.mean / g2.meanSE)).toBeGreaterThan(Z_MAX);
  });

  it('the conditional estimator integrates the last layer out exactly: every deviation is rounding', async () => {
    const r = testInvariance(await sample({ ...base, estimator: 'conditional' }), rotations);
    expect(r.verdict).toBe('exact');
    for (const o of r.orders) expect(o.maxExactDeviation).toBeLessThan(1e-12);
  });
});

describe('input rotations SO(3) of relu-net (paired points, N = 10)', () => {
  const rng = new SeededRandom(2);
  const points = Array.from({ length: 3 }, () => Array.from({ length: 3 }, () => rng.normal()));
  const haar = inputRotation(haarRotation(3, rng));
  const A = rotationTaking([1, 0, 0], [1, 1, 1]);
  const aboutMean = inputRotation(multiply(multiply(A, planeRotation(3, 1, 2, 0.9)), transpose(A)));
  const run = (t: typeof haar, mw: number) =>
    sample({ arch: 'relu-net', width: 10, points: pairedPoints(points, t), networks: 20_000, orders: [2, 4], seed: 3, mw });

  it('zero-mean input weights: G2 and G4 at the rotated points equal those at the originals', async () => {
    expectInvariant(testInvariance(await run(haar, 0), [haar]));
  });

  it('negative control: a mean of the input weights (direction (1,1,1)) breaks SO(3)', async () => {
    expect(testInvariance(await run(haar, 0.5), [haar]).verdict).toBe('broken');
  });

  it('residual symmetry: with that mean, rotations about (1,1,1) stay invariant', async () => {
    expectInvariant(testInvariance(await run(aboutMean, 0.5), [aboutMean]));
  });
});

describe('translations x -> x + 0.5 (paired points -0.5, 0, 0.5 and their images)', () => {
  const shift = translation(0.5);
  const points = pairedPoints([-0.5, 0, 0.5], shift);

  it('cos-net is translation invariant at finite width (N = 2): G2 and connected G4', async () => {
    const r = testInvariance(await sample({ arch: 'cos-net', width: 2, points, networks: 20_000, orders: [2, 4], seed: 5 }), [shift], { kinds: ['connected'] });
    expectInvariant(r);
  });

  it('gauss-net (sw = sb = 0.5, N = 2): G2 invariant, connected G4 broken by the exact finite-width change', async () => {
    const [sw, sb, width] = [0.5, 0.5, 2];
    const run = correlatorRun(await sample({ arch: 'gauss-net', width, sw, sb, points, networks: 20_000, orders: [2, 4], seed: 5 }));
    const r = testInvariance(run, [shift], { kinds: ['connected'] });
    expect(r.orders.find((o) => o.order === 2)!.verdict).toBe('invariant');
    expect(r.orders.find((o) => o.order === 4)!.verdict).toBe('broken');
    // the change of every entry is the derived one: exact cumulants at the shifted minus the original points
    const exact = exactCorrelators({ activation: 'gauss', width, dIn: 1, sw, sb }, points, 4).cumulants;
    for (const order of [2, 4]) {
      for (const e of deviationEntries(run, shift, { order, kind: 'connected' })) {
        const predicted = exact[flatIndex(points.length, e.imageIdx)] - exact[flatIndex(points.length, e.idx)];
        expect(Math.abs((e.deviation - predicted) / e.deviationSE), `entry ${e.idx}: ${e.deviation} ± ${e.deviationSE} vs ${predicted}`).toBeLessThan(Z_MAX);
      }
    }
  });
});
