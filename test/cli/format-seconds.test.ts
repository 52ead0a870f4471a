import { describe, expect, it } from 'vitest';
import { formatSeconds } from '../../src/cli/format.js';

describe('formatSeconds', () => {
  it('rounds before splitting into minutes and seconds, so no field reads 60', () => {
    expect(formatSeconds(9.996)).toBe('10.0 s');
    expect(formatSeconds(59.94)).toBe('59.9 s');
    expect(formatSeconds(59.97)).toBe('1m00s');
    expect(formatSeconds(899.6)).toBe('15m00s');
    expect(formatSeconds(61.2)).toBe('1m01s');
    expect(formatSeconds(3725)).toBe('1h02m');
    expect(formatSeconds(Number.NaN)).toBe('-');
  });
});
