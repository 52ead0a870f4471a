import { expect } from 'vitest';
import { NnftInputError } from '../../src/errors.js';

/** Expects `fn` to throw an NnftInputError naming `field`. */
export function expectInputError(fn: () => unknown, field: string): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(NnftInputError);
  expect((caught as NnftInputError).field).toBe(field);
}
