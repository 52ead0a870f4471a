// Independence breaking by a shared random scale (spec actions-symmetry F1, source 2, construction 1):
// every network's last-layer weights times one s, s^2 = chi^2_nu / nu from the network's own stream.
// The kernels against a scalar reference, network by network; moments and connected 4-point functions
// against the exact theory at N = 5 and N = 2000 with both estimators; the infinite-width
// non-Gaussianity Var(s^2) (K K + K K + K K) against the closed-form kernels; determinism, headers,
// unchanged bits without the option, and bad inputs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getArchitecture } from '../../src/arch/index.js';
import { flagOfField, toSampleRequest } from '../../src/cli/options.js';
import { runOptionsOf, sampleArgs } from '../../src/cluster/sample-args.js';
import { Accumulator, EnsembleResult, merge, type SampleOptions } from '../../src/index.js';
import { configFields } from '../../src/sample/checkpoint-file.js';
import { kernelConfig } from '../../src/sample/ensemble.js';
import { WasmKernel } from '../../src/sample/kernel.js';
import { NodePool } from '../../src/sample/node-pool.js';
import { resolveEnsemble, type EnsembleOptions } from '../../src/sample/options.js';
import { planSample, runPlan } from '../../src/sample/sampler.js';
import { STREAM_OUTPUT, STREAM_SCALE } from '../../src/sample/wasm-layout.js';
import { nodeWasmModule } from '../../src/sample/wasm-node.js';
import { flatIndex, forEachMultiset } from '../../src/stats/multiset.js';
import { exactCorrelators, type NetworkSpec } from '../../src/theory/finite-width.js';
import { exactSharedScaleCorrelators, sharedScaleMoment } from '../../src/theory/shared-scale.js';
import { expectFileError, expectInputError } from '../support/errors.js';
import { referenceForward, referenceNormal } from '../support/reference.js';
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

/** s of network `net`: sqrt of the mean of the squares of normals 0 .. nu - 1 of the scale's stream (f64 reference). */
function referenceScale(seed: number, net: number, dof: number): number {
  let q = 0;
  for (let i = 0; i < dof; i++) q += referenceNormal(seed, STREAM_SCALE, net, i) ** 2;
  return Math.sqrt(q / dof);
}

describe('the shared scale of a network', () => {
  // Widths below and above a tile; nu = 1, and nu = 300, which crosses a chunk of 256 normals and ends inside a block.
  const cases: (EnsembleOptions & { seed: number; dof: number })[] = [
    { arch: 'relu-net', width: 7, points: [0.2, -0.4, 1.3], seed: 1, sb: 1, dof: 1 },
    { arch: 'erf-net', width: 70, dIn: 3, points: [[-1, 0.5, 1], [1, 1, -1]], seed: 2, mw: 0.3, mb: 0.2, dOut: 2, dof: 300 },
  ];

  it.each(cases)('multiplies the last-layer weights of $arch (mean and fluctuation, not the bias) by s from the stream of the network, lane by lane', (c) => {
    const e = resolveEnsemble(c);
    const arch = getArchitecture(e.arch);
    kernel.configure({ ...kernelConfig(e, c.seed, 2), sharedScale: { dof: c.dof } });
    const n0 = 1000;
    const count = 7;
    const phi = kernel.forwardRange(n0, count);
    const P = e.points.length * e.dOut;
    for (let n = 0; n < count; n++) {
      const net = n0 + n;
      const plain = referenceForward({ ...e, phi: arch.phi }, e.points.map((p) => [...p]), c.seed, net);
      const s = referenceScale(c.seed, net, c.dof);
      for (let a = 0; a < P; a++) {
        const b1 = e.mb + e.sb * referenceNormal(c.seed, STREAM_OUTPUT, net, e.width * e.dOut + (a % e.dOut));
        const want = b1 + s * (plain[a] - b1);
        expect(Math.abs(phi[n * P + a] - want), `network ${net} component ${a}`).toBeLessThan(1e-5 * Math.sqrt(e.width) * (1 + Math.abs(want)));
      }
    }
  });

  it('enters the conditional estimator as mw -> s mw and sw^2 -> s^2 sw^2, network by network', () => {
    const e = resolveEnsemble({ arch: 'erf-net', width: 70, points: [-0.5, 0.8], mw: 0.3, mb: 0.2 });
    const seed = 6;
    const dof = 5;
    const base = kernelConfig(e, seed, 2, 'conditional');
    const sb2 = e.sb * e.sb;
    for (const net of [0, 1, 2, 3, 77]) {
      kernel.configure(base);
      const u = kernel.sampleRange(net, 1).slice();
      kernel.configure({ ...base, sharedScale: { dof } });
      const v = kernel.sampleRange(net, 1);
      const s = referenceScale(seed, net, dof);
      // flat layout: E[f0], E[f1], E[f0 f0], E[f0 f1], E[f1 f1]
      for (const a of [0, 1]) {
        const mu = u[a] - e.mb;
        expect(Math.abs(v[a] - e.mb - s * mu), `network ${net} mean ${a}`).toBeLessThan(1e-5 * Math.abs(mu));
      }
      for (const [i, a, b] of [[2, 0, 0], [3, 0, 1], [4, 1, 1]]) {
        const cu = u[i] - u[a] * u[b] - sb2;
        const cv = v[i] - v[a] * v[b] - sb2;
        expect(Math.abs(cv - s * s * cu), `network ${net} entry ${i}`).toBeLessThan(1e-5 * Math.abs(cu));
      }
    }
  });
});

