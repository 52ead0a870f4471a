// Deformed densities through the WASM engine (`sample`, `linearResponse`): lambda = 0 changes no bit;
// the grid evaluated next to the forward pass, the weights and the linear response equal a TypeScript
// computation on the same networks' field values (powers 3, 4, 6; d_in = 1 and 2); a seed fixes the
// bits on any thread count and shard split; and a cos-net at N = 1000 reproduces the phi^4 tree level
// of spec G4 row 9 through its linear response.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveDeformGrid } from '../../src/deform/options.js';
import { LinearResponse } from '../../src/deform/response.js';
import { EnsembleResult, linearResponse, merge, type SampleOptions } from '../../src/index.js';
import { kernelConfig } from '../../src/sample/ensemble.js';
import { WasmKernel } from '../../src/sample/kernel.js';
import { NodePool } from '../../src/sample/node-pool.js';
import { resolveEnsemble } from '../../src/sample/options.js';
import { planSample, runPlan } from '../../src/sample/sampler.js';
import { nodeWasmModule } from '../../src/sample/wasm-node.js';
import { blockWeights } from '../../src/stats/accumulator.js';
import { cumulants } from '../../src/stats/cumulants.js';
import { flatIndex, totalMultisets } from '../../src/stats/multiset.js';
import { cutoffPropagator } from '../../src/theory/cos-net.js';
import { integrateGaussLegendre } from '../../src/theory/gauss-legendre.js';
import { Z_MAX } from '../tolerance.js';

const pools = new Map<number, NodePool>();
beforeAll(async () => {
  for (const threads of [1, 2]) pools.set(threads, await NodePool.create(threads));
});
afterAll(async () => {
  for (const p of pools.values()) await p.close();
});
const run = async (o: SampleOptions) => new EnsembleResult(await runPlan(pools.get(o.threads ?? 2)!, planSample(o)));
const respond = async (o: SampleOptions) => new LinearResponse(await runPlan(pools.get(o.threads ?? 2)!, planSample(o, true)));
const bits = (r: EnsembleResult | LinearResponse) => r.accumulator.blocks().map((b) => [b.index, b.n0, b.n1, blockWeights(b).sum, blockWeights(b).sumSquares, ...b.sums]);

const cos = { arch: 'cos-net', hyper: { m: 1, lambda: 8 } };

describe('lambda = 0', () => {
  it.each([
    { ...cos, width: 40, points: [-0.5, 0, 0.7] },
    { arch: 'erf-net', width: 20, points: [-1, 0.2, 0.6], mw: 0.1 },
  ])('gives the undeformed direct run of $arch bit for bit, weights exactly 1', async (e) => {
    const o: SampleOptions = { ...e, networks: 3_001, orders: [1, 2, 3, 4], seed: 4, estimator: 'direct' };
    const [plain, deformed, response] = [await run(o), await run({ ...o, deform: { lambda: 0, region: [-2, 2] } }), await respond({ ...o, deform: { region: [-2, 2] } })];
    expect(bits(deformed)).toEqual(bits(plain));
    expect(deformed.effectiveSampleSize).toBe(3_001);
    expect(deformed.toJSON().correlators).toEqual(plain.toJSON().correlators);
    expect(bits(response.baseline)).toEqual(bits(plain));
  });
});

/**
 * The field values of networks [0, count) at the points and then the grid nodes, from the kernels'
 * forward pass with the nodes as ordinary points.
 */
async function fieldValues(e: SampleOptions, nodes: readonly (readonly number[])[], seed: number, count: number) {
  const ensemble = resolveEnsemble({ ...e, points: [...e.points.map((p) => (typeof p === 'number' ? [p] : p)), ...nodes] as number[][] });
  const kernel = await WasmKernel.create(await nodeWasmModule());
  kernel.configure(kernelConfig(ensemble, seed, 1, 'direct'));
  return kernel.forwardRange(0, count);
}

