import { describe, expect, it } from 'vitest';
import { jackknife, jackknifeReplicates, type JackknifeBlock } from '../../src/stats/jackknife.js';
import { expectInputError } from '../support/errors.js';

const block = (count: number, ...sums: number[]): JackknifeBlock => ({ count, sums: Float64Array.from(sums) });

describe('jackknife replicates', () => {
  it('are the leave-one-block-out means: block means 1, 2, 4, 5 give 11/3, 10/3, 8/3, 7/3 and factor 3/4', () => {
    const r = jackknifeReplicates([block(2, 2), block(2, 4), block(2, 8), block(2, 10)], (m) => m);
    expect(r.value).toEqual(Float64Array.of(3));
    r.replicates.forEach((t, b) => expect(t[0]).toBeCloseTo([11 / 3, 10 / 3, 8 / 3, 7 / 3][b], 14));
    expect(r.factor).toBe(0.75);
  });

  it('give back the standard errors of jackknife(): se^2 = factor * sum (theta_b - thetabar)^2', () => {
    const blocks = [block(3, 1, 4), block(2, 5, 1), block(4, 2, 2), block(3, 7, 0), block(0, 0, 0)];
    const ratio = (m: Float64Array) => Float64Array.of(m[1] / m[0], m[0] * m[1]);
    const ref = jackknife(blocks, ratio);
    const r = jackknifeReplicates(blocks, ratio);
    expect(r.replicates.length).toBe(4); // the empty block is skipped
    for (let j = 0; j < 2; j++) {
      const m = r.replicates.reduce((s, t) => s + t[j], 0) / 4;
      const se = Math.sqrt(r.factor * r.replicates.reduce((s, t) => s + (t[j] - m) ** 2, 0));
      expect(se).toBeCloseTo(ref.se[j], 14);
    }
    expect(r.value).toEqual(ref.value);
  });

  it('need two non-empty blocks, and reject malformed blocks as jackknife() does', () => {
    expectInputError(() => jackknifeReplicates([block(2, 1), block(0, 0)], (m) => m), 'blocks');
    expectInputError(() => jackknifeReplicates([block(-1, 1), block(1, 1)], (m) => m), 'blocks[0].count');
  });
});