describe('the exact theory with a shared scale', () => {
  it('has E[s^n] of chi_nu / sqrt(nu) (hand-checkable values)', () => {
    expect(sharedScaleMoment(4, 0)).toBe(1);
    expect(sharedScaleMoment(4, 2)).toBe(1);
    expect(sharedScaleMoment(4, 4)).toBe(1.5);
    expect(sharedScaleMoment(2, 6)).toBe(6); // s^2 ~ Exp(1): E[s^6] = 3!
    expect(sharedScaleMoment(1, 1)).toBeCloseTo(Math.sqrt(2 / Math.PI), 15);
    expect(sharedScaleMoment(2, 1)).toBeCloseTo(Math.sqrt(Math.PI) / 2, 15);
    expect(sharedScaleMoment(3, 3)).toBeCloseTo((2 * Math.sqrt(2 / (3 * Math.PI)) * 4) / 3, 14); // E[chi_3] = 2 sqrt(2/pi)
    const nu = 10_000; // E[chi_nu] / sqrt(nu) = 1 - 1/(4 nu) + 1/(32 nu^2) + O(nu^-3)
    expect(Math.abs(sharedScaleMoment(nu, 1) - (1 - 1 / (4 * nu) + 1 / (32 * nu * nu)))).toBeLessThan(1e-11);
  });

  it('keeps G^(2), scales the mean by E[s], and adds Var(s^2) (K K + K K + K K) to the connected 4-point function', () => {
    const spec: NetworkSpec = { activation: 'erf', width: 5, dIn: 1, mw: 0.3, mb: 0.2, sb: 0.7 };
    const points = [[-1], [0.2], [0.6]];
    const dof = 3;
    const base = exactCorrelators(spec, points, 4);
    const scaled = exactSharedScaleCorrelators(spec, points, 4, dof);
    for (let a = 0; a < 3; a++) {
      expect(scaled.cumulants[a]).toBeCloseTo(0.2 + sharedScaleMoment(dof, 1) * (base.cumulants[a] - 0.2), 13);
    }
    const zero = { ...spec, mw: 0, mb: 0 };
    const b0 = exactCorrelators(zero, points, 4);
    const s0 = exactSharedScaleCorrelators(zero, points, 4, dof);
    const K = (a: number, b: number) => b0.cumulants[flatIndex(3, [a, b])] - 0.49;
    forEachMultiset(3, 2, (idx) => expect(s0.cumulants[flatIndex(3, idx)]).toBeCloseTo(b0.cumulants[flatIndex(3, idx)], 13));
    forEachMultiset(3, 4, (idx) => {
      const [a, b, c, d] = idx;
      const want = (1 + 2 / dof) * b0.cumulants[flatIndex(3, idx)] + (2 / dof) * (K(a, b) * K(c, d) + K(a, c) * K(b, d) + K(a, d) * K(b, c));
      expect(s0.cumulants[flatIndex(3, idx)]).toBeCloseTo(want, 12);
    });
  });
});

// The ensembles held against the exact theory: erf-net (closed-form kernel) and cos-net (cutoff
// propagator), nu = 4 (Var(s^2) = 1/2).
const DOF = 4;
const ENSEMBLES = {
  'erf-net': { arch: 'erf-net', points: [-1, 0.2, 0.6] },
  'cos-net': { arch: 'cos-net', points: [0, 0.5, 1], hyper: { m: 1, lambda: 8 } },
} as const;
const ESTIMATORS = ['conditional', 'direct'] as const;
type ArchName = keyof typeof ENSEMBLES;

