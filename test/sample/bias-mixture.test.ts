// Importance sampling of the hidden biases by a two-component normal mixture: the kernels against a
// scalar reference, network by network (shifted biases and weights); moments and connected
// correlators of relu-, erf- and gauss-nets against the exact finite-width theory with both
// estimators, alone and with reweighting and a shared scale; the effective sample size against its
// exact value; the variance reduction on the benchmark's gauss-net workload W3; determinism, headers,
// unchanged bits without the option, the command line, and bad inputs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getArchitecture } from '../../src/arch/index.js';
import { flagOfField, toSampleRequest } from '../../src/cli/options.js';
import { runOptionsOf, sampleArgs } from '../../src/cluster/sample-args.js';
import { Accumulator, EnsembleResult, merge, type SampleOptions } from '../../src/index.js';
import { biasMixtureEfficiency, withBiasMixture, type BiasMixture } from '../../src/sample/bias-mixture.js';
import { configFields } from '../../src/sample/checkpoint-file.js';
import { kernelConfig } from '../../src/sample/ensemble.js';
import { WasmKernel } from '../../src/sample/kernel.js';
import { NodePool } from '../../src/sample/node-pool.js';
import { resolveEnsemble, type Ensemble, type EnsembleOptions } from '../../src/sample/options.js';
import { planSample, runPlan } from '../../src/sample/sampler.js';
import { STREAM_HIDDEN, STREAM_MIXTURE, STREAM_OUTPUT } from '../../src/sample/wasm-layout.js';
import { nodeWasmModule } from '../../src/sample/wasm-node.js';
import { blockWeights } from '../../src/stats/accumulator.js';
import { jackknife } from '../../src/stats/jackknife.js';
import { flatIndex, forEachMultiset } from '../../src/stats/multiset.js';
import { exactCorrelators, type NetworkSpec } from '../../src/theory/finite-width.js';
import { exactSharedScaleCorrelators } from '../../src/theory/shared-scale.js';
import { referenceUniform } from '../support/cos-reference.js';
import { expectFileError, expectInputError } from '../support/errors.js';
import { referenceNormal } from '../support/reference.js';
import { Z_MAX } from '../tolerance.js';
import { fingerprint } from '../support/fingerprint.js';

const pools = new Map<number, NodePool>();
let kernel: WasmKernel;
beforeAll(async () => {
  for (const threads of [1, 2]) pools.set(threads, await NodePool.create(threads));
  kernel = await WasmKernel.create(await nodeWasmModule());
});
afterAll(async () => {
  for (const p of pools.values()) await p.close();
});
const sample = async (o: SampleOptions) => new EnsembleResult(await runPlan(pools.get(o.threads ?? 2)!, planSample(o)));

/** The benchmark's workload W3: gauss-net, N = 5, six points near 0, where E[h^4] = E[e^{4 b}] rules the 4-point function. */
const W3: EnsembleOptions = { arch: 'gauss-net', width: 5, points: [-1, -0.6, -0.2, 0.2, 0.6, 1].map((v) => 0.01 * v), sw: 1, sb: 1 };

/**
 * f64 reference of a mixture network from the documented streams: bias j = mb + sb z_j,
 * z_j = g_j + s [u_j < a] (u_j uniform j of the mixture's stream), and log w = -sum_j L(z_j),
 * L(z) = log((1 - a) + a exp(s z - s^2/2)); also sum_j (1 + |s z_j - s^2/2|), which bounds the f32 error of log w.
 */