describe.each([
  { name: 'cos-net, d_in = 1, phi^4', e: { ...cos, width: 30, points: [0, 0.45] }, deform: { lambda: 0.3, region: [-1, 1], grid: 13 } },
  { name: 'cos-net, d_in = 1, phi^3', e: { ...cos, width: 30, points: [0, 0.45] }, deform: { lambda: -0.4, power: 3, region: [-1, 1], grid: 13 } },
  { name: 'cos-net, d_in = 1, phi^6', e: { ...cos, width: 30, points: [0, 0.45] }, deform: { lambda: 2, power: 6, region: [-1, 1], grid: 13 } },
  { name: 'erf-net, d_in = 2, phi^4', e: { arch: 'erf-net', width: 25, points: [[0.3, -0.2], [-0.5, 0.4]] }, deform: { lambda: 0.5, region: [[-1, 1], [0, 0.5]], grid: 4 } },
])('$name: the engine equals a TypeScript computation on the same networks', ({ e, deform }) => {
  const M = 1_000;
  const o = { ...e, networks: M, orders: [1, 2, 3, 4], seed: 9, estimator: 'direct' as const, blocks: 4 } as SampleOptions;
  let reference: { moments: Float64Array; response: Float64Array; ess: number; P: number };
  let weighted: EnsembleResult;
  let response: LinearResponse;
  beforeAll(async () => {
    weighted = await run({ ...o, deform });
    response = await respond({ ...o, deform: { ...deform, lambda: 0 } });
    const P = o.points.length;
    const grid = resolveDeformGrid(deform, weighted.header.ensemble.dIn);
    const phi = await fieldValues(o, grid.nodes, o.seed, M);
    const width = P + grid.nodes.length;
    const S = totalMultisets(P, 4);
    const products = (n: number) => {
      const x = Array.from(phi.subarray(n * width, n * width + P));
      const out = new Float64Array(S);
      for (let a = 0; a < P; a++) {
        out[flatIndex(P, [a])] = x[a];
        for (let b = a; b < P; b++) {
          out[flatIndex(P, [a, b])] = x[a] * x[b];
          for (let c = b; c < P; c++) {
            out[flatIndex(P, [a, b, c])] = x[a] * x[b] * x[c];
            for (let d = c; d < P; d++) out[flatIndex(P, [a, b, c, d])] = x[a] * x[b] * x[c] * x[d];
          }
        }
      }
      return out;
    };
    const shift = weighted.header.deform!.shift;
    let [sw, sw2, sv] = [0, 0, 0];
    const m = new Float64Array(S);
    const m0 = new Float64Array(S);
    const mv = new Float64Array(S);
    for (let n = 0; n < M; n++) {
      let v = 0;
      for (let g = 0; g < grid.nodes.length; g++) v += grid.weights[g] * phi[n * width + P + g] ** grid.power;
      const w = Math.exp(-deform.lambda * (v - shift));
      const x = products(n);
      for (let i = 0; i < S; i++) {
        m[i] += w * x[i];
        m0[i] += x[i];
        mv[i] += v * x[i];
      }
      sw += w;
      sw2 += w * w;
      sv += v;
    }
    const moments = m.map((s) => s / sw);
    // d/dlambda at 0 of the moments, -Cov(O, V), and of the cumulants through the exact Jacobian, here
    // by a central difference of the cumulant map (a quartic: the 5-point rule is exact up to rounding)
    const dm = mv.map((s, i) => -(s / M - (m0[i] / M) * (sv / M)));
    const at = (t: number) => cumulants(m0.map((s, i) => s / M + t * dm[i]), P, 4);
    const h = 1;
    const [a2, a1, b1, b2] = [at(-2 * h), at(-h), at(h), at(2 * h)];
    const dk = a2.map((_, i) => (a2[i] - 8 * a1[i] + 8 * b1[i] - b2[i]) / (12 * h));
    reference = { moments, response: Float64Array.from([...dm, ...dk]), ess: (sw * sw) / sw2, P };
  });

  it('weighted moments and the effective sample size', () => {
    const P = reference.P;
    for (let n = 1; n <= 4; n++) {
      for (const c of weighted.correlators(n)) {
        const want = reference.moments[flatIndex(P, c.idx)];
        expect(Math.abs(c.moment - want), `${c.idx}`).toBeLessThan(1e-9 * Math.max(1e-3, Math.abs(want)));
      }
    }
    expect(weighted.effectiveSampleSize / reference.ess - 1).toBeLessThan(1e-12);
    expect(weighted.effectiveSampleSize).toBeLessThan(M);
  });

  it('the linear response of moments and connected correlators', () => {
    const P = reference.P;
    const S = totalMultisets(P, 4);
    for (let n = 1; n <= 4; n++) {
      for (const c of response.correlators(n)) {
        const i = flatIndex(P, c.idx);
        const [dm, dk] = [reference.response[i], reference.response[S + i]];
        expect(Math.abs(c.moment - dm), `moment ${c.idx}: ${c.moment} vs ${dm}`).toBeLessThan(1e-9 * Math.max(1e-3, Math.abs(dm)));
        expect(Math.abs(c.connected - dk), `connected ${c.idx}: ${c.connected} vs ${dk}`).toBeLessThan(1e-8 * Math.max(1e-3, Math.abs(dk)));
      }
    }
  });
});

