// The reconstruction on a sampled ensemble: finite-width Cos-net (spec actions-symmetry F1, F3, F5;
// d = 1, m = 1, Lambda = 8, N = 10) on the lattice 0, 0.5, ..., 2.5. Its quartic coupling, with
// jackknife errors from the run's blocks, is held against the coupling reconstructed from the exact
// finite-width G and kappa_4 (N kappa_4 = E[a^4] E[h h h h] - (E[a^2])^2 (E[hh] E[hh] + 2 more)), and
// it is non-local: couplings between sites further apart than the lattice spacing do not vanish.
import { describe, expect, it } from 'vitest';
import { reconstructAction, reconstructActionFromCorrelators } from '../../src/action/index.js';
import { getArchitecture } from '../../src/arch/index.js';
import { sample, type SampleOptions } from '../../src/index.js';
import { couplingLocality } from '../../src/locality/index.js';
import { planSample } from '../../src/sample/sampler.js';
import { DiagonalChiSquare } from '../../src/stats/diagonal-chi-square.js';
import { multisetCount, orderOffset } from '../../src/stats/multiset.js';
import { exactCorrelators } from '../../src/theory/finite-width.js';
import { Z_MAX } from '../tolerance.js';

const POINTS = [0, 0.5, 1, 1.5, 2, 2.5];
const P = POINTS.length;
const OPTIONS: SampleOptions = { arch: 'cos-net', width: 10, points: POINTS, hyper: { m: 1, lambda: 8 }, networks: 200_000, orders: [4], seed: 5, threads: 2 };

/** The couplings reconstructed from the exact finite-width correlators of the same ensemble. */
function exactAction() {
  const e = planSample(OPTIONS).header.ensemble;
  const c = exactCorrelators({ neurons: getArchitecture('cos-net').neurons!(e), width: e.width, dIn: 1, sw: e.sw, sb: e.sb }, POINTS.map((x) => [x]), 4).cumulants;
  const G = new Float64Array(P * P);
  let rank = orderOffset(P, 2);
  for (let i = 0; i < P; i++) for (let j = i; j < P; j++) G[i * P + j] = G[j * P + i] = c[rank++];
  const kappa4 = c.slice(orderOffset(P, 4), orderOffset(P, 4) + multisetCount(P, 4));
  return reconstructActionFromCorrelators({ G, kappa4 }, { orders: [2, 4] });
}

describe('finite-width Cos-net (N = 10) reconstructed on a lattice of spacing 0.5', async () => {
  const r = await sample(OPTIONS);
  const a = reconstructAction(r, { orders: [2, 4] });
  const want = exactAction();
  const g4 = a.g4!;

  it('uses the run: G is its connected 2-point function, 32 blocks, the points as sites, a well-conditioned G', () => {
    expect(a.G[1]).toBe(r.connected(0, 1));
    expect(a.blocks).toBe(r.header.blocks);
    expect(a.sites).toEqual(POINTS.map((x) => [x]));
    expect(a.conditionNumber).toBeLessThan(100);
    expect(a.warnings).toEqual([]);
  });

  it('g4 agrees with the exact finite-width prediction: every diagonal entry within Z_MAX errors, all 126 entries by a correlated chi-squared', () => {
    for (let i = 0; i < P; i++) {
      const z = (g4.at(i, i, i, i) - want.g4!.at(i, i, i, i)) / g4.seAt(i, i, i, i);
      expect(Math.abs(z), `g4(${i}${i}${i}${i}) = ${g4.at(i, i, i, i)} ± ${g4.seAt(i, i, i, i)} vs ${want.g4!.at(i, i, i, i)}`).toBeLessThan(Z_MAX);
    }
    const chi = new DiagonalChiSquare(g4.replicates.length, g4.factor);
    g4.value.forEach((v, i) => chi.add(v - want.g4!.value[i], g4.replicates.map((rep) => rep[i] - want.g4!.value[i]), Math.abs(v)));
    const res = chi.result();
    expect(res.entries).toBe(multisetCount(P, 4));
    expect(res.pValue, `chi-squared ${res.statistic} on ${res.dof} effective degrees of freedom`).toBeGreaterThan(1e-3);
  });

  it('g2 agrees with the exact prediction entry by entry', () => {
    a.g2!.value.forEach((v, i) => expect(Math.abs(v - want.g2!.value[i]) / a.g2!.se![i]).toBeLessThan(Z_MAX));
  });

  it("is non-local: g4(0,0,2.5,2.5) is far from 0, and couplingLocality's verdict is 'non-local' even admitting diameters up to 1", () => {
    expect(Math.abs(g4.at(0, 0, 5, 5) / g4.seAt(0, 0, 5, 5))).toBeGreaterThan(10 * Z_MAX);
    expect(couplingLocality(g4, a.sites!, { range: 1 }).verdict).toBe('non-local');
  });
});
