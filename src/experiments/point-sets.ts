import { NnftInputError } from '../errors.js';

/**
 * The input sets of the free-theory experiments of Halverson, Maiti and Stoner, "Neural Networks
 * and Quantum Field Theory" (2020), by the names their code gives them (spec C.1). Sets for d_in = 2
 * are {-1, 1}^2 (or {0.5, 1}^2) in Cartesian-product order; d_in = 3 sets are tetrahedra.
 */
export const POINT_SETS: Readonly<Record<string, readonly (readonly number[])[]>> = {
  xset1: [-1, -0.6, -0.2, 0.2, 0.6, 1.0].map((x) => [x]),
  xset2: [-1, -0.6, -0.2, 0.2, 0.6, 1.0].map((x) => [0.01 * x]),
  xset1A: [0.2, 0.4, 0.6, 0.8, 1.0, 1.2].map((x) => [x]),
  xset3: [[-1, -1], [-1, 1], [1, -1], [1, 1]],
  xset4: [[-1, -1], [-1, 1], [1, -1], [1, 1]].map((p) => p.map((x) => 0.01 * x)),
  xset3A: [[0.5, 0.5], [0.5, 1], [1, 0.5], [1, 1]],
  xset5: [[-1, -1, -1], [1, 1, -1], [-1, 1, 1], [1, -1, 1]],
  xset6: [[-1, -1, -1], [1, 1, -1], [-1, 1, 1], [1, -1, 1]].map((p) => p.map((x) => 0.01 * x)),
  xset5A: [[0.2, 0.2, 0.2], [1, 1, 0.2], [0.2, 1, 1], [1, 0.2, 1]],
};

const PAPER_SET: Record<string, Record<number, string>> = {
  'erf-net': { 1: 'xset1', 2: 'xset3', 3: 'xset5' },
  'gauss-net': { 1: 'xset2', 2: 'xset4', 3: 'xset6' },
  'relu-net': { 1: 'xset1A', 2: 'xset3A', 3: 'xset5A' },
};

/** The name of the paper's input set for an architecture and input dimension (spec C.1). */
export function paperPointSet(arch: string, dIn: number): string {
  const name = PAPER_SET[arch]?.[dIn];
  if (!name) {
    throw new NnftInputError('arch', `${arch}, d_in = ${dIn}`, 'must be relu-net, erf-net or gauss-net with d_in in 1..3 (the paper\'s point sets)');
  }
  return name;
}
