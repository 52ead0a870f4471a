import { describe, expect, it } from 'vitest';
import { NnftInputError } from '../../src/errors.js';
import { flatIndex, forEachMultiset, multisetCount } from '../../src/stats/multiset.js';
import { pairings, setPartitions } from '../../src/stats/set-partitions.js';
import type { Activation } from '../../src/theory/activation.js';
import { FiniteWidthTheory, type NetworkSpec, exactCorrelators, exactCumulant, exactMoment, weightMoment } from '../../src/theory/finite-width.js';
import { gpKernel } from '../../src/theory/kernels.js';
import { neuronMoment } from '../../src/theory/neuron-moments.js';
import { D5_PRINT_TOL } from './references.js';
import { expectInputError } from '../support/errors.js';

const xR = [[-1], [0.2], [0.6], [1.2]];
const xE = [[-1], [-0.2], [0.6], [1.0]];
const relu = (N: number): NetworkSpec => ({ activation: 'relu', width: N, dIn: 1, dOut: 1, sw: 1, sb: 1 });
const erfNet = (N: number): NetworkSpec => ({ activation: 'erf', width: N, dIn: 1, dOut: 1, sw: 1, sb: 1 });

describe('spec D.5: exact cumulants (d_in = 1, d_out = 1, mw = mb = 0)', () => {
  const rows: [string, NetworkSpec, number[][], number[], number][] = [
    ['relu N=2 k4(x0,x0,x0,x0)', relu(2), xR, [0, 0, 0, 0], 7.5],
    ['relu N=2 k4(x0,x1,x2,x3)', relu(2), xR, [0, 1, 2, 3], 1.30786],
    ['relu N=2 k4(x1,x1,x3,x3)', relu(2), xR, [1, 1, 3, 3], 3.4548],
    ['relu N=2 k4(x0,x0,x2,x3)', relu(2), xR, [0, 0, 2, 3], 0.96113],
    ['relu N=5 k4(x0,x0,x0,x0)', relu(5), xR, [0, 0, 0, 0], 3.0],
    ['relu N=5 k4(x0,x1,x2,x3)', relu(5), xR, [0, 1, 2, 3], 0.52314],
    ['relu N=5 k4(x1,x1,x3,x3)', relu(5), xR, [1, 1, 3, 3], 1.38192],
    ['relu N=5 k4(x0,x0,x2,x3)', relu(5), xR, [0, 0, 2, 3], 0.38445],
    ['erf N=2 k4(x0,x0,x0,x0)', erfNet(2), xE, [0, 0, 0, 0], 0.1999],
    ['erf N=2 k4(x0,x1,x2,x3)', erfNet(2), xE, [0, 1, 2, 3], 0.17951],
    ['erf N=2 k4(x1,x1,x3,x3)', erfNet(2), xE, [1, 1, 3, 3], 0.24165],
    ['erf N=2 k4(x0,x0,x2,x3)', erfNet(2), xE, [0, 0, 2, 3], 0.30617],
    ['erf N=5 k4(x0,x0,x0,x0)', erfNet(5), xE, [0, 0, 0, 0], 0.07996],
    ['erf N=5 k4(x0,x1,x2,x3)', erfNet(5), xE, [0, 1, 2, 3], 0.07181],
    ['erf N=5 k4(x1,x1,x3,x3)', erfNet(5), xE, [1, 1, 3, 3], 0.09666],
    ['erf N=5 k4(x0,x0,x2,x3)', erfNet(5), xE, [0, 0, 2, 3], 0.12247],
    ['erf N=2 k6(x0,x1,x2,x3,x3,x3)', erfNet(2), xE, [0, 1, 2, 3, 3, 3], 0.10949],
    ['erf N=2 k6(x0,x0,x1,x1,x2,x2)', erfNet(2), xE, [0, 0, 1, 1, 2, 2], 0.13253],
    ['relu sb=0 N=20 k4(x2,x2,x2,x2)', { activation: 'relu', width: 20, dIn: 1, sw: 1, sb: 0 }, [[0.2], [0.6], [1.2]], [2, 2, 2, 2], 0.3888],
    ['relu sb=0 N=20 k6(x0,x1,x2,x2,x1,x0)', { activation: 'relu', width: 20, dIn: 1, sw: 1, sb: 0 }, [[0.2], [0.6], [1.2]], [0, 1, 2, 2, 1, 0], 0.00428],
  ];
  it.each(rows)('%s = %s', (_name, spec, pts, idx, value) => {
    expect(Math.abs(exactCumulant(spec, pts, idx) - value)).toBeLessThan(D5_PRINT_TOL);
  });

  it('relu sb = 1, x = -1: kappa4 = 15/N exactly (spec D.5 sanity)', () => {
    for (const N of [1, 2, 5, 50, 1000]) expect(exactCumulant(relu(N), [[-1]], [0, 0, 0, 0])).toBeCloseTo(15 / N, 12);
  });

  // Spec D.4 writes sw^4 and sw^6 here; with its own M(x_1..x_k) = sw^k prod x_i E[relu(g)^k] and
  // E[w^2] = sw^2/N the powers are sw^8 and sw^12 (identical at sw = 1, the only value the spec uses).
  it('relu sb = 0, d = 1, x > 0: kappa4 = 15/(4N) sw^8 prod x, kappa6 = 82.5/N^2 sw^12 prod x (spec D.4)', () => {
    const x = [[0.2], [0.4], [0.6], [0.8], [1.0], [1.2]];
    for (const N of [2, 3, 10, 100]) {
      for (const sw of [1, 1.3]) {
        const spec: NetworkSpec = { activation: 'relu', width: N, dIn: 1, sw, sb: 0 };
        const i4 = [0, 2, 3, 5];
        const p4 = i4.reduce((a, i) => a * x[i][0], 1);
        expect(Math.abs(exactCumulant(spec, x, i4) / ((15 / (4 * N)) * sw ** 8 * p4) - 1)).toBeLessThan(1e-13);
        const i6 = [0, 1, 1, 3, 4, 5];
        const p6 = i6.reduce((a, i) => a * x[i][0], 1);
        expect(Math.abs(exactCumulant(spec, x, i6) / ((82.5 / N ** 2) * sw ** 12 * p6) - 1)).toBeLessThan(1e-12);
      }
    }
  });
});

