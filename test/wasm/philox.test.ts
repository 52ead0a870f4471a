import { beforeAll, describe, expect, it } from 'vitest';
import { WasmKernel } from '../../src/sample/kernel.js';
import { nodeWasmModule } from '../../src/sample/wasm-node.js';
import { philox4x32 } from '../support/reference.js';

// Random123's published known-answer vectors for philox4x32-10: counter (4 words), key (2), result (4).
const KAT: [number[], number[], number[]][] = [
  [[0, 0, 0, 0], [0, 0], [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]],
  [[0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff], [0xffffffff, 0xffffffff], [0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd]],
  [[0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344], [0xa4093822, 0x299f31d0], [0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1]],
];

let kernel: WasmKernel;
beforeAll(async () => {
  kernel = await WasmKernel.create(await nodeWasmModule());
});

describe('Philox4x32-10', () => {
  it('reproduces the Random123 known-answer vectors in every SIMD lane', () => {
    // lanes 0..2 hold the three vectors, lane 3 repeats the first: each lane is checked on its own
    const cases = [...KAT, KAT[0]];
    const ctr = Uint32Array.from(cases.flatMap(([c]) => c));
    const key = Uint32Array.from(cases.flatMap(([, k]) => k));
    const out = kernel.philox(ctr, key);
    cases.forEach(([, , want], lane) => expect(Array.from(out.subarray(4 * lane, 4 * lane + 4))).toEqual(want));
  });

  it('the scalar reference used by other tests reproduces the same vectors', () => {
    for (const [ctr, key, want] of KAT) expect(philox4x32(ctr, key)).toEqual(want);
  });

  it('agrees with the scalar reference on random counters and keys', () => {
    let s = 12345;
    const rnd = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0);
    for (let trial = 0; trial < 50; trial++) {
      const ctr = Uint32Array.from({ length: 16 }, rnd);
      const key = Uint32Array.from({ length: 8 }, rnd);
      const out = kernel.philox(ctr, key);
      for (let lane = 0; lane < 4; lane++) {
        const want = philox4x32(Array.from(ctr.subarray(4 * lane, 4 * lane + 4)), Array.from(key.subarray(2 * lane, 2 * lane + 2)));
        expect(Array.from(out.subarray(4 * lane, 4 * lane + 4))).toEqual(want);
      }
    }
  });
});