describe('a seed fixes every bit of a deformed run', () => {
  const o: SampleOptions = { ...cos, width: 50, points: [-0.5, 0.25], networks: 5_003, orders: [2, 4], seed: 77, deform: { lambda: 0.5, region: [-2, 2], grid: 31 } };

  it('on 1 and 2 threads, and from three shards merged in any order (weighted moments and linear response)', async () => {
    const [one, two] = [await run({ ...o, threads: 1 }), await run({ ...o, threads: 2 })];
    expect(bits(two)).toEqual(bits(one));
    expect(two.toJSON()).toEqual(one.toJSON());
    const shards = [];
    for (const index of [0, 1, 2]) shards.push(await run({ ...o, shard: { index, count: 3 } }));
    expect(bits(merge(shards[2], shards[0], shards[1]))).toEqual(bits(one));
    const [r1, r2] = [await respond({ ...o, threads: 1 }), await respond({ ...o, threads: 2 })];
    expect(bits(r2)).toEqual(bits(r1));
    expect(r2.toJSON()).toEqual(r1.toJSON());
    const parts = [];
    for (const index of [0, 1]) parts.push(await respond({ ...o, shard: { index, count: 2 } }));
    expect(bits(LinearResponse.merge(parts[1], parts[0]))).toEqual(bits(r1));
  });
});

describe('weights next to the general sampler', () => {
  it('a reweighted erf-net wider than a tile of variates (N (d_in + 1) > 64) keeps exact weights: E[w] = 1 within 4 standard errors', async () => {
    const r = await run({ arch: 'erf-net', width: 100, points: [-1, 0.6], networks: 8_000, orders: [2], seed: 21, estimator: 'direct', reweight: { sw: 1.02, sb: 0.98 } });
    const w = r.accumulator.blocks().map((b) => blockWeights(b).sum / (b.n1 - b.n0));
    const mean = w.reduce((a, b) => a + b) / w.length;
    const se = Math.sqrt(w.reduce((a, b) => a + (b - mean) ** 2, 0) / (w.length - 1) / w.length);
    expect(Math.abs(mean - 1) / se, `${mean} ± ${se}`).toBeLessThan(Z_MAX);
  });
});

// Spec G4 row 9 at finite width: the response subtracts the undeformed 1/N connected 4-point function
// (2.23/N at (0,0,0,0)); its O(lambda/N) part (about 3/N there, spec F4) is a tenth of the standard error.
describe('cos-net at N = 1000: the linear response to phi^4 on [-3, 3] is the tree level', () => {
  const G = (r: number) => cutoffPropagator(1, 1, 8, Math.abs(r));
  const overV = (f: (y: number) => number) => integrateGaussLegendre(f, -3, 3, 200);
  const points = [-1, -0.5, 0, 0.5, 1];
  const at = (x: number) => points.indexOf(x);

  it('for G_c^(4) at (0,0,0,0), (-.5,-.5,.5,.5), (-1,0,0,1) and the tadpole of G(-0.5, 0.5), within 4 standard errors', async () => {
    const r = await linearResponse({ ...cos, width: 1000, points, networks: 30_000, orders: [2, 4], seed: 5, threads: 2, deform: { region: [-3, 3] } });
    for (const xs of [[0, 0, 0, 0], [-0.5, -0.5, 0.5, 0.5], [-1, 0, 0, 1]]) {
      const tree = -overV((y) => xs.reduce((p, x) => p * G(x - y), 1));
      const [v, se] = [r.connected(...xs.map(at)), r.connectedSE(...xs.map(at))];
      expect(Math.abs(v - tree) / se, `${xs}: ${v} ± ${se} vs ${tree}`).toBeLessThan(Z_MAX);
    }
    const tadpole = -0.5 * G(0) * overV((y) => G(-0.5 - y) * G(y - 0.5));
    expect(Math.abs(r.connected(at(-0.5), at(0.5)) - tadpole) / r.connectedSE(at(-0.5), at(0.5))).toBeLessThan(Z_MAX);
    expect(r.header.deform).toMatchObject({ lambda: 0, power: 4, grid: 61, response: true });
    expect(r.networks).toBe(30_000);
  });
});
