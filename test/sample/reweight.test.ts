// Importance reweighting by a ratio of parameter densities: unit weights reproduce the unweighted
// bits, reweighted moments equal the exact theory at the target hyperparameters with both estimators,
// the weights have the mean and spread the density ratio predicts, and weighted accumulators merge,
// shard and serialise exactly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Accumulator, EnsembleResult, merge, NnftFileError, type SampleOptions } from '../../src/index.js';
import { blockWeights } from '../../src/stats/accumulator.js';
import { jackknife } from '../../src/stats/jackknife.js';
import { flatIndex } from '../../src/stats/multiset.js';
import { NodePool } from '../../src/sample/node-pool.js';
import { planSample, runPlan } from '../../src/sample/sampler.js';
import { cutoffPropagator } from '../../src/theory/cos-net.js';
import { exactCorrelators } from '../../src/theory/finite-width.js';
import { expectInputError } from '../support/errors.js';
import { Z_MAX } from '../tolerance.js';

let pool: NodePool;
beforeAll(async () => {
  pool = await NodePool.create(2);
});
afterAll(async () => {
  await pool.close();
});
const run = async (o: SampleOptions) => new EnsembleResult(await runPlan(pool, planSample(o)));

const bits = (r: EnsembleResult) => r.accumulator.blocks().map((b) => [b.index, b.n0, b.n1, blockWeights(b).sum, blockWeights(b).sumSquares, ...b.sums]);

describe('reweighting to the sample itself', () => {
  it.each(['conditional', 'direct'] as const)('gives weights of exactly 1 and the unweighted run bit for bit (%s)', async (estimator) => {
    const o: SampleOptions = { arch: 'erf-net', width: 20, points: [-1, 0.2, 0.6], networks: 3_001, orders: [1, 2, 3, 4], seed: 4, estimator, mw: 0.1 };
    const [plain, weighted] = [await run(o), await run({ ...o, reweight: { sw: 1, sb: 1, mw: 0.1 } })];
    expect(bits(weighted)).toEqual(bits(plain));
    expect(weighted.effectiveSampleSize).toBe(3_001);
    expect(weighted.toJSON().correlators).toEqual(plain.toJSON().correlators);
    expect(weighted.header.reweight).toEqual({ sw: 1, sb: 1, mw: 0.1, mb: 0 });
  });
});

// erf-net, N = 3, sampled at sw = sb = 1 and weighted to sw = 1.1, sb = 0.8. For one normal parameter
// whose standard deviation goes from s to r s, E[w^2] = 1 / (r sqrt(2 - r^2)); the conditional
// estimator weighs the 3 + 3 hidden parameters, the direct one also the 3 + 1 output parameters.
// (E[w^4], which the error of the effective sample size needs, is finite for r < 2/sqrt 3.)
const E_W2 = (r: number) => 1 / (r * Math.sqrt(2 - r * r));
const points = [-1, 0.6];
const target = exactCorrelators({ activation: 'erf', width: 3, dIn: 1, sw: 1.1, sb: 0.8 }, points.map((x) => [x]), 4);
const sampled = exactCorrelators({ activation: 'erf', width: 3, dIn: 1, sw: 1, sb: 1 }, points.map((x) => [x]), 4);

describe.each([
  { estimator: 'conditional' as const, networks: 150_000, ew2: E_W2(1.1) ** 3 * E_W2(0.8) ** 3 },
  { estimator: 'direct' as const, networks: 400_000, ew2: E_W2(1.1) ** 6 * E_W2(0.8) ** 4 },
])('reweighting erf-net from sw = sb = 1 to sw = 1.1, sb = 0.8 ($estimator estimator)', ({ estimator, networks, ew2 }) => {
  let r: EnsembleResult;
  beforeAll(async () => {
    r = await run({ arch: 'erf-net', width: 3, points, orders: [2, 4], networks, seed: 21, estimator, reweight: { sw: 1.1, sb: 0.8 } });
  });

  it('gives every connected 2- and 4-point function of the target within 4 standard errors, and not the sample\'s', () => {
    let far = 0;
    for (const n of [2, 4]) {
      for (const e of r.correlators(n)) {
        const i = flatIndex(2, e.idx);
        expect(Math.abs(e.connected - target.cumulants[i]) / e.connected_se, `k${n}${JSON.stringify(e.idx)}: ${e.connected} ± ${e.connected_se} vs ${target.cumulants[i]}`).toBeLessThan(Z_MAX);
        far = Math.max(far, Math.abs(e.connected - sampled.cumulants[i]) / e.connected_se);
      }
    }
    expect(far).toBeGreaterThan(20);
  });

  it('has weights of mean 1 and the effective sample size M / E[w^2] of the density ratio (jackknife z-scores < 4)', () => {
    const blocks = r.accumulator.blocks().map((b) => ({ count: b.n1 - b.n0, sums: Float64Array.of(blockWeights(b).sum, blockWeights(b).sumSquares) }));
    const mean = jackknife(blocks, (m) => Float64Array.of(m[0], (m[0] * m[0]) / m[1]));
    expect(Math.abs(mean.value[0] - 1) / mean.se[0]).toBeLessThan(Z_MAX);
    expect(Math.abs(mean.value[1] - 1 / ew2) / mean.se[1], `ESS/M = ${mean.value[1]} ± ${mean.se[1]} vs ${1 / ew2}`).toBeLessThan(Z_MAX);
    expect(r.effectiveSampleSize / r.networks).toBeCloseTo(mean.value[1], 12);
    expect(r.toJSON().effectiveSampleSize).toBe(r.effectiveSampleSize);
  });
});

