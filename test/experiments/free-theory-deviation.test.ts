// The deviation measures on real ensembles: relu-net on the paper's xset1A, where the exact
// finite-width theory says G4 - G4_GP = C4/N with C4/G4_GP = 5 on every tuple (spec C.4).
import { describe, expect, it } from 'vitest';
import { getArchitecture } from '../../src/arch/index.js';
import { deviationStats } from '../../src/experiments/deviation.js';
import { POINT_SETS } from '../../src/experiments/point-sets.js';
import { sample } from '../../src/index.js';
import { gpMoments } from '../../src/theory/gp-moments.js';
import { Z_MAX } from '../tolerance.js';

describe('m_4 of relu-net on xset1A', () => {
  it.each(['direct', 'conditional'] as const)('equals 5/N at N = 10, and every tuple deviates alike (%s estimator, 10 chunks)', async (estimator) => {
    const points = POINT_SETS.xset1A.map((p) => [...p]);
    const width = 10;
    const r = await sample({ arch: 'relu-net', width, points, networks: 1_000_000, orders: [4], seed: 99, threads: 2, blocks: 10, estimator });
    const arch = getArchitecture('relu-net');
    const shape = { ...r.header.ensemble };
    const K = points.map((x) => points.map((y) => arch.kernel!(x, y, shape)));
    const gp = gpMoments(K, 4);
    const chunks = r.accumulator.blocks().map((b) => ({ count: b.n1 - b.n0, sums: b.sums }));
    const s = deviationStats(chunks, gp, points.length, 4);
    // the standard error of the full-sample deviation, from the 10-chunk spread (ddof = 0): b / sqrt(10 - 1)
    const se = s.background / Math.sqrt(9);
    expect(Math.abs(s.mAri - 5 / width) / se, `m4 = ${s.mAri} ± ${se}`).toBeLessThan(Z_MAX);
    const spread = Math.max(...s.deviation) - Math.min(...s.deviation);
    expect(spread / s.mAri).toBeLessThan(1e-4);
  });
});
