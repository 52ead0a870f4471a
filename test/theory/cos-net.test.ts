// Cos-net's theory (spec actions-symmetry F3, G4 rows 6-8 and 10): the cutoff propagator against
// closed forms and independent integrations, the single-neuron moments against a brute-force
// average over (b, c), and the exact finite-width correlators built from them.
import { describe, expect, it } from 'vitest';
import { CosNeuronMoments, cosNetAmplitude, cutoffPropagator, type CosNetUnit } from '../../src/theory/cos-net.js';
import { exactCorrelators } from '../../src/theory/finite-width.js';
import { gaussLegendre } from '../../src/theory/gauss-legendre.js';
import { besselJ0 } from '../../src/theory/radial.js';
import { flatIndex } from '../../src/stats/multiset.js';
import { expectInputError } from '../support/errors.js';

/** int_a^b f by composite Gauss-Legendre, `pieces` pieces of 16 nodes (independent of radialRule). */
function composite(f: (x: number) => number, a: number, b: number, pieces: number): number {
  const gl = gaussLegendre(16);
  const h = (b - a) / pieces;
  let s = 0;
  for (let p = 0; p < pieces; p++) {
    const c = a + (p + 0.5) * h;
    for (let i = 0; i < 16; i++) s += 0.5 * h * gl.weights[i] * f(c + 0.5 * h * gl.nodes[i]);
  }
  return s;
}

describe('the cutoff propagator', () => {
  it('has the closed forms of G(0) in d = 1, 2, 3', () => {
    expect(cutoffPropagator(1, 1, 50, 0)).toBeCloseTo(Math.atan(50) / Math.PI, 14);
    expect(cutoffPropagator(2, 0.5, 10, 0)).toBeCloseTo(Math.log1p(400) / (4 * Math.PI), 14);
    expect(cutoffPropagator(3, 1, 10, 0)).toBeCloseTo((10 - Math.atan(10)) / (2 * Math.PI ** 2), 14);
  });

  it('equals an independent integration of its radial form at r > 0 (d = 1, 2, 3), to 1e-10', () => {
    for (const r of [0.5, 1, 2, 7]) {
      const d1 = composite((p) => Math.cos(p * r) / (p * p + 1), 0, 50, 4000) / Math.PI;
      // d = 2 with the angular average done as a second integral, not by besselJ0
      const ang = (x: number) => composite((t) => Math.cos(x * Math.cos(t)), 0, Math.PI, 8 + Math.ceil(x)) / Math.PI;
      const d2 = composite((p) => (p * ang(p * r)) / (p * p + 1), 0, 10, 200) / (2 * Math.PI);
      const d3 = composite((p) => (p * Math.sin(p * r)) / (p * p + 1), 0, 10, 1000) / (2 * Math.PI ** 2 * r);
      expect(Math.abs(cutoffPropagator(1, 1, 50, r) - d1)).toBeLessThan(1e-10);
      expect(Math.abs(cutoffPropagator(2, 1, 10, r) - d2)).toBeLessThan(1e-10);
      expect(Math.abs(cutoffPropagator(3, 1, 10, r) - d3)).toBeLessThan(1e-10);
    }
  });

  it('gives the values of G4 rows 6 and 7 (to their 4 digits)', () => {
    [0.4936, 0.3032, 0.1839, 0.0676].forEach((v, i) => expect(Math.abs(cutoffPropagator(1, 1, 50, [0, 0.5, 1, 2][i]) - v)).toBeLessThan(5e-5));
    [0.4321, 0.0944, 0.0337, 0.0048].forEach((v, i) => expect(Math.abs(cutoffPropagator(3, 1, 10, [0, 0.5, 1, 2][i]) - v)).toBeLessThan(5e-5));
  });

  it('tends to the continuum propagator e^{-m r}/(2 m) in d = 1 as Lambda grows (error O(1/(Lambda^2 r)))', () => {
    expect(Math.abs(cutoffPropagator(1, 1, 2000, 1) - Math.exp(-1) / 2)).toBeLessThan(1e-6);
  });

  it('uses a J0 that vanishes at its first zero and matches J0(1)', () => {
    expect(Math.abs(besselJ0(2.404825557695773))).toBeLessThan(1e-15);
    expect(besselJ0(1)).toBeCloseTo(0.7651976865579666, 15);
  });

  it('refuses a bad dimension, mass or cutoff', () => {
    expectInputError(() => cutoffPropagator(4, 1, 10, 0), 'dIn');
    expectInputError(() => cutoffPropagator(1, 0, 10, 0), 'mass');
    expectInputError(() => cutoffPropagator(3, -1, 10, 0), 'mass');
    expectInputError(() => cutoffPropagator(3, 1, 0, 0), 'cutoff');
  });
});