function mixtureReference(e: Ensemble, seed: number, net: number, m: BiasMixture): { phi: number[]; logw: number; scale: number } {
  const arch = getArchitecture(e.arch);
  const { width: N, dIn, dOut, sw, sb, mw, mb } = e;
  const g0 = (p: number) => referenceNormal(seed, STREAM_HIDDEN, net, p);
  const g1 = (p: number) => referenceNormal(seed, STREAM_OUTPUT, net, p);
  let logw = 0;
  let scale = 0;
  const z = Array.from({ length: N }, (_, j) => {
    const v = g0(j * (dIn + 1) + dIn) + (referenceUniform(seed, STREAM_MIXTURE, net, j) < m.fraction ? m.shift : 0);
    const t = m.shift * v - 0.5 * m.shift * m.shift;
    logw -= Math.log(1 - m.fraction + m.fraction * Math.exp(t));
    scale += 1 + Math.abs(t);
    return v;
  });
  const W0 = Array.from({ length: N }, (_, j) => Array.from({ length: dIn }, (_, i) => mw + (sw / Math.sqrt(dIn)) * g0(j * (dIn + 1) + i)));
  const W1 = Array.from({ length: dOut }, (_, o) => Array.from({ length: N }, (_, j) => mw + (sw / Math.sqrt(N)) * g1(j * dOut + o)));
  const phi: number[] = [];
  for (const x of e.points) {
    const off = arch.preactivationOffset?.(x, e) ?? 0;
    const h = W0.map((w, j) => arch.phi(w.reduce((s, v, i) => s + v * x[i], mb + sb * z[j]) + off));
    for (let o = 0; o < dOut; o++) phi.push(h.reduce((s, v, j) => s + W1[o][j] * v, mb + sb * g1(N * dOut + o)));
  }
  return { phi, logw, scale };
}

describe('the kernels with a bias mixture', () => {
  const cases: (EnsembleOptions & { seed: number; m: BiasMixture })[] = [
    { ...W3, seed: 3, m: { shift: 4, fraction: 0.25 } },
    // a width beyond a tile and not a multiple of 4, d_in = 2, d_out = 2, means, a negative shift
    { arch: 'erf-net', width: 70, dIn: 2, dOut: 2, points: [[0.3, -1], [1, 0.5]], sb: 0.7, mw: 0.1, mb: 0.2, seed: 11, m: { shift: -2.5, fraction: 0.3 } },
  ];

  it.each(cases)('draw the shifted biases of $arch from the network\'s own uniforms and weight it by prod p/q, network by network', (c) => {
    const e = resolveEnsemble(c);
    kernel.configure(withBiasMixture(kernelConfig(e, c.seed, 2, 'direct'), c.m));
    const n0 = 1000;
    const count = 9;
    const phi = kernel.forwardRange(n0, count);
    const P = e.points.length * e.dOut;
    let shifted = 0;
    for (let n = 0; n < count; n++) {
      const net = n0 + n;
      const want = mixtureReference(e, c.seed, net, c.m);
      for (let a = 0; a < P; a++) {
        expect(Math.abs(phi[n * P + a] - want.phi[a]), `network ${net} component ${a}`).toBeLessThan(1e-5 * Math.sqrt(e.width) * (1 + Math.abs(want.phi[a])));
      }
      const sums = kernel.sampleTask(net, 1);
      const w = sums[sums.length - 2];
      expect(Math.abs(Math.log(w) - want.logw), `log-weight of network ${net}`).toBeLessThan(1e-6 * want.scale);
      expect(sums[sums.length - 1]).toBeCloseTo(w * w, 12);
      if (want.logw !== 0) shifted++;
    }
    expect(shifted).toBe(count);
  });
});

/** The exact theory's spec of an ensemble. */
function theorySpec(o: EnsembleOptions): NetworkSpec {
  const e = resolveEnsemble(o);
  const activation = getArchitecture(e.arch).activation === 'exp' ? 'gauss' : (getArchitecture(e.arch).activation as 'erf');
  return { activation, width: e.width, dIn: e.dIn, dOut: e.dOut, sw: e.sw, sb: e.sb, mw: e.mw, mb: e.mb };
}