describe('spec D.5: non-zero means and two outputs (erf, sw = sb = 1, mw = 0.3, mb = 0.2, N = 3, d_out = 2)', () => {
  const spec: NetworkSpec = { activation: 'erf', width: 3, dIn: 1, dOut: 2, sw: 1, sb: 1, mw: 0.3, mb: 0.2 };
  const pts = [[-0.6], [0.2], [1.0]];
  const a = (k: number, o: number): number => 2 * k + o;
  const rows: [string, number[], number][] = [
    ['k1(f0 x0)', [a(0, 0)], 0.21053],
    ['k2(f0 x0, f1 x0)', [a(0, 0), a(0, 1)], 0.14093],
    ['k2(f0 x0, f1 x1)', [a(0, 0), a(1, 1)], 0.0918],
    ['k3(f0 x0, f0 x1, f1 x2)', [a(0, 0), a(1, 0), a(2, 1)], -0.00744],
    ['k4(f0 x0, f0 x0, f1 x0, f1 x0)', [a(0, 0), a(0, 0), a(0, 1), a(0, 1)], 0.05614],
    ['k4(f0 x0, f0 x1, f0 x2, f0 x2)', [a(0, 0), a(1, 0), a(2, 0), a(2, 0)], 0.15092],
    ['k4(f0 x0, f1 x1, f0 x2, f1 x2)', [a(0, 0), a(1, 1), a(2, 0), a(2, 1)], 0.07517],
  ];
  it.each(rows)('%s = %s', (_name, idx, value) => {
    expect(Math.abs(exactCumulant(spec, pts, idx) - value)).toBeLessThan(D5_PRINT_TOL);
  });

  it('kappa1 = mb + N mw M(x), kappa2 across outputs = N mw^2 (M12 - M1 M2) (no bias term)', () => {
    const M1 = neuronMoment('erf', [pts[0]], spec);
    const M2 = neuronMoment('erf', [pts[1]], spec);
    const M12 = neuronMoment('erf', [pts[0], pts[1]], spec);
    expect(exactCumulant(spec, pts, [0])).toBeCloseTo(0.2 + 3 * 0.3 * M1, 14);
    expect(exactCumulant(spec, pts, [a(0, 0), a(1, 1)])).toBeCloseTo(3 * 0.09 * (M12 - M1 * M2), 14);
    expect(exactCumulant(spec, pts, [a(0, 0), a(1, 0)])).toBeCloseTo(1 + 3 * (0.09 + 1 / 3) * M12 - 3 * 0.09 * M1 * M2, 13);
  });
});

