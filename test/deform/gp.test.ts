// Deformed Gaussian processes (N = infinity) against perturbation theory: spec actions-symmetry G4
// row 9 (phi^4 on Cos-net's cutoff propagator: the O(lambda) coefficient of G_c^(4) is
// -int_V prod_k G(x_k - y) dy) and the tadpole of G^(2); phi^3 and phi^6 at tree level; finite lambda
// on the one-variable model S = z^2/2 + lambda z^4/24 against exact quadrature, and as linear response
// plus O(lambda^2); lambda = 0 bit for bit; the effective sample size and its collapse warning.
import { beforeAll, describe, expect, it } from 'vitest';
import { linearResponseGaussianProcess, sampleGaussianProcess, type GpSampleOptions } from '../../src/gp/index.js';
import type { LinearResponse } from '../../src/index.js';
import { ESS_WARNING_FRACTION } from '../../src/sample/weight-warnings.js';
import { nodeWasmModule } from '../../src/sample/wasm-node.js';
import { cutoffPropagator } from '../../src/theory/cos-net.js';
import { integrateGaussLegendre } from '../../src/theory/gauss-legendre.js';
import { Z_MAX } from '../tolerance.js';

let module: WebAssembly.Module;
beforeAll(async () => {
  module = await nodeWasmModule();
});

// d = 1, m = 1, Lambda = 8; V = [-3, 3] with spacing 0.1 (61 nodes, the default grid)
const G = (r: number) => cutoffPropagator(1, 1, 8, Math.abs(r));
const kernel = (x: readonly number[], y: readonly number[]) => G(x[0] - y[0]);
const V = [-3, 3] as const;
const G0 = G(0);
/** int_V prod_k G(x_k - y) dy by 200-node Gauss-Legendre quadrature. */
const overV = (f: (y: number) => number) => integrateGaussLegendre(f, V[0], V[1], 200);
const tree = (xs: number[]) => -overV((y) => xs.reduce((p, x) => p * G(x - y), 1));

const points = [-1, -0.5, 0, 0.5, 1];
const at = (x: number) => points.indexOf(x);
const row9 = [[0, 0, 0, 0], [-0.5, -0.5, 0.5, 0.5], [-1, 0, 0, 1]];
const base: GpSampleOptions = { points, kernel, name: 'cutoff-propagator', networks: 200_000, orders: [2, 4], seed: 11 };

const z = (measured: number, predicted: number, se: number) => Math.abs(measured - predicted) / se;

