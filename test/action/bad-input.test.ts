// Bad input to the action reconstruction is a typed NnftInputError naming the field.
import { describe, expect, it } from 'vitest';
import {
  Coupling, exactLatticeMoments, latticeToContinuum, reconstructAction, reconstructActionFromBlocks, reconstructActionFromCorrelators,
  type ExactCorrelators, type ReconstructOptions,
} from '../../src/action/index.js';
import { action, sample } from '../../src/index.js';
import { totalMultisets } from '../../src/stats/multiset.js';
import { expectInputError } from '../support/errors.js';

const G2 = [[1, 0.2], [0.2, 1]];
const k4 = [0.1, 0, 0, 0, 0.1]; // 5 entries of order 4 over 2 sites

describe('exact correlators', () => {
  it.each<[string, ExactCorrelators, ReconstructOptions, string]>([
    ['a ragged G', { G: [[1, 0.2], [0.2]], kappa4: k4 }, {}, 'G[1]'],
    ['a flat G of non-square length', { G: [1, 0.2, 0.2], kappa4: k4 }, {}, 'G'],
    ['a non-symmetric G', { G: [[1, 0.2], [0.3, 1]], kappa4: k4 }, {}, 'G[1][0]'],
    ['a NaN in G', { G: [[1, Number.NaN], [0.2, 1]], kappa4: k4 }, {}, 'G[0][1]'],
    ['a singular G (repeated point)', { G: [[1, 1], [1, 1]], kappa4: k4 }, {}, 'G'],
    ['an indefinite G', { G: [[1, 2], [2, 1]], kappa4: k4 }, {}, 'G'],
    ['kappa4 of the wrong length (mismatched sizes)', { G: G2, kappa4: [0.1, 0, 0, 0.1] }, {}, 'kappa4'],
    ['kappa4 missing for g4', { G: G2 }, {}, 'kappa4'],
    ['a NaN in kappa4', { G: G2, kappa4: [0.1, 0, Number.NaN, 0, 0.1] }, {}, 'kappa4[2]'],
    ['kappa6 missing for g6', { G: G2, kappa4: k4 }, { orders: [6] }, 'kappa6'],
    ['kappa3 missing for g3', { G: G2, kappa4: k4 }, { orders: [3] }, 'kappa3'],
    ['an order outside the table', { G: G2, kappa4: k4 }, { orders: [5 as 4] }, 'orders'],
    ['no orders', { G: G2, kappa4: k4 }, { orders: [] }, 'orders'],
    ['odd couplings with odd: false', { G: G2, kappa4: k4 }, { orders: [1], odd: false }, 'odd'],
    ['g6 with odd vertices', { G: G2, kappa4: k4 }, { orders: [6], odd: true }, 'orders'],
    ['a condition threshold below 1', { G: G2, kappa4: k4 }, { conditionWarning: 0 }, 'conditionWarning'],
  ])('%s', (_what, input, options, field) => {
    expectInputError(() => reconstructActionFromCorrelators(input, options), field);
  });
});

describe('moment blocks', () => {
  const size = totalMultisets(2, 4);
  const blocks = [1, 2, 3, 4].map((k) => ({ count: 10, sums: new Float64Array(size).fill(k) }));
  it.each<[string, () => unknown, string]>([
    ['zero components', () => reconstructActionFromBlocks({ blocks, components: 0, nMax: 4 }), 'components'],
    ['nMax 9', () => reconstructActionFromBlocks({ blocks, components: 2, nMax: 9 }), 'nMax'],
    ['sums of the wrong length', () => reconstructActionFromBlocks({ blocks, components: 3, nMax: 4 }), 'blocks[0].sums.length'],
    ['orders beyond nMax', () => reconstructActionFromBlocks({ blocks, components: 2, nMax: 4 }, { orders: [6] }), 'orders'],
    ['one block (no jackknife)', () => reconstructActionFromBlocks({ blocks: blocks.slice(0, 1), components: 2, nMax: 4 }), 'blocks'],
    ['sites of the wrong number', () => reconstructActionFromBlocks({ blocks, components: 2, nMax: 4, sites: [0] }), 'sites'],
    ['moments with a singular G', () => reconstructActionFromBlocks({ blocks, components: 2, nMax: 4 }), 'G'],
  ])('%s', (_what, fn, field) => expectInputError(fn, field));
});