/** |z| of every connected correlator of the given orders against exact cumulants. */
function expectExact(r: EnsembleResult, cumulants: Float64Array | readonly number[], orders: readonly number[], label: string): number {
  let worst = 0;
  for (const n of orders) {
    forEachMultiset(r.components, n, (idx) => {
      const want = cumulants[flatIndex(r.components, idx)];
      const z = (r.connected(...idx) - want) / r.connectedSE(...idx);
      expect(Math.abs(z), `${label} G_c(${idx}) = ${r.connected(...idx)} ± ${r.connectedSE(...idx)} vs ${want}`).toBeLessThan(Z_MAX);
      worst = Math.max(worst, Math.abs(z));
    });
  }
  return worst;
}

const ENSEMBLES: { name: string; o: EnsembleOptions; m: BiasMixture; orders: number[] }[] = [
  { name: 'relu-net (sb = 1)', o: { arch: 'relu-net', width: 5, points: [-1, 0.2, 0.6], sb: 1 }, m: { shift: 1.5, fraction: 0.3 }, orders: [2, 4] },
  { name: 'erf-net (d_in = 2, d_out = 2, means, negative shift)', o: { arch: 'erf-net', width: 5, dIn: 2, dOut: 2, points: [[-1, 0.5], [0.6, 0.2]], mw: 0.2, mb: 0.1 }, m: { shift: -2, fraction: 0.3 }, orders: [1, 2, 3, 4] },
  { name: 'gauss-net W3', o: W3, m: { shift: 4, fraction: 0.1 }, orders: [2, 4] },
];

describe.each(ENSEMBLES.flatMap((c) => (['conditional', 'direct'] as const).map((estimator) => ({ ...c, estimator }))))(
  '$name with a bias mixture, $estimator estimator',
  ({ o, m, orders, estimator }) => {
    it('has every connected correlator of the exact finite-width theory (|z| < 4)', async () => {
      const r = await sample({ ...o, networks: 200_000, orders, seed: 77, estimator, biasMixture: m });
      const t = exactCorrelators(theorySpec(o), resolveEnsemble(o).points, Math.max(...orders));
      expectExact(r, t.cumulants, orders, estimator);
      expect(r.effectiveSampleSize).toBeLessThan(r.networks);
      expect(r.warnings).toEqual([]);
    });
  },
);

describe('a bias mixture with other weight sources', () => {
  it('adds its log-weights to reweighting (erf-net drawn at sb = 1, results at sb = 0.8, sw = 1.1) and to a shared scale (|z| < 4)', async () => {
    const o: EnsembleOptions = { arch: 'erf-net', width: 3, points: [-1, 0.6] };
    const m = { shift: 2, fraction: 0.25 };
    const rw = await sample({ ...o, networks: 200_000, orders: [2, 4], seed: 5, biasMixture: m, reweight: { sb: 0.8, sw: 1.1 } });
    expectExact(rw, exactCorrelators({ ...theorySpec(o), sb: 0.8, sw: 1.1 }, [[-1], [0.6]], 4).cumulants, [2, 4], 'reweighted');
    const scaled = await sample({ ...o, networks: 200_000, orders: [2, 4], seed: 6, biasMixture: m, sharedScale: { dof: 4 }, estimator: 'direct' });
    expectExact(scaled, exactSharedScaleCorrelators(theorySpec(o), [[-1], [0.6]], 4, 4).cumulants, [2, 4], 'shared scale');
  });
});

