import { describe, expect, it } from 'vitest';
import { runFreeTheory } from '../../src/experiments/free-theory.js';
import { sample } from '../../src/index.js';

describe('the free-theory experiment (reduced sweep)', () => {
  it('finds m_4 falling as 1/N for relu-net and erf-net (slope -1 within the spec\'s 0.10) and every connected G4 within |z| < 4 of the exact theory', async () => {
    const steps: number[] = [];
    const r = await runFreeTheory({
      sampler: sample, archs: ['relu-net', 'erf-net'], dIns: [1], widths: [2, 5, 10, 50], networks: 100_000, threads: 2, seed: 3,
      onStep: (s) => steps.push(s.index),
    });
    expect(steps).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(r.panels.map((p) => p.pointSet)).toEqual(['xset1A', 'xset1']);
    for (const p of r.panels) {
      expect(p.slopes.m4, `${p.arch}: no widths above the background`).not.toBeNull();
      expect(Math.abs(p.slopes.m4!.slope + 1), `${p.arch} slope ${p.slopes.m4!.slope}`).toBeLessThan(0.1);
      for (const w of p.widths) expect(w.exact['4'].maxAbsZ, `${p.arch} N=${w.width}`).toBeLessThan(4);
    }
    // relu-net on xset1A: C4/G4_GP = 5 on every tuple (spec C.4), so N m_4 = 5 where the signal dominates
    for (const w of r.panels[0].widths) {
      const se = w.deviation['4'].background / Math.sqrt(9);
      expect(Math.abs(w.deviation['4'].mAri - 5 / w.width) / se).toBeLessThan(4);
    }
  });
});

describe('the free-theory experiment\'s inputs', () => {
  it('are all checked before any width runs: an unknown d_in, a bad width or too few networks', async () => {
    let ran = 0;
    const sampler = async () => {
      ran++;
      throw new Error('must not run');
    };
    await expect(runFreeTheory({ sampler, archs: ['relu-net'], dIns: [1, 4] })).rejects.toMatchObject({ field: 'arch' });
    await expect(runFreeTheory({ sampler, archs: ['relu-net'], dIns: [1], widths: [2, 0] })).rejects.toMatchObject({ field: 'widths[1]' });
    await expect(runFreeTheory({ sampler, archs: ['relu-net'], dIns: [1], networks: 10 })).rejects.toMatchObject({ field: 'networks' });
    await expect(runFreeTheory({ sampler, archs: ['tanh-net'] })).rejects.toMatchObject({ field: 'arch' });
    expect(ran).toBe(0);
  });
});