describe('phi^4 on the cutoff propagator at N = infinity (spec G4 row 9)', () => {
  let R: LinearResponse;
  beforeAll(async () => {
    R = await linearResponseGaussianProcess({ ...base, deform: { region: [...V] } }, module);
  });

  it('the tree-level integrals are the spec\'s -0.0309, -0.0127, -0.0079', () => {
    expect(row9.map((xs) => Number(tree(xs).toFixed(4)))).toEqual([-0.0309, -0.0127, -0.0079]);
  });

  it.each(row9)('d G_c^(4)(%s, %s, %s, %s) / d lambda at lambda = 0 is -int_V prod G within 4 standard errors, and not 0', (...xs) => {
    const idx = xs.map(at);
    const [value, se] = [R.connected(...idx), R.connectedSE(...idx)];
    expect(z(value, tree(xs), se), `${value} ± ${se} vs ${tree(xs)}`).toBeLessThan(Z_MAX);
    expect(Math.abs(value) / se).toBeGreaterThan(Z_MAX);
  });

  it('d G(x1, x2) / d lambda is the tadpole -(1/2) G(0) int_V G(x1 - y) G(y - x2) dy', () => {
    for (const [x1, x2] of [[0, 0], [-0.5, 0.5], [-1, 1]]) {
      const predicted = -0.5 * G0 * overV((y) => G(x1 - y) * G(y - x2));
      const [value, se] = [R.connected(at(x1), at(x2)), R.connectedSE(at(x1), at(x2))];
      expect(z(value, predicted, se), `${value} ± ${se} vs ${predicted}`).toBeLessThan(Z_MAX);
    }
  });

  it('the response run\'s baseline is the undeformed process bit for bit, and its weights are all 1', async () => {
    const plain = await sampleGaussianProcess({ ...base, networks: 3_000 }, module);
    const r = await linearResponseGaussianProcess({ ...base, networks: 3_000, deform: { region: [...V] } }, module);
    expect(r.baseline.toJSON().correlators).toEqual(plain.toJSON().correlators);
    expect(r.effectiveSampleSize).toBe(3_000);
    expect(r.header.deform).toMatchObject({ lambda: 0, power: 4, grid: 61, response: true, region: [[-3, 3]] });
  });

  it('deform at lambda = 0 gives the undeformed sums bit for bit', async () => {
    const o = { ...base, networks: 2_001 };
    const [plain, deformed] = [await sampleGaussianProcess(o, module), await sampleGaussianProcess({ ...o, deform: { lambda: 0, region: [...V] } }, module)];
    expect(deformed.accumulator.blocks().map((b) => [...b.sums])).toEqual(plain.accumulator.blocks().map((b) => [...b.sums]));
    expect(deformed.effectiveSampleSize).toBe(2_001);
    expect(deformed.warnings).toEqual([]);
  });

  it('finite lambda on the same draws: the symmetric difference at lambda = +-1e-3 is the linear response, and the remainder beyond it is O(lambda)', async () => {
    const o = { ...base, networks: 20_000 };
    const R = await linearResponseGaussianProcess({ ...o, deform: { region: [...V] } }, module);
    const at0 = R.baseline;
    const shift = async (lambda: number) => {
      const r = await sampleGaussianProcess({ ...o, deform: { lambda, region: [...V] } }, module);
      return row9.map((xs) => r.connected(...xs.map(at)) - at0.connected(...xs.map(at)));
    };
    const [up, down] = [await shift(1e-3), await shift(-1e-3)];
    row9.forEach((xs, i) => {
      const r = R.connected(...xs.map(at));
      expect(Math.abs((up[i] - down[i]) / 2e-3 - r)).toBeLessThan(1e-5 * Math.abs(r));
    });
    // e(lambda) = shift / lambda - response = lambda Q / 2 + O(lambda^2): halving lambda halves it up to O(lambda)
    const e = new Map<number, number[]>();
    for (const lambda of [0.2, 0.1, 0.05]) e.set(lambda, (await shift(lambda)).map((s, i) => s / lambda - R.connected(...row9[i].map(at))));
    for (const [small, large] of [[0.1, 0.2], [0.05, 0.1]]) {
      for (let i = 0; i < row9.length; i++) expect(Math.abs(e.get(small)![i] / e.get(large)![i] - 0.5)).toBeLessThan(0.1);
    }
  });
});

describe('other powers at tree level (N = infinity, V = [-3, 3])', () => {
  it('phi^3: d E[phi(x)] / d lambda = -(1/2) G(0) int_V G(x - y) dy and d G_c^(3)(0,0,0) / d lambda = -int_V G^3', async () => {
    const r = await linearResponseGaussianProcess({ ...base, points: [0, 0.5], networks: 50_000, orders: [1, 3], deform: { power: 3, region: [...V] } }, module);
    for (const [a, x] of [[0, 0], [1, 0.5]]) {
      const predicted = -0.5 * G0 * overV((y) => G(x - y));
      expect(z(r.moment(a), predicted, r.momentSE(a)), `${r.moment(a)} ± ${r.momentSE(a)} vs ${predicted}`).toBeLessThan(Z_MAX);
    }
    expect(z(r.connected(0, 0, 0), tree([0, 0, 0]), r.connectedSE(0, 0, 0))).toBeLessThan(Z_MAX);
  });

  it('phi^6: d G / d lambda = -(1/8) G(0)^2 int_V G G and d G_c^(4) / d lambda = -(1/2) G(0) int_V prod G', async () => {
    const r = await linearResponseGaussianProcess({ ...base, points: [0, 0.5], networks: 50_000, orders: [2, 4], deform: { power: 6, region: [...V] } }, module);
    const g2 = -(G0 * G0 / 8) * overV((y) => G(y) * G(0.5 - y));
    const g4 = 0.5 * G0 * tree([0, 0, 0.5, 0.5]);
    expect(z(r.connected(0, 1), g2, r.connectedSE(0, 1)), `${r.connected(0, 1)} ± ${r.connectedSE(0, 1)} vs ${g2}`).toBeLessThan(Z_MAX);
    expect(z(r.connected(0, 0, 1, 1), g4, r.connectedSE(0, 0, 1, 1)), `${r.connected(0, 0, 1, 1)} vs ${g4}`).toBeLessThan(Z_MAX);
  });
});

