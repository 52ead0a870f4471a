// The sampler against independent predictions: the analytic GP kernels (spec B) and the exact
// finite-width correlators (spec D), entry by entry, as z-scores with the measured standard errors.
import { describe, expect, it } from 'vitest';
import { sample, type SampleOptions } from '../../src/index.js';
import { exactCorrelators } from '../../src/theory/finite-width.js';
import { getArchitecture } from '../../src/arch/index.js';
import type { ActivationName } from '../../src/theory/activation.js';
import { flatIndex } from '../../src/stats/multiset.js';
import { Z_MAX } from '../tolerance.js';

describe.each([
  { arch: 'relu-net', sb: 1, points: [[-1], [0.2], [0.6], [1.0]] },
  { arch: 'relu-net', sb: 0, points: [[0.5, 1], [1, 0.5], [0.2, -0.3]] },
  { arch: 'erf-net', sb: 1, points: [[-1], [-0.2], [0.6], [1.0]] },
  { arch: 'erf-net', sb: 0.5, sw: 2, points: [[-1, -1], [1, 1], [0.3, -0.7]] },
  { arch: 'gauss-net', sb: 1, points: [[0.2], [1.0], [-0.5]] },
  { arch: 'gauss-net', sb: 0.5, sw: 1.5, points: [[-1, -1], [1, -1], [0.1, 0.4]] },
])('the 2-point function of $arch (sb = $sb, d_in = $points.0.length)', ({ arch, sb, sw, points }) => {
  it('equals the analytic GP kernel at width 7 (it is exact at every width), |z| < 4 on every entry', async () => {
    const r = await sample({ arch, sb, sw, width: 7, points, networks: 400_000, orders: [2], seed: 31, threads: 2, estimator: 'direct' });
    for (let a = 0; a < points.length; a++) {
      for (let b = a; b < points.length; b++) {
        const K = getArchitecture(arch).kernel!(points[a], points[b], { sw: sw ?? 1, sb, mw: 0, mb: 0, width: 7, dIn: points[0].length, dOut: 1 });
        const z = (r.moment(a, b) - K) / r.momentSE(a, b);
        expect(Math.abs(z), `K(${points[a]}, ${points[b]}) = ${K}, measured ${r.moment(a, b)} ± ${r.momentSE(a, b)}`).toBeLessThan(Z_MAX);
      }
    }
  });
});

/** Every connected correlator of the given orders against the exact finite-width theory. */
async function compareWithExact(o: SampleOptions & { activation: ActivationName }) {
  const r = await sample(o);
  const points = o.points.map((p) => (typeof p === 'number' ? [p] : [...p]));
  const exact = exactCorrelators(
    { activation: o.activation, width: o.width, dIn: points[0].length, dOut: o.dOut ?? 1, sw: o.sw ?? 1, sb: o.sb ?? 1, mw: o.mw ?? 0, mb: o.mb ?? 0 },
    points,
    Math.max(...o.orders),
  );
  const zs: { idx: number[]; z: number; gp: number }[] = [];
  for (const n of o.orders) {
    for (const e of r.correlators(n)) {
      const want = exact.cumulants[flatIndex(exact.P, e.idx)];
      // exactly-zero predictions (e.g. odd orders at zero means) are checked the same way
      // gp: the same entry's z-score against the infinite-width (Gaussian) value, to show the test has power
      const gpValue = n === 2 ? want : n === 1 ? want : 0;
      zs.push({ idx: e.idx, z: (e.connected - want) / e.connected_se, gp: (e.connected - gpValue) / e.connected_se });
    }
  }
  return zs;
}

describe.each(['direct', 'conditional'] as const)('connected correlators at finite width equal the exact prediction (spec D), %s estimator', (estimator) => {
  it.each([2, 5])('relu-net, sb = 1, width %i: every connected 4-point entry, |z| < 4', async (width) => {
    const zs = await compareWithExact({
      activation: 'relu', arch: 'relu-net', sb: 1, width, points: [-1, 0.2, 0.6, 1.2], networks: 2_000_000, orders: [4], seed: 5, threads: 2, estimator,
    });
    expect(zs.length).toBe(35);
    for (const { idx, z } of zs) expect(Math.abs(z), `k4${JSON.stringify(idx)}`).toBeLessThan(Z_MAX);
    // and the finite-width effect is resolved: the GP limit (kappa4 = 0) is excluded on most entries
    expect(zs.filter((q) => Math.abs(q.gp) > 10).length).toBeGreaterThan(20);
  });

  it.each([2, 5])('erf-net, width %i: every connected 4-point entry, |z| < 4', async (width) => {
    const zs = await compareWithExact({
      activation: 'erf', arch: 'erf-net', width, points: [-1, -0.2, 0.6, 1.0], networks: 4_000_000, orders: [4], seed: 6, threads: 2, estimator,
    });
    for (const { idx, z } of zs) expect(Math.abs(z), `k4${JSON.stringify(idx)}`).toBeLessThan(Z_MAX);
  });

  it('gauss-net, width 5, d_in = 2: every connected 4-point entry, |z| < 4', async () => {
    const zs = await compareWithExact({
      activation: 'gauss', arch: 'gauss-net', width: 5, points: [[0.3, -0.2], [-0.4, 0.1], [0.2, 0.5]], networks: 2_000_000, orders: [4], seed: 8, threads: 2, estimator,
    });
    for (const { idx, z } of zs) expect(Math.abs(z), `k4${JSON.stringify(idx)}`).toBeLessThan(Z_MAX);
  });

  it('odd orders with non-zero means and two outputs (erf-net, mw = 0.3, mb = 0.2, N = 3): orders 1-4, |z| < 4', async () => {
    const zs = await compareWithExact({
      activation: 'erf', arch: 'erf-net', width: 3, dOut: 2, mw: 0.3, mb: 0.2, points: [-0.6, 0.2, 1.0], networks: 2_000_000, orders: [1, 2, 3, 4], seed: 9, threads: 2, estimator,
    });
    expect(zs.length).toBe(6 + 21 + 56 + 126);
    for (const { idx, z } of zs) expect(Math.abs(z), `k${idx.length}${JSON.stringify(idx)}`).toBeLessThan(Z_MAX);
  });
});
