// Metropolis chains in parameter space (src/deform/metropolis.ts) against independent predictions, as
// z-scores with the measured standard errors: at lambda = 0 every move is accepted and the exact
// finite-width correlators come out (cos-net in d_in = 1 and, with the propagator variant, 2; erf-net
// with an output bias and means); at finite lambda
// importance reweighting of the undeformed ensemble gives the same correlators, with deformation effects
// of tens of standard errors; at small lambda the change from lambda = 0, on chains coupled by the same
// seed, is lambda times the linear response. A seed fixes every bit and chain c does not depend on the
// number of chains; strongly autocorrelated chains report an autocorrelation time that their jackknife
// errors bear out (and that naive errors miss); bad input is refused with typed errors.
import { beforeAll, describe, expect, it } from 'vitest';
import { linearResponse } from '../../src/deform/linear-response.js';
import { metropolis, type MetropolisOptions, type MetropolisResult } from '../../src/deform/metropolis.js';
import { NnftAbortError, NnftInputError } from '../../src/errors.js';
import { pairedJackknife } from '../../src/experiments/paired-jackknife.js';
import { sample } from '../../src/sample/sample.js';
import { nodeWasmModule } from '../../src/sample/wasm-node.js';
import { blockWeights } from '../../src/stats/accumulator.js';
import { flatIndex } from '../../src/stats/multiset.js';
import { CosNeuronMoments } from '../../src/theory/cos-net.js';
import { exactCorrelators } from '../../src/theory/finite-width.js';
import { Z_MAX } from '../tolerance.js';

let module: WebAssembly.Module;
beforeAll(async () => {
  module = await nodeWasmModule();
});

const region = [-3, 3];
const cos = { arch: 'cos-net', width: 100, hyper: { m: 1, lambda: 8 }, points: [0, 0.5], orders: [2, 4] } as const;
const cosNeurons = new CosNeuronMoments({ dIn: 1, mass: 1, cutoff: 8, sigmaA: 1, variant: 'uniform' });
const run = (o: MetropolisOptions) => metropolis(o, module);

/** Every connected correlator of orders `orders` of two results (or one against exact values), as z-scores. */
function zScores(r: MetropolisResult, orders: readonly number[], want: (idx: number[]) => { value: number; se: number }) {
  const out: { idx: number[]; z: number }[] = [];
  for (const n of orders) {
    for (const e of r.correlators(n)) {
      const w = want(e.idx);
      out.push({ idx: e.idx, z: (e.connected - w.value) / Math.hypot(e.connected_se, w.se) });
    }
  }
  return out;
}

