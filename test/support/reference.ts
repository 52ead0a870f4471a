import type { NetworkShape } from '../../src/arch/define.js';

// Scalar f64 reference of the sampler's random streams and forward pass, written from the formulas
// (not from the WASM code) so that the SIMD kernels can be checked lane by lane against it.

/** High and low 32 bits of the 64-bit product of two u32. */
function mulhilo(a: number, b: number): [number, number] {
  const p = BigInt(a >>> 0) * BigInt(b >>> 0);
  return [Number(p >> 32n) >>> 0, Number(p & 0xffffffffn) >>> 0];
}

/** Philox4x32-10 of one counter under one key (Salmon et al. 2011). */
export function philox4x32(ctr: readonly number[], key: readonly number[]): number[] {
  let [c0, c1, c2, c3] = ctr.map((v) => v >>> 0);
  let [k0, k1] = key.map((v) => v >>> 0);
  for (let r = 0; r < 10; r++) {
    if (r > 0) {
      k0 = (k0 + 0x9e3779b9) >>> 0;
      k1 = (k1 + 0xbb67ae85) >>> 0;
    }
    const [hi0, lo0] = mulhilo(0xd2511f53, c0);
    const [hi1, lo1] = mulhilo(0xcd9e8d57, c2);
    [c0, c1, c2, c3] = [(hi1 ^ c1 ^ k0) >>> 0, lo1, (hi0 ^ c3 ^ k1) >>> 0, lo0];
  }
  return [c0, c1, c2, c3];
}

/**
 * Normal p of `stream` for network `net` under `seed` (the sampler's documented stream layout):
 * words (w0, w1, w2, w3) of block p/4, counter (p/4, stream, net_lo, net_hi), key (seed_lo, seed_hi);
 * pair (w0, w1) gives normals 4j, 4j+1 and (w2, w3) gives 4j+2, 4j+3 by Box-Muller with
 * u = (floor(a/2) + 1/2) 2^-31, theta = pi/2 (b mod 2^30) 2^-30, signs from bits 31 and 30 of b.
 */
export function referenceNormal(seed: number, stream: number, net: number, p: number): number {
  const j = Math.floor(p / 4);
  const w = philox4x32([j, stream, net % 2 ** 32, Math.floor(net / 2 ** 32)], [seed % 2 ** 32, Math.floor(seed / 2 ** 32)]);
  const pair = (p % 4) >> 1;
  const a = w[2 * pair];
  const b = w[2 * pair + 1];
  const u = (Math.floor(a / 2) + 0.5) * 2 ** -31;
  const r = Math.sqrt(-2 * Math.log(u));
  const theta = (Math.PI / 2) * ((b & 0x3fffffff) >>> 0) * 2 ** -30;
  if (p % 2 === 0) return (b >>> 31 ? -1 : 1) * r * Math.cos(theta);
  return ((b >>> 30) & 1 ? -1 : 1) * r * Math.sin(theta);
}

/**
 * Polar variate p of `stream` for network `net` under `seed` (assembly/rng.ts): words A = w[2 (p % 2)]
 * and B = w[2 (p % 2) + 1] of block p/2 give the angle theta = (pi/2) (B mod 2^24) 2^-24 reflected by
 * the signs of bits 31 (cosine) and 30 (sine) of B, and the Laplace variate
 * L = -+ln u, u = (2^6 floor(A/2) + (floor(B / 2^24) mod 64) + 1/2) 2^-37, negative when A is odd.
 */
export function referencePolar(seed: number, stream: number, net: number, p: number): { cos: number; sin: number; laplace: number } {
  const j = Math.floor(p / 2);
  const w = philox4x32([j, stream, net % 2 ** 32, Math.floor(net / 2 ** 32)], [seed % 2 ** 32, Math.floor(seed / 2 ** 32)]);
  const a = w[2 * (p % 2)];
  const b = w[2 * (p % 2) + 1];
  const theta = (Math.PI / 2) * (b & 0xffffff) * 2 ** -24;
  const u = (2 ** 6 * Math.floor(a / 2) + ((b >>> 24) & 63) + 0.5) * 2 ** -37;
  return {
    cos: (b >>> 31 ? -1 : 1) * Math.cos(theta),
    sin: ((b >>> 30) & 1 ? -1 : 1) * Math.sin(theta),
    laplace: (a & 1 ? 1 : -1) * Math.log(u),
  };
}

/** Hyperparameters and shape of a reference network. */
export interface ReferenceNet extends NetworkShape {
  phi: (z: number) => number;
  /** Point-dependent pre-activation offset (gauss-net); 0 if absent. */
  offset?: (x: number[]) => number;
  /**
   * Relu units in polar form (assembly/polar.ts, d_in = d_out = 1, mw = mb = 0): unit j's term of
   * the output is (sw/sqrt N) L_j relu(sw x cos theta_j + sb sin theta_j), from polar variate j of stream 5.
   */
  polar?: boolean;
}

/**
 * f_o(x_k) of network `net` in f64, from the documented parameter layout: hidden normal
 * j (d_in + 1) + i is W0_{j,i} (i < d_in) or b0_j, output normal j d_out + o is W1_{o,j}, and
 * N d_out + o is b1_o; W0 ~ N(mw, sw^2/d_in), b0 ~ N(mb, sb^2), W1 ~ N(mw, sw^2/N), b1 ~ N(mb, sb^2).
 * Returns phi[k d_out + o].
 */
export function referenceForward(spec: ReferenceNet, points: number[][], seed: number, net: number): number[] {
  const { width: N, dIn, dOut, sw, sb, mw, mb } = spec;
  const g0 = (p: number) => referenceNormal(seed, 0, net, p);
  const g1 = (p: number) => referenceNormal(seed, 1, net, p);
  const out: number[] = [];
  if (spec.polar) {
    const units = Array.from({ length: N }, (_, j) => referencePolar(seed, 5, net, j));
    const b1 = mb + sb * g1(N);
    return points.map(([x]) => units.reduce((s, u) => s + (sw / Math.sqrt(N)) * u.laplace * spec.phi(sw * x * u.cos + sb * u.sin), b1));
  }
  const W0 = Array.from({ length: N }, (_, j) => Array.from({ length: dIn }, (_, i) => mw + (sw / Math.sqrt(dIn)) * g0(j * (dIn + 1) + i)));
  const b0 = Array.from({ length: N }, (_, j) => mb + sb * g0(j * (dIn + 1) + dIn));
  const W1 = Array.from({ length: dOut }, (_, o) => Array.from({ length: N }, (_, j) => mw + (sw / Math.sqrt(N)) * g1(j * dOut + o)));
  const b1 = Array.from({ length: dOut }, (_, o) => mb + sb * g1(N * dOut + o));
  for (const x of points) {
    const h = W0.map((w, j) => spec.phi(w.reduce((s, v, i) => s + v * x[i], b0[j]) + (spec.offset?.(x) ?? 0)));
    for (let o = 0; o < dOut; o++) out.push(h.reduce((s, v, j) => s + W1[o][j] * v, b1[o]));
  }
  return out;
}
