import { describe, expect, it } from 'vitest';
import { NnftInputError } from '../../src/errors.js';
import { gpKernel } from '../../src/theory/kernels.js';
import { NeuronMoments, neuronMoment } from '../../src/theory/neuron-moments.js';
import { erf } from '../../src/theory/special.js';
import { ERF8_AT_1_2, ERF_PRICE, RELU_MEANS_MOMENTS, RELU_MEANS_POINTS, RELU_RANK3_MOMENTS, XSET5A } from './references.js';

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);
const pick = (pts: number[][], idx: number[]): number[][] => idx.map((i) => pts[i]);

describe('relu neuron moments', () => {
  it('E[relu(g)^k] = E|g|^k / 2 = 1/sqrt(2 pi), 1/2, sqrt(2/pi), 3/2, 4 sqrt(2/pi), 15/2, 24 sqrt(2/pi), 105/2 (spec D.4)', () => {
    const expected = [1 / Math.sqrt(2 * Math.PI), 0.5, Math.sqrt(2 / Math.PI), 1.5, 4 * Math.sqrt(2 / Math.PI), 7.5, 24 * Math.sqrt(2 / Math.PI), 52.5];
    for (let k = 1; k <= 8; k++) {
      const m = neuronMoment('relu', Array.from({ length: k }, () => [1]), { sw: 1, sb: 0 });
      expect(rel(m, expected[k - 1])).toBeLessThan(1e-14);
    }
  });

  it('sb = 0, d = 1, x_i > 0: M(x_1..x_k) = sw^k prod x_i E[relu(g)^k] (spec D.4)', () => {
    const x = [0.2, 0.4, 0.6, 0.8, 1.0, 1.2];
    const m = neuronMoment('relu', x.map((v) => [v]), { sw: 1.7, sb: 0 });
    const prod = x.reduce((a, b) => a * b, 1);
    expect(rel(m, 1.7 ** 6 * prod * 7.5)).toBeLessThan(1e-14);
  });

  it('sb = 1, x = -1: z ~ N(0, 2), E relu^4 = 6, E relu^2 = 1 (spec D.5 sanity values)', () => {
    expect(neuronMoment('relu', [[-1], [-1], [-1], [-1]])).toBeCloseTo(6, 13);
    expect(neuronMoment('relu', [[-1], [-1]])).toBeCloseTo(1, 14);
  });

  it('2-point moments equal the arc-cosine closed form (angular integration)', () => {
    const cases: [number[], number[], number, number][] = [
      [[0.2], [1.0], 1, 1],
      [[-1], [0.6], 1.3, 0.7],
      [[0.5, 1], [1, 0.5], 1, 0],
      [[0.3, -0.2, 0.9], [-0.4, 0.8, 0.1], 0.8, 1.1],
    ];
    for (const [x, y, sw, sb] of cases) {
      const K = gpKernel('relu', x, y, { sw, sb });
      const M = neuronMoment('relu', [x, y], { sw, sb });
      expect(Math.abs(sb * sb + sw * sw * M - K)).toBeLessThan(1e-14 * K);
    }
  });

  it('with means (mw = 0.3, mb = 0.2): matches mpmath to 1e-14 (exact u0 integral + piecewise u1)', () => {
    for (const [idx, ref] of RELU_MEANS_MOMENTS) {
      expect(rel(neuronMoment('relu', pick(RELU_MEANS_POINTS, idx), { mw: 0.3, mb: 0.2 }), ref)).toBeLessThan(1e-14);
    }
    // one point: E relu(mu + s g) = mu Phi(mu/s) + s phi(mu/s)
    const mu = 0.3 * 0.6 + 0.2;
    const s = Math.sqrt(1 + 0.36);
    const r = mu / s;
    const single = mu * 0.5 * (1 + erf(r / Math.SQRT2)) + (s * Math.exp(-0.5 * r * r)) / Math.sqrt(2 * Math.PI);
    expect(rel(neuronMoment('relu', [[0.6]], { mw: 0.3, mb: 0.2 }), single)).toBeLessThan(1e-14);
  });

  it('zero means: the angular form and the semi-analytic integrator agree to 1e-14', () => {
    // mb = 1e-300 leaves the numbers unchanged but routes to the semi-analytic integrator
    for (const idx of [[0, 1], [0, 1, 2, 3], [0, 0, 1, 1, 2, 2, 3, 3], [1, 2, 3]]) {
      const P = pick(RELU_MEANS_POINTS, idx);
      expect(rel(neuronMoment('relu', P, { mb: 1e-300 }), neuronMoment('relu', P))).toBeLessThan(1e-14);
    }
  });

  it('rank 3 (xset5A, d = 3, sb = 0): matches an independent sphere integration to 3e-12 (the reference\'s own accuracy)', () => {
    for (const [idx, ref] of RELU_RANK3_MOMENTS) {
      expect(rel(neuronMoment('relu', pick(XSET5A, idx), { sw: 1, sb: 0 }), ref)).toBeLessThan(3e-12);
    }
  });

  it('rank 4 (d = 3, sb = 1): converged to 1e-6 in the Gauss-Hermite axis (24 vs 48 nodes)', () => {
    for (const idx of [[0, 1, 2, 3], [0, 1, 1, 2, 2, 3, 3, 3]]) {
      const P = pick(XSET5A, idx);
      const a = neuronMoment('relu', P);
      const b = neuronMoment('relu', P, {}, { reluOuterNodes: 48 });
      expect(rel(a, b)).toBeLessThan(1e-6);
    }
  });

  it('plain product Gauss-Hermite (method quadrature) is inaccurate for relu, as spec B.2 warns', () => {
    const exact = neuronMoment('relu', [[-1], [0.6]]);
    const gh = neuronMoment('relu', [[-1], [0.6]], {}, { method: 'quadrature', nodes: 120 });
    expect(rel(gh, exact)).toBeGreaterThan(1e-6);
    expect(rel(gh, exact)).toBeLessThan(1e-2);
  });

  it('a point with zero variance (x = 0, sb = 0) gives relu(0) = 0', () => {
    expect(neuronMoment('relu', [[0], [1]], { sb: 0 })).toBe(0);
    expect(neuronMoment('relu', [[0, 0]], { sb: 0, mb: 0.5 })).toBeCloseTo(0.5, 15);
  });
});

