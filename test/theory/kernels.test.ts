import { describe, expect, it } from 'vitest';
import { NnftInputError } from '../../src/errors.js';
import { connectedTwoPoint, gpKernel, outputMean, quadratureKernel, twoPointMoment } from '../../src/theory/kernels.js';
import { erf } from '../../src/theory/special.js';
import { B3_PRINT_TOL, B3_ROWS, CLOSED_FORM_TOL, KERNEL_WITH_MEANS, RELU_MEANS_KERNEL } from './references.js';
import { expectInputError } from '../support/errors.js';

describe('GP kernel values of spec table B.3', () => {
  it.each(B3_ROWS.map((r) => [r.arch, JSON.stringify(r.x), JSON.stringify(r.y), r.sw, r.sb, r] as const))(
    '%s K(%s, %s), sw = %s, sb = %s equals the formula column',
    (arch, _x, _y, sw, sb, row) => {
      const K = gpKernel(arch, row.x, row.y, { sw, sb });
      expect(Math.abs(K - row.printed)).toBeLessThan(B3_PRINT_TOL);
      // closed forms to 1e-9 (spec H); tanh (quadrature, GH n = 120) to 1e-9 against a fine composite rule
      expect(Math.abs(K - row.precise)).toBeLessThan(CLOSED_FORM_TOL);
      // symmetric in x, x' (the B.2 quadrature for tanh only to its accuracy)
      expect(gpKernel(arch, row.y, row.x, { sw, sb })).toBeCloseTo(K, arch === 'tanh' ? 9 : 14);
    },
  );

  it('tanh by B.2 quadrature: 1e-5 at n = 40..120 as the spec says, 40 vs 120 nodes differ by < 2e-6', () => {
    for (const row of B3_ROWS.filter((r) => r.arch === 'tanh')) {
      for (const n of [40, 80, 120]) expect(Math.abs(quadratureKernel('tanh', row.x, row.y, { sw: row.sw, sb: row.sb }, n) - row.printed)).toBeLessThan(1e-5);
      const d = quadratureKernel('tanh', row.x, row.y, {}, 40) - quadratureKernel('tanh', row.x, row.y, {}, 120);
      expect(Math.abs(d)).toBeLessThan(2e-6);
    }
  });

  it('quadrature kernel matches the closed forms where both exist', () => {
    const pts: [number[], number[]][] = [
      [[0.2], [0.6]],
      [[-1], [1]],
      [[0.5, 1], [1, 0.5]],
      [[0.3, -0.2, 0.9], [-0.4, 0.8, 0.1]],
    ];
    for (const [x, y] of pts) {
      // erf at n = 120: spec says all 6 printed digits; measured < 1e-12
      expect(Math.abs(quadratureKernel('erf', x, y, {}, 120) - gpKernel('erf', x, y))).toBeLessThan(1e-6);
      expect(Math.abs(quadratureKernel('erf', x, y, {}, 120) - gpKernel('erf', x, y))).toBeLessThan(1e-12);
      // gauss and linear are entire: Gauss-Hermite converges fast
      expect(Math.abs(quadratureKernel('gauss', x, y, { sw: 1.5, sb: 0.5 }, 60) - gpKernel('gauss', x, y, { sw: 1.5, sb: 0.5 }))).toBeLessThan(1e-12);
      expect(Math.abs(quadratureKernel('linear', x, y, { mw: 0.2, mb: -0.3 }, 4) - gpKernel('linear', x, y, { mw: 0.2, mb: -0.3 }))).toBeLessThan(1e-13);
      // relu has a kink: product Gauss-Hermite only reaches ~1e-4 (spec B.2: "do NOT use for relu")
      const err = Math.abs(quadratureKernel('relu', x, y, {}, 120) - gpKernel('relu', x, y));
      expect(err).toBeLessThan(5e-3);
    }
    expect(Math.abs(quadratureKernel('relu', [0.2], [1.0], {}, 120) - gpKernel('relu', [0.2], [1.0]))).toBeGreaterThan(1e-5);
  });

  it("method 'quadrature' and 'closed' select the evaluation; 'closed' refuses tanh", () => {
    expect(gpKernel('erf', [0.2], [0.6], {}, { method: 'quadrature', nodes: 120 })).toBeCloseTo(1.4603813089276132, 12);
    expect(gpKernel('erf', [0.2], [0.6], {}, { method: 'closed' })).toBeCloseTo(1.4603813089276132, 15);
    expect(() => gpKernel('tanh', [0.2], [0.6], {}, { method: 'closed' })).toThrow(NnftInputError);
    expect(() => gpKernel('relu', [0.2], [0.6], { mw: 0.1 }, { method: 'closed' })).toThrow(/non-zero means/);
  });

  // Spec B.1 writes the special case as K = sw^2 x x'/2; from its own general formula (v = sw^2 x^2
  // already carries one sw^2) it is sw^4 x x'/2, which equals the spec's form at sw = 1 (all its uses).
  it('relu closed form: guards at v = 0 and the sb = 0, d = 1 special case K = sw^4 x x\'/2 (x x\' > 0), 0 otherwise', () => {
    expect(gpKernel('relu', [0], [0.7], { sw: 1.3, sb: 0 })).toBe(0);
    expect(gpKernel('relu', [0], [0], { sw: 1, sb: 0 })).toBe(0);
    expect(gpKernel('relu', [0.4], [1.5], { sw: 1, sb: 0 })).toBeCloseTo((0.4 * 1.5) / 2, 15);
    expect(gpKernel('relu', [0.4], [1.5], { sw: 2, sb: 0 })).toBeCloseTo((16 * 0.4 * 1.5) / 2, 14);
    expect(gpKernel('relu', [-0.4], [1.5], { sw: 2, sb: 0 })).toBeCloseTo(0, 15);
    // collinear points: cos t rounding above 1 is clipped
    expect(gpKernel('relu', [0.1, 0.2], [0.3, 0.6], { sw: 1, sb: 0 })).toBeCloseTo((0.1 * 0.3 + 0.2 * 0.6) / 2 / 2, 15);
  });

  it('gauss-net (paper normalisation) is translation invariant and equals sb^2 + sw^2 at x = x\'', () => {
    const p = { sw: 1.2, sb: 0.7 };
    expect(gpKernel('gauss', [0.3, -0.1], [0.3, -0.1], p)).toBeCloseTo(0.49 + 1.44, 14);
    expect(gpKernel('gauss', [0.3, -0.1], [0.8, 0.4], p)).toBeCloseTo(gpKernel('gauss', [1.3, 0.9], [1.8, 1.4], p), 14);
  });

  it('a custom activation (z, v) => exp(z - v) reproduces gauss, and tanh as a function reproduces tanh', () => {
    const x = [0.2, -0.3];
    const y = [0.5, 0.1];
    expect(gpKernel((z, v) => Math.exp(z - v), x, y, { sw: 0.8, sb: 0.6 }, { nodes: 80 })).toBeCloseTo(gpKernel('gauss', x, y, { sw: 0.8, sb: 0.6 }), 12);
    expect(gpKernel((z) => Math.tanh(z), x, y)).toBe(gpKernel('tanh', x, y));
  });
});

