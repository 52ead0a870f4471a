import { cosNetAmplitude, type CosNetVariant } from '../../src/theory/cos-net.js';
import { propagatorRadialIntegral } from '../../src/theory/radial.js';
import { philox4x32, referenceNormal } from './reference.js';

// Scalar f64 reference of Cos-net's parameter streams and forward pass, written from the documented
// layout (assembly/hidden.ts, src/sample/wasm-layout.ts), not from the WASM code.

/** Uniform p of `stream` for network `net`: word p % 4 of block p / 4, u = (floor(w / 2^9) + 1/2) 2^-23. */
export function referenceUniform(seed: number, stream: number, net: number, p: number): number {
  const w = philox4x32([Math.floor(p / 4), stream, net % 2 ** 32, Math.floor(net / 2 ** 32)], [seed % 2 ** 32, Math.floor(seed / 2 ** 32)]);
  return (Math.floor(w[p % 4] / 512) + 0.5) * 2 ** -23;
}

/** Inverse of the propagator radial marginal (density proportional to r^(d-1)/(r^2 + m^2) on [0, R]) at u, by bisection. */
function propagatorRadius(d: number, R: number, m: number, u: number): number {
  if (d === 1) return m * Math.tan(u * Math.atan(R / m));
  if (d === 2) return m * Math.sqrt(Math.expm1(u * Math.log1p((R * R) / (m * m))));
  const target = u * propagatorRadialIntegral(d, m, R);
  let lo = 0;
  let hi = R;
  for (let i = 0; i < 200; i++) {
    const mid = 0.5 * (lo + hi);
    if (propagatorRadialIntegral(d, m, mid) < target) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

export interface CosReferenceNet {
  width: number;
  dIn: number;
  dOut: number;
  sw: number;
  sb: number;
  mw: number;
  mb: number;
  m: number;
  lambda: number;
  variant: CosNetVariant;
}

/**
 * f_o(x_k) of Cos-net network `net` in f64: hidden unit j takes normals j (d + 1) + i of stream 0 as
 * the direction of b_j (i < d), uniform j (d + 1) for its radius and uniform j (d + 1) + d for its
 * phase c_j = 2 pi (u - 1/2) (stream 2); output weights and biases as in every architecture (stream 1).
 * Returns the values phi[k d_out + o] and, for each, a bound on the f32 forward pass's error: per unit
 * |W1| (A (2.4e-7 |phase| + |x| dr + 4e-7) + |dA/dr| dr), the rounding of the phase, cos and the
 * amplitude, with dr the change of the radius under a relative change 2e-6 of u (the f32 evaluation
 * of u^(1/d), tan or expm1) plus 2e-7 R (the radial table's interpolation).
 */
export function cosReferenceForward(s: CosReferenceNet, points: number[][], seed: number, net: number): { phi: number[]; bound: number[] } {
  const { width: N, dIn: d, dOut } = s;
  const per = d + 1;
  const C = cosNetAmplitude({ dIn: d, mass: s.m, cutoff: s.lambda, sigmaA: s.sw, variant: s.variant });
  const units = Array.from({ length: N }, (_, j) => {
    const g = Array.from({ length: d }, (_, i) => referenceNormal(seed, 0, net, j * per + i));
    const u = referenceUniform(seed, 2, net, j * per);
    const radius = (v: number) => (s.variant === 'uniform' ? s.lambda * v ** (1 / d) : propagatorRadius(d, s.lambda, s.m, v));
    const r = radius(u);
    const dr = Math.abs(radius(u * (1 - 2e-6)) - r) + 2e-7 * s.lambda;
    const norm = Math.hypot(...g);
    const b = g.map((v) => (r * v) / norm);
    const c = 2 * Math.PI * (referenceUniform(seed, 2, net, j * per + d) - 0.5);
    const A = s.variant === 'uniform' ? C / Math.sqrt(r * r + s.m * s.m) : C;
    const dA = s.variant === 'uniform' ? (A * r * dr) / (r * r + s.m * s.m) : 0;
    return { b, c, A, dr, dA };
  });
  const W1 = Array.from({ length: dOut }, (_, o) => Array.from({ length: N }, (_, j) => s.mw + (s.sw / Math.sqrt(N)) * referenceNormal(seed, 1, net, j * dOut + o)));
  const b1 = Array.from({ length: dOut }, (_, o) => s.mb + s.sb * referenceNormal(seed, 1, net, N * dOut + o));
  const phi: number[] = [];
  const bound: number[] = [];
  for (const x of points) {
    for (let o = 0; o < dOut; o++) {
      let f = b1[o];
      let e = 1e-6 * (1 + Math.abs(f));
      units.forEach((unit, j) => {
        const phase = unit.b.reduce((t, bi, i) => t + bi * x[i], unit.c);
        f += W1[o][j] * unit.A * Math.cos(phase);
        e += Math.abs(W1[o][j]) * (unit.A * (2.4e-7 * Math.abs(phase) + Math.hypot(...x) * unit.dr + 4e-7) + unit.dA);
      });
      phi.push(f);
      bound.push(e);
    }
  }
  return { phi, bound };
}
