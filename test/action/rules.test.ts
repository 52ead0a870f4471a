// The Feynman rules of spec actions-symmetry F2 as implemented (amputated tensors in the multiset
// layout, internal lines as G between amputated vertices, sums over splits) against a literal dense
// evaluation of the table's formulas with K on random correlators; the inverse of G; the accessors of
// a coupling; and the lattice-to-continuum conversion on hand-checkable numbers.
import { describe, expect, it } from 'vitest';
import {
  amputate, Coupling, invertTwoPoint, latticeToContinuum, reconstructActionFromCorrelators,
} from '../../src/action/index.js';
import { forEachMultiset, multisetCount, sortedRank } from '../../src/stats/multiset.js';
import { symmetricUniforms as rng } from '../support/mulberry32.js';


const randomSymmetric = (P: number, r: number, next: () => number) => Float64Array.from({ length: multisetCount(P, r) }, next);

/** A random symmetric positive-definite G = M M^T + P I. */
function randomG(P: number, next: () => number): Float64Array {
  const M = Array.from({ length: P * P }, next);
  const G = new Float64Array(P * P);
  for (let i = 0; i < P; i++) for (let j = 0; j < P; j++) {
    let s = i === j ? P : 0;
    for (let k = 0; k < P; k++) s += M[i * P + k] * M[j * P + k];
    G[i * P + j] = s;
  }
  return G;
}

/** Every index tuple of length r over P, row-major. */
function* tuples(P: number, r: number): Generator<number[]> {
  const idx = new Array<number>(r).fill(0);
  for (let q = 0; q < P ** r; q++) {
    yield idx.slice();
    for (let k = r - 1; k >= 0; k--) {
      if (++idx[k] < P) break;
      idx[k] = 0;
    }
  }
}

const flat = (idx: number[], P: number) => idx.reduce((a, i) => a * P + i, 0);

/** Dense copy of a symmetric tensor by sorting every index tuple (independent of the library's unpacking). */
function dense(t: ArrayLike<number>, r: number, P: number): Float64Array {
  const out = new Float64Array(P ** r);
  for (const idx of tuples(P, r)) out[flat(idx, P)] = t[sortedRank(P, idx)];
  return out;
}

/** Literal amputation: every index of a dense tensor contracted with K. */
function ampDense(T: Float64Array, r: number, P: number, K: Float64Array): Float64Array {
  let cur = T;
  for (let m = 0; m < r; m++) {
    const next = new Float64Array(P ** r);
    for (const idx of tuples(P, r)) {
      let s = 0;
      const j = idx.slice();
      for (let i = 0; i < P; i++) {
        j[m] = i;
        s += K[i * P + idx[m]] * cur[flat(j, P)];
      }
      next[flat(idx, P)] = s;
    }
    cur = next;
  }
  return cur;
}

/** Permutations of 0..n-1. */
function permutations(n: number): number[][] {
  if (n === 1) return [[0]];
  return permutations(n - 1).flatMap((p) => Array.from({ length: n }, (_, k) => [...p.slice(0, k), n - 1, ...p.slice(k)]));
}

/** sum over all n! orderings of the legs of a dense tensor of order n. */
function symmetrise(T: Float64Array, n: number, P: number): Float64Array {
  const out = new Float64Array(P ** n);
  const perms = permutations(n);
  for (const idx of tuples(P, n)) {
    let s = 0;
    for (const p of perms) s += T[flat(p.map((k) => idx[k]), P)];
    out[flat(idx, P)] = s;
  }
  return out;
}

/** Two vertices joined by one K line: V1(a.. i) K_ij V2(j ..), legs of V1 first (dense, not amputated). */
function chain(V1: Float64Array, r1: number, V2: Float64Array, r2: number, P: number, K: Float64Array): Float64Array {
  const n = r1 + r2 - 2;
  const out = new Float64Array(P ** n);
  for (const idx of tuples(P, n)) {
    let s = 0;
    for (let i = 0; i < P; i++) for (let j = 0; j < P; j++) {
      s += V1[flat([...idx.slice(0, r1 - 1), i], P)] * K[i * P + j] * V2[flat([j, ...idx.slice(r1 - 1)], P)];
    }
    out[flat(idx, P)] = s;
  }
  return out;
}

/** The sorted-tuple entries of a dense symmetric tensor. */
function packed(T: Float64Array, r: number, P: number): Float64Array {
  const out = new Float64Array(multisetCount(P, r));
  forEachMultiset(P, r, (idx, rank) => (out[rank] = T[flat(Array.from(idx), P)]));
  return out;
}

function expectClose(got: Float64Array, want: Float64Array, tol: number) {
  expect(got.length).toBe(want.length);
  let worst = 0;
  let scale = 0;
  for (let i = 0; i < got.length; i++) {
    worst = Math.max(worst, Math.abs(got[i] - want[i]));
    scale = Math.max(scale, Math.abs(want[i]));
  }
  expect(worst, `max deviation ${worst} (scale ${scale})`).toBeLessThan(tol * Math.max(scale, 1e-300));
}

