import { NnftInputError } from '../errors.js';

/**
 * A small seeded generator for the transformations of the symmetry tests (random rotations,
 * generator coefficients): xoshiro128** (Blackman and Vigna 2018), its 128-bit state filled from
 * the seed by the murmur3 finaliser. Same seed, same numbers, on every platform. Not used for
 * the ensembles themselves (those draw from the sampler's counter-based Philox streams).
 *
 * @example
 * ```ts
 * const a = new SeededRandom(7);
 * const b = new SeededRandom(7);
 * a.normal() === b.normal(); // returns true
 * ```
 */
export class SeededRandom {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spare: number | undefined;

  /** @param seed - an integer in [0, 2^53) */
  constructor(seed: number) {
    if (!Number.isSafeInteger(seed) || seed < 0) throw new NnftInputError('seed', seed, 'must be an integer in [0, 2^53)');
    let x = (seed % 2 ** 32) >>> 0;
    const hi = Math.floor(seed / 2 ** 32) >>> 0;
    const mix = () => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = (x ^ hi) >>> 0;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = mix();
    this.s1 = mix();
    this.s2 = mix();
    this.s3 = mix();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1; // the all-zero state is a fixed point
  }

  /** The next 32 random bits, as an unsigned integer. */
  uint32(): number {
    const rotl = (v: number, k: number) => (v << k) | (v >>> (32 - k));
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform on [0, 1), 53 random bits. */
  uniform(): number {
    const a = this.uint32() >>> 5;
    const b = this.uint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** Standard normal, by Box-Muller (the second variate of each pair is kept for the next call). */
  normal(): number {
    if (this.spare !== undefined) {
      const v = this.spare;
      this.spare = undefined;
      return v;
    }
    const u = 1 - this.uniform(); // (0, 1]
    const r = Math.sqrt(-2 * Math.log(u));
    const theta = 2 * Math.PI * this.uniform();
    this.spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  }
}