describe('cos-net N = 100 with phi^4 on [-3, 3] (grid 61)', () => {
  const chains = { sweeps: 4000, chains: 8, seed: 11 };
  let free: MetropolisResult;
  let weak: MetropolisResult;
  beforeAll(async () => {
    free = await run({ ...cos, ...chains, deform: { lambda: 0, region } });
    weak = await run({ ...cos, ...chains, deform: { lambda: 0.1, region } });
  }, 60_000);

  it('at lambda = 0 accepts every move, mixes in one sweep, and gives the exact finite-width correlators (|z| < 4)', () => {
    expect(free.acceptanceRate).toBe(1);
    expect(free.run.chainAcceptance).toEqual(new Array(8).fill(1));
    for (const t of [free.autocorrelation.action, free.autocorrelation.phi2]) {
      expect(t.converged).toBe(true);
      expect(Math.abs(t.tau - 0.5) / t.se, `tau ${t.tau} ± ${t.se}`).toBeLessThan(Z_MAX);
    }
    expect(free.warnings).toEqual([]);
    const exact = exactCorrelators({ neurons: cosNeurons, width: 100, dIn: 1, sw: 1, sb: 0 }, [[0], [0.5]], 4);
    const zs = zScores(free, [2, 4], (idx) => ({ value: exact.cumulants[flatIndex(2, idx)], se: 0 }));
    expect(zs.length).toBe(8);
    for (const { idx, z } of zs) expect(Math.abs(z), `${idx}`).toBeLessThan(Z_MAX);
    expect(free.measurements).toBe(8 * 4000);
    expect(free.run).toMatchObject({ burnIn: 400, thin: 1, blocks: 8, blockLength: 500, movesPerSweep: 100 });
  });

  it('at lambda = 0.1 moves every correlator by lambda times the linear response (coupled chains, paired jackknife; |z| < 4)', async () => {
    const lr = await linearResponse({ ...cos, networks: 100_000, seed: 12, threads: 2, deform: { region } });
    const entries = [...weak.correlators(2), ...weak.correlators(4)].map((e) => e.idx);
    // (C(0.1) - C(0)) / 0.1 on the same chains: each replicate leaves the same block out of both runs
    const diff = pairedJackknife(weak.ensemble, free.ensemble, (a, b) => Float64Array.from(entries, (i) => (a[flatIndex(2, i)] - b[flatIndex(2, i)]) / 0.1));
    for (const [k, idx] of entries.entries()) {
      const se = Math.hypot(diff.se[k], lr.connectedSE(...idx));
      expect(Math.abs(diff.value[k] - lr.connected(...idx)) / se, `${idx}: ${diff.value[k]} ± ${diff.se[k]} vs ${lr.connected(...idx)}`).toBeLessThan(Z_MAX);
    }
    // the responses of G(0,0) and G_c^(4)(0,0,0,0) are far from 0 (a wrong sign fails by > 2x these)
    expect(Math.abs(lr.connected(0, 0)) / Math.hypot(diff.se[0], lr.connectedSE(0, 0))).toBeGreaterThan(10);
    const c4 = entries.findIndex((i) => i.join() === '0,0,0,0');
    expect(Math.abs(lr.connected(0, 0, 0, 0)) / Math.hypot(diff.se[c4], lr.connectedSE(0, 0, 0, 0))).toBeGreaterThan(3);
    expect(weak.acceptanceRate).toBeGreaterThan(0.99);
    expect(weak.acceptanceRate).toBeLessThan(1);
  }, 60_000);

  it('at lambda = 2 equals importance reweighting of the undeformed ensemble (|z| < 4), tens of standard errors from lambda = 0', async () => {
    const deform = { lambda: 2, region };
    const m = await run({ ...cos, sweeps: 2500, chains: 8, seed: 13, deform });
    const w = await sample({ ...cos, networks: 100_000, seed: 14, threads: 2, deform });
    expect(w.effectiveSampleSize / w.networks).toBeGreaterThan(0.5);
    const zs = zScores(m, [2, 4], (idx) => ({ value: w.connected(...idx), se: w.connectedSE(...idx) }));
    for (const { idx, z } of zs) expect(Math.abs(z), `${idx}`).toBeLessThan(Z_MAX);
    const exact = exactCorrelators({ neurons: cosNeurons, width: 100, dIn: 1, sw: 1, sb: 0 }, [[0], [0.5]], 4);
    const shift = (idx: number[]) => (m.connected(...idx) - exact.cumulants[flatIndex(2, idx)]) / m.connectedSE(...idx);
    expect(shift([0, 0])).toBeLessThan(-20);
    expect(shift([0, 0, 0, 0])).toBeLessThan(-8);
    expect(m.acceptanceRate).toBeGreaterThan(0.9);
    expect(m.acceptanceRate).toBeLessThan(1);
    expect(m.warnings).toEqual([]);
    expect(m.toJSON()).toMatchObject({ deform: { lambda: 2, power: 4, grid: 61 }, networks: 20_000, metropolis: { chains: 8, sweeps: 2500 } });
  }, 60_000);
});

describe('erf-net N = 10 with an output bias and means (mw = 0.3, mb = 0.2, sb = 1), phi^4 on [-1, 1]', () => {
  const erf = { arch: 'erf-net', width: 10, mw: 0.3, mb: 0.2, points: [-0.5, 0.4], orders: [1, 2, 4], sweeps: 5000, chains: 8 } as const;
  const deform = { region: [-1, 1], grid: 21 };

  it('at lambda = 0 gives the exact correlators, and at lambda = 1 those of importance reweighting (|z| < 4)', async () => {
    const free = await run({ ...erf, seed: 21, deform: { ...deform, lambda: 0 } });
    expect(free.acceptanceRate).toBe(1);
    expect(free.run.movesPerSweep).toBe(11); // ten units and the output bias
    const exact = exactCorrelators({ activation: 'erf', width: 10, dIn: 1, sw: 1, sb: 1, mw: 0.3, mb: 0.2 }, [[-0.5], [0.4]], 4);
    for (const { idx, z } of zScores(free, [1, 2, 4], (idx) => ({ value: exact.cumulants[flatIndex(2, idx)], se: 0 }))) {
      expect(Math.abs(z), `${idx}`).toBeLessThan(Z_MAX);
    }
    const m = await run({ ...erf, seed: 22, deform: { ...deform, lambda: 1 } });
    const w = await sample({ ...erf, networks: 100_000, seed: 23, threads: 2, deform: { ...deform, lambda: 1 } });
    for (const { idx, z } of zScores(m, [1, 2, 4], (idx) => ({ value: w.connected(...idx), se: w.connectedSE(...idx) }))) {
      expect(Math.abs(z), `${idx}`).toBeLessThan(Z_MAX);
    }
    expect((m.connected(0, 0) - exact.cumulants[flatIndex(2, [0, 0])]) / m.connectedSE(0, 0)).toBeLessThan(-20);
  }, 60_000);
});

