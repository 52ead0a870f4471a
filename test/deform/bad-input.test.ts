// Every bad deformation is a typed error naming the field, thrown before any work starts.
import { describe, expect, it } from 'vitest';
import { NnftInputError } from '../../src/errors.js';
import { linearResponseGaussianProcess, sampleGaussianProcess, type GpSampleOptions } from '../../src/gp/index.js';
import type { SampleOptions } from '../../src/index.js';
import { planSample } from '../../src/sample/sampler.js';
import { nodeWasmModule } from '../../src/sample/wasm-node.js';
import { cutoffPropagator } from '../../src/theory/cos-net.js';
import { expectInputError } from '../support/errors.js';

const good: SampleOptions = {
  arch: 'cos-net', hyper: { m: 1, lambda: 8 }, width: 100, points: [0, 0.5], networks: 1000, orders: [2, 4], seed: 1, deform: { lambda: 0.2, region: [-3, 3] },
};

describe('sample and linearResponse with a bad deform', () => {
  it('accept the good options (and default to the direct estimator)', () => {
    expect(planSample(good).header.estimator).toBe('direct');
    expect(planSample(good).header.deform).toMatchObject({ lambda: 0.2, power: 4, grid: 61, region: [[-3, 3]] });
    expect(planSample({ ...good, deform: { region: [-3, 3] } }, true).header.deform).toMatchObject({ lambda: 0, response: true });
  });

  it.each<[string, Partial<SampleOptions>, string]>([
    ['a deform that is not an object', { deform: 3 as never }, 'deform'],
    ['an unknown deform field', { deform: { lambda: 1, region: [-1, 1], coupling: 1 } as never }, 'deform.coupling'],
    ['no lambda', { deform: { region: [-1, 1] } }, 'deform.lambda'],
    ['a NaN lambda', { deform: { lambda: NaN, region: [-1, 1] } }, 'deform.lambda'],
    ['an infinite lambda', { deform: { lambda: Infinity, region: [-1, 1] } }, 'deform.lambda'],
    ['a lambda whose weights leave f64 (|lambda| x typical Delta S / lambda above 500)', { deform: { lambda: 1000, region: [-3, 3] } }, 'deform.lambda'],
    ['a power that is not an integer', { deform: { lambda: 1, power: 2.5, region: [-1, 1] } }, 'deform.power'],
    ['power 0', { deform: { lambda: 1, power: 0, region: [-1, 1] } }, 'deform.power'],
    ['a power above 12', { deform: { lambda: 1, power: 13, region: [-1, 1] } }, 'deform.power'],
    ['an empty region list', { deform: { lambda: 1, region: [] } }, 'deform.region'],
    ['an empty interval (lo = hi)', { deform: { lambda: 1, region: [1, 1] } }, 'deform.region[0]'],
    ['a reversed interval (lo > hi)', { deform: { lambda: 1, region: [1, -1] } }, 'deform.region[0]'],
    ['a NaN bound', { deform: { lambda: 1, region: [NaN, 1] } }, 'deform.region[0]'],
    ['a region of dimension 2 for d_in = 1', { deform: { lambda: 1, region: [[-1, 1], [-1, 1]] } }, 'deform.region'],
    ['a region of dimension 1 for d_in = 2', { points: [[0, 0]], deform: { lambda: 1, region: [[-1, 1]] } }, 'deform.region'],
    ['a region beyond cos-net\'s phase range', { deform: { lambda: 1e-9, region: [-1100, 1100], grid: 4096 } }, 'deform.region'],
    ['grid 1', { deform: { lambda: 1, region: [-1, 1], grid: 1 } }, 'deform.grid'],
    ['a fractional grid', { deform: { lambda: 1, region: [-1, 1], grid: 10.5 } }, 'deform.grid'],
    ['an absurd grid', { deform: { lambda: 1, region: [-1, 1], grid: 1e7 } }, 'deform.grid'],
    ['a tensor grid of more than 4096 nodes', { points: [[0, 0]], deform: { lambda: 1, region: [[-1, 1], [-1, 1]], grid: 65 } }, 'deform.grid'],
    ['a grid spacing above 2 pi / Lambda on cos-net (0.857 > 0.785)', { deform: { lambda: 1, region: [-3, 3], grid: 8 } }, 'deform.grid'],
    ['the conditional estimator (the output on the grid is never drawn)', { estimator: 'conditional' }, 'estimator'],
    ['a vector output', { arch: 'erf-net', hyper: undefined, dOut: 2 }, 'dOut'],
  ])('%s', (_, change, field) => {
    expectInputError(() => planSample({ ...good, ...change }), field);
  });

  it('a grid of 8 nodes on [-3, 3] is fine for an architecture without a band limit', () => {
    expect(planSample({ ...good, arch: 'erf-net', hyper: undefined, deform: { lambda: 1, region: [-3, 3], grid: 8 } }).header.deform?.grid).toBe(8);
  });

  it('a linear response without deform', () => {
    expectInputError(() => planSample({ ...good, deform: undefined }, true), 'deform');
  });
});

describe('Gaussian-process runs with a bad deform', () => {
  const kernel = (x: readonly number[], y: readonly number[]) => cutoffPropagator(1, 1, 8, Math.abs(x[0] - y[0]));
  const base: GpSampleOptions = { points: [0, 0.5], kernel, networks: 100, orders: [2], seed: 1, deform: { lambda: 0.2, region: [-3, 3] } };
  async function expectRejects(p: Promise<unknown>, field: string): Promise<void> {
    const e = await p.then(() => undefined, (err: unknown) => err);
    expect(e).toBeInstanceOf(NnftInputError);
    expect((e as NnftInputError).field).toBe(field);
  }

  it('are typed errors naming the field', async () => {
    const module = await nodeWasmModule();
    await expectRejects(sampleGaussianProcess({ ...base, kernel: [[1, 0.5], [0.5, 1]] }, module), 'kernel');
    await expectRejects(sampleGaussianProcess({ ...base, deform: { lambda: 2000, region: [-3, 3] } }, module), 'deform.lambda');
    await expectRejects(sampleGaussianProcess({ ...base, deform: { lambda: 0.2, region: [[-3, 3], [0, 1]] } }, module), 'deform.region');
    await expectRejects(sampleGaussianProcess({ ...base, deform: { lambda: 0.2, power: -1, region: [-3, 3] } }, module), 'deform.power');
    await expectRejects(linearResponseGaussianProcess({ ...base, deform: undefined as never }, module), 'deform');
  });
});