const runs = new Map<string, Promise<{ r: EnsembleResult; o: SampleOptions }>>();
/** Networks of a run at width N: 4 x 10^7 hidden units in all, at most 10^5 networks. */
const networksAt = (width: number) => Math.min(100_000, 4e7 / width);

/** One run per (architecture, width, estimator), shared by the tests that read it. */
function scaledRun(name: ArchName, width: number, estimator: 'conditional' | 'direct') {
  const key = `${name} ${width} ${estimator}`;
  if (!runs.has(key)) {
    const o: SampleOptions = {
      ...ENSEMBLES[name], width, networks: networksAt(width), orders: [2, 4], seed: width + (estimator === 'direct' ? 1 : 0),
      estimator, sharedScale: { dof: DOF },
    };
    runs.set(key, sample(o).then((r) => ({ r, o })));
  }
  return runs.get(key)!;
}

/** The exact theory's spec of a run's ensemble (cos-net from its neuron moments). */
function theorySpec(o: SampleOptions): NetworkSpec {
  const e = planSample(o).header.ensemble;
  const arch = getArchitecture(e.arch);
  const shared = { width: e.width, dIn: e.dIn, sw: e.sw, sb: e.sb, mw: e.mw, mb: e.mb };
  return arch.neurons ? { ...shared, neurons: arch.neurons(e) } : { ...shared, activation: arch.activation as 'erf' };
}

describe.each((Object.keys(ENSEMBLES) as ArchName[]).flatMap((name) => ESTIMATORS.map((estimator) => ({ name, estimator }))))(
  '$name with a shared scale, $estimator estimator',
  ({ name, estimator }) => {
    it.each([5, 2000])('has G^(2) and every connected G^(4) of the exact theory at N = %i (|z| < 4)', async (width) => {
      const { r, o } = await scaledRun(name, width, estimator);
      const t = exactSharedScaleCorrelators(theorySpec(o), o.points.map((x) => [x as number]), 4, DOF);
      for (const n of [2, 4]) {
        forEachMultiset(3, n, (idx) => {
          const want = t.cumulants[flatIndex(3, idx)];
          const z = (r.connected(...idx) - want) / r.connectedSE(...idx);
          expect(Math.abs(z), `G_c(${idx}) = ${r.connected(...idx)} ± ${r.connectedSE(...idx)} vs ${want}`).toBeLessThan(Z_MAX);
        });
      }
    });
  },
);

describe('the non-Gaussianity of a shared scale at large width', () => {
  it.each(Object.keys(ENSEMBLES) as ArchName[])(
    '%s at N = 10^4: G_c^(4) is Var(s^2) (K K + K K + K K) of the closed-form kernel, clearly non-zero, with a negligible 1/N part',
    async (name) => {
      const { r, o } = await scaledRun(name, 10_000, 'conditional');
      const e = planSample(o).header.ensemble;
      const arch = getArchitecture(e.arch);
      const x = e.points;
      // the hidden layer's part of the kernel: the GP kernel less the output bias's sb^2
      const K = (a: number, b: number) => arch.kernel!(x[a], x[b], e) - e.sb * e.sb;
      const exact = exactSharedScaleCorrelators(theorySpec(o), x.map((p) => [...p]), 4, DOF);
      for (const idx of [[0, 0, 0, 0], [0, 0, 1, 1], [0, 1, 2, 2], [0, 1, 1, 2]]) {
        const [a, b, c, d] = idx;
        const infinite = (2 / DOF) * (K(a, b) * K(c, d) + K(a, c) * K(b, d) + K(a, d) * K(b, c));
        const se = r.connectedSE(...idx);
        const msg = `G_c(${idx}) = ${r.connected(...idx)} ± ${se} vs ${infinite} at N = infinity, ${exact.cumulants[flatIndex(3, idx)]} exact`;
        expect(Math.abs(exact.cumulants[flatIndex(3, idx)] - infinite), msg).toBeLessThan(se / 2);
        expect(Math.abs((r.connected(...idx) - infinite) / se), msg).toBeLessThan(Z_MAX);
        expect(r.connected(...idx) / se, msg).toBeGreaterThan(5);
      }
    },
  );
});