describe('cos-net d_in = 2, propagator variant (ball sampler with directions), N = 20, phi^4 on [-1, 1]^2', () => {
  const points = [[0, 0], [0.3, 0.1]];
  const o = { arch: 'cos-net', width: 20, hyper: { m: 1, lambda: 8, variant: 'propagator' }, points, orders: [2, 4], sweeps: 4000, chains: 8 } as const;
  const deform = { region: [[-1, 1], [-1, 1]], grid: 6 };

  it('at lambda = 0 gives the exact correlators, and at lambda = 5 those of importance reweighting (|z| < 4)', async () => {
    const free = await run({ ...o, seed: 31, deform: { ...deform, lambda: 0 } });
    const neurons = new CosNeuronMoments({ dIn: 2, mass: 1, cutoff: 8, sigmaA: 1, variant: 'propagator' });
    const exact = exactCorrelators({ neurons, width: 20, dIn: 2, sw: 1, sb: 0 }, points, 4);
    for (const { idx, z } of zScores(free, [2, 4], (idx) => ({ value: exact.cumulants[flatIndex(2, idx)], se: 0 }))) {
      expect(Math.abs(z), `${idx}`).toBeLessThan(Z_MAX);
    }
    const m = await run({ ...o, seed: 32, deform: { ...deform, lambda: 5 } });
    const w = await sample({ ...o, networks: 100_000, seed: 33, threads: 2, deform: { ...deform, lambda: 5 } });
    for (const { idx, z } of zScores(m, [2, 4], (idx) => ({ value: w.connected(...idx), se: w.connectedSE(...idx) }))) {
      expect(Math.abs(z), `${idx}`).toBeLessThan(Z_MAX);
    }
    expect((m.connected(0, 0) - exact.cumulants[flatIndex(2, [0, 0])]) / m.connectedSE(0, 0)).toBeLessThan(-10);
  }, 60_000);
});

const bits = (r: MetropolisResult) => r.ensemble.accumulator.blocks().map((b) => [b.index, b.n0, b.n1, blockWeights(b).sum, ...b.sums]);

describe('determinism', () => {
  const o: MetropolisOptions = { ...cos, width: 20, sweeps: 200, blocks: 4, seed: 5, deform: { lambda: 1, region } };

  it('a seed fixes every bit; chain c is the same whatever the number of chains; another seed differs', async () => {
    const [a, b, five, other] = [await run({ ...o, chains: 2 }), await run({ ...o, chains: 2 }), await run({ ...o, chains: 5 }), await run({ ...o, chains: 2, seed: 6 })];
    expect(bits(b)).toEqual(bits(a));
    expect(b.toJSON()).toEqual(a.toJSON());
    // chains 0 and 1 are blocks 0 .. 7 in both runs
    expect(bits(five).slice(0, 8)).toEqual(bits(a));
    expect(five.run.chainAcceptance.slice(0, 2)).toEqual(a.run.chainAcceptance);
    expect(bits(other)).not.toEqual(bits(a));
  });
});

describe('strongly autocorrelated chains (N = 2, lambda = 10^4: most proposals rejected)', () => {
  const o = { ...cos, width: 2, points: [0], chains: 8, sweeps: 8192, seed: 3, deform: { lambda: 1e4, region } } as const;

  it('report tau > 1, and jackknife errors from long blocks that are sqrt(2 tau) times the naive ones (|z| < 4; naive: |z| > 4)', async () => {
    const r = await run({ ...o, blocks: 32 });
    expect(r.acceptanceRate).toBeLessThan(0.5);
    const t = r.autocorrelation.phi2;
    expect(t.converged).toBe(true);
    expect(t.tau).toBeGreaterThan(1);
    expect(r.warnings).toEqual([]);
    // G(0,0) is the mean of phi(0)^2: its variance over n independent measurements would be
    // (E[phi^4] - E[phi^2]^2) / n; over a chain it is 2 tau times that
    const naive = (r.moment(0, 0, 0, 0) - r.moment(0, 0) ** 2) / r.measurements;
    const ratio = r.momentSE(0, 0) ** 2 / naive;
    const blocks = 8 * 32;
    // relative errors: of a variance from B blocks, sqrt(2 / (B - 1)); of tau, its own
    const z = (ratio / (2 * t.tau) - 1) / Math.hypot(Math.sqrt(2 / (blocks - 1)), t.se / t.tau);
    expect(Math.abs(z), `ratio ${ratio} vs 2 tau = ${2 * t.tau} ± ${2 * t.se}`).toBeLessThan(Z_MAX);
    expect((ratio - 1) / ratio / Math.sqrt(2 / (blocks - 1)), 'the naive error is excluded').toBeGreaterThan(Z_MAX);
  });

  it('say when the jackknife blocks are not much longer than tau', async () => {
    const r = await run({ ...o, sweeps: 2048, blocks: 128 });
    expect(r.run.blockLength).toBe(16);
    expect(r.warnings.some((m) => m.includes('shorter than 20 integrated autocorrelation times'))).toBe(true);
  });
});

