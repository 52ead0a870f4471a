import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { formatNumber, formatRanges } from '../../src/cli/format.js';
import { CliError, parsePoints, toSampleRequest } from '../../src/cli/options.js';

const noFiles = (): string => {
  throw new Error('no files here');
};

describe('CLI option parsing', () => {
  it('fills the documented defaults (what `npm start` runs)', () => {
    const req = toSampleRequest({}, noFiles);
    expect(req.options).toStrictEqual({
      arch: 'relu-net', width: 1000, points: [0.2, 0.4, 0.6, 0.8, 1.0, 1.2], networks: 100000, orders: [2, 4, 6], seed: 7,
    });
    expect(req.threads).toBe(availableParallelism());
    expect(req.json).toBeUndefined();
    expect(req.save).toBeUndefined();
  });

  it('parses every flag strictly into numbers', () => {
    const req = toSampleRequest(
      { arch: 'erf-net', width: '64', dIn: '2', dOut: '3', points: '1,2;3,4', networks: '1e5', orders: '4, 2',
        seed: '0', threads: '3', sw: '1.5', sb: '.5', mw: '-0.25', mb: '+1e-3', shard: '1/4', json: '-', save: 'x.nnft' },
      noFiles,
    );
    expect(req.options).toStrictEqual({
      arch: 'erf-net', width: 64, dIn: 2, dOut: 3, points: [[1, 2], [3, 4]], networks: 100000, orders: [4, 2], seed: 0,
      threads: 3, shard: { index: 1, count: 4 }, sw: 1.5, sb: 0.5, mw: -0.25, mb: 0.001,
    });
    expect(req).toMatchObject({ threads: 3, json: '-', save: 'x.nnft' });
  });

  it('reads points in every form', () => {
    expect(parsePoints('0.2, 0.4', undefined, noFiles)).toEqual([0.2, 0.4]);
    expect(parsePoints('0.2;0.4', 1, noFiles)).toEqual([[0.2], [0.4]]);
    expect(parsePoints('1,2', 2, noFiles)).toEqual([[1, 2]]);
    expect(parsePoints('@p.json', undefined, () => '[[1,2],[3,4]]')).toEqual([[1, 2], [3, 4]]);
    expect(() => parsePoints('@p.json', undefined, () => '{"a":1}')).toThrow(CliError);
    expect(() => parsePoints('@p.json', undefined, () => '[1,')).toThrow(/not valid JSON/);
    expect(() => parsePoints('1,x', undefined, noFiles)).toThrow('--points must hold finite numbers; point 2 ("x") is not one. Value: "1,x".');
    expect(() => parsePoints('', undefined, noFiles)).toThrow(/at least one point/);
  });

  it('rejects non-numeric strings with the flag and the value', () => {
    for (const [key, flag] of [['width', '--width'], ['seed', '--seed'], ['networks', '--networks'], ['threads', '--threads'],
      ['dIn', '--d-in'], ['dOut', '--d-out']]) {
      for (const bad of ['abc', '10abc', '0x10', '', '1e', 'NaN', 'Infinity']) {
        expect(() => toSampleRequest({ [key]: bad }, noFiles)).toThrow(`${flag} must be an integer. Value: ${JSON.stringify(bad)}.`);
      }
    }
    for (const flag of ['sw', 'sb', 'mw', 'mb']) {
      expect(() => toSampleRequest({ [flag]: 'x' }, noFiles)).toThrow(`--${flag} must be a number. Value: "x".`);
    }
    expect(() => toSampleRequest({ shard: '1of2' }, noFiles)).toThrow(/--shard must be i\/n/);
  });
});

describe('summary formatting', () => {
  it('keeps significant digits and switches to exponents for small and large numbers', () => {
    expect(formatNumber(0.0198647123, 6)).toBe('0.0198647');
    expect(formatNumber(1.17816e-4, 6)).toBe('1.17816e-4');
    expect(formatNumber(-1.27036e-6, 6)).toBe('-1.27036e-6');
    expect(formatNumber(1234567, 6)).toBe('1.23457e+6');
    expect(formatNumber(7.9e-5, 2)).toBe('7.9e-5');
    expect(formatNumber(0, 6)).toBe('0');
    expect(formatNumber(NaN, 6)).toBe('NaN');
  });

  it('writes block lists as ranges', () => {
    expect(formatRanges([0, 1, 2, 5, 7, 8])).toBe('0-2, 5, 7-8');
    expect(formatRanges([])).toBe('');
  });
});