describe('structure of the exact correlators (spec D.1-D.4)', () => {
  const activations: Activation[] = ['relu', 'erf', 'gauss', 'linear', 'tanh', (z) => Math.atan(z)];
  const pointSets = [
    [[0.3], [-0.8]],
    [[0.3, -0.2], [-0.8, 0.5]],
  ];

  it('the GP kernel equals the exact connected 2-point function at every width when mw = 0 (any mb)', () => {
    for (const act of activations) {
      for (const [x, y] of pointSets) {
        for (const mb of [0, 0.3]) {
          const K = gpKernel(act, x, y, { sw: 1.2, sb: 0.7, mb });
          for (const N of [1, 2, 7, 1000]) {
            const k2 = exactCumulant({ activation: act, width: N, dIn: x.length, sw: 1.2, sb: 0.7, mb }, [x, y], [0, 1]);
            // closed forms and composite rules agree to ~1e-13; the B.2 tanh/atan kernel to ~1e-10
            expect(Math.abs(k2 - K)).toBeLessThan(typeof act === 'function' || act === 'tanh' ? 1e-9 : 1e-12);
          }
        }
      }
    }
  });

  it('mw = 0: kappa4 N and kappa6 N^2 are independent of N; odd cumulants vanish when mb = 0', () => {
    const pts = [[-0.7], [0.1], [0.9]];
    const c4 = exactCumulant(erfNet(1), pts, [0, 1, 2, 2]);
    const c6 = exactCumulant(erfNet(1), pts, [0, 0, 1, 1, 2, 2]);
    for (const N of [2, 5, 50, 1000]) {
      expect(exactCumulant(erfNet(N), pts, [0, 1, 2, 2]) * N).toBeCloseTo(c4, 12);
      expect(exactCumulant(erfNet(N), pts, [0, 0, 1, 1, 2, 2]) * N * N).toBeCloseTo(c6, 11);
      expect(exactCumulant(erfNet(N), pts, [0, 1, 2])).toBe(0);
      expect(exactMoment(erfNet(N), pts, [0, 1, 2])).toBe(0);
    }
  });

  it('raw moments: G4 = sum_3 K K + kappa4, G6 = sum_15 K K K + sum_15 K kappa4 + kappa6 (spec A.4)', () => {
    const spec = relu(3);
    const pts = xR;
    const K = (i: number, j: number): number => gpKernel('relu', pts[i], pts[j]);
    const i4 = [0, 1, 2, 3];
    const g4 = pairings(4).reduce((s, p) => s + p.reduce((q, [a, b]) => q * K(i4[a], i4[b]), 1), 0);
    expect(exactMoment(spec, pts, i4)).toBeCloseTo(g4 + exactCumulant(spec, pts, i4), 12);
    const i6 = [0, 1, 1, 2, 3, 3];
    const wick = pairings(6).reduce((s, p) => s + p.reduce((q, [a, b]) => q * K(i6[a], i6[b]), 1), 0);
    let mixed = 0;
    for (let a = 0; a < 6; a++) {
      for (let b = a + 1; b < 6; b++) {
        const rest = i6.filter((_, j) => j !== a && j !== b);
        mixed += K(i6[a], i6[b]) * exactCumulant(spec, pts, rest);
      }
    }
    expect(exactMoment(spec, pts, i6)).toBeCloseTo(wick + mixed + exactCumulant(spec, pts, i6), 11);
  });

  it('two outputs at mw = 0: kappa(f0 x1, f0 x2, f1 x3, f1 x4) = (sw^4/N)(M1234 - M12 M34); odd output counts vanish (D.3)', () => {
    const spec: NetworkSpec = { activation: 'tanh', width: 4, dIn: 1, dOut: 2, sw: 1.1, sb: 0.9 };
    const pts = [[-0.5], [0.1], [0.4], [1.1]];
    const p = { sw: 1.1, sb: 0.9 };
    const M1234 = neuronMoment('tanh', pts, p);
    const M12 = neuronMoment('tanh', [pts[0], pts[1]], p);
    const M34 = neuronMoment('tanh', [pts[2], pts[3]], p);
    const k = exactCumulant(spec, pts, [0, 2, 5, 7]);
    expect(k).toBeCloseTo((1.1 ** 4 / 4) * (M1234 - M12 * M34), 14);
    expect(k).not.toBe(0);
    expect(exactCumulant(spec, pts, [0, 2, 4, 7])).toBe(0);
    // channels are uncorrelated at mw = 0
    expect(exactCumulant(spec, pts, [0, 3])).toBe(0);
  });

  it('E[w^m] for w ~ N(mw, sw^2/N) (spec D.2/D.3)', () => {
    expect(weightMoment(2, 0, 1.5, 3)).toBeCloseTo(0.75, 15);
    expect(weightMoment(4, 0, 1, 2)).toBeCloseTo(0.75, 15);
    expect(weightMoment(6, 0, 1, 1)).toBeCloseTo(15, 13);
    expect(weightMoment(3, 0.3, 1, 3)).toBeCloseTo(0.027 + 3 * 0.3 * (1 / 3), 15);
  });
});

