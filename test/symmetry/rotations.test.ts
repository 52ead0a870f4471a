// Rotations of the symmetry tests: the Haar sampler (det = 1, orthogonality, uniformity of a
// projected statistic, with the generator parametrisation as its negative control), the matrix
// exponential, rotations taking one direction to another, and stabilisers of a mean vector.
import { describe, expect, it } from 'vitest';
import { betaI, chiSquareSf } from '../../src/stats/distributions.js';
import { rotationTaking } from '../../src/symmetry/alignment.js';
import { expm } from '../../src/symmetry/expm.js';
import { generator, generatorRotation, generatorRotations, planeRotation } from '../../src/symmetry/generators.js';
import { haarRotation, haarRotations } from '../../src/symmetry/haar.js';
import { applyMatrix, determinant, multiply, orthogonalityError, qr, transpose, type Matrix } from '../../src/symmetry/matrix.js';
import { SeededRandom } from '../../src/symmetry/random.js';
import { stabiliserRotation } from '../../src/symmetry/stabiliser.js';
import { expectInputError } from '../support/errors.js';
import { Z_MAX } from '../tolerance.js';

/** Two-sided p-value of Z_MAX standard deviations: a test of hypothesis fails below it. */
const P_MIN = 6.334e-5;

/**
 * Binned chi-squared test that rotations are Haar on SO(D), through the projected statistic R_00:
 * for Haar R, R e_0 is uniform on the sphere, so (R_00 + 1)/2 ~ Beta((D-1)/2, (D-1)/2) and its
 * CDF value is uniform on [0, 1].
 */
function haarUniformityP(rotations: readonly Matrix[], bins = 10): number {
  const D = rotations[0].n;
  const counts = new Array<number>(bins).fill(0);
  for (const R of rotations) {
    const u = betaI((R.data[0] + 1) / 2, (D - 1) / 2, (D - 1) / 2);
    counts[Math.min(bins - 1, Math.floor(u * bins))]++;
  }
  const expected = rotations.length / bins;
  const chi2 = counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
  return chiSquareSf(chi2, bins - 1);
}

describe('Haar-random rotations of SO(D)', () => {
  it('have determinant 1 and are orthogonal to 1e-12, for D = 1..8', () => {
    for (let D = 1; D <= 8; D++) {
      for (const R of haarRotations(D, 50, D)) {
        expect(Math.abs(determinant(R) - 1)).toBeLessThan(1e-12);
        expect(orthogonalityError(R)).toBeLessThan(1e-12);
      }
    }
  });

  it('are fixed by the seed, bit for bit, and differ between seeds', () => {
    const a = haarRotations(5, 3, 11);
    const b = haarRotations(5, 3, 11);
    const c = haarRotations(5, 3, 12);
    expect(a.map((r) => Array.from(r.data))).toEqual(b.map((r) => Array.from(r.data)));
    expect(a[0].data[0]).not.toBe(c[0].data[0]);
  });

  it('are uniform: the projected statistic R_00 follows the Beta law of a Haar column (binned chi^2, p above the 4-sigma level)', () => {
    for (const D of [2, 3, 5]) expect(haarUniformityP(haarRotations(D, 4000, 100 + D))).toBeGreaterThan(P_MIN);
  });

  it('average to zero: the mean of every entry over 4000 rotations of SO(5) is within 4 standard errors of 0', () => {
    const rots = haarRotations(5, 4000, 5);
    for (let i = 0; i < 25; i++) {
      const v = rots.map((r) => r.data[i]);
      const m = v.reduce((a, b) => a + b, 0) / v.length;
      const sd = Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1));
      expect(Math.abs(m) / (sd / Math.sqrt(v.length))).toBeLessThan(Z_MAX);
    }
  });

  it('negative control: the notebook rotations exp(sum u_ij L_ij), u ~ U[0, 1), are not Haar and the same test says so', () => {
    expect(haarUniformityP(generatorRotations(5, 4000, 9))).toBeLessThan(P_MIN);
  });

  it('come from a QR decomposition that reproduces its input (Q R = A, Q orthogonal, R upper triangular)', () => {
    const rng = new SeededRandom(3);
    const a = { n: 6, data: Float64Array.from({ length: 36 }, () => rng.normal()) };
    const { q, r } = qr(a);
    expect(orthogonalityError(q)).toBeLessThan(1e-13);
    const qrA = multiply(q, r);
    for (let i = 0; i < 36; i++) expect(qrA.data[i]).toBeCloseTo(a.data[i], 12);
    for (let i = 0; i < 6; i++) for (let j = 0; j < i; j++) expect(r.data[i * 6 + j]).toBe(0);
  });

  it('reject a bad dimension or count with a typed error', () => {
    expectInputError(() => haarRotation(0, new SeededRandom(1)), 'n');
    expectInputError(() => haarRotations(3, -1, 1), 'count');
    expectInputError(() => new SeededRandom(-1), 'seed');
  });
});

