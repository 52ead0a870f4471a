// Cos-net against spec actions-symmetry G4 rows 6-8 (its propagator in d = 1 and 3, and N times its
// connected 4-point function) and against the exact finite-width theory, for both variants and both
// estimators; determinism; and bad inputs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getArchitecture } from '../../src/arch/index.js';
import { EnsembleResult, type SampleOptions } from '../../src/index.js';
import { NodePool } from '../../src/sample/node-pool.js';
import { planSample, runPlan } from '../../src/sample/sampler.js';
import { exactCorrelators } from '../../src/theory/finite-width.js';
import { flatIndex } from '../../src/stats/multiset.js';
import { expectInputError } from '../support/errors.js';

/** Spec G4 states its Cos-net rows with a tolerance of 3 standard errors. */
const Z_SPEC = 3;

// One pool of workers for every run of the file (starting one costs more than most runs here).
const pools = new Map<number, NodePool>();
beforeAll(async () => {
  for (const threads of [1, 2]) pools.set(threads, await NodePool.create(threads));
});
afterAll(async () => {
  for (const p of pools.values()) await p.close();
});
const sample = async (o: SampleOptions) => new EnsembleResult(await runPlan(pools.get(o.threads ?? 2)!, planSample(o)));

const VARIANTS = ['uniform', 'propagator'] as const;
const ESTIMATORS = ['conditional', 'direct'] as const;

describe.each(VARIANTS.flatMap((variant) => ESTIMATORS.map((estimator) => ({ variant, estimator }))))('cos-net, $variant variant, $estimator estimator', ({ variant, estimator }) => {
  it.each([
    // G4 row 6: d = 1, m = 1, Lambda = 50; row 7: d = 3, m = 1, Lambda = 10 (separations along (1,..,1)/sqrt(d))
    { row: 6, dIn: 1, lambda: 50, spec: [0.4936, 0.3032, 0.1839, 0.0676] },
    { row: 7, dIn: 3, lambda: 10, spec: [0.4321, 0.0944, 0.0337, 0.0048] },
  ])('G4 row $row: G(r) at r = 0, 0.5, 1, 2 is the cutoff propagator (spec values), within 3 standard errors', async ({ dIn, lambda, spec }) => {
    const points = [0, 0.5, 1, 2].map((r) => Array.from({ length: dIn }, () => r / Math.sqrt(dIn)));
    const r = await sample({ arch: 'cos-net', width: 10, points, hyper: { m: 1, lambda, variant }, networks: 60_000, orders: [2], seed: 11, threads: 2, estimator });
    spec.forEach((g, k) => {
      const z = (r.moment(0, k) - g) / r.momentSE(0, k);
      expect(Math.abs(z), `G(r_${k}) = ${r.moment(0, k)} ± ${r.momentSE(0, k)} vs ${g}`).toBeLessThan(Z_SPEC);
    });
  });

  it('G4 row 8: N G_c^(4) at (0,0,0,0), (0,0,5,5), (0,3,20,23), d = 1, m = 1, Lambda = 8, within 3 standard errors of the exact theory', async () => {
    const width = 10;
    const points = [0, 3, 5, 20, 23];
    const o: SampleOptions = { arch: 'cos-net', width, points, hyper: { m: 1, lambda: 8, variant }, networks: estimator === 'direct' ? 400_000 : 100_000, orders: [4], seed: 12, threads: 2, estimator };
    const r = await sample(o);
    const e = planSample(o).header.ensemble;
    const exact = exactCorrelators({ neurons: getArchitecture('cos-net').neurons!(e), width, dIn: 1, sw: 1, sb: 0 }, points.map((x) => [x]), 4);
    // the spec's values (uniform variant) are the exact theory's, to their 4 digits
    if (variant === 'uniform') {
      for (const [idx, v] of [[[0, 0, 0, 0], 2.2265], [[0, 0, 2, 2], 1.6967], [[0, 1, 3, 4], 0.9701]] as const) {
        expect(Math.abs(width * exact.cumulants[flatIndex(5, [...idx])] - v)).toBeLessThan(5e-5);
      }
    }
    for (const idx of [[0, 0, 0, 0], [0, 0, 2, 2], [0, 1, 3, 4]]) {
      const want = exact.cumulants[flatIndex(5, idx)];
      const z = (r.connected(...idx) - want) / r.connectedSE(...idx);
      expect(Math.abs(z), `N G_c(${idx}) = ${width * r.connected(...idx)} ± ${width * r.connectedSE(...idx)} vs ${width * want}`).toBeLessThan(Z_SPEC);
    }
  });
});

