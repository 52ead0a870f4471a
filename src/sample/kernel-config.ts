import type { ActivationFamily } from '../arch/define.js';

/** How moments are estimated from each network (see README, "Estimators"). */
export type Estimator = 'direct' | 'conditional';

/**
 * Everything the WASM kernels need to know about an ensemble, as plain numbers (structured-clone
 * data: it travels to workers in every task). Built once per run by `kernelConfig` (ensemble.ts).
 */
export interface KernelConfig {
  /** Sampled products (`direct`) or their expectations given the hidden layer (`conditional`). */
  readonly estimator: Estimator;
  readonly activation: ActivationFamily;
  readonly dIn: number;
  readonly width: number;
  /** Number of points K. */
  readonly points: number;
  readonly dOut: number;
  readonly nMax: number;
  /** The seed split into the two 32-bit Philox key words. */
  readonly seedLo: number;
  readonly seedHi: number;
  /** Standard deviation of the hidden biases b0. */
  readonly sb0: number;
  /** Mean and standard deviation of the output biases b1. */
  readonly mb1: number;
  readonly sb1: number;
  /** Mean and standard deviation of the output weights W1. */
  readonly mw1: number;
  readonly sw1: number;
  /** K x d_in, points times the standard deviation of W0. */
  readonly xs: readonly number[];
  /** K, the pre-activation offset at each point: mean of W0 . x + b0, plus the architecture's offset. */
  readonly zc: readonly number[];
}