describe('the weights of a bias mixture', () => {
  it('give the effective sample size E_p[w_1]^-N of biasMixtureEfficiency (jackknife z < 4), and mean weight 1', async () => {
    for (const [m, seed] of [[{ shift: 4, fraction: 0.25 }, 1], [{ shift: -1, fraction: 0.6 }, 2]] as const) {
      const r = await sample({ ...W3, networks: 400_000, orders: [2], seed, biasMixture: m });
      const blocks = r.accumulator.blocks().map((b) => ({ count: b.n1 - b.n0, sums: Float64Array.of(blockWeights(b).sum, blockWeights(b).sumSquares) }));
      const est = jackknife(blocks, (v) => Float64Array.of(v[0], (v[0] * v[0]) / v[1]));
      const want = biasMixtureEfficiency(m, 5).effectiveFraction;
      expect(Math.abs(est.value[0] - 1) / est.se[0], `mean weight ${est.value[0]} ± ${est.se[0]}`).toBeLessThan(Z_MAX);
      expect(Math.abs(est.value[1] - want) / est.se[1], `ESS/M = ${est.value[1]} ± ${est.se[1]} vs ${want}`).toBeLessThan(Z_MAX);
      expect(r.effectiveSampleSize / r.networks).toBeCloseTo(est.value[1], 12);
    }
  });

  it('warn when the effective sample size falls below 5% (W3 with shift 4, fraction 0.5: E_p[w_1]^-5 = 0.037)', async () => {
    expect(biasMixtureEfficiency({ shift: 4, fraction: 0.5 }, 5).effectiveFraction).toBeLessThan(0.05);
    const r = await sample({ ...W3, networks: 20_000, orders: [2], seed: 1, biasMixture: { shift: 4, fraction: 0.5 } });
    expect(r.warnings.join(' ')).toMatch(/effective sample size .* bias-mixture fraction or shift/);
    expect(r.toJSON().warnings).toEqual(r.warnings);
  });
});

describe('the variance on the benchmark workload W3 (gauss-net, N = 5)', () => {
  // Plain sampling's estimate of kappa4 carries E[h^8] ~ e^{8 b}: its variance per network is 1.9e9
  // (conditional; exact, from the lognormal moments), of which a run of 10^6 networks sees a small,
  // seed-dependent part (1.2e7 at this seed). With shift 4 and fraction 0.1 the exact variance is
  // 4.1e3: the standard error at equal networks falls about 680-fold (58-fold against the plain run's
  // own, underestimated, error at this seed: 3.40 against 0.058).
  it('falls more than 5-fold in standard error at equal networks, and the mixture\'s estimate is the exact value (|z| < 4)', async () => {
    const o: SampleOptions = { ...W3, networks: 1_000_000, orders: [4], seed: 4242, estimator: 'conditional' };
    const [plain, mixed] = [await sample(o), await sample({ ...o, biasMixture: { shift: 4, fraction: 0.1 } })];
    const idx = [5, 5, 5, 5];
    const want = exactCorrelators(theorySpec(W3), resolveEnsemble(W3).points, 4).cumulants[flatIndex(6, idx)];
    const ratio = plain.connectedSE(...idx) / mixed.connectedSE(...idx);
    expect(ratio, `se ${plain.connectedSE(...idx)} plain, ${mixed.connectedSE(...idx)} mixture`).toBeGreaterThan(5);
    expect(Math.abs(mixed.connected(...idx) - want) / mixed.connectedSE(...idx), `${mixed.connected(...idx)} ± ${mixed.connectedSE(...idx)} vs ${want}`).toBeLessThan(Z_MAX);
  });
});

const bits = (r: EnsembleResult) => r.accumulator.blocks().map((b) => [b.index, b.n0, b.n1, blockWeights(b).sum, blockWeights(b).sumSquares, ...b.sums]);