// A constant kernel makes the field one normal variable z at every input; on the region [0, 1] with
// 2 trapezoid nodes, Delta S = lambda z^4 / 24: the density exp(-z^2/2 - lambda z^4/24) (spec F2, G4 row 1).
describe('the one-variable model S = z^2/2 + lambda z^4/24 at finite lambda', () => {
  /** E[z^k] under exp(-z^2/2 - lambda z^4/24), by Gauss-Legendre on [-12, 12]. */
  const exact = (lambda: number, k: number) => {
    const f = (j: number) => integrateGaussLegendre((t) => t ** j * Math.exp(-t * t / 2 - (lambda * t ** 4) / 24), -12, 12, 400);
    return f(k) / f(0);
  };
  const toy: GpSampleOptions = { points: [0, 1], kernel: () => 1, networks: 400_000, orders: [2, 4], seed: 2 };

  it('the exact quadrature gives the spec\'s G = 0.95558 and kappa_4 = -0.073978 at lambda = 0.1', () => {
    expect(exact(0.1, 2)).toBeCloseTo(0.95558, 5);
    expect(exact(0.1, 4) - 3 * exact(0.1, 2) ** 2).toBeCloseTo(-0.073978, 6);
  });

  it.each([0.1, 1])('reweighting at lambda = %s gives G and kappa_4 of the exact density within 4 standard errors', async (lambda) => {
    const r = await sampleGaussianProcess({ ...toy, deform: { lambda, region: [0, 1], grid: 2 } }, module);
    const g = exact(lambda, 2);
    const k4 = exact(lambda, 4) - 3 * g * g;
    expect(z(r.connected(0, 0), g, r.connectedSE(0, 0)), `G ${r.connected(0, 0)} ± ${r.connectedSE(0, 0)} vs ${g}`).toBeLessThan(Z_MAX);
    expect(z(r.connected(0, 0, 0, 0), k4, r.connectedSE(0, 0, 0, 0)), `k4 ${r.connected(0, 0, 0, 0)} ± ${r.connectedSE(0, 0, 0, 0)} vs ${k4}`).toBeLessThan(Z_MAX);
    expect(r.effectiveSampleSize).toBeLessThan(toy.networks);
    expect(r.effectiveSampleSize).toBeGreaterThan(0.5 * toy.networks);
  });
});

describe('effective sample size', () => {
  it('is reported, and its collapse below 5% of the networks is warned about, not hidden', async () => {
    const o = { ...base, networks: 20_000 };
    const mild = await sampleGaussianProcess({ ...o, deform: { lambda: 0.2, region: [...V] } }, module);
    expect(mild.effectiveSampleSize).toBeLessThan(20_000);
    expect(mild.effectiveSampleSize).toBeGreaterThan(0.99 * 20_000);
    expect(mild.warnings).toEqual([]);
    expect(mild.toJSON()).toMatchObject({ effectiveSampleSize: mild.effectiveSampleSize, deform: { lambda: 0.2, power: 4, grid: 61 } });
    const strong = await sampleGaussianProcess({ ...o, deform: { lambda: 600, region: [...V] } }, module);
    expect(strong.effectiveSampleSize).toBeLessThan(ESS_WARNING_FRACTION * 20_000);
    expect(strong.warnings).toHaveLength(1);
    expect(strong.warnings[0]).toMatch(/effective sample size .*below 5%/);
    expect(strong.toJSON().warnings).toEqual(strong.warnings);
  });

  it('a deformation unbounded below (odd power, or lambda < 0) is warned about as perturbative', async () => {
    const r = await sampleGaussianProcess({ ...base, networks: 5_000, deform: { lambda: 0.1, power: 3, region: [...V] } }, module);
    expect(r.warnings.some((w) => /not normalisable/.test(w))).toBe(true);
  });
});
