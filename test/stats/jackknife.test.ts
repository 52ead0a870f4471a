import { describe, expect, it } from 'vitest';
import { NnftInputError } from '../../src/errors.js';
import { jackknife, type JackknifeBlock } from '../../src/stats/jackknife.js';
import { expectInputError } from '../support/errors.js';

const block = (count: number, ...sums: number[]): JackknifeBlock => ({ count, sums: Float64Array.from(sums) });
const identity = (mean: Float64Array): Float64Array => mean;


describe('jackknife of the mean', () => {
  it('equals the batch-means standard error: block means 1, 2, 4, 5 of 2 samples each give 3 ± sqrt(5/6)', () => {
    // Batch means: mean 3, squared deviations 4 + 1 + 1 + 4 = 10, se^2 = 10 / (B (B - 1)) = 10 / 12.
    const r = jackknife([block(2, 2), block(2, 4), block(2, 8), block(2, 10)], identity);
    expect(r.value).toEqual(Float64Array.of(3));
    expect(r.se[0]).toBeCloseTo(Math.sqrt(5 / 6), 14);
  });

  it('handles each component of a vector of sums on its own', () => {
    // second component: block means 0, 0, 0, 4 -> mean 1, deviations 1+1+1+9 = 12, se^2 = 12/12 = 1
    const r = jackknife([block(2, 2, 0), block(2, 4, 0), block(2, 8, 0), block(2, 10, 8)], identity);
    expect(r.value).toEqual(Float64Array.of(3, 1));
    expect(r.se[0]).toBeCloseTo(Math.sqrt(5 / 6), 14);
    expect(r.se[1]).toBeCloseTo(1, 14);
  });

  it('matches the batch-means formula on 50 random blocks of equal size', () => {
    let seed = 12345;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const blocks = Array.from({ length: 50 }, () => block(10, 10 * next()));
    const means = blocks.map((b) => b.sums[0] / 10);
    const grand = means.reduce((a, b) => a + b, 0) / 50;
    const batchSe = Math.sqrt(means.reduce((a, m) => a + (m - grand) ** 2, 0) / (50 * 49));
    const r = jackknife(blocks, identity);
    expect(r.value[0]).toBeCloseTo(grand, 14);
    expect(r.se[0]).toBeCloseTo(batchSe, 14);
  });

  it('weights blocks by their counts: (count 1, sum 0) and (count 3, sum 6) give mean 6/4 = 1.5', () => {
    // replicates: drop block 0 -> 6/3 = 2, drop block 1 -> 0/1 = 0; mean 1; se^2 = (1/2)(1 + 1) = 1
    const r = jackknife([block(1, 0), block(3, 6)], identity);
    expect(r.value[0]).toBe(1.5);
    expect(r.se[0]).toBe(1);
  });
});

describe('jackknife with empty or too few blocks', () => {
  it('ignores blocks with count 0 (the result is as if they were absent)', () => {
    const base = [block(2, 2), block(2, 4), block(2, 8), block(2, 10)];
    const r = jackknife([block(0, 0), base[0], base[1], block(0, 0), base[2], base[3], block(0, 0)], identity);
    const ref = jackknife(base, identity);
    expect(r.value).toEqual(ref.value);
    expect(r.se).toEqual(ref.se);
  });

  it('returns the value and se = NaN with a single non-empty block', () => {
    const r = jackknife([block(0, 0, 0), block(4, 8, 12)], identity);
    expect(r.value).toEqual(Float64Array.of(2, 3));
    expect(Number.isNaN(r.se[0]) && Number.isNaN(r.se[1])).toBe(true);
  });

  it('calls the estimator once per non-empty block, plus once for the value', () => {
    let calls = 0;
    jackknife([block(1, 1), block(0, 0), block(1, 2), block(1, 3)], (m) => {
      calls++;
      return m;
    });
    expect(calls).toBe(4);
  });
});

describe('jackknife of a nonlinear estimator', () => {
  it('gives the ratio y/x on (x, y) = (1, 1), (1, 2), (2, 3) as 1.5 ± 1/sqrt(27)', () => {
    // Totals (4, 6): value 6/4 = 1.5. Replicates 5/3, 4/3, 3/2 (mean 1.5), deviations 1/6, -1/6, 0:
    // se^2 = (2/3) (1/36 + 1/36) = 1/27.
    const r = jackknife([block(1, 1, 1), block(1, 1, 2), block(1, 2, 3)], (m) => Float64Array.of(m[1] / m[0]));
    expect(r.value).toEqual(Float64Array.of(1.5));
    expect(r.se[0]).toBeCloseTo(1 / Math.sqrt(27), 14);
  });

  it('gives the plug-in variance m2 - m1^2 of samples 0, 0, 3, 3 as 2.25 with se 0 (every replicate is 2)', () => {
    // sums (x, x^2): totals (6, 18), C = 4: value 18/4 - (6/4)^2 = 2.25.
    // drop a 0: (6, 18)/3 -> 6 - 4 = 2; drop a 3: (3, 9)/3 -> 3 - 1 = 2. All replicates 2: se = 0.
    const r = jackknife([block(1, 0, 0), block(1, 0, 0), block(1, 3, 9), block(1, 3, 9)], (m) => Float64Array.of(m[1] - m[0] * m[0]));
    expect(r.value).toEqual(Float64Array.of(2.25));
    expect(r.se).toEqual(Float64Array.of(0));
  });

  it('accepts an estimator that returns one reused buffer', () => {
    const buf = new Float64Array(1);
    const r = jackknife([block(1, 1, 1), block(1, 1, 2), block(1, 2, 3)], (m) => {
      buf[0] = m[1] / m[0];
      return buf;
    });
    expect(r.value).toEqual(Float64Array.of(1.5));
    expect(r.value).not.toBe(buf);
    expect(r.se[0]).toBeCloseTo(1 / Math.sqrt(27), 14);
  });
});

describe('bad input', () => {
  it('rejects an empty or non-array blocks, naming blocks', () => {
    expectInputError(() => jackknife([], identity), 'blocks');
    expectInputError(() => jackknife(null as unknown as JackknifeBlock[], identity), 'blocks');
  });

  it('rejects blocks that are all empty, naming blocks', () => {
    expectInputError(() => jackknife([block(0, 0), block(0, 0)], identity), 'blocks');
  });

  it.each([-1, Number.NaN, Infinity, '2'])('rejects count = %s, naming blocks[1].count', (count) => {
    expectInputError(() => jackknife([block(1, 1), { count: count as number, sums: Float64Array.of(1) }], identity), 'blocks[1].count');
  });

  it('rejects sums that are not Float64Arrays or differ in length', () => {
    expectInputError(() => jackknife([block(1, 1), { count: 1, sums: [1] as unknown as Float64Array }], identity), 'blocks[1].sums');
    expectInputError(() => jackknife([block(1, 1, 2), block(1, 1)], identity), 'blocks[1].sums.length');
    expectInputError(() => jackknife([block(1)], identity), 'blocks[0].sums.length');
  });

  it('rejects a non-function estimator and an estimator whose output length changes', () => {
    expectInputError(() => jackknife([block(1, 1)], 3 as unknown as typeof identity), 'estimator');
    let calls = 0;
    expectInputError(() => jackknife([block(1, 1), block(1, 2)], () => new Float64Array(++calls)), 'estimator');
    expectInputError(() => jackknife([block(1, 1), block(1, 2)], () => [1] as unknown as Float64Array), 'estimator');
  });
});
