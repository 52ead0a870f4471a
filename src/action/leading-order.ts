/**
 * The leading-order couplings of the action reconstructed from connected correlators
 * (spec actions-symmetry F2, Edgeworth-type Feynman rules): for a field over P points with full
 * 2-point function G, K = G^{-1} and connected correlators kappa_r, the density is
 * `P[phi] = exp(sum_{r>=3} (1/r!) kappa_r (-d/dphi)^r) P_G[phi]`, and the action
 * `S = sum_r (1/r!) g_r(i1..ir) phi_i1...phi_ir` has, at leading order in kappa_4 ~ kappa_3^2 ~ 1/N
 * (or ~ lambda),
 *
 *     g_2(a,b)     = K_ab + (1/2) kappa_4(ijkl) K_ij K_ka K_lb            (self-contraction)
 *     g_4(abcd)    = - amp(kappa_4)_abcd
 *     g_6(a..f)    = - amp(kappa_6)_a..f + sum_{10 splits {abc|def}} amp(kappa_4(abc i) K_ij kappa_4(j def))
 *
 * and, without phi -> -phi symmetry (`odd`),
 *
 *     g_1(a)       = (1/2) kappa_3(ijk) K_ij K_ka
 *     g_3(abc)     = - amp(kappa_3)_abc
 *     g_4         += sum_{3 pairings {ab|cd}} amp(kappa_3(ab i) K_ij kappa_3(j cd))
 *     g_2         -= (1/2) (T + B),   T_ab = amp(kappa_3(ab i)) K_ij kappa_3(j kl) K_kl   (tadpole)
 *                                     B_ab = amp(kappa_3(a ik) K_ij K_kl kappa_3(b jl))  (bubble)
 *
 * where amp(T) applies K to every free leg. The last line is not in the spec's table: it is the
 * kappa_3^2 part of g_2, of the same order 1/N as its kappa_4 part, derived as the others from
 * -log(1 + X) = -X + X^2/2 (the y^2 terms of H_3 H_3 - H_6, y = K phi: 18 tadpole and 18 bubble
 * pairings, -(1/72)(18 T + 18 B) = -(1/4)(T + B) = (1/2) delta g_2). Without it the odd g_2 is off at
 * O(kappa_3^2); with it the 1-D check S = phi^2/2 + eps phi^3/6 + eps^2 phi^4/12 reconstructs
 * S''(mean) with an O(eps^4) error instead of O(eps^2) (test/action/exact.test.ts).
 *
 * Convention: K is the inverse of the measured full 2-point function G (not of the GP kernel);
 * that is why g_2 carries the self-contraction, which makes the 2-point function of S equal G.
 *
 * Everything is computed from the amputated tensors `A_r = amp(kappa_r)`: an internal line between
 * two amputated vertices is G (since kappa = A G...G and K G = 1), so e.g.
 * `amp(kappa_4(abc i) K_ij kappa_4(j def)) = sum_mn A_4(abc m) G_mn A_4(n def)` and
 * `(1/2) kappa_4(ijkl) K_ij K_ka K_lb = (1/2) sum_mn A_4(mnab) G_mn`.
 *
 * @module
 */
import { multisetCount } from '../stats/multiset.js';
import { amputate, contractPair, denseTensor, lastIndexRows, rowsTimes, splitSum } from './symmetric-tensor.js';

/**
 * Orders of the couplings the leading-order table gives.
 *
 * @example
 * ```ts
 * const orders: CouplingOrder[] = [2, 4];
 * ```
 */
export type CouplingOrder = 1 | 2 | 3 | 4 | 6;

/**
 * Every order of {@link CouplingOrder}.
 *
 * @example
 * ```ts
 * COUPLING_ORDERS.includes(5 as CouplingOrder); // returns false
 * ```
 */
export const COUPLING_ORDERS: readonly CouplingOrder[] = [1, 2, 3, 4, 6];

/** Connected correlators over P points, the input of the rules (symmetric tensors in the multiset layout of their order). */
export interface CorrelatorTensors {
  readonly P: number;
  /** Full 2-point function, row-major P x P. */
  readonly G: ArrayLike<number>;
  readonly kappa3?: Float64Array;
  readonly kappa4?: Float64Array;
  readonly kappa6?: Float64Array;
}

/** The highest connected order each coupling needs (g_2 and g_4 need kappa_4, g_6 kappa_6, g_1 and g_3 kappa_3). */
export function correlatorOrderNeeded(order: CouplingOrder): number {
  return order === 6 ? 6 : order === 1 || order === 3 ? 3 : 4;
}

