import { describe, expect, it } from 'vitest';
import { boxRule, integrateBox } from '../../src/eft/box-quadrature.js';
import { eftKernel } from '../../src/eft/kernel.js';
import { kernelProductIntegrals, nonLocalPair, nonLocalQuartic, squaredNorm } from '../../src/eft/vertex-integrals.js';
import { listMultisets, rankMultiset } from '../../src/stats/multiset.js';
import { integrateGaussLegendre } from '../../src/theory/gauss-legendre.js';
import { erf } from '../../src/theory/special.js';

const rel = (a: number, b: number) => Math.abs(a / b - 1);

/** int_{-L}^{L} prod_i exp(-a (x - c_i)^2) dx in closed form: one Gaussian in x after completing the square. */
function gaussianProduct1d(a: number, centres: number[], L: number): number {
  const n = centres.length;
  const m = centres.reduce((s, c) => s + c, 0) / n;
  const spread = centres.reduce((s, c) => s + c * c, 0) - n * m * m;
  const A = n * a;
  return Math.exp(-a * spread) * 0.5 * Math.sqrt(Math.PI / A) * (erf(Math.sqrt(A) * (L - m)) - erf(Math.sqrt(A) * (-L - m)));
}

describe('the box rule over [-Lambda, Lambda]^d', () => {
  it('integrates a constant to the volume (2 Lambda)^d in d = 1, 2, 3', () => {
    for (const d of [1, 2, 3]) {
      for (const L of [0.3, 7, 1e5]) expect(rel(integrateBox(() => 1, d, L, { nodes: 4 }), (2 * L) ** d)).toBeLessThan(1e-13);
    }
  });

  it('is exact for polynomials of degree 2 nodes - 1 on each panel, and cuts at 0, the breakpoints and the graded scale', () => {
    // int x^6 y^2 over [-2, 2]^2 = (2 * 2^7 / 7)(2 * 2^3 / 3)
    expect(rel(integrateBox((x) => x[0] ** 6 * x[1] ** 2, 2, 2, { nodes: 4 }), ((2 * 2 ** 7) / 7) * ((2 * 8) / 3))).toBeLessThan(1e-13);
    const axis = boxRule(1, 10, { nodes: 1, breakpoints: [[3, 20]], scale: 1 }).axes[0];
    // panels [-10,-8],[-8,-4],[-4,-2],[-2,-1],[-1,0],[0,1],[1,2],[2,3],[3,4],[4,8],[8,10]: one midpoint each
    expect(Array.from(axis.nodes)).toEqual([-9, -6, -3, -1.5, -0.5, 0.5, 1.5, 2.5, 3.5, 6, 9]);
  });

  it('integrates products of Gaussian kernels (gauss-net) as their closed form, for a box far larger than the kernel', () => {
    const k = eftKernel('gauss-net', { dIn: 1 });
    const points = [[0.002], [0.01], [0.5], [-1]];
    for (const L of [0.5, 7, 1e5]) {
      const I = kernelProductIntegrals(k, points, 4, L);
      for (const [r, t] of listMultisets(4, 4).entries()) {
        // gauss-net, sw = 1, d = 1: Kt(x, y) = exp(-(x - y)^2 / 2)
        expect(rel(I[r], gaussianProduct1d(0.5, t.map((i) => points[i][0]), L)), `t=${t} L=${L}`).toBeLessThan(1e-12);
      }
    }
    // in d = 2 the Gaussian factorises over the axes (sw = 1: exp(-|x - y|^2 / 4))
    const k2 = eftKernel('gauss-net', { dIn: 2 });
    const p2 = [[0.1, -0.2], [0.3, 0.4]];
    const I2 = kernelProductIntegrals(k2, p2, 3, 3);
    const t = [0, 1, 1];
    const want = gaussianProduct1d(0.25, t.map((i) => p2[i][0]), 3) * gaussianProduct1d(0.25, t.map((i) => p2[i][1]), 3);
    expect(rel(I2[rankMultiset(2, t)], want)).toBeLessThan(1e-12);
  });

  it('gives the relu-net closed form I = prod x_i Lambda^5 / 80 (sw = 1, sb = 0, d = 1): 30.25260 for x = (.2, .6, 1, 1.2), Lambda = 7', () => {
    const k = eftKernel('relu-net', { dIn: 1 });
    const I = kernelProductIntegrals(k, [[0.2], [0.6], [1], [1.2]], 4, 7);
    expect(I[rankMultiset(4, [0, 1, 2, 3])]).toBeCloseTo(30.2526, 10);
    // Kt = sw^4 x y / 2 (sw^2 from the output layer times v = sw^2 x^2), so I scales as sw^16
    const k2 = eftKernel('relu-net', { dIn: 1, sw: 2 });
    expect(rel(kernelProductIntegrals(k2, [[0.2], [0.6], [1], [1.2]], 4, 7)[rankMultiset(4, [0, 1, 2, 3])], 2 ** 16 * 30.2526)).toBeLessThan(1e-13);
    // x^2-local weight: int_0^L x^2 prod (x x_i / 2) dx = prod x_i L^7 / (16 * 7)
    const I2 = kernelProductIntegrals(k, [[0.2], [0.6], [1], [1.2]], 4, 7, { weight: squaredNorm });
    expect(rel(I2[rankMultiset(4, [0, 1, 2, 3])], (0.144 * 7 ** 7) / 112)).toBeLessThan(1e-13);
  });

  it('relu-net in d = 2 (kinks along the rays through the points) agrees with an independent polar integral', () => {
    // Kt is homogeneous of degree 1, so int_box prod_i Kt = int dtheta g(theta) R(theta)^6 / 6,
    // g = prod_i Kt(u(theta), x_i) on the unit circle, R = Lambda / max(|cos|, |sin|): one angular integral
    const k = eftKernel('relu-net', { dIn: 2 });
    const points = [[0.5, 0.5], [0.5, 1], [1, 0.5], [1, 1]];
    const L = 7;
    const polar = (t: number[]) => {
      const f = (th: number) => {
        const u = [Math.cos(th), Math.sin(th)];
        let g = 1;
        for (const i of t) g *= k.kt(u, points[i]);
        return (g * (L / Math.max(Math.abs(u[0]), Math.abs(u[1]))) ** 6) / 6;
      };
      const cuts = new Set<number>(Array.from({ length: 9 }, (_, j) => (j * Math.PI) / 4));
      for (const p of points) for (const s of [0, Math.PI]) cuts.add((Math.atan2(p[1], p[0]) + s) % (2 * Math.PI));
      const b = [...cuts].sort((x, y) => x - y);
      let s = 0;
      for (let i = 0; i + 1 < b.length; i++) for (let j = 0; j < 16; j++) s += integrateGaussLegendre(f, b[i] + ((b[i + 1] - b[i]) * j) / 16, b[i] + ((b[i + 1] - b[i]) * (j + 1)) / 16, 20);
      return s;
    };
    const I = kernelProductIntegrals(k, points, 4, L);
    for (const t of [[0, 0, 0, 0], [0, 1, 2, 3], [1, 1, 2, 2], [3, 3, 3, 3]]) expect(rel(I[rankMultiset(4, t)], polar(t)), `t=${t}`).toBeLessThan(1e-6);
  });

  it('accepts any propagator function and any number of legs', () => {
    // Kt(x, y) = x y on [-1, 1]: n legs give prod y_i int x^n = prod y_i (1 + (-1)^n) / (n + 1)
    const I = kernelProductIntegrals((x, y) => x[0] * y[0], [[2], [3]], 6, 1, { nodes: 4 });
    expect(rel(I[rankMultiset(2, [0, 0, 0, 1, 1, 1])], (8 * 27 * 2) / 7)).toBeLessThan(1e-13);
    expect(kernelProductIntegrals((x, y) => x[0] * y[0], [[2], [3]], 3, 1)[0]).toBeCloseTo(0, 14);
  });

  it('P(ab|cd) factorises into two-leg integrals, as a direct double integral over the box confirms (erf-net)', () => {
    const k = eftKernel('erf-net', { dIn: 1 });
    const points = [[-1], [0.2], [0.6], [1]];
    const L = 5;
    const I2 = kernelProductIntegrals(k, points, 2, L);
    const direct = integrateBox((x) => k.kt([x[0]], points[0]) * k.kt([x[0]], points[1]) * k.kt([x[1]], points[2]) * k.kt([x[1]], points[3]), 2, L, { scale: 1, nodes: 24 });
    expect(rel(nonLocalPair(I2, 4, 0, 1, 2, 3), direct)).toBeLessThan(1e-10);
    const sum = nonLocalQuartic(I2, 4)[rankMultiset(4, [0, 1, 2, 3])];
    expect(rel(sum, nonLocalPair(I2, 4, 0, 1, 2, 3) + nonLocalPair(I2, 4, 0, 2, 1, 3) + nonLocalPair(I2, 4, 0, 3, 1, 2))).toBeLessThan(1e-15);
  });
});