describe('erf, tanh and function activations', () => {
  it('one point with means: E erf(z) = erf(mu / sqrt(1 + 2v)); zero mean E erf(z)^2 = (2/pi) asin(2v/(1 + 2v))', () => {
    const p = { sw: 1.3, sb: 0.8, mw: -0.4, mb: 0.25 };
    const mu = -0.4 * 0.9 + 0.25;
    const v = 0.64 + 1.69 * 0.81;
    expect(rel(neuronMoment('erf', [[0.9]], p), erf(mu / Math.sqrt(1 + 2 * v)))).toBeLessThan(1e-14);
    const v0 = 1 + 1.44;
    expect(rel(neuronMoment('erf', [[1.2], [1.2]]), (2 / Math.PI) * Math.asin((2 * v0) / (1 + 2 * v0)))).toBeLessThan(1e-14);
  });

  it('E[erf(z)^8] at x = 1.2 (sigma^2 = 2.44) to 1e-14 (mpmath); plain Gauss-Hermite with 100 nodes is off by 1e-4', () => {
    const P = Array.from({ length: 8 }, () => [1.2]);
    expect(rel(neuronMoment('erf', P), ERF8_AT_1_2)).toBeLessThan(1e-14);
    const gh = neuronMoment('erf', P, {}, { nodes: 100 });
    expect(rel(gh, ERF8_AT_1_2)).toBeGreaterThan(1e-5);
  });

  it.each(Object.entries(ERF_PRICE))('4-point erf moments at %s match the Price-theorem reference', (_name, ref) => {
    // errors measured: rank 2 ~1e-15, rank 3 ~3e-8, rank 4 ~1.5e-5
    const tol = ref.rank <= 2 ? 1e-12 : ref.rank === 3 ? 3e-7 : 5e-5;
    expect(rel(neuronMoment('erf', ref.points), ref.m0123)).toBeLessThan(tol);
    // (0,0,1,1) has two distinct points: rank <= 2
    expect(rel(neuronMoment('erf', pick(ref.points, [0, 0, 1, 1])), ref.m0011)).toBeLessThan(1e-12);
  });

  it('2-point erf moments agree with the closed-form kernel to 1e-13, with or without sb', () => {
    for (const [x, y, sw, sb] of [
      [[0.2], [0.6], 1, 1],
      [[-1, 0.5], [0.7, 2], 2.5, 0.3],
      [[0.3, -0.2, 0.9], [-0.4, 0.8, 0.1], 1, 0],
    ] as [number[], number[], number, number][]) {
      const M = neuronMoment('erf', [x, y], { sw, sb });
      expect(Math.abs(sb * sb + sw * sw * M - gpKernel('erf', x, y, { sw, sb }))).toBeLessThan(1e-13);
    }
  });

  it('tanh, d = 1: order-8 moments converge (default vs 200-node Gauss-Hermite agree to 1e-8)', () => {
    const P = pick([[-1], [0.2], [0.6], [1.2]], [0, 0, 1, 1, 2, 2, 3, 3]);
    expect(rel(neuronMoment('tanh', P), neuronMoment('tanh', P, {}, { nodes: 200 }))).toBeLessThan(1e-8);
  });

  it('gauss and linear closed forms agree with quadrature, means included', () => {
    const p = { sw: 0.9, sb: 0.6, mw: 0.2, mb: -0.1 };
    const P = [[0.3, -0.5], [0.8, 0.1], [-0.2, 0.4], [0.3, -0.5]];
    const q = { method: 'quadrature' as const, nodes: 30 };
    expect(rel(neuronMoment('gauss', P, p), neuronMoment('gauss', P, p, q))).toBeLessThan(1e-12);
    expect(rel(neuronMoment('linear', P, p), neuronMoment('linear', P, p, q))).toBeLessThan(1e-12);
    // Isserlis by hand, 2 points: E[z1 z2] = c + mu1 mu2
    const mu1 = 0.2 * -0.2 - 0.1;
    const mu2 = 0.2 * 0.9 - 0.1;
    const c = 0.36 + (0.81 * (0.24 - 0.05)) / 2;
    expect(neuronMoment('linear', [P[0], P[1]], p)).toBeCloseTo(c + mu1 * mu2, 15);
    // gauss at mw = mb = 0 (spec D.4): M = exp((1/2) sum_ij C_ij - sum_i C_ii)
    const x = [[0.5], [-0.5]];
    // C = [[1.25, 0.75], [0.75, 1.25]] (sw = sb = 1, d = 1)
    expect(neuronMoment('gauss', x)).toBeCloseTo(Math.exp(0.5 * (1.25 + 0.75 + 0.75 + 1.25) - 2.5), 15);
  });

  it('a function activation is integrated like its named twin', () => {
    const P = pick([[-1], [0.2], [0.6], [1.2]], [0, 1, 2, 3]);
    expect(neuronMoment((z) => Math.tanh(z), P)).toBe(neuronMoment('tanh', P));
    expect(rel(neuronMoment((z) => erf(z), P), neuronMoment('erf', P))).toBeLessThan(1e-15);
  });
});

