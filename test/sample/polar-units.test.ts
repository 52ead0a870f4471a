// Relu units in polar form (assembly/polar.ts): when the sampler uses them, and that the networks'
// values then have exactly the law of the papers' parameterisation, at width 1 (where no sum over
// units smooths the law of a unit) and width 3, every connected correlator of orders 1-6.
import { describe, expect, it } from 'vitest';
import { sample, type SampleOptions } from '../../src/index.js';
import { planSample } from '../../src/sample/sampler.js';
import { polarUnits } from '../../src/sample/polar-units.js';
import { exactCorrelators } from '../../src/theory/finite-width.js';
import { flatIndex } from '../../src/stats/multiset.js';
import { Z_MAX } from '../tolerance.js';

const base: SampleOptions = { arch: 'relu-net', width: 3, sw: 1.2, sb: 0.8, points: [-0.7, 0.4, 1.3], networks: 1000, orders: [4], seed: 11, estimator: 'direct' };

describe('the choice of polar units', () => {
  const uses = (o: SampleOptions) => polarUnits(planSample(o).tasks[0].config);

  it('draws relu units in polar form for direct sampling at d_in = d_out = 1 with centred parameters', () => {
    expect(uses(base)).toBe(true);
    expect(uses({ ...base, sb: 0 })).toBe(true);
    expect(uses({ ...base, points: [0, 0.5] })).toBe(true);
  });

  it.each([
    ['the conditional estimator', { estimator: 'conditional' }],
    ['another activation', { arch: 'erf-net' }],
    ['d_in = 2', { points: [[0.1, 0.2], [0.3, -1]] }],
    ['d_out = 2', { dOut: 2 }],
    ['a weight mean', { mw: 0.1 }],
    ['a bias mean', { mb: -0.2 }],
    ['importance weights', { reweight: { sb: 0.9 } }],
    ['a shared scale', { sharedScale: { dof: 5 } }],
    ['a bias mixture', { biasMixture: { shift: 1, fraction: 0.1 } }],
  ] as [string, Partial<SampleOptions>][])('keeps the normal parameters with %s', (_, change) => {
    expect(uses({ ...base, ...change } as SampleOptions)).toBe(false);
  });
});

describe('relu networks drawn with polar units', () => {
  it.each([1, 3])('have every connected correlator of orders 1-6 of the exact finite-width theory at width %i (|z| < 4)', async (width) => {
    const o: SampleOptions = { ...base, width, networks: 4_000_000, orders: [1, 2, 3, 4, 5, 6], threads: 2 };
    expect(polarUnits(planSample(o).tasks[0].config)).toBe(true);
    const r = await sample(o);
    const exact = exactCorrelators({ activation: 'relu', width, dIn: 1, dOut: 1, sw: 1.2, sb: 0.8, mw: 0, mb: 0 }, [[-0.7], [0.4], [1.3]], 6);
    let resolved = 0; // entries of orders 4 and 6 that exclude the Gaussian limit (0): the test has power
    for (const n of o.orders) {
      for (const e of r.correlators(n)) {
        const want = exact.cumulants[flatIndex(exact.P, e.idx)];
        expect(Math.abs(e.connected - want) / e.connected_se, `k${n}${JSON.stringify(e.idx)}: ${e.connected} +- ${e.connected_se}, exact ${want}`).toBeLessThan(Z_MAX);
        if ((n === 4 || n === 6) && Math.abs(e.connected / e.connected_se) > 10) resolved++;
      }
    }
    expect(resolved).toBeGreaterThan(20);
  });
});
