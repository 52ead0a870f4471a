import { describe, expect, it } from 'vitest';
import { boxRule, integrateBox } from '../../src/eft/box-quadrature.js';
import { eftKernel } from '../../src/eft/kernel.js';
import { fitQuartic, perTupleCouplings } from '../../src/eft/quartic.js';
import { fitFlow } from '../../src/eft/rg-flow.js';
import { kernelProductIntegrals } from '../../src/eft/vertex-integrals.js';
import { fitWidthScaling } from '../../src/eft/width-scaling.js';
import { runEft } from '../../src/experiments/eft.js';
import { expectInputError } from '../support/errors.js';

const relu = eftKernel('relu-net', { dIn: 1 });

describe('bad inputs to the EFT are typed errors naming the field', () => {
  it('a cutoff <= 0, infinite or not a number', () => {
    for (const L of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, '7']) {
      expectInputError(() => kernelProductIntegrals(relu, [[0.5]], 4, L as number), 'cutoff');
      expectInputError(() => integrateBox(() => 1, 1, L as number), 'cutoff');
    }
    expectInputError(() => boxRule(4, 1), 'dIn');
    expectInputError(() => boxRule(1, 1, { nodes: 0 }), 'options.nodes');
    expectInputError(() => boxRule(1, 1, { scale: -1 }), 'options.scale');
  });

  it('an unknown architecture (the EFT needs a closed-form kernel)', () => {
    expectInputError(() => eftKernel('tanh-net', { dIn: 1 }), 'arch');
    expectInputError(() => eftKernel('no-such-net', { dIn: 1 }), 'arch');
    expectInputError(() => eftKernel('relu-net', { dIn: 4 }), 'dIn');
    expectInputError(() => eftKernel('relu-net', { dIn: 1, sw: 0 }), 'sw');
  });

  it('too few tuples, cutoffs or widths for a fit', () => {
    expectInputError(() => fitQuartic([1], [1], [1]), 'tuples');
    expectInputError(() => perTupleCouplings([], []), 'tuples');
    expectInputError(() => fitQuartic([1, 2], [1, 0]), 'I[1]');
    expectInputError(() => fitFlow([7], [[1]]), 'cutoffs');
    expectInputError(() => fitWidthScaling([20], [1], [0.1]), 'points');
    expectInputError(() => fitWidthScaling([20, 40], [1, -1], [0.1, 0.1]), 'lambda[1]');
    expectInputError(() => kernelProductIntegrals(relu, [[0.5]], 9, 7), 'legs');
    expectInputError(() => kernelProductIntegrals(relu, [[0.5, 1]], 4, 7), 'points[0]');
  });

  it('every input of the experiment, before any ensemble is sampled', async () => {
    let ran = 0;
    const sampler = async () => {
      ran++;
      throw new Error('must not run');
    };
    await expect(runEft({ sampler, archs: ['tanh-net'] })).rejects.toMatchObject({ field: 'archs[0]' });
    await expect(runEft({ sampler, archs: ['erf-net'], dIns: [2] })).rejects.toMatchObject({ field: 'archs' });
    await expect(runEft({ sampler, widths: [20] })).rejects.toMatchObject({ field: 'widths' });
    await expect(runEft({ sampler, widths: [20, 0] })).rejects.toMatchObject({ field: 'widths[1]' });
    await expect(runEft({ sampler, cutoffs: [7, 0] })).rejects.toMatchObject({ field: 'cutoffs[1]' });
    await expect(runEft({ sampler, networks: 10 })).rejects.toMatchObject({ field: 'networks' });
    expect(ran).toBe(0);
  });
});