describe('kernels with means: K, the connected 2-point function and the 2-point moment', () => {
  it('erf and tanh with mw, mb != 0 by quadrature match a fine composite rule', () => {
    const e = KERNEL_WITH_MEANS.erf;
    expect(Math.abs(gpKernel('erf', e.x, e.y, e.params) - e.value)).toBeLessThan(1e-12);
    const t = KERNEL_WITH_MEANS.tanh;
    expect(Math.abs(gpKernel('tanh', t.x, t.y, t.params) - t.value)).toBeLessThan(1e-9);
  });

  it('relu with means is integrated semi-analytically (mpmath reference)', () => {
    expect(Math.abs(gpKernel('relu', [-1], [0.6], { mw: 0.3, mb: 0.2 }) - RELU_MEANS_KERNEL)).toBeLessThan(1e-13);
  });

  it('linear and gauss with means have closed forms: c + mu mu\', exp(mu + mu\' + c - (v + v\')/2)', () => {
    const p = { sw: 1.1, sb: 0.9, mw: 0.3, mb: -0.2 };
    const x = [0.5, -0.4];
    const y = [1.2, 0.3];
    const mu = 0.3 * 0.1 - 0.2;
    const muP = 0.3 * 1.5 - 0.2;
    const v = 0.81 + (1.21 * 0.41) / 2;
    const vP = 0.81 + (1.21 * 1.53) / 2;
    const c = 0.81 + (1.21 * (0.6 - 0.12)) / 2;
    expect(gpKernel('linear', x, y, p)).toBeCloseTo(0.81 + 1.21 * (c + mu * muP), 14);
    expect(gpKernel('gauss', x, y, p)).toBeCloseTo(0.81 + 1.21 * Math.exp(mu + muP + c - (v + vP) / 2), 14);
  });

  it('kappa2 = sb^2 + sw^2 M12 + N mw^2 (M12 - M1 M2), E f = mb + N mw M1, G2 = kappa2 + E f E f\'', () => {
    // erf, spec D.5 setting: sw = sb = 1, mw = 0.3, mb = 0.2, N = 3
    const p = { sw: 1, sb: 1, mw: 0.3, mb: 0.2, width: 3 };
    const x = [-0.6];
    const y = [0.2];
    const M1 = erf(0.02 / Math.sqrt(1 + 2 * 1.36));
    const M2 = erf(0.26 / Math.sqrt(1 + 2 * 1.04));
    expect(outputMean('erf', x, p)).toBeCloseTo(0.2 + 3 * 0.3 * M1, 15);
    expect(Math.abs(outputMean('erf', x, p) - 0.21053)).toBeLessThan(5e-6); // spec D.5 k1(f0 x0)
    const K = gpKernel('erf', x, y, p);
    const M12 = K - 1;
    expect(connectedTwoPoint('erf', x, y, p)).toBeCloseTo(1 + M12 + 3 * 0.09 * (M12 - M1 * M2), 13);
    expect(twoPointMoment('erf', x, y, p)).toBeCloseTo(connectedTwoPoint('erf', x, y, p) + outputMean('erf', x, p) * outputMean('erf', y, p), 14);
  });

  it('with mw = 0 the connected 2-point function is K at every width; with mw = mb = 0 so is the moment', () => {
    for (const N of [1, 2, 10, 1000]) {
      expect(connectedTwoPoint('relu', [0.3], [-0.8], { mb: 0.4, width: N })).toBeCloseTo(gpKernel('relu', [0.3], [-0.8], { mb: 0.4 }), 13);
      expect(twoPointMoment('tanh', [0.3], [-0.8], { width: N })).toBe(gpKernel('tanh', [0.3], [-0.8]));
    }
    expect(twoPointMoment('linear', [1], [1], { mb: 1 })).toBeCloseTo(5, 14);
    expect(outputMean('linear', [2], { mb: 0.5 })).toBe(0.5);
  });

  it('mw != 0 requires the width', () => {
    expect(() => connectedTwoPoint('erf', [1], [1], { mw: 0.1 })).toThrow(NnftInputError);
    expect(() => outputMean('erf', [1], { mw: 0.1, width: 0 })).toThrow(/width/);
  });
});