describe('Feynman rules of spec F2 against the literal formulas', () => {
  const P = 3;
  const next = rng(11);
  const G = randomG(P, next);
  const K = invertTwoPoint(G, P).K;
  const kappa3 = randomSymmetric(P, 3, next);
  const kappa4 = randomSymmetric(P, 4, next);
  const kappa6 = randomSymmetric(P, 6, next);
  const [k3, k4, k6] = [dense(kappa3, 3, P), dense(kappa4, 4, P), dense(kappa6, 6, P)];

  it('amputation one index at a time on the symmetric storage equals the dense contraction, orders 1 to 6', () => {
    for (const r of [1, 2, 3, 4, 5, 6]) {
      const t = randomSymmetric(P, r, next);
      expectClose(amputate(t, r, P, K), packed(ampDense(dense(t, r, P), r, P, K), r, P), 1e-13);
    }
    // and on a larger lattice, order 4
    const Q = 7;
    const KQ = invertTwoPoint(randomG(Q, next), Q).K;
    const t = randomSymmetric(Q, 4, next);
    expectClose(amputate(t, 4, Q, KQ), packed(ampDense(dense(t, 4, Q), 4, Q, KQ), 4, Q), 1e-13);
  });

  it('even case: g2 = K + (1/2) kappa4 K K K, g4 = -amp(kappa4), g6 = -amp(kappa6) + sum over 10 splits amp(kappa4 K kappa4)', () => {
    const a = reconstructActionFromCorrelators({ G, kappa4, kappa6 }, { orders: [2, 4, 6] });
    const g2 = new Float64Array(P * P);
    for (const [x, y] of tuples(P, 2)) {
      let s = 0;
      for (const [i, j, k, l] of tuples(P, 4)) s += k4[flat([i, j, k, l], P)] * K[i * P + j] * K[k * P + x] * K[l * P + y];
      g2[x * P + y] = K[x * P + y] + 0.5 * s;
    }
    expectClose(a.g2!.value, packed(g2, 2, P), 1e-13);
    expectClose(a.g4!.value, packed(ampDense(k4, 4, P, K).map((v) => -v), 4, P), 1e-13);
    // the 10 splits: the 720 orderings of the legs of kappa4(abc i) K_ij kappa4(j def) count each split 3! 3! 2 = 72 times
    const sextic = ampDense(symmetrise(chain(k4, 4, k4, 4, P, K), 6, P), 6, P, K).map((v) => v / 72);
    const g6 = ampDense(k6, 6, P, K).map((v, i) => -v + sextic[i]);
    expectClose(a.g6!.value, packed(g6, 6, P), 1e-12);
  });

  it('odd case: g1, g3, the 3 pairings of kappa3 K kappa3 in g4, and the tadpole and bubble in g2', () => {
    const a = reconstructActionFromCorrelators({ G, kappa3, kappa4 }, { orders: [1, 2, 3, 4] });
    expect(a.odd).toBe(true);
    const g1 = new Float64Array(P);
    for (const [x] of tuples(P, 1)) {
      for (const [i, j, k] of tuples(P, 3)) g1[x] += 0.5 * k3[flat([i, j, k], P)] * K[i * P + j] * K[k * P + x];
    }
    expectClose(a.g1!.value, g1, 1e-13);
    expectClose(a.g3!.value, packed(ampDense(k3, 3, P, K).map((v) => -v), 3, P), 1e-13);
    // pairings: the 24 orderings of kappa3(ab i) K_ij kappa3(j cd) count each pairing 2 2 2 = 8 times
    const quartic = ampDense(symmetrise(chain(k3, 3, k3, 3, P, K), 4, P), 4, P, K).map((v) => v / 8);
    expectClose(a.g4!.value, packed(ampDense(k4, 4, P, K).map((v, i) => -v + quartic[i]), 4, P), 1e-13);
    // T_ab = kappa3(a b i) K_ij kappa3(j k l) K_kl, B_ab = kappa3(a i k) K_ij K_kl kappa3(b j l), both amputated on a, b
    const T = new Float64Array(P * P);
    const B = new Float64Array(P * P);
    for (const [x, y] of tuples(P, 2)) {
      for (const [i, j, k, l] of tuples(P, 4)) {
        T[x * P + y] += k3[flat([x, y, i], P)] * K[i * P + j] * k3[flat([j, k, l], P)] * K[k * P + l];
        B[x * P + y] += k3[flat([x, i, k], P)] * K[i * P + j] * K[k * P + l] * k3[flat([y, j, l], P)];
      }
    }
    const even = reconstructActionFromCorrelators({ G, kappa4 }, { orders: [2] }).g2!.value;
    const odd = packed(ampDense(T.map((v, i) => v + B[i]), 2, P, K), 2, P);
    expectClose(a.g2!.value, even.map((v, i) => v - 0.5 * odd[i]), 1e-13);
  });

  it('reports the convention, K = G^{-1} and cond(G), and no errors for exact input', () => {
    const a = reconstructActionFromCorrelators({ G, kappa4 });
    expect(a.orders).toEqual([2, 4]);
    expect(a.odd).toBe(false);
    expect(a.convention).toMatch(/measured full/);
    for (let i = 0; i < P; i++) for (let j = 0; j < P; j++) {
      let s = 0;
      for (let k = 0; k < P; k++) s += G[i * P + k] * a.K[k * P + j];
      expect(s).toBeCloseTo(i === j ? 1 : 0, 13);
    }
    expect(a.conditionNumber).toBeGreaterThan(1);
    expect(a.g4!.se).toBeNull();
    expect(a.g4!.seAt(0, 1, 2, 2)).toBeNaN();
    expect(a.blocks).toBe(0);
  });
});