describe('a shared scale with means', () => {
  it('gives every moment of orders 1..4 of the exact theory: erf-net, N = 5, mw = 0.3, mb = 0.2, both estimators (|z| < 4)', async () => {
    for (const estimator of ESTIMATORS) {
      const o: SampleOptions = { arch: 'erf-net', width: 5, points: [-1, 0.6], mw: 0.3, mb: 0.2, networks: 100_000, orders: [1, 2, 3, 4], seed: 31, estimator, sharedScale: { dof: 3 } };
      const r = await sample(o);
      const t = exactSharedScaleCorrelators(theorySpec(o), [[-1], [0.6]], 4, 3);
      for (let n = 1; n <= 4; n++) {
        forEachMultiset(2, n, (idx) => {
          const want = t.moments[flatIndex(2, idx)];
          const z = (r.moment(...idx) - want) / r.momentSE(...idx);
          expect(Math.abs(z), `${estimator} G(${idx}) = ${r.moment(...idx)} ± ${r.momentSE(...idx)} vs ${want}`).toBeLessThan(Z_MAX);
        });
      }
    }
  });
});

const bits = (r: EnsembleResult) => r.accumulator.blocks().map((b) => [b.index, b.n0, b.n1, ...b.sums]);

describe('runs with a shared scale', () => {
  const o: SampleOptions = { arch: 'cos-net', width: 70, dIn: 3, points: [[0, 0, 0], [0.3, -0.2, 1]], hyper: { m: 1, lambda: 10, variant: 'propagator' }, networks: 2_003, orders: [2, 4], seed: 99, sharedScale: { dof: 7 } };

  it('give identical bits on 1 and 2 threads and from merged shards, both estimators, also reweighted', async () => {
    const relu: SampleOptions = { arch: 'relu-net', width: 70, points: [0.2, -0.4, 1], networks: 3_001, orders: [1, 2, 3, 4], seed: 5, mw: 0.1, sharedScale: { dof: 2 } };
    const reweighted: SampleOptions = { ...relu, sb: 0.4, reweight: { sb: 0.5, mb: 0.2 }, estimator: 'direct' };
    for (const run of [...ESTIMATORS.flatMap((estimator) => [{ ...o, estimator }, { ...relu, estimator }]), reweighted]) {
      const [a, b] = [await sample({ ...run, threads: 1 }), await sample({ ...run, threads: 2 })];
      expect(bits(b)).toEqual(bits(a));
      const shards = await Promise.all([0, 1].map((index) => sample({ ...run, shard: { index, count: 2 } })));
      expect(bits(merge(shards[1], shards[0]))).toEqual(bits(a));
    }
  });

  it('combine with a deformation: at lambda = 0 its grid leaves the bits of the scale alone', async () => {
    const c: SampleOptions = { arch: 'cos-net', hyper: { m: 1, lambda: 8 }, width: 100, points: [0, 0.5], networks: 1_003, orders: [2, 4], seed: 1, estimator: 'direct', sharedScale: { dof: 3 } };
    const [alone, deformed] = [await sample(c), await sample({ ...c, deform: { lambda: 0, region: [-3, 3] } })];
    expect(bits(deformed)).toEqual(bits(alone));
    expect(deformed.header.sharedScale).toEqual({ dof: 3 });
  });

  it('record the scale in the header, the JSON, saved accumulators and checkpoints; runs of another scale do not merge', async () => {
    const r = await sample(o);
    expect(r.header.sharedScale).toEqual({ dof: 7 });
    expect(r.toJSON().sharedScale).toEqual({ dof: 7 });
    expect(Accumulator.fromBytes(r.accumulator.toBytes()).header.sharedScale).toEqual({ dof: 7 });
    expect(configFields(r.header).sharedScale).toEqual({ dof: 7 });
    const other = await sample({ ...o, sharedScale: { dof: 8 }, shard: { index: 1, count: 2 } });
    const mine = await sample({ ...o, shard: { index: 0, count: 2 } });
    expectFileError(() => merge(mine, other), 'sharedScale');
    const plain = await sample({ ...o, sharedScale: undefined });
    expect(plain.header.sharedScale).toBeUndefined();
    expect(plain.toJSON()).not.toHaveProperty('sharedScale');
    expect(plain.moment(0, 0)).not.toBe(r.moment(0, 0));
  });

  it('are asked for on the command line with --shared-scale-dof, which Slurm shards pass along', () => {
    const noFiles = (): string => {
      throw new Error('no files here');
    };
    expect(toSampleRequest({ sharedScaleDof: '4' }, noFiles).options.sharedScale).toEqual({ dof: 4 });
    expect(toSampleRequest({}, noFiles).options).not.toHaveProperty('sharedScale');
    expect(() => toSampleRequest({ sharedScaleDof: 'four' }, noFiles)).toThrow('--shared-scale-dof must be an integer');
    expect(flagOfField('sharedScale.dof')).toBe('--shared-scale-dof');
    const args = sampleArgs(runOptionsOf(planSample(o).header));
    expect(args.slice(-2)).toEqual(['--shared-scale-dof', '7']);
    expect(sampleArgs(runOptionsOf(planSample({ ...o, sharedScale: undefined }).header))).not.toContain('--shared-scale-dof');
  });
});