describe('generators and the matrix exponential', () => {
  it('exp(theta L_ij) is the plane rotation turning e_i towards e_j', () => {
    const L = generator(4, 1, 3);
    const R = expm({ n: 4, data: L.data.map((v) => 0.7 * v) });
    const ref = planeRotation(4, 1, 3, 0.7);
    for (let k = 0; k < 16; k++) expect(R.data[k]).toBeCloseTo(ref.data[k], 14);
    const e1 = applyMatrix(ref, [0, 1, 0, 0]);
    expect(e1[1]).toBeCloseTo(Math.cos(0.7), 15);
    expect(e1[3]).toBeCloseTo(Math.sin(0.7), 15);
  });

  it('exp of an antisymmetric matrix is a rotation (det 1, orthogonal to 1e-12), also for large coefficients', () => {
    const rng = new SeededRandom(4);
    for (const scale of [0.1, 1, 10]) {
      const R = generatorRotation(5, Array.from({ length: 10 }, () => scale * rng.normal()));
      expect(orthogonalityError(R)).toBeLessThan(1e-12);
      expect(determinant(R)).toBeCloseTo(1, 12);
    }
  });

  it('exp(A) exp(-A) = I', () => {
    const u = [0.3, -1.2, 0.5, 2.0, 0.1, -0.4];
    const R = generatorRotation(4, u);
    const Rinv = generatorRotation(4, u.map((v) => -v));
    const I = multiply(R, Rinv);
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) expect(I.data[i * 4 + j]).toBeCloseTo(i === j ? 1 : 0, 13);
  });

  it('reject bad generators and coefficients with typed errors', () => {
    expectInputError(() => generator(3, 1, 1), 'j');
    expectInputError(() => generator(3, 0, 3), 'j');
    expectInputError(() => generatorRotation(3, [1, 2]), 'u');
  });
});

describe('rotations that take one direction to another, and stabilisers', () => {
  it('rotationTaking(a, b) maps a^ to b^, is a rotation, and handles parallel and opposite vectors', () => {
    for (const [a, b] of [
      [[1, 0, 0], [0, 2, 0]],
      [[1, 1, 1, 1, 1], [1, 1, 1, 1, 0]],
      [[1, 2, 3], [1, 2, 3]],
      [[1, 2, 3], [-1, -2, -3]],
    ]) {
      const R = rotationTaking(a, b);
      const nb = Math.hypot(...b);
      const img = applyMatrix(R, a.map((v) => v / Math.hypot(...a)));
      img.forEach((v, i) => expect(v).toBeCloseTo(b[i] / nb, 13));
      expect(orthogonalityError(R)).toBeLessThan(1e-13);
      expect(determinant(R)).toBeCloseTo(1, 13);
    }
    expectInputError(() => rotationTaking([1], [-1]), 'b');
    expectInputError(() => rotationTaking([0, 0], [1, 0]), 'a');
  });

  it('a stabiliser rotation fixes the mean vector and is otherwise random', () => {
    const mu = [0.1, 0.1, 0.1, 0.1, 0, 0, 0, 0, 0, 0];
    const rng = new SeededRandom(8);
    const R = stabiliserRotation(mu, rng);
    applyMatrix(R, mu).forEach((v, i) => expect(v).toBeCloseTo(mu[i], 14));
    expect(orthogonalityError(R)).toBeLessThan(1e-12);
    expect(determinant(R)).toBeCloseTo(1, 12);
    const other = applyMatrix(R, [0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(Math.abs(other[9])).toBeLessThan(0.999);
    expect(orthogonalityError(multiply(R, transpose(stabiliserRotation(mu, rng))))).toBeLessThan(1e-12);
  });
});