describe('the NeuronMoments engine', () => {
  it('caches per point multiset, in any order, and M() = 1', () => {
    const e = new NeuronMoments('erf', 1);
    const a = e.moment([[0.2], [0.6], [0.2]]);
    expect(e.cachedMoments).toBe(1);
    expect(e.moment([[0.6], [0.2], [0.2]])).toBe(a);
    expect(e.cachedMoments).toBe(1);
    expect(e.moment([])).toBe(1);
  });

  it('rejects bad input', () => {
    const e = new NeuronMoments('relu', 2);
    const bad: [() => unknown, string][] = [
      [() => e.moment([[1, NaN]]), 'points[0][1]'],
      [() => e.moment([[1]]), 'points[0].length'],
      [() => e.moment(Array.from({ length: 9 }, () => [1, 1])), 'points.length'],
      [() => e.moment('x' as unknown as number[][]), 'points'],
      [() => new NeuronMoments('relu', 0), 'dIn'],
      [() => new NeuronMoments('softmax' as 'relu', 1), 'activation'],
      [() => new NeuronMoments('relu', 1, { sb: -1 }), 'sb'],
      [() => new NeuronMoments('relu', 1, {}, { nodes: 500 }), 'options.nodes'],
      [() => new NeuronMoments('relu', 1, {}, { method: 'mc' as 'auto' }), 'options.method'],
      [() => neuronMoment('erf', [[1], [1, 2]]), 'points[1].length'],
    ];
    for (const [fn, field] of bad) {
      try {
        fn();
        expect.unreachable();
      } catch (err) {
        expect(err).toBeInstanceOf(NnftInputError);
        expect((err as NnftInputError).field).toBe(field);
      }
    }
    expect(() => neuronMoment((z) => 1 / (z - z), [[1]])).toThrow(NnftInputError);
  });
});
