import { expect } from 'vitest';
import { NnftFileError, NnftInputError } from '../../src/errors.js';

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

/** Expects `fn` to throw an NnftFileError naming `field` (e.g. a merge of runs with different settings). */
export function expectFileError(fn: () => unknown, field: string): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(NnftFileError);
  expect((caught as NnftFileError).field).toBe(field);
}
