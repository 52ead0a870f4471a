// How the kernels draw the radius of a ball density (assembly/hidden.ts, RADIAL_*): the inverse of
// the radial marginal's distribution function at one uniform u. Closed forms where they exist; for the
// propagator profile in d >= 3 a table of r(t), t = u^(1/d), on which r is smooth (the marginal
// grows like r^(d-1) from the origin), with linear interpolation.
import type { BallProfile } from '../arch/define.js';
import { NnftInputError } from '../errors.js';
import { integrateRadial, propagatorRadialIntegral } from '../theory/radial.js';
import type { HiddenSampling } from './kernel-config.js';

/** Nodes of a radial table (interpolation error below 2e-7 R for the propagator profile, tested). */
export const RADIAL_TABLE_NODES = 2049;

type Radial = NonNullable<HiddenSampling['radial']>;

/** The radial sampler of a ball of radius R in R^d with the given profile. */
export function radialSampler(d: number, R: number, profile: BallProfile, arch: string): Radial {
  if (!(R > 0) || !Number.isFinite(R)) throw new NnftInputError('arch', arch, `declares a ball of radius ${R}; it must be finite and > 0`);
  if (profile.kind === 'flat') return { kind: 'flat', param: R, mass: 0 };
  const m = profile.mass;
  if (!(m >= 0) || !Number.isFinite(m) || (m === 0 && d < 3)) {
    throw new NnftInputError('arch', arch, `declares a propagator profile of mass ${m} in d = ${d}; it must be finite, >= 0, and > 0 for d < 3`);
  }
  if (d === 1) return { kind: 'tan', param: Math.atan(R / m), mass: m };
  if (d === 2) return { kind: 'log', param: Math.log1p((R * R) / (m * m)), mass: m };
  return { kind: 'table', param: R, mass: m, table: propagatorTable(d, R, m) };
}

const tables = new Map<string, number[]>();

/** F(r) = int_0^r s^{d-1}/(s^2 + m^2) ds: closed form for d = 3, quadrature above. */
function marginal(d: number, m: number, r: number): number {
  if (d === 3) return propagatorRadialIntegral(3, m, r);
  return integrateRadial((s) => s ** (d - 1) / (s * s + m * m), r, m > 0 ? m : r);
}

/**
 * r_i with F(r_i) = t_i^d F(R), t_i = i / (nodes - 1): safeguarded Newton (bisection when a step
 * leaves the bracket), from the previous node.
 */
function propagatorTable(d: number, R: number, m: number): number[] {
  const key = `${d},${R},${m}`;
  const hit = tables.get(key);
  if (hit) return hit;
  const total = marginal(d, m, R);
  const density = (r: number) => r ** (d - 1) / (r * r + m * m);
  const out = [0];
  let lo = 0;
  for (let i = 1; i < RADIAL_TABLE_NODES; i++) {
    const target = total * (i / (RADIAL_TABLE_NODES - 1)) ** d;
    let a = lo;
    let b = R;
    let r = 0.5 * (a + b);
    for (let it = 0; it < 200 && b - a > 1e-15 * R; it++) {
      const f = marginal(d, m, r) - target;
      if (Math.abs(f) <= 1e-15 * total) break;
      if (f > 0) b = r;
      else a = r;
      const next = r - f / density(r);
      r = next > a && next < b ? next : 0.5 * (a + b);
    }
    out.push(i === RADIAL_TABLE_NODES - 1 ? R : r);
    lo = r;
  }
  tables.set(key, out);
  return out;
}
