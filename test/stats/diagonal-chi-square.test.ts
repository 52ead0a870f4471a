// The correlation-matched diagonal chi-squared: its null distribution on simulated Gaussian blocks
// (independent and strongly correlated entries, more entries than blocks) and its power.
import { describe, expect, it } from 'vitest';
import { DiagonalChiSquare } from '../../src/stats/diagonal-chi-square.js';
import { SeededRandom } from '../../src/symmetry/random.js';
import { expectInputError } from '../support/errors.js';
import { Z_MAX } from '../tolerance.js';

/** p-value of one simulated test: B blocks of q entries, 3 common factors of weight `factor`, true mean `shift`. */
function simulate(rng: SeededRandom, q: number, B: number, factor: number, shift = 0): number {
  const loads = Array.from({ length: 3 }, () => Array.from({ length: q }, () => rng.normal()));
  const ys = Array.from({ length: B }, () => {
    const f = [rng.normal(), rng.normal(), rng.normal()];
    return Array.from({ length: q }, (_, i) => factor * (f[0] * loads[0][i] + f[1] * loads[1][i] + f[2] * loads[2][i]) + rng.normal() + shift);
  });
  const t = new DiagonalChiSquare(B, (B - 1) / B);
  const reps = new Float64Array(B);
  for (let i = 0; i < q; i++) {
    const total = ys.reduce((s, y) => s + y[i], 0);
    for (let b = 0; b < B; b++) reps[b] = (total - ys[b][i]) / (B - 1);
    t.add(total / B, reps);
  }
  return t.result().pValue;
}

describe('the diagonal chi-squared with a correlation-matched null', () => {
  it.each([
    { q: 5, factor: 0, what: 'few independent entries' },
    { q: 100, factor: 0, what: 'many independent entries (q > B)' },
    { q: 100, factor: 3, what: 'many strongly correlated entries' },
  ])('has p-values close to uniform under the null: $what (300 simulated runs of 32 blocks)', ({ q, factor }) => {
    const rng = new SeededRandom(17 + q + factor);
    const runs = 300;
    const ps = Array.from({ length: runs }, () => simulate(rng, q, 32, factor));
    for (const level of [0.5, 0.1]) {
      const k = ps.filter((p) => p < level).length;
      const z = (k - runs * level) / Math.sqrt(runs * level * (1 - level));
      expect(Math.abs(z), `rejections at ${level}: ${k}/${runs}`).toBeLessThan(Z_MAX);
    }
  });

  it('detects a shift of 0.3 block standard deviations (1.7 standard errors) in each of 100 independent entries', () => {
    const rng = new SeededRandom(5);
    expect(simulate(rng, 100, 32, 0, 0.3)).toBeLessThan(1e-6);
  });

  it('leaves out entries that are exact (zero error) and reports them', () => {
    const t = new DiagonalChiSquare(4, 0.75);
    t.add(0, [0, 0, 0, 0], 1);
    t.add(0.5, [0.4, 0.6, 0.5, 0.5]);
    const r = t.result();
    expect(r.entries).toBe(1);
    expect(r.exactEntries).toBe(1);
  });

  it('rejects too few blocks and replicate vectors of the wrong length', () => {
    expectInputError(() => new DiagonalChiSquare(3, 2 / 3), 'blocks');
    expectInputError(() => new DiagonalChiSquare(4, 0.75).add(1, [1, 2]), 'replicates');
  });
});
