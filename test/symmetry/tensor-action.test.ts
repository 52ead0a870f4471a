// The action of output rotations on stored correlator tensors, checked against its definition on
// synthetic samples (rotate every sample, then sum products), and the typed errors of transformations
// applied to a run that cannot carry them.
import { describe, expect, it } from 'vitest';
import { forEachMultiset, totalMultisets } from '../../src/stats/multiset.js';
import { haarRotation, haarRotations } from '../../src/symmetry/haar.js';
import { testInvariance } from '../../src/symmetry/invariance.js';
import { identity, multiply } from '../../src/symmetry/matrix.js';
import { SeededRandom } from '../../src/symmetry/random.js';
import { rotateRunOutputs, type CorrelatorRun } from '../../src/symmetry/run.js';
import { rotateFlat } from '../../src/symmetry/tensor-action.js';
import { inputRotation, outputRotation, pairedPoints, transformPoints, translation } from '../../src/symmetry/transformation.js';
import { expectInputError } from '../support/errors.js';

/** Sums of every product of orders 1..nMax of the field values of `samples` (flat multiset layout). */
function sumsOfProducts(samples: readonly Float64Array[], P: number, nMax: number): Float64Array {
  const out = new Float64Array(totalMultisets(P, nMax));
  let at = 0;
  for (let n = 1; n <= nMax; n++) {
    forEachMultiset(P, n, (idx) => {
      let s = 0;
      for (const phi of samples) {
        let p = 1;
        for (const a of idx) p *= phi[a];
        s += p;
      }
      out[at++] = s;
    });
  }
  return out;
}

/** Rotates the outputs of one sample phi_(k D + o). */
function rotateSample(phi: Float64Array, K: number, D: number, R: { data: Float64Array }): Float64Array {
  const out = new Float64Array(phi.length);
  for (let k = 0; k < K; k++) for (let i = 0; i < D; i++) for (let j = 0; j < D; j++) out[k * D + i] += R.data[i * D + j] * phi[k * D + j];
  return out;
}

/** A synthetic run: `blocks` blocks of `perBlock` samples from `draw`. */
function syntheticRun(K: number, D: number, nMax: number, blocks: number, perBlock: number, draw: () => Float64Array): CorrelatorRun {
  const bs = Array.from({ length: blocks }, () => ({ count: perBlock, sums: sumsOfProducts(Array.from({ length: perBlock }, draw), K * D, nMax) }));
  return {
    points: Array.from({ length: K }, (_, k) => [k]), dOut: D, nMax, orders: [2, 4].filter((n) => n <= nMax), blocks: bs, networks: blocks * perBlock, label: 'synthetic',
  };
}

describe('output rotations of stored correlator tensors', () => {
  const K = 2;
  const D = 3;
  const nMax = 4;
  const rng = new SeededRandom(21);
  const samples = Array.from({ length: 20 }, () => Float64Array.from({ length: K * D }, () => rng.normal() + 0.3));

  it('rotating the sums of products equals summing the products of rotated samples (every order to 4)', () => {
    const R = haarRotation(D, rng);
    const direct = sumsOfProducts(samples.map((s) => rotateSample(s, K, D, R)), K * D, nMax);
    const rotated = rotateFlat(sumsOfProducts(samples, K * D, nMax), K, D, nMax, R);
    for (let i = 0; i < direct.length; i++) expect(rotated[i]).toBeCloseTo(direct[i], 11);
  });

  it('is a group action: R2.(R1.G) = (R2 R1).G, and the identity does nothing', () => {
    const G = sumsOfProducts(samples, K * D, nMax);
    const [R1, R2] = haarRotations(D, 2, 5);
    const twice = rotateFlat(rotateFlat(G, K, D, nMax, R1), K, D, nMax, R2);
    const once = rotateFlat(G, K, D, nMax, multiply(R2, R1));
    for (let i = 0; i < G.length; i++) expect(twice[i]).toBeCloseTo(once[i], 11);
    expect(Array.from(rotateFlat(G, K, D, nMax, identity(D)))).toEqual(Array.from(G));
  });

  it('leaves the moments of an isotropic Gaussian invariant to rounding: a run of them tests as invariant', () => {
    const run = syntheticRun(K, D, nMax, 16, 200, () => {
      const g = [rng.normal(), rng.normal(), rng.normal()];
      const h = [rng.normal(), rng.normal(), rng.normal()];
      // two correlated points, isotropic in the outputs
      return Float64Array.from([...g, ...g.map((v, i) => 0.8 * v + 0.6 * h[i])]);
    });
    const res = testInvariance(run, haarRotations(D, 8, 2).map(outputRotation));
    expect(res.verdict).toBe('invariant');
  });

  it('detects outputs with a mean along one axis, and rotateRunOutputs moves that axis', () => {
    const run = syntheticRun(K, D, 2, 16, 200, () => Float64Array.from({ length: K * D }, (_, a) => rng.normal() + (a % D === 0 ? 0.5 : 0)));
    const rots = haarRotations(D, 8, 3).map(outputRotation);
    expect(testInvariance(run, rots, { orders: [1, 2] }).verdict).toBe('broken');
    // the mean of output 0 moves to output 1 under the rotation taking e_0 to e_1
    const R = { n: 3, data: Float64Array.of(0, -1, 0, 1, 0, 0, 0, 0, 1) };
    const moved = rotateRunOutputs(run, R);
    const mean = (r: CorrelatorRun, a: number) => r.blocks.reduce((s, b) => s + b.sums[a], 0) / r.networks;
    expect(mean(moved, 1)).toBeCloseTo(mean(run, 0), 12);
  });
});

describe('transformations that do not fit the run are typed errors', () => {
  const rng = new SeededRandom(4);
  const run = syntheticRun(2, 3, 2, 8, 20, () => Float64Array.from({ length: 6 }, () => rng.normal()));

  it('a rotation of the wrong size for the outputs', () => {
    expectInputError(() => testInvariance(run, [outputRotation(haarRotation(4, rng))]), 'rotation');
    expectInputError(() => rotateRunOutputs(run, haarRotation(2, rng)), 'rotation');
  });

  it('a matrix that is not a rotation (not orthogonal, or a reflection)', () => {
    expectInputError(() => outputRotation([[1, 0], [0, 2]]), 'rotation');
    expectInputError(() => outputRotation([[1, 0], [0, -1]]), 'rotation');
    expectInputError(() => outputRotation([[1, 0, 0], [0, 1, 0]]), 'rotation');
  });

  it('an order the run did not measure', () => {
    expectInputError(() => testInvariance(run, [outputRotation(identity(3))], { orders: [4] }), 'orders');
  });

  it('an input transformation on a run without the transformed points', () => {
    expectInputError(() => testInvariance(run, [translation(0.5)]), 'points');
    const odd = { ...run, points: [[0], [1], [2]] };
    expectInputError(() => testInvariance(odd, [translation(1)]), 'points');
  });

  it('an input transformation of the wrong dimension', () => {
    expectInputError(() => testInvariance(run, [translation([0.5, 1])]), 'shift');
    expectInputError(() => transformPoints(inputRotation(haarRotation(3, rng)), [[1, 2]]), 'rotation');
  });

  it('paired points are the originals followed by their images', () => {
    expect(pairedPoints([0, 1], translation(0.5))).toEqual([[0], [1], [0.5], [1.5]]);
  });
});