/** E[h(y_1)..h(y_n)] in d = 1 by brute force over b (composite GL) and c (trapezoid, exact for trig polynomials). */
function bruteMoment(u: CosNetUnit, ys: number[]): number {
  const C = cosNetAmplitude(u);
  const { mass: m, cutoff: L } = u;
  const Zb = (2 * Math.atan(L / m)) / m;
  const density = u.variant === 'uniform' ? () => 1 / (2 * L) : (b: number) => 1 / (Zb * (b * b + m * m));
  const amp = u.variant === 'uniform' ? (b: number) => C / Math.sqrt(b * b + m * m) : () => C;
  const phases = 16;
  const f = (b: number) => {
    let s = 0;
    for (let k = 0; k < phases; k++) {
      const c = -Math.PI + (2 * Math.PI * k) / phases;
      s += ys.reduce((p, y) => p * amp(b) * Math.cos(b * y + c), 1);
    }
    return (density(b) * s) / phases;
  };
  return composite(f, -L, L, 500);
}

describe('single-neuron moments of a Cos-net unit', () => {
  const units: CosNetUnit[] = (['uniform', 'propagator'] as const).map((variant) => ({ dIn: 1, mass: 1, cutoff: 8, sigmaA: 1, variant }));

  it.each(units)('equal a brute-force average over (b, c) at orders 2, 4, 6 ($variant)', (u) => {
    const m = new CosNeuronMoments(u);
    for (const ys of [[0, 0], [0, 3], [0, 0, 5, 5], [0, 3, 20, 23], [0.2, -1, 1, 4, 4, 7]]) {
      const got = m.momentOfIds(ys.map((y) => m.pointId([y])));
      expect(Math.abs(got - bruteMoment(u, ys)), `M(${ys})`).toBeLessThan(1e-9 * Math.max(1, Math.abs(got)));
    }
    expect(m.momentOfIds([m.pointId([1]), m.pointId([2]), m.pointId([3])])).toBe(0);
  });

  it('give both variants the same 2-point function, the propagator', () => {
    const [a, b] = units.map((u) => new CosNeuronMoments(u));
    for (const r of [0, 0.7, 3]) {
      const g = cutoffPropagator(1, 1, 8, r);
      expect(a.momentOfIds([a.pointId([0]), a.pointId([r])])).toBeCloseTo(g, 12);
      expect(b.momentOfIds([b.pointId([0]), b.pointId([r])])).toBeCloseTo(g, 12);
    }
  });
});

describe('exact finite-width correlators of Cos-net through its neuron moments', () => {
  const points = [[0], [3], [5], [20], [23]];
  const neurons = new CosNeuronMoments({ dIn: 1, mass: 1, cutoff: 8, sigmaA: 1, variant: 'uniform' });

  it('give G4 row 8 (N G_c^(4)) and row 10 (the non-locality ratio 0.762), independent of N', () => {
    for (const width of [3, 10, 1000]) {
      const t = exactCorrelators({ neurons, width, dIn: 1, sw: 1, sb: 0 }, points, 4);
      const ng4 = (idx: number[]) => width * t.cumulants[flatIndex(5, idx)];
      expect(ng4([0, 0, 0, 0])).toBeCloseTo(2.2265, 4);
      expect(ng4([0, 0, 2, 2])).toBeCloseTo(1.6967, 4);
      expect(ng4([0, 1, 3, 4])).toBeCloseTo(0.9701, 4);
      expect(ng4([0, 0, 3, 3]) / ng4([0, 0, 0, 0])).toBeCloseTo(0.762, 3);
    }
  });

  it('give the propagator (plus sb^2) as the 2-point function at every width', () => {
    const t = exactCorrelators({ neurons, width: 4, dIn: 1, sw: 1, sb: 0.3 }, points, 2);
    expect(t.cumulants[flatIndex(5, [0, 1])]).toBeCloseTo(0.09 + cutoffPropagator(1, 1, 8, 3), 12);
  });

  it('refuse a spec with neither an activation nor neurons', () => {
    expectInputError(() => exactCorrelators({ width: 4, dIn: 1 }, points, 2), 'spec.activation');
  });
});
