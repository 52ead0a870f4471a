import type { EnsembleOptions } from '../src/index.js';

/** The peer comparison's workloads (sw = sb = 1, mw = mb = 0 for every architecture). */
export interface Workload extends EnsembleOptions {
  name: string;
  nMax: number;
}

export const WORKLOADS: Workload[] = [
  { name: 'W1', arch: 'relu-net', width: 1000, points: [0.2, 0.4, 0.6, 0.8, 1.0, 1.2], nMax: 6, sw: 1, sb: 1 },
  { name: 'W2', arch: 'erf-net', width: 100, points: [[-1, -1, -1], [1, 1, -1], [-1, 1, 1], [1, -1, 1]], nMax: 6, sw: 1, sb: 1 },
  { name: 'W3', arch: 'gauss-net', width: 5, points: [-1, -0.6, -0.2, 0.2, 0.6, 1].map((v) => 0.01 * v), nMax: 6, sw: 1, sb: 1 },
  { name: 'W4', arch: 'relu-net', width: 50, points: Array.from({ length: 32 }, (_, k) => -1 + (2 * k) / 31), nMax: 4, sw: 1, sb: 1 },
];