describe('progress and cancellation', () => {
  const o: MetropolisOptions = { ...cos, width: 20, sweeps: 3000, chains: 5, seed: 1, deform: { lambda: 1, region } };

  it('reports progress up to every sweep of every chain', async () => {
    const seen: number[] = [];
    const r = await run({ ...o, onProgress: (p) => seen.push(p.done / p.total) });
    expect(seen.length).toBeGreaterThan(2);
    expect(seen[seen.length - 1]).toBe(1);
    expect(r.measurements).toBe(5 * 3000);
  });

  it('rejects with NnftAbortError when the signal aborts, before or during the run', async () => {
    const before = new AbortController();
    before.abort();
    await expect(run({ ...o, signal: before.signal })).rejects.toBeInstanceOf(NnftAbortError);
    const during = new AbortController();
    await expect(run({ ...o, signal: during.signal, onProgress: () => during.abort() })).rejects.toBeInstanceOf(NnftAbortError);
  });
});

describe('bad input', () => {
  const good: MetropolisOptions = { ...cos, width: 10, sweeps: 100, seed: 1, deform: { lambda: 1, region } };
  async function expectField(p: Promise<unknown>, field: string) {
    const e = await p.then(() => undefined, (err: unknown) => err);
    expect(e).toBeInstanceOf(NnftInputError);
    expect((e as NnftInputError).field).toBe(field);
  }

  it('accepts the good options', async () => {
    expect((await run(good)).measurements).toBe(400);
  });

  it.each<[string, Partial<MetropolisOptions> & Record<string, unknown>, string]>([
    ['no deform', { deform: undefined as never }, 'deform'],
    ['a deform that is not an object', { deform: 2 as never }, 'deform'],
    ['no lambda', { deform: { region } }, 'deform.lambda'],
    ['a negative lambda (not normalisable)', { deform: { lambda: -0.1, region } }, 'deform.lambda'],
    ['an odd power (not normalisable)', { deform: { lambda: 1, power: 3, region } }, 'deform.power'],
    ['a grid too coarse for the cutoff', { deform: { lambda: 1, region, grid: 8 } }, 'deform.grid'],
    ['a reversed region', { deform: { lambda: 1, region: [3, -3] } }, 'deform.region[0]'],
    ['a vector output', { arch: 'erf-net', hyper: undefined, dOut: 2 }, 'dOut'],
    ['zero sweeps', { sweeps: 0 }, 'sweeps'],
    ['fractional sweeps', { sweeps: 10.5 }, 'sweeps'],
    ['a negative burn-in', { burnIn: -1 }, 'burnIn'],
    ['thin 0', { thin: 0 }, 'thin'],
    ['thin above sweeps', { thin: 101 }, 'thin'],
    ['zero chains', { chains: 0 }, 'chains'],
    ['fractional chains', { chains: 2.5 }, 'chains'],
    ['one block of one chain', { chains: 1, blocks: 1 }, 'blocks'],
    ['more blocks than measurements', { sweeps: 20, thin: 4, blocks: 8 }, 'sweeps'],
    ['too many measurements to keep', { sweeps: 2 ** 30 }, 'sweeps'],
    ['a shared scale (units not independent)', { sharedScale: { dof: 4 } }, 'sharedScale'],
    ['reweighting', { reweight: { sw: 1.1 } }, 'reweight'],
    ['a bias mixture', { biasMixture: { shift: 2, fraction: 0.1 } }, 'biasMixture'],
    ['no orders', { orders: [] }, 'orders'],
    ['a bad seed', { seed: -1 }, 'seed'],
    ['a non-function onProgress', { onProgress: 3 as never }, 'onProgress'],
    ['a chain state beyond 1 GiB', { width: 2 ** 20, deform: { lambda: 1, region, grid: 121 } }, 'width'],
  ])('%s', async (_, change, field) => {
    await expectField(run({ ...good, ...change } as MetropolisOptions), field);
  });

  it('a module that is not the compiled nnft.wasm', async () => {
    await expectField(metropolis(good, {} as WebAssembly.Module), 'module');
  });
});
