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
  /** Scale of the hidden biases b0: the standard deviation of a normal density, the width of a uniform one. */
  readonly sb0: number;
  /** Mean and standard deviation of the output biases b1. */
  readonly mb1: number;
  readonly sb1: number;
  /** Mean and standard deviation of the output weights W1. */
  readonly mw1: number;
  readonly sw1: number;
  /** K x d_in, points times the scale of W0 (its standard deviation, or width for a uniform density). */
  readonly xs: readonly number[];
  /** K, the pre-activation offset at each point: mean of W0 . x + b0, plus the architecture's offset. */
  readonly zc: readonly number[];
  /** How the hidden units' parameters are drawn, when not all normal (absent: the papers' normal densities). */
  readonly hidden?: HiddenSampling;
  /** Per-network importance weights (absent: every network has weight 1). */
  readonly weights?: WeightConfig;
  /**
   * A shared random scale s of each network's last-layer weights, s^2 = chi^2_dof / dof
   * (assembly/scale.ts; absent: s = 1).
   */
  readonly sharedScale?: { readonly dof: number };
}

/** The hidden layer's densities and unit amplitude, as the kernels draw them (assembly/hidden.ts). */
export interface HiddenSampling {
  /** Density of a unit's weights: i.i.d. normal or uniform entries, or the whole vector in a ball. */
  readonly weight: 'normal' | 'uniform' | 'ball';
  /** Density of the biases. */
  readonly bias: 'normal' | 'uniform';
  /** Radial sampler of a ball density (see RADIAL_* in assembly/hidden.ts). */
  readonly radial?: {
    readonly kind: 'flat' | 'tan' | 'log' | 'table';
    /** R (flat, table), atan(R/m) (tan) or ln(1 + R^2/m^2) (log). */
    readonly param: number;
    readonly mass: number;
    /** Radius at t = i/(nodes - 1), t = u^(1/d_in) (table sampler). */
    readonly table?: readonly number[];
  };
  /** A per-unit amplitude A = scale / sqrt(|w|^2 + mass^2) (constant `scale` without a mass). */
  readonly amplitude?: { readonly scale: number; readonly mass?: number };
}

/**
 * Weight sources (assembly/weights.ts). `density`: log w = sum over the four parameter groups
 * (hidden weights, hidden biases, output weights, output biases) of alpha_g sum v^2 + beta_g sum v
 * over the group's tile values v, plus `constant`. `deform`: log w gains c V (src/deform/).
 * `mixture`: the hidden biases are drawn from a two-component normal mixture and log w gains
 * -sum_j log((1 - a) + a exp(s z_j - s^2/2)) (src/sample/bias-mixture.ts).
 */
export interface WeightConfig {
  readonly density?: { readonly coefficients: readonly number[]; readonly constant: number };
  readonly deform?: DeformKernel;
  readonly mixture?: { readonly shift: number; readonly fraction: number };
}

/**
 * A deformation exp(-lambda V) of the parameter density, V = sum_g q_g phi(y_g)^p over grid nodes y_g
 * that the forward pass evaluates after the points (d_out = 1; src/deform/).
 */
export interface DeformKernel {
  /** G x d_in and G: the nodes folded as `xs` and `zc` fold the points. */
  readonly xs: readonly number[];
  readonly zc: readonly number[];
  /** q_g: the quadrature weight of node g divided by p!. */
  readonly weights: readonly number[];
  /** The power p. */
  readonly power: number;
  /** c = -lambda, the coefficient of V in log w. */
  readonly coefficient: number;
  /** A constant added to log w (lambda times a typical V, cancelled by the self-normalisation). */
  readonly constant: number;
  /** Also accumulate the products weighted by w V, after the weighted sums (linear response). */
  readonly response: boolean;
}