describe('runs with a bias mixture', () => {
  const m = { shift: 4, fraction: 0.25 };
  const o: SampleOptions = { ...W3, networks: 3_001, orders: [1, 2, 3, 4], seed: 9, biasMixture: m };

  it('give identical bits on 1 and 2 threads and from merged shards: both estimators, with reweighting, a shared scale and d_in = d_out = 2', async () => {
    const wide: SampleOptions = {
      arch: 'erf-net', width: 70, dIn: 2, dOut: 2, points: [[0.3, -1], [1, 0.5]], sb: 0.7, networks: 2_003, orders: [2, 4], seed: 5,
      biasMixture: { shift: -2, fraction: 0.2 }, reweight: { sb: 0.8 }, sharedScale: { dof: 3 }, estimator: 'direct',
    };
    for (const run of [o, { ...o, estimator: 'direct' as const }, wide]) {
      const [a, b] = [await sample({ ...run, threads: 1 }), await sample({ ...run, threads: 2 })];
      expect(bits(b)).toEqual(bits(a));
      const shards = await Promise.all([0, 1, 2].map((index) => sample({ ...run, shard: { index, count: 3 } })));
      expect(bits(merge(shards[2], shards[0], shards[1]))).toEqual(bits(a));
    }
  });

  it('combine with a deformation: at lambda = 0 its grid leaves the bits of the mixture alone', async () => {
    const c: SampleOptions = { arch: 'erf-net', width: 20, points: [0, 0.5], networks: 1_003, orders: [2, 4], seed: 1, estimator: 'direct', biasMixture: m };
    const [alone, deformed] = [await sample(c), await sample({ ...c, deform: { lambda: 0, region: [-1, 1], grid: 11 } })];
    expect(bits(deformed)).toEqual(bits(alone));
    expect(deformed.header.biasMixture).toEqual(m);
  });

  it('record the mixture in the header, the JSON, saved accumulators and checkpoints; runs of another mixture do not merge', async () => {
    const r = await sample(o);
    expect(r.header.biasMixture).toEqual(m);
    expect(r.toJSON().biasMixture).toEqual(m);
    expect(r.toJSON().effectiveSampleSize).toBe(r.effectiveSampleSize);
    expect(Accumulator.fromBytes(r.accumulator.toBytes()).header.biasMixture).toEqual(m);
    expect(configFields(r.header).biasMixture).toEqual(m);
    const other = await sample({ ...o, biasMixture: { shift: 4, fraction: 0.3 }, shard: { index: 1, count: 2 } });
    const mine = await sample({ ...o, shard: { index: 0, count: 2 } });
    expectFileError(() => merge(mine, other), 'biasMixture');
    const plain = await sample({ ...o, biasMixture: undefined });
    expect(plain.header.biasMixture).toBeUndefined();
    expect(plain.toJSON()).not.toHaveProperty('biasMixture');
    expect(plain.toJSON()).not.toHaveProperty('effectiveSampleSize');
  });

  it('are asked for on the command line with --bias-mixture s,a, which Slurm shards pass along', () => {
    const noFiles = (): string => {
      throw new Error('no files here');
    };
    expect(toSampleRequest({ biasMixture: '4,0.25' }, noFiles).options.biasMixture).toEqual({ shift: 4, fraction: 0.25 });
    expect(toSampleRequest({ biasMixture: ' -2 , 0.1' }, noFiles).options.biasMixture).toEqual({ shift: -2, fraction: 0.1 });
    expect(toSampleRequest({}, noFiles).options).not.toHaveProperty('biasMixture');
    expect(() => toSampleRequest({ biasMixture: '4' }, noFiles)).toThrow('--bias-mixture must be two numbers s,a');
    expect(() => toSampleRequest({ biasMixture: 'four,0.2' }, noFiles)).toThrow('--bias-mixture must be two numbers s,a');
    expect(flagOfField('biasMixture.fraction')).toBe('--bias-mixture');
    expect(flagOfField('biasMixture')).toBe('--bias-mixture');
    const args = sampleArgs(runOptionsOf(planSample(o).header));
    expect(args.slice(-2)).toEqual(['--bias-mixture', '4,0.25']);
    expect(toSampleRequest({ biasMixture: args[args.length - 1] }, noFiles).options.biasMixture).toEqual(m);
    expect(sampleArgs(runOptionsOf(planSample({ ...o, biasMixture: undefined }).header))).not.toContain('--bias-mixture');
  });
});