describe('all multisets at once (flat layout)', () => {
  it('counts: C(K + n - 1, n) per order; Bell numbers of terms per cumulant; 15 pairings of 6', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => setPartitions(n).length)).toEqual([1, 2, 5, 15, 52, 203, 877, 4140]);
    expect(pairings(6).length).toBe(15);
    const six = exactCorrelators(relu(2), [[0.2], [0.4], [0.6], [0.8], [1.0], [1.2]], 6);
    const sizes = (t: { orderOffsets: number[]; nMax: number }) => Array.from({ length: t.nMax }, (_, i) => t.orderOffsets[i + 2] - t.orderOffsets[i + 1]);
    expect(sizes(six)).toEqual([6, 21, 56, 126, 252, 462]);
    expect(six.cumulants.length).toBe(923);
    const four = exactCorrelators(erfNet(2), [[-1, -1], [-1, 1], [1, -1], [1, 1]].map((p) => [p[0] * 0.5]), 6);
    expect(sizes(four)).toEqual([4, 10, 20, 35, 56, 84]);
    expect(multisetCount(4, 6)).toBe(84);
  });

  it('agrees with exactCumulant / exactMoment on every multiset (means, two outputs)', () => {
    const spec: NetworkSpec = { activation: 'erf', width: 3, dIn: 1, dOut: 2, sw: 1, sb: 1, mw: 0.3, mb: 0.2 };
    const pts = [[-0.6], [0.2], [1.0]];
    const t = exactCorrelators(spec, pts, 4);
    expect(t.P).toBe(6);
    for (let n = 1; n <= 4; n++) {
      forEachMultiset(6, n, (idx) => {
        const i = Array.from(idx);
        const s = flatIndex(6, i);
        expect(t.cumulants[s]).toBeCloseTo(exactCumulant(spec, pts, i), 12);
        expect(t.moments[s]).toBeCloseTo(exactMoment(spec, pts, i), 12);
      });
    }
  });

  it('orders up to 8 for 6 points: spot checks against exactCumulant', () => {
    const pts = [[-1], [-0.6], [-0.2], [0.2], [0.6], [1.0]];
    const t = exactCorrelators(erfNet(2), pts, 8);
    expect(t.cumulants.length).toBe(3002);
    for (const i of [[0, 1, 2, 3, 4, 5, 5, 5], [0, 0, 0, 0, 0, 0, 0, 0], [1, 2, 2, 3, 3, 4, 4, 5], [2, 3, 5, 5, 5]]) {
      expect(t.cumulants[flatIndex(6, i)]).toBeCloseTo(exactCumulant(erfNet(2), pts, i), 12);
    }
    // kappa8 = C8 / N^3 at mw = 0
    const t5 = exactCorrelators(erfNet(5), pts, 8);
    const s = flatIndex(6, [0, 1, 2, 3, 4, 5, 5, 5]);
    expect(t5.cumulants[s] * 125).toBeCloseTo(t.cumulants[s] * 8, 11);
  });
});

