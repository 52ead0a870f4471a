// Locality diagnostics of spec F5: the cluster test on cos-net's connected 4-point function (G4 row 10)
// and the diagonal dominance / diameter profile / noise-level verdict of a lattice quartic coupling.
import { describe, expect, it } from 'vitest';
import { clusterTest, couplingLocality } from '../../src/locality/index.js';
import { sample } from '../../src/index.js';
import { forEachMultiset, multisetCount } from '../../src/stats/multiset.js';
import { jackknifeReplicates } from '../../src/stats/jackknife.js';
import { SeededRandom } from '../../src/symmetry/random.js';
import { expectInputError } from '../support/errors.js';
import { Z_MAX } from '../tolerance.js';

/** A coupling over `sites` measured on 32 blocks: `g` plus independent normal noise of size `noise` per block. */
function measuredCoupling(P: number, g: (idx: Int32Array) => number, noise: number, seed: number) {
  const q = multisetCount(P, 4);
  const rng = new SeededRandom(seed);
  const truth = new Float64Array(q);
  forEachMultiset(P, 4, (idx, rank) => {
    truth[rank] = g(idx);
  });
  const blocks = Array.from({ length: 32 }, () => ({ count: 1, sums: truth.map((v) => v + noise * rng.normal()) }));
  return jackknifeReplicates(blocks, (m) => m);
}

describe('cluster test', () => {
  it('G4 row 10: cos-net 1/N term G_c(0,0,20,20)/G_c(0,0,0,0) = 0.762 within 3 standard errors, verdict non-local', async () => {
    const r = await sample({ arch: 'cos-net', width: 10, points: [0, 20], hyper: { m: 1, lambda: 8 }, networks: 200_000, orders: [4], seed: 21, threads: 2 });
    const t = clusterTest(r, [0, 0, 0, 0], [{ r: 20, idx: [0, 0, 1, 1] }]);
    const [p] = t.profile;
    expect(Math.abs(p.ratio - 1.6963 / 2.2265) / p.se, `R(20) = ${p.ratio} ± ${p.se}`).toBeLessThan(3);
    expect(p.se).toBeLessThan(0.1);
    expect(t.verdict).toBe('non-local');
  });
});

describe('coupling locality', () => {
  const sites = [0, 1, 2, 3];
  const local = (idx: Int32Array) => (idx[0] === idx[3] ? 0.3 : 0);

  it('a coupling diagonal up to noise is local; L carries an error and the profile sits at diameter 0', () => {
    const g = measuredCoupling(4, local, 0.01, 3);
    const res = couplingLocality(g, sites);
    expect(res.verdict).toBe('local');
    expect(res.beyondRange.entries).toBe(multisetCount(4, 4) - 4);
    expect(res.diagonalDominance.se).toBeGreaterThan(0);
    expect(res.profile.map((b) => b.diameter)).toEqual([0, 1, 2, 3]);
    // the diagonal bin holds the four couplings 0.3
    expect(Math.abs(res.profile[0].value - 1.2) / res.profile[0].se).toBeLessThan(Z_MAX);
  });

  it('a separated coupling above the noise is non-local, whatever L', () => {
    const g = measuredCoupling(4, (idx) => local(idx) + (idx[0] === 0 && idx[1] === 0 && idx[2] === 3 && idx[3] === 3 ? 0.05 : 0), 0.01, 3);
    const res = couplingLocality(g, sites);
    expect(res.verdict).toBe('non-local');
    // the same coupling is local when range 3 admits every tuple
    expect(couplingLocality(g, sites, { range: 3 }).verdict).toBe('local');
  });

  it('bad input is a typed error naming the field', () => {
    const g = measuredCoupling(3, local, 0.01, 4);
    expectInputError(() => couplingLocality(g, [0, 1]), 'g');
    expectInputError(() => couplingLocality({ ...g, replicates: g.replicates.slice(0, 2) }, [0, 1, 2]), 'g.replicates');
    expectInputError(() => couplingLocality(g, [0, 1, Number.NaN]), 'sites[2]');
    expectInputError(() => couplingLocality(g, [0, 1, 2], { alpha: 2 }), 'alpha');
  });
});
