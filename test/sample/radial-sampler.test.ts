// The radial samplers of ball densities (src/sample/radial-sampler.ts): closed forms in d = 1, 2 and
// the tabulated inverse distribution function of the propagator profile in d = 3.
import { describe, expect, it } from 'vitest';
import { radialSampler, RADIAL_TABLE_NODES } from '../../src/sample/radial-sampler.js';
import { propagatorRadialIntegral } from '../../src/theory/radial.js';
import { expectInputError } from '../support/errors.js';

/** The exact radius at which the d = 3 propagator marginal reaches probability p, by bisection. */
function exactRadius(m: number, R: number, p: number): number {
  const target = p * propagatorRadialIntegral(3, m, R);
  let lo = 0;
  let hi = R;
  for (let i = 0; i < 100; i++) {
    const mid = 0.5 * (lo + hi);
    if (propagatorRadialIntegral(3, m, mid) < target) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

describe('radial samplers', () => {
  it('use closed forms for a flat ball and for the propagator profile in d = 1, 2', () => {
    expect(radialSampler(3, 5, { kind: 'flat' }, 'a')).toEqual({ kind: 'flat', param: 5, mass: 0 });
    expect(radialSampler(1, 8, { kind: 'propagator', mass: 2 }, 'a')).toEqual({ kind: 'tan', param: Math.atan(4), mass: 2 });
    expect(radialSampler(2, 8, { kind: 'propagator', mass: 2 }, 'a')).toEqual({ kind: 'log', param: Math.log1p(16), mass: 2 });
  });

  it.each([[1, 10], [0.01, 10], [0, 6], [5, 1], [1, 100]])('tabulate r(t), t = u^(1/3), for m = %s, R = %s to 2e-7 R between the nodes', (m, R) => {
    const s = radialSampler(3, R, { kind: 'propagator', mass: m }, 'a');
    const table = s.table!;
    expect(table.length).toBe(RADIAL_TABLE_NODES);
    expect(table[0]).toBe(0);
    expect(table[table.length - 1]).toBe(R);
    let worst = 0;
    for (let i = 0; i + 1 < table.length; i += 7) {
      const t = (i + 0.5) / (table.length - 1);
      worst = Math.max(worst, Math.abs(0.5 * (table[i] + table[i + 1]) - exactRadius(m, R, t ** 3)));
    }
    expect(worst / R).toBeLessThan(2e-7);
  });

  it('refuse a declared ball of radius 0 or a massless propagator profile in d < 3', () => {
    expectInputError(() => radialSampler(2, 0, { kind: 'flat' }, 'a'), 'arch');
    expectInputError(() => radialSampler(2, 1, { kind: 'propagator', mass: 0 }, 'a'), 'arch');
  });
});