describe('bad input', () => {
  const cases: [string, () => unknown, string][] = [
    ['NaN coordinate', () => gpKernel('relu', [NaN], [1]), 'x[0]'],
    ['Infinity coordinate', () => gpKernel('relu', [0.1], [Infinity]), 'y[0]'],
    ['mismatched dimensions', () => gpKernel('erf', [1, 2], [1]), 'y.length'],
    ['empty point', () => gpKernel('erf', [], []), 'x.length'],
    ['not a point', () => gpKernel('erf', 3 as unknown as number[], [1]), 'x'],
    ['unknown activation', () => gpKernel('sigmoid' as 'relu', [1], [1]), 'activation'],
    ['negative sw', () => gpKernel('erf', [1], [1], { sw: -1 }), 'params.sw'],
    ['NaN mb', () => gpKernel('erf', [1], [1], { mb: NaN }), 'params.mb'],
    ['bad nodes', () => gpKernel('tanh', [1], [1], {}, { nodes: 0 }), 'options.nodes'],
    ['too many nodes', () => quadratureKernel('tanh', [1], [1], {}, 201), 'options.nodes'],
    ['bad method', () => gpKernel('tanh', [1], [1], {}, { method: 'exact' as 'auto' }), 'options.method'],
    ['non-integer width', () => connectedTwoPoint('erf', [1], [1], { width: 2.5 }), 'params.width'],
  ];
  it.each(cases)('%s throws NnftInputError naming the field', (_name, fn, field) => expectInputError(fn, field));

  it('a custom activation returning NaN is reported', () => {
    expect(() => gpKernel(() => NaN, [1], [1])).toThrow(NnftInputError);
  });
});
