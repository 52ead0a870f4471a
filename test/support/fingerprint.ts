import { createHash } from 'node:crypto';
import type { EnsembleResult } from '../../src/index.js';
import { blockWeights } from '../../src/stats/accumulator.js';

/**
 * A short hash of every bit of a run's blocks (index, network range, weight sums, and the sums), for
 * tests that a change leaves runs exactly as they were recorded.
 */
export function fingerprint(r: EnsembleResult): string {
  const h = createHash('sha256');
  for (const b of r.accumulator.blocks()) {
    const w = blockWeights(b);
    h.update(new Uint8Array(Float64Array.of(b.index, b.n0, b.n1, w.sum, w.sumSquares).buffer));
    h.update(new Uint8Array(b.sums.buffer, b.sums.byteOffset, b.sums.byteLength));
  }
  return h.digest('hex').slice(0, 24);
}
