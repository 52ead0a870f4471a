import { describe, expect, it } from 'vitest';
import { eftKernel } from '../../src/eft/kernel.js';
import { fitQuartic, perTupleCouplings } from '../../src/eft/quartic.js';
import { codeReachesTuple, SIX_POINT_SPLITS, sixPointExchange, sixPointPrediction } from '../../src/eft/six-point.js';
import { kernelProductIntegrals } from '../../src/eft/vertex-integrals.js';
import { listMultisets, multisetCount, orderOffset, rankMultiset } from '../../src/stats/multiset.js';
import { exactCorrelators } from '../../src/theory/finite-width.js';
import { gpMoments } from '../../src/theory/gp-moments.js';
import { expectInputError } from '../support/errors.js';

describe('the 6-point function at first order in lambda (spec E.4)', () => {
  it('sums 15 splits of six legs into a pair and a quadruple, each covering every leg once', () => {
    expect(SIX_POINT_SPLITS).toHaveLength(15);
    for (const s of SIX_POINT_SPLITS) expect([...s.pair, ...s.quad].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(new Set(SIX_POINT_SPLITS.map((s) => s.pair.join())).size).toBe(15);
  });

  it("reaches 132 of the 462 sorted 6-tuples of 6 points in the code's loops (t_k >= k)", () => {
    expect(listMultisets(6, 6).filter(codeReachesTuple)).toHaveLength(132);
  });

  it('matches a hand computation on two points: (0,0,0,1,1,1) gets 3 K00 I(0111) + 3 K11 I(0001) + 9 K01 I(0011)', () => {
    // legs 0-2 are point 0 and legs 3-5 point 1: a pair inside {0,1,2} leaves quad (0,1,1,1) (3 ways),
    // inside {3,4,5} leaves (0,0,0,1) (3 ways), and a mixed pair leaves (0,0,1,1) (9 ways)
    const pair = [[2, 0.5], [0.5, 3]];
    const I4 = new Float64Array(5); // (0000) (0001) (0011) (0111) (1111)
    I4.set([7, 11, 13, 17, 19]);
    const gp6 = Float64Array.from({ length: 7 }, (_, r) => 100 + r);
    const lambdaCode = 0.01;
    const pred = sixPointPrediction({ K: 2, gp6, pair, I4, lambdaCode });
    const r = rankMultiset(2, [0, 0, 0, 1, 1, 1]);
    expect(pred[r]).toBeCloseTo(gp6[r] + 24 * lambdaCode * (3 * 2 * 17 + 3 * 3 * 11 + 9 * 0.5 * 13), 12);
    // (0,0,0,0,0,0): every split gives K00 I(0000)
    expect(pred[0]).toBeCloseTo(gp6[0] + 24 * lambdaCode * 15 * 2 * 7, 12);
  });

  it('gives relu-net (sb = 0, N = 20, d_in = 1) G6_GP/G6 = 0.5376 and G6_pred/G6 = 0.9409 on every tuple at every cutoff, and 0.653 for the code\'s subset, from the exact correlators', () => {
    const points = [0.2, 0.4, 0.6, 0.8, 1.0, 1.2].map((x) => [x]);
    const k = eftKernel('relu-net', { dIn: 1 });
    const exact = exactCorrelators({ activation: 'relu', width: 20, dIn: 1, sw: 1, sb: 0 }, points, 6);
    const o4 = orderOffset(6, 4);
    const o6 = orderOffset(6, 6);
    const k4 = exact.cumulants.subarray(o4, o4 + multisetCount(6, 4));
    const g6 = exact.moments.subarray(o6, o6 + 462);
    const K = points.map((x) => points.map((y) => k.k(x, y)));
    const gp6 = gpMoments(K, 6).subarray(o6, o6 + 462);
    for (let t = 0; t < 462; t++) expect(gp6[t] / g6[t]).toBeCloseTo(1.875 / 3.4875, 12);
    for (const L of [7, 1000, 1e5]) {
      const I4 = kernelProductIntegrals(k, points, 4, L);
      const lambdaCode = fitQuartic(k4, I4).lambda.code;
      const pred = sixPointPrediction({ K: 6, gp6, pair: K, I4, lambdaCode });
      for (let t = 0; t < 462; t++) expect(pred[t] / g6[t]).toBeCloseTo(3.28125 / 3.4875, 11);
      // the code's variant: pair factor Kt (= K here), lambda = mean of per-tuple lambdas, 132 tuples
      const lamBar = perTupleCouplings(k4, I4).reduce((s, c) => s + c.code, 0) / k4.length;
      const code = sixPointPrediction({ K: 6, gp6, pair: K, I4, lambdaCode: lamBar }, { tuples: 'code' });
      const mean = code.reduce((s, v, t) => s + v / g6[t], 0) / 462;
      expect(mean).toBeCloseTo((132 * 0.9408602150537634 + 330 * 0.5376344086021505) / 462, 11);
      expect(mean).toBeCloseTo(0.653, 3);
    }
  });

  it("changes one term by x5/x4 with the code's duplicated leg (relu-net, every term proportional to the product of the points)", () => {
    const points = [0.2, 0.4, 0.6, 0.8, 1.0, 1.2].map((x) => [x]);
    const k = eftKernel('relu-net', { dIn: 1 });
    const pair = points.map((x) => points.map((y) => k.kt(x, y)));
    const I4 = kernelProductIntegrals(k, points, 4, 7);
    const plain = sixPointExchange({ K: 6, pair, I4 });
    const dup = sixPointExchange({ K: 6, pair, I4 }, { duplicatedLeg: true });
    for (const [r, t] of listMultisets(6, 6).entries()) {
      expect(dup[r] / plain[r]).toBeCloseTo((14 + points[t[4]][0] / points[t[3]][0]) / 15, 12);
    }
  });

  it('refuses inputs of the wrong shape, naming the field', () => {
    const I4 = new Float64Array(5);
    expectInputError(() => sixPointPrediction({ K: 2, gp6: new Float64Array(6), pair: [[1, 0], [0, 1]], I4, lambdaCode: 1 }), 'gp6');
    expectInputError(() => sixPointPrediction({ K: 2, gp6: new Float64Array(7), pair: [[1, 0]], I4, lambdaCode: 1 }), 'pair');
    expectInputError(() => sixPointPrediction({ K: 2, gp6: new Float64Array(7), pair: [[1, 0], [0, 1]], I4: new Float64Array(4), lambdaCode: 1 }), 'I4');
    expectInputError(() => sixPointPrediction({ K: 2, gp6: new Float64Array(7), pair: [[1, 0], [0, 1]], I4, lambdaCode: NaN }), 'lambdaCode');
  });
});