describe('two-point inverse', () => {
  it('inverts [[2, 1], [1, 2]] to [[2, -1], [-1, 2]] / 3 with condition number 3', () => {
    const { K, conditionNumber } = invertTwoPoint(Float64Array.of(2, 1, 1, 2), 2);
    [2 / 3, -1 / 3, -1 / 3, 2 / 3].forEach((v, i) => expect(K[i]).toBeCloseTo(v, 15));
    expect(conditionNumber).toBeCloseTo(3, 13);
  });

  it('warns when cond(G) exceeds the threshold', () => {
    const G = [[1, 0.999999], [0.999999, 1]]; // eigenvalues 1.999999 and 1e-6: cond 2e6
    const a = reconstructActionFromCorrelators({ G, kappa4: [0, 0, 0, 0, 0] });
    expect(a.conditionNumber).toBeCloseTo(1.999999e6, -1);
    expect(a.warnings.join()).toMatch(/cond\(G\)/);
    expect(reconstructActionFromCorrelators({ G, kappa4: [0, 0, 0, 0, 0] }, { conditionWarning: 1e7 }).warnings).toEqual([]);
  });
});

describe('coupling accessors', () => {
  it('read a symmetric tensor with indices in any order and unpack it densely', () => {
    const g = new Coupling(3, 2, Float64Array.of(1, 2, 3, 4)); // (000) (001) (011) (111)
    expect(g.at(1, 0, 1)).toBe(3);
    expect(g.at(0, 1, 0)).toBe(2);
    expect(Array.from(g.toDense())).toEqual([1, 2, 2, 3, 2, 3, 3, 4]);
  });

  it('carry jackknife errors from replicates: se^2 = factor sum (theta_b - mean)^2', () => {
    const g = new Coupling(1, 1, Float64Array.of(2), [1, 2, 3, 2].map((v) => Float64Array.of(v)), 0.75);
    expect(g.seAt(0)).toBeCloseTo(Math.sqrt(0.75 * 2), 15);
  });
});

describe('lattice to continuum', () => {
  it('a local coupling lambda on a grid of spacing a has g4(iiii) = lambda a: its density is lambda, the kernel lambda / a^4', () => {
    const a = 0.5;
    const value = new Float64Array(multisetCount(3, 4));
    for (let i = 0; i < 3; i++) value[sortedRank(3, [i, i, i, i])] = 0.3 * a;
    const c = latticeToContinuum(new Coupling(4, 3, value), a);
    c.diagonal.value.forEach((v) => expect(v).toBeCloseTo(0.3, 15));
    c.integrated.value.forEach((v) => expect(v).toBeCloseTo(0.3, 15));
    expect(c.kernel.at(1, 1, 1, 1)).toBeCloseTo(0.3 / a ** 3, 13);
    expect(c.diagonal.se).toBeNull();
  });

  it('the zero-momentum density sums every ordered tuple: g2 = [[2, -0.5], [-0.5, 2]] with volumes (1, 2) gives (1.5, 0.75)', () => {
    const c = latticeToContinuum(new Coupling(2, 2, Float64Array.of(2, -0.5, 2)), [1, 2]);
    expect(Array.from(c.integrated.value)).toEqual([1.5, 0.75]);
    expect(Array.from(c.diagonal.value)).toEqual([2, 1]);
    expect(Array.from(c.kernel.value)).toEqual([2, -0.25, 0.5]);
  });

  it('converts the replicates too, so the errors scale with 1/v', () => {
    const reps = [0.9, 1.1, 1.0, 1.2].map((v) => Float64Array.of(v));
    const g = new Coupling(2, 1, Float64Array.of(1), reps, 0.75);
    const c = latticeToContinuum(g, 0.5);
    expect(c.diagonal.se![0]).toBeCloseTo(g.se![0] / 0.5, 14);
    expect(c.kernel.se![0]).toBeCloseTo(g.se![0] / 0.25, 14);
  });
});