describe('spec C.4 noise-free amplitudes (C4/G4_GP over sorted 4-tuples)', () => {
  const ratios = (act: Activation, sb: number, pts: number[][]) => {
    const t = exactCorrelators({ activation: act, width: 1, dIn: pts[0].length, sw: 1, sb }, pts, 4);
    const K = pts.length;
    const k2 = (a: number, b: number): number => t.cumulants[flatIndex(K, [a, b])];
    const out: number[] = [];
    forEachMultiset(K, 4, (idx) => {
      const i = Array.from(idx);
      const g = pairings(4).reduce((s, p) => s + p.reduce((q, [a, b]) => q * k2(i[a], i[b]), 1), 0);
      out.push(t.cumulants[flatIndex(K, i)] / g);
    });
    return { min: Math.min(...out), max: Math.max(...out), mean: out.reduce((a, b) => a + b, 0) / out.length, count: out.length };
  };
  const d1 = [[-1], [-0.6], [-0.2], [0.2], [0.6], [1.0]];
  const cube = [[-1, -1], [-1, 1], [1, -1], [1, 1]];
  const tetra = [[-1, -1, -1], [1, 1, -1], [-1, 1, 1], [1, -1, 1]];
  const rows: [string, Activation, number, number[][], number, number, number, number][] = [
    ['relu xset1A', 'relu', 0, [[0.2], [0.4], [0.6], [0.8], [1.0], [1.2]], 126, 5, 5, 5],
    ['erf xset1', 'erf', 1, d1, 126, 0, 0.1539, 0.05628],
    ['gauss xset2', 'gauss', 1, d1.map((p) => p.map((v) => v * 0.01)), 126, 13.4, 13.4, 13.4],
    ['relu xset3A', 'relu', 0, [[0.5, 0.5], [0.5, 1], [1, 0.5], [1, 1]], 35, 4.754, 5, 4.948],
    ['erf xset3', 'erf', 1, cube, 35, 0, 0.1539, 0.05231],
    ['relu xset5A', 'relu', 0, [[0.2, 0.2, 0.2], [1, 1, 0.2], [0.2, 1, 1], [1, 0.2, 1]], 35, 4.385, 5, 4.742],
    ['erf xset5', 'erf', 1, tetra, 35, 0.02633, 0.1248, 0.0514],
  ];
  const halfUnit = (v: number): number => {
    if (v === 0) return 1e-12;
    const s = v.toString();
    const decimals = s.includes('.') ? s.split('.')[1].length : 0;
    return 0.5 * 10 ** -decimals + 1e-12;
  };
  it.each(rows)('%s', (_name, act, sb, pts, count, min, max, mean) => {
    const r = ratios(act, sb, pts);
    expect(r.count).toBe(count);
    expect(Math.abs(r.min - min)).toBeLessThan(Math.max(halfUnit(min), 1e-12));
    expect(Math.abs(r.max - max)).toBeLessThan(halfUnit(max));
    expect(Math.abs(r.mean - mean)).toBeLessThan(halfUnit(mean));
  });
});

describe('bad input', () => {
  const pts = [[0.1], [0.5]];
  const cases: [string, () => unknown, string][] = [
    ['NaN point', () => exactCumulant(relu(2), [[NaN]], [0, 0]), 'points[0][0]'],
    ['width 0', () => exactCumulant(relu(0), pts, [0, 1]), 'spec.width'],
    ['negative width', () => exactCumulant(relu(-3), pts, [0, 1]), 'spec.width'],
    ['fractional width', () => exactCumulant(relu(2.5), pts, [0, 1]), 'spec.width'],
    ['order 0', () => exactCumulant(relu(2), pts, []), 'idx.length'],
    ['order 9', () => exactCumulant(relu(2), pts, [0, 0, 0, 0, 0, 1, 1, 1, 1]), 'idx.length'],
    ['component out of range', () => exactCumulant(relu(2), pts, [0, 2]), 'idx[1]'],
    ['non-integer component', () => exactMoment(relu(2), pts, [0.5, 1]), 'idx[0]'],
    ['mismatched point dimension', () => exactCumulant(relu(2), [[0.1], [0.5, 0.2]], [0, 1]), 'points[1].length'],
    ['point dimension != dIn', () => exactCumulant({ ...relu(2), dIn: 2 }, pts, [0, 1]), 'points[0].length'],
    ['no points', () => exactCumulant(relu(2), [], [0]), 'points.length'],
    ['bad dOut', () => exactCumulant({ ...relu(2), dOut: 0 }, pts, [0]), 'spec.dOut'],
    ['bad activation', () => exactCumulant({ ...relu(2), activation: 'swish' as 'relu' }, pts, [0]), 'spec.activation'],
    ['negative sb', () => exactCumulant({ ...relu(2), sb: -1 }, pts, [0]), 'spec.sb'],
    ['nMax 0', () => exactCorrelators(relu(2), pts, 0), 'nMax'],
    ['nMax 9', () => exactCorrelators(relu(2), pts, 9), 'nMax'],
    ['bad options', () => exactCumulant(relu(2), pts, [0], { nodes: -1 }), 'options.nodes'],
  ];
  it.each(cases)('%s throws NnftInputError naming the field', (_name, fn, field) => expectInputError(fn, field));

  it('a FiniteWidthTheory validates its spec once and can be reused', () => {
    const th = new FiniteWidthTheory(relu(2));
    expect(th.spec.dOut).toBe(1);
    expect(th.cumulant([[-1]], [0, 0, 0, 0])).toBeCloseTo(7.5, 12);
    expect(() => new FiniteWidthTheory(null as unknown as NetworkSpec)).toThrow(NnftInputError);
  });
});