describe('ensemble results', () => {
  it('the library exports the reconstruction as the `action` namespace', () => {
    expect(action.reconstructAction).toBe(reconstructAction);
    expect(action.latticeToContinuum).toBe(latticeToContinuum);
  });

  it('need an EnsembleResult, d_out = 1, orders the run holds, and distinct points', async () => {
    expectInputError(() => reconstructAction({} as never), 'result');
    const two = await sample({ arch: 'erf-net', width: 5, points: [0, 1], dOut: 2, networks: 2000, orders: [4], seed: 1, threads: 1 });
    expectInputError(() => reconstructAction(two), 'result.dOut');
    const r = await sample({ arch: 'erf-net', width: 5, points: [0, 0.5, 0.5], networks: 2000, orders: [4], seed: 1, threads: 1 });
    expectInputError(() => reconstructAction(r, { orders: [6] }), 'orders');
    expectInputError(() => reconstructAction(r), 'G'); // the repeated point makes G singular
    const fine = await sample({ arch: 'erf-net', width: 5, points: [0, 0.5], networks: 2000, orders: [4], seed: 1, threads: 1 });
    expect(reconstructAction(fine).g4!.value.length).toBe(5);
  });
});

describe('couplings, continuum densities and exact lattice moments', () => {
  const g = new Coupling(4, 2, Float64Array.of(1, 0, 0, 0, 1));
  it.each<[string, () => unknown, string]>([
    ['a coupling read with the wrong number of indices', () => g.at(0, 0, 0), 'indices'],
    ['a coupling read out of range', () => g.at(0, 0, 0, 2), 'idx[3]'],
    ['a coupling of the wrong length', () => new Coupling(4, 2, Float64Array.of(1, 2)), 'value'],
    ['a continuum volume of 0', () => latticeToContinuum(g, 0), 'volume'],
    ['a volume per site of the wrong number', () => latticeToContinuum(g, [1, 1, 1]), 'volume'],
    ['a negative volume of one site', () => latticeToContinuum(g, [1, -1]), 'volume[1]'],
    ['a non-coupling', () => latticeToContinuum({ value: [1] } as never, 1), 'g'],
    ['a non-symmetric A', () => exactLatticeMoments({ A: [[2, 0.1], [0, 2]], lambda: 0.1 }), 'A[1][0]'],
    ['an indefinite A', () => exactLatticeMoments({ A: [[1, 2], [2, 1]], lambda: 0.1 }), 'A'],
    ['a ragged A', () => exactLatticeMoments({ A: [[1, 0], [0]], lambda: 0.1 }), 'A[1]'],
    ['a negative lambda', () => exactLatticeMoments({ A: 1, lambda: -0.1 }), 'lambda'],
    ['an odd power', () => exactLatticeMoments({ A: 1, lambda: 0.1, power: 3 }), 'power'],
    ['nMax 9', () => exactLatticeMoments({ A: 1, lambda: 0.1 }, { nMax: 9 }), 'nMax'],
    ['no nodes', () => exactLatticeMoments({ A: [[1, 0], [0, 1]], lambda: 0.1 }, { nodes: 0 }), 'nodes'],
    ['a grid beyond 2^24 points', () => exactLatticeMoments({ A: [[1, 0, 0, 0, 0], [0, 1, 0, 0, 0], [0, 0, 1, 0, 0], [0, 0, 0, 1, 0], [0, 0, 0, 0, 1]], lambda: 0.1 }), 'nodes'],
  ])('%s', (_what, fn, field) => expectInputError(fn, field));
});