describe('cos-net runs', () => {
  const o: SampleOptions = { arch: 'cos-net', width: 70, dIn: 3, points: [[0, 0, 0], [0.3, -0.2, 1]], hyper: { m: 1, lambda: 10, variant: 'propagator' }, networks: 2_003, orders: [2, 4], seed: 99 };

  it('give identical bits on 1 and 2 threads, both estimators, also reweighted', async () => {
    const reweighted: SampleOptions = { ...o, sb: 0.4, reweight: { sb: 0.5, mb: 0.2 } };
    for (const run of [...ESTIMATORS.map((estimator) => ({ ...o, estimator })), { ...reweighted, estimator: 'direct' as const }]) {
      const [a, b] = [await sample({ ...run, threads: 1 }), await sample({ ...run, threads: 2 })];
      expect(b.accumulator.toBytes()).toEqual(a.accumulator.toBytes());
    }
  });

  it('record their hyperparameters in the header and the JSON', async () => {
    const r = await sample({ ...o, networks: 500, threads: 1 });
    expect(r.header.ensemble.hyper).toEqual({ m: 1, lambda: 10, variant: 'propagator' });
    expect(r.toJSON().hyper).toEqual({ m: 1, lambda: 10, variant: 'propagator' });
    const other = await sample({ ...o, networks: 500, threads: 1, hyper: { m: 1.5, lambda: 10, variant: 'propagator' } });
    expect(other.moment(0, 1)).not.toBe(r.moment(0, 1));
  });
});

describe('cos-net bad input is a typed error naming the field', () => {
  const good: SampleOptions = { arch: 'cos-net', width: 10, points: [0, 1], networks: 1000, orders: [2], seed: 1, hyper: { m: 1, lambda: 8 } };
  it.each<[string, Partial<SampleOptions>, string]>([
    ['a cutoff of 0', { hyper: { lambda: 0 } }, 'hyper.lambda'],
    ['a negative cutoff', { hyper: { lambda: -2 } }, 'hyper.lambda'],
    ['a negative mass', { hyper: { m: -0.1 } }, 'hyper.m'],
    ['a zero mass in d = 1 (divergent propagator)', { hyper: { m: 0 } }, 'hyper.m'],
    ['a NaN mass', { hyper: { m: NaN } }, 'hyper.m'],
    ['an unknown variant', { hyper: { variant: 'gaussian' } }, 'hyper.variant'],
    ['an unknown hyperparameter', { hyper: { sigmaA: 1 } }, 'hyper.sigmaA'],
    ['hyperparameters that are not an object', { hyper: 3 as unknown as Record<string, number> }, 'hyper'],
    ['d_in = 4', { dIn: 4, points: [[0, 0, 0, 0]] }, 'dIn'],
    ['sigma_a = sw = 0', { sw: 0 }, 'sw'],
    ['phases beyond f32 precision', { points: [0, 2000] }, 'hyper.lambda'],
  ])('%s', (_what, change, field) => {
    expectInputError(() => planSample({ ...good, ...change }), field);
  });

  it('accepts m = 0 in d = 3, and hyperparameters on an architecture without them are refused', () => {
    expect(() => planSample({ ...good, dIn: 3, points: [[0, 0, 0]], hyper: { m: 0 } })).not.toThrow();
    expectInputError(() => planSample({ ...good, arch: 'relu-net', hyper: { m: 1 } }), 'hyper.m');
  });
});