describe('runs without a shared scale', () => {
  // Fingerprints of the sums of runs on the plain and the general kernel paths (both estimators,
  // cos-net, means, weights), which the shared scale's code must leave bit for bit as they are.
  const fingerprints: [SampleOptions, string][] = [
    [{ arch: 'relu-net', width: 70, points: [0.2, -0.4, 1], networks: 3001, orders: [4], seed: 5 }, '59c1953f146a902613fa542c'],
    // relu units in polar form since they were introduced (src/sample/polar-units.ts)
    [{ arch: 'relu-net', width: 70, points: [0.2, -0.4, 1], networks: 3001, orders: [4], seed: 5, estimator: 'direct' }, '02eb9ce626e9720c5e06a69c'],
    [{ arch: 'erf-net', width: 30, points: [-1, 0.2, 0.6], networks: 3001, orders: [1, 2, 3, 4], seed: 2024, mw: 0.1, mb: 0.2 }, 'f148b54c1a4fe44f98f48810'],
    [{ arch: 'cos-net', width: 70, dIn: 3, points: [[0, 0, 0], [0.3, -0.2, 1]], hyper: { m: 1, lambda: 10, variant: 'propagator' }, networks: 2003, orders: [2, 4], seed: 99 }, '465fb9ef3be6849086f23833'],
    [{ arch: 'cos-net', width: 70, points: [0, 0.5], networks: 2003, orders: [2, 4], seed: 99, estimator: 'direct' }, 'f8d9dfecfabb984f1200b193'],
    [{ arch: 'tanh-net', width: 20, points: [0, 0.5], sb: 0.4, reweight: { sb: 0.5, mb: 0.2 }, networks: 2003, orders: [2, 4], seed: 3, estimator: 'direct' }, '8ca22475415e49f794240056'],
  ];

  it('keep their bits', async () => {
    for (const [o, want] of fingerprints) {
      expect(planSample(o).tasks[0].config).not.toHaveProperty('sharedScale');
      expect(fingerprint(await sample(o)), JSON.stringify(o)).toBe(want);
    }
  });
});

describe('a bad shared scale', () => {
  const good: SampleOptions = { arch: 'relu-net', width: 10, points: [0.5], networks: 100, orders: [2], seed: 1, sharedScale: { dof: 4 } };

  it.each([
    ['a dof of 0', { dof: 0 }, 'sharedScale.dof'],
    ['a negative dof', { dof: -3 }, 'sharedScale.dof'],
    ['a fractional dof', { dof: 2.5 }, 'sharedScale.dof'],
    ['a NaN dof', { dof: NaN }, 'sharedScale.dof'],
    ['an infinite dof', { dof: Infinity }, 'sharedScale.dof'],
    ['a dof above 10^4', { dof: 10_001 }, 'sharedScale.dof'],
    ['a dof given as a string', { dof: '4' }, 'sharedScale.dof'],
    ['no dof', {}, 'sharedScale.dof'],
    ['an unknown field', { dof: 4, nu: 4 }, 'sharedScale.nu'],
    ['a number instead of an object', 4, 'sharedScale'],
    ['null', null, 'sharedScale'],
  ] as const)('is refused before any work: %s', (_, sharedScale, field) => {
    expect(planSample(good).header.sharedScale).toEqual({ dof: 4 });
    expectInputError(() => planSample({ ...good, sharedScale: sharedScale as never }), field);
  });

  it('is refused by the theory too', () => {
    expectInputError(() => exactSharedScaleCorrelators({ activation: 'relu', width: 5, dIn: 1 }, [[1]], 4, 0), 'dof');
    expectInputError(() => sharedScaleMoment(NaN, 2), 'dof');
    expectInputError(() => sharedScaleMoment(4, -1), 'n');
  });
});