describe('cos-net reweighted in its output bias (sb 0.4 -> 0.5, mb 0 -> 0.3)', () => {
  const o: SampleOptions = { arch: 'cos-net', width: 10, points: [0, 1], hyper: { m: 1, lambda: 8 }, sb: 0.4, networks: 40_000, orders: [1, 2], seed: 8 };

  it('conditional: the output layer is not weighted, so the run equals the unweighted one at the target bit for bit', async () => {
    const [weighted, atTarget] = [await run({ ...o, reweight: { sb: 0.5, mb: 0.3 } }), await run({ ...o, sb: 0.5, mb: 0.3 })];
    expect(bits(weighted)).toEqual(bits(atTarget));
    expect(weighted.effectiveSampleSize).toBe(o.networks);
  });

  it('direct: the weighted moments give the target mean mb and kernel sb^2 + G within 4 standard errors', async () => {
    const r = await run({ ...o, estimator: 'direct', reweight: { sb: 0.5, mb: 0.3 } });
    expect(r.effectiveSampleSize).toBeLessThan(o.networks);
    expect(Math.abs(r.connected(0) - 0.3) / r.connectedSE(0)).toBeLessThan(Z_MAX);
    expect(Math.abs(r.connected(0, 1) - (0.25 + cutoffPropagator(1, 1, 8, 1))) / r.connectedSE(0, 1)).toBeLessThan(Z_MAX);
  });
});

describe('weighted accumulators', () => {
  const o: SampleOptions = { arch: 'relu-net', sb: 1, width: 30, points: [0.3, -0.5], networks: 4_000, orders: [2, 4], seed: 6, estimator: 'direct', reweight: { sw: 1.1, sb: 0.9 } };

  it('merge from shards into the unsplit run bit for bit, and survive serialisation', async () => {
    const whole = await run(o);
    const shards = [];
    for (const index of [0, 1, 2]) shards.push(await run({ ...o, shard: { index, count: 3 } }));
    const merged = merge(shards[1], shards[2], shards[0]);
    expect(bits(merged)).toEqual(bits(whole));
    expect(merged.toJSON()).toEqual(whole.toJSON());
    const back = Accumulator.fromBytes(whole.accumulator.toBytes());
    expect(back.toBytes()).toEqual(whole.accumulator.toBytes());
    expect(bits(merge(back))).toEqual(bits(whole));
    expect(merge(back).effectiveSampleSize).toBe(whole.effectiveSampleSize);
  });

  it('do not merge with the same run reweighted to another target', async () => {
    const a = await run({ ...o, networks: 500, shard: { index: 0, count: 2 } });
    const b = await run({ ...o, networks: 500, shard: { index: 1, count: 2 }, reweight: { sw: 1.2 } });
    expect(() => merge(a, b)).toThrow(NnftFileError);
  });

  it('refuse an accumulator of format version 1 (blocks without weights) with a typed error', async () => {
    const bytes = (await run({ ...o, networks: 300 })).accumulator.toBytes();
    const headLength = new DataView(bytes.buffer).getUint32(8, true);
    const head = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + headLength)));
    const old = new TextEncoder().encode(JSON.stringify({ ...head, version: 1 }).padEnd(headLength));
    const file = bytes.slice();
    file.set(old, 12);
    // re-seal the checksum so that only the version is wrong
    let h = 0x811c9dc5;
    for (let i = 0; i < file.length - 4; i++) h = Math.imul(h ^ file[i], 0x01000193) >>> 0;
    new DataView(file.buffer).setUint32(file.length - 4, h, true);
    let err: unknown;
    try {
      Accumulator.fromBytes(file);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(NnftFileError);
    expect((err as NnftFileError).field).toBe('version');
  });
});

describe('bad reweighting targets are typed errors naming the field', () => {
  const good: SampleOptions = { arch: 'erf-net', width: 10, points: [0.2, 0.4], networks: 1000, orders: [2], seed: 1 };
  it.each<[string, Partial<SampleOptions>, string]>([
    ['a target that is not an object', { reweight: 2 as never }, 'reweight'],
    ['an unknown field', { reweight: { sigma: 1 } as never }, 'reweight.sigma'],
    ['a negative sigma_w', { reweight: { sw: -1 } }, 'reweight.sw'],
    ['a NaN mean', { reweight: { mb: NaN } }, 'reweight.mb'],
    ['a point-mass target (sw = 0)', { reweight: { sw: 0 } }, 'reweight.sw'],
    ['a sample without biases (relu-net sb = 0)', { arch: 'relu-net', reweight: { sb: 0.5 } }, 'reweight.sb'],
    ['a change of gauss-net sw (its normalisation is part of the function)', { arch: 'gauss-net', reweight: { sw: 1.1 } }, 'reweight.sw'],
    ['a change of cos-net sw (sigma_a sets its amplitude)', { arch: 'cos-net', reweight: { sw: 1.1 } }, 'reweight.sw'],
    ['a change of cos-net mass', { arch: 'cos-net', reweight: { hyper: { m: 2 } } }, 'reweight.hyper.m'],
    ['a bad cos-net target hyperparameter', { arch: 'cos-net', reweight: { hyper: { lambda: -1 } } }, 'reweight.hyper.lambda'],
    ['a target twice as wide (weights of infinite variance)', { reweight: { sb: 2 } }, 'reweight.sb'],
    ['a target so far that the weights leave f64', { width: 10_000, reweight: { sw: 1.4 } }, 'reweight'],
  ])('%s', (_what, change, field) => {
    expectInputError(() => planSample({ ...good, ...change }), field);
  });
});