describe('runs without a bias mixture', () => {
  // Fingerprints recorded with the sampler as it was before the option existed: W3 with both
  // estimators (the plain kernel path) and a reweighted erf-net with d_in = d_out = 2 (the general path).
  const fingerprints: [SampleOptions, string][] = [
    [{ ...W3, networks: 5003, orders: [4], seed: 4242, estimator: 'conditional' }, '0886dffe338ad8a1a6a72594'],
    [{ ...W3, networks: 5003, orders: [4], seed: 4242, estimator: 'direct' }, '38ad6fee100e18adb9a06363'],
    [{ arch: 'erf-net', width: 70, dIn: 2, dOut: 2, points: [[0.3, -1], [1, 0.5]], sb: 0.7, mw: 0.1, networks: 2003, orders: [1, 2, 3, 4], seed: 17, estimator: 'direct', reweight: { sb: 0.8 } }, '482fd10ca38ea509c5a8f624'],
  ];

  it('keep their bits', async () => {
    for (const [o, want] of fingerprints) {
      expect(planSample(o).tasks[0].config.weights?.mixture).toBeUndefined();
      expect(fingerprint(await sample(o)), JSON.stringify(o)).toBe(want);
    }
  });
});

describe('a bad bias mixture', () => {
  const good: SampleOptions = { ...W3, networks: 100, orders: [2], seed: 1, biasMixture: { shift: 4, fraction: 0.25 } };

  it.each([
    ['a fraction of 0', { shift: 4, fraction: 0 }, 'biasMixture.fraction'],
    ['a fraction of 1', { shift: 4, fraction: 1 }, 'biasMixture.fraction'],
    ['a negative fraction', { shift: 4, fraction: -0.1 }, 'biasMixture.fraction'],
    ['a NaN fraction', { shift: 4, fraction: NaN }, 'biasMixture.fraction'],
    ['a fraction given as a string', { shift: 4, fraction: '0.25' }, 'biasMixture.fraction'],
    ['no fraction', { shift: 4 }, 'biasMixture.fraction'],
    ['a NaN shift', { shift: NaN, fraction: 0.25 }, 'biasMixture.shift'],
    ['an infinite shift', { shift: -Infinity, fraction: 0.25 }, 'biasMixture.shift'],
    ['a shift beyond 20', { shift: 21, fraction: 0.25 }, 'biasMixture.shift'],
    ['no shift', { fraction: 0.25 }, 'biasMixture.shift'],
    ['an unknown field', { shift: 4, fraction: 0.25, scale: 1 }, 'biasMixture.scale'],
    ['a number instead of an object', 4, 'biasMixture'],
    ['null', null, 'biasMixture'],
  ] as const)('is refused before any work: %s', (_, biasMixture, field) => {
    expect(planSample(good).header.biasMixture).toEqual({ shift: 4, fraction: 0.25 });
    expectInputError(() => planSample({ ...good, biasMixture: biasMixture as never }), field);
  });

  it('accepts a negative shift (a component at smaller biases)', () => {
    expect(planSample({ ...good, biasMixture: { shift: -3, fraction: 0.2 } }).header.biasMixture).toEqual({ shift: -3, fraction: 0.2 });
  });

  it.each([
    ['cos-net, whose hidden biases (phases) are uniform', { arch: 'cos-net', points: [0, 0.5] }],
    ['relu-net at its preset sb = 0', { arch: 'relu-net', points: [0.5] }],
    ['erf-net at sb = 0', { arch: 'erf-net', points: [0.5], sb: 0 }],
    ['gauss-net at width 100, where the expected effective fraction E_p[w_1]^-N is 2e-12', { arch: 'gauss-net', points: [0.5], width: 100 }],
  ])('is refused for %s, naming biasMixture', (_, e) => {
    expectInputError(() => planSample({ width: 5, networks: 100, orders: [2], seed: 1, ...e, biasMixture: { shift: 4, fraction: 0.25 } }), 'biasMixture');
  });
});