/**
 * The couplings of the requested orders (spec F2, module comment), each a symmetric tensor in the
 * multiset layout of its order, in the order of `orders`. No validation: the correlators needed by
 * `orders` (and kappa_3 when `odd`) must be present with the right lengths, and K must be G^{-1}.
 *
 * @param c - the correlators
 * @param K - G^{-1}, row-major P x P
 * @param orders - the couplings wanted
 * @param odd - include the kappa_3 terms (g_1, g_3, and their part of g_2 and g_4)
 */
export function leadingCouplings(c: CorrelatorTensors, K: Float64Array, orders: readonly CouplingOrder[], odd: boolean): Float64Array[] {
  const { P } = c;
  const G = Float64Array.from(c.G);
  const want = new Set(orders);
  const A3 = odd ? amputate(c.kappa3!, 3, P, K) : undefined;
  const A4 = want.has(2) || want.has(4) || want.has(6) ? amputate(c.kappa4!, 4, P, K) : undefined;
  const rows3 = A3 ? lastIndexRows(A3, 3, P) : undefined;
  const out = new Map<CouplingOrder, Float64Array>();

  if (want.has(1)) out.set(1, scaled(contractPair(A3!, 3, P, G), 0.5));
  if (want.has(3)) out.set(3, scaled(A3!, -1));
  if (want.has(2)) {
    const g2 = contractPair(A4!, 4, P, G);
    let rank = 0;
    for (let a = 0; a < P; a++) for (let b = a; b < P; b++) g2[rank] = K[a * P + b] + 0.5 * g2[rank++];
    if (A3) {
      const t = oddTwoPoint(A3, rows3!, P, G);
      for (let i = 0; i < g2.length; i++) g2[i] -= 0.5 * t[i];
    }
    out.set(2, g2);
  }
  if (want.has(4)) {
    const g4 = scaled(A4!, -1);
    if (rows3) {
      const chain = splitSum(rowsTimes(rows3, P, G), rows3, 2, P);
      for (let i = 0; i < g4.length; i++) g4[i] += chain[i];
    }
    out.set(4, g4);
  }
  if (want.has(6)) {
    const g6 = scaled(amputate(c.kappa6!, 6, P, K), -1);
    const rows4 = lastIndexRows(A4!, 4, P);
    const chain = splitSum(rowsTimes(rows4, P, G), rows4, 3, P);
    for (let i = 0; i < g6.length; i++) g6[i] += chain[i];
    out.set(6, g6);
  }
  return orders.map((o) => out.get(o)!);
}

function scaled(t: Float64Array, f: number): Float64Array {
  const out = new Float64Array(t.length);
  for (let i = 0; i < t.length; i++) out[i] = f * t[i];
  return out;
}

/**
 * T + B of the module comment in terms of A = amp(kappa_3): `T_ab = sum_m A(abm) (G c)_m` with
 * `c_m = sum_kl A(mkl) G_kl`, and `B_ab = sum_{mnpq} A(amn) G_mp G_nq A(bpq)`; order-2 layout.
 */
function oddTwoPoint(A: Float64Array, rows: Float64Array, P: number, G: Float64Array): Float64Array {
  const c = contractPair(A, 3, P, G);
  const Gc = new Float64Array(P);
  for (let m = 0; m < P; m++) for (let n = 0; n < P; n++) Gc[m] += G[m * P + n] * c[n];
  const D = denseTensor(A, 3, P);
  // Y_a = G D_a G for each slice D_a (P x P), then B_ab = sum_pq Y_a(pq) D_b(pq)
  const Y = new Float64Array(P * P * P);
  const tmp = new Float64Array(P * P);
  const P2 = P * P;
  for (let a = 0; a < P; a++) {
    tmp.fill(0);
    for (let m = 0; m < P; m++) for (let n = 0; n < P; n++) {
      const d = D[a * P2 + m * P + n];
      if (d === 0) continue;
      for (let q = 0; q < P; q++) tmp[m * P + q] += d * G[n * P + q];
    }
    for (let m = 0; m < P; m++) for (let p = 0; p < P; p++) {
      const g = G[m * P + p];
      if (g === 0) continue;
      for (let q = 0; q < P; q++) Y[a * P2 + p * P + q] += g * tmp[m * P + q];
    }
  }
  const out = new Float64Array(multisetCount(P, 2));
  let rank = 0;
  for (let a = 0; a < P; a++) {
    for (let b = a; b < P; b++) {
      let t = 0;
      for (let m = 0; m < P; m++) t += rows[rank * P + m] * Gc[m];
      let bubble = 0;
      for (let k = 0; k < P2; k++) bubble += Y[a * P2 + k] * D[b * P2 + k];
      out[rank++] = t + bubble;
    }
  }
  return out;
}
