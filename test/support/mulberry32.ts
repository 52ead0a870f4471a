// A small seeded 32-bit generator (mulberry32) for test fixtures that need many cheap draws; the
// library's own streams are Philox (src/sample) and SeededRandom.

/** 32-bit words of the mulberry32 sequence of `seed`. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** Uniforms in (0, 1): (word + 1/2) / 2^32. */
export function uniforms(seed: number): () => number {
  const next = mulberry32(seed);
  return () => (next() + 0.5) / 2 ** 32;
}

/** Numbers in [-1, 1): 2 word / 2^32 - 1. */
export function symmetricUniforms(seed: number): () => number {
  const next = mulberry32(seed);
  return () => (next() / 2 ** 32) * 2 - 1;
}
