import { NnftInputError } from '../errors.js';
import type { NeuronMomentSource } from '../theory/finite-width.js';

export type { NeuronMomentSource };

/**
 * Activation families the WASM forward pass implements. An architecture picks one; any
 * point-dependent normalisation (gauss-net) is expressed as a pre-activation offset. `cos` is
 * cos(z) times a per-unit amplitude (see {@link UnitAmplitude}).
 */
export type ActivationFamily = 'relu' | 'erf' | 'exp' | 'tanh' | 'linear' | 'cos';

/**
 * Radial profile of a ball density: `flat` is uniform in the ball; `propagator` has density
 * proportional to 1/(|w|^2 + mass^2) in the ball.
 */
export type BallProfile = { readonly kind: 'flat' } | { readonly kind: 'propagator'; readonly mass: number };

/**
 * A parameter density. `normal` and `uniform` draw every entry of a layer's weights or biases
 * independently; `ball` draws a hidden unit's whole weight vector (length d_in) from a rotation
 * invariant density supported in the ball |w| < radius (hidden weights only). Each kind is taught to
 * the sampler in assembly/hidden.ts; only normal densities can be reweighted.
 */
export type Density =
  | { readonly kind: 'normal'; readonly mean: number; readonly std: number }
  | { readonly kind: 'uniform'; readonly lo: number; readonly hi: number }
  | { readonly kind: 'ball'; readonly radius: number; readonly profile: BallProfile };

/** Builds a normal density N(mean, std^2). */
export const normal = (mean: number, std: number): Density => ({ kind: 'normal', mean, std });

/** Builds a uniform density on [lo, hi). */
export const uniform = (lo: number, hi: number): Density => ({ kind: 'uniform', lo, hi });

/** Builds a ball density of the given radius and radial profile (default: uniform in the ball). */
export const ball = (radius: number, profile: BallProfile = { kind: 'flat' }): Density => ({ kind: 'ball', radius, profile });

/**
 * A hidden unit's amplitude A_j, part of the network function (not of a density): the unit is
 * h_j(x) = A_j cos(w_j . x + b_j), A_j = scale / sqrt(|w_j|^2 + mass^2), or `scale` without a mass.
 * Only the `cos` family carries one.
 */
export interface UnitAmplitude {
  readonly scale: number;
  readonly mass?: number;
}

/**
 * An architecture's own hyperparameter (beyond sw, sb, mw, mb): a real number in a range, or one of a
 * set of names. `sample({ hyper: { name: value } })` sets it; bad values are NnftInputErrors naming
 * `hyper.<name>`.
 */
export type HyperParameter =
  | {
      readonly kind: 'real';
      readonly default: number;
      readonly summary: string;
      /** Smallest allowed value; excluded itself when `minExclusive`. */
      readonly min?: number;
      readonly minExclusive?: boolean;
      readonly max?: number;
    }
  | { readonly kind: 'choice'; readonly default: string; readonly summary: string; readonly values: readonly string[] };

/** Values of an architecture's own hyperparameters, by name. */
export type HyperValues = Readonly<Record<string, number | string>>;

/** Weight and bias densities of one affine layer. Every entry of the layer is drawn i.i.d. */
export interface LayerDensities {
  readonly weight: Density;
  readonly bias: Density;
}

/** The hyperparameters every architecture of the papers shares: sigma_w, sigma_b, mu_w, mu_b. */
export interface ArchHyper {
  readonly sw: number;
  readonly sb: number;
  readonly mw: number;
  readonly mb: number;
}

/** Everything that fixes one ensemble's parameter density: hyperparameters plus the shape. */
export interface NetworkShape extends ArchHyper {
  readonly width: number;
  readonly dIn: number;
  readonly dOut: number;
  /** The architecture's own hyperparameters, every one resolved (absent if it declares none). */
  readonly hyper?: HyperValues;
}


/** The declaration of an architecture: what `defineArchitecture` accepts. */
export interface ArchitectureSpec {
  /** Registry name, e.g. `relu-net`. */
  readonly name: string;
  /** One line for `nnft --help` and reports. */
  readonly summary: string;
  /** Activation family of the hidden layer (selects the WASM loop). */
  readonly activation: ActivationFamily;
  /** The scalar activation, for references and quadrature: h = phi(z + offset(x)). */
  readonly phi: (z: number) => number;
  /** Hyperparameter defaults (the papers' presets). */
  readonly defaults: ArchHyper;
  /**
   * Layer densities, input layer first, output layer last. A single hidden layer is two layers;
   * deeper networks are longer lists.
   */
  readonly layers: (s: NetworkShape) => readonly LayerDensities[];
  /** Point-dependent offset added to every pre-activation at input x (0 if absent). */
  readonly preactivationOffset?: (x: readonly number[], s: NetworkShape) => number;
  /** The analytic GP kernel K(x, y) = E[f(x) f(y)] at mw = mb = 0, where known. */
  readonly kernel?: (x: readonly number[], y: readonly number[], s: NetworkShape) => number;
  /** Hyperparameters of this architecture beyond sw, sb, mw, mb, with defaults and ranges. */
  readonly hyper?: Readonly<Record<string, HyperParameter>>;
  /** The hidden units' amplitude (cos family only; absent: 1). */
  readonly unitAmplitude?: (s: NetworkShape) => UnitAmplitude;
  /**
   * The largest frequency of the network function, where it is band-limited (cos-net: the cutoff);
   * a deformation's grid must resolve it (spacing at most 2 pi / bandLimit).
   */
  readonly bandLimit?: (s: NetworkShape) => number;
  /**
   * Checks an ensemble beyond the generic validation (e.g. the input dimensions an architecture is
   * defined for); throws an NnftInputError naming the field.
   */
  readonly check?: (s: NetworkShape, points: readonly (readonly number[])[]) => void;
  /**
   * Single-neuron moments of the hidden unit, where its parameters are not the papers' normal W0, b0
   * (whose moments src/theory computes from `phi`): the exact finite-width theory uses them.
   */
  readonly neurons?: (s: NetworkShape) => NeuronMomentSource;
}

/** A registered architecture. */
export interface Architecture extends ArchitectureSpec {
  /** Fills unspecified hyperparameters with this architecture's defaults. */
  resolve(opts: Partial<ArchHyper>): ArchHyper;
  /**
   * Validates the architecture's own hyperparameters (errors name `<field>.<name>`) and fills their
   * defaults; undefined for an architecture that declares none.
   */
  resolveHyper(given: unknown, field?: string): HyperValues | undefined;
}

/**
 * The single-hidden-layer densities of the papers (spec A.1):
 * W0 ~ N(mw, sw^2/d_in), b0 ~ N(mb, sb^2), W1 ~ N(mw, sw^2/N), b1 ~ N(mb, sb^2).
 */
export function papersLayers(s: NetworkShape): readonly LayerDensities[] {
  return [
    { weight: normal(s.mw, s.sw / Math.sqrt(s.dIn)), bias: normal(s.mb, s.sb) },
    { weight: normal(s.mw, s.sw / Math.sqrt(s.width)), bias: normal(s.mb, s.sb) },
  ];
}

/**
 * Declares an architecture: checks the declaration and adds `resolve`. An architecture file should
 * read like a data sheet: name, activation, defaults, densities and, where known, the kernel.
 */
export function defineArchitecture(spec: ArchitectureSpec): Architecture {
  if (!/^[a-z][a-z0-9-]*$/.test(spec.name)) {
    throw new NnftInputError('name', spec.name, 'must be lower-case letters, digits and dashes');
  }
  return {
    ...spec,
    resolve(opts: Partial<ArchHyper>): ArchHyper {
      return {
        sw: opts.sw ?? spec.defaults.sw,
        sb: opts.sb ?? spec.defaults.sb,
        mw: opts.mw ?? spec.defaults.mw,
        mb: opts.mb ?? spec.defaults.mb,
      };
    },
    resolveHyper(given: unknown, field = 'hyper'): HyperValues | undefined {
      return resolveHyperValues(spec, given, field);
    },
  };
}

/** Validates `given` against an architecture's hyperparameter declarations and fills the defaults. */
function resolveHyperValues(spec: ArchitectureSpec, given: unknown, field: string): HyperValues | undefined {
  const decl = spec.hyper;
  if (given !== undefined && (given === null || typeof given !== 'object' || Array.isArray(given))) {
    throw new NnftInputError(field, given, 'must be an object of hyperparameters by name');
  }
  const values = (given ?? {}) as Record<string, unknown>;
  if (!decl) {
    const extra = Object.keys(values);
    if (extra.length > 0) throw new NnftInputError(`${field}.${extra[0]}`, values[extra[0]], `is not a hyperparameter of ${spec.name}, which has none of its own`);
    return undefined;
  }
  for (const name of Object.keys(values)) {
    if (!(name in decl)) {
      throw new NnftInputError(`${field}.${name}`, values[name], `is not a hyperparameter of ${spec.name} (it has ${Object.keys(decl).join(', ')})`);
    }
  }
  const out: Record<string, number | string> = {};
  for (const [name, h] of Object.entries(decl)) {
    const v = values[name] ?? h.default;
    const f = `${field}.${name}`;
    if (h.kind === 'choice') {
      if (typeof v !== 'string' || !h.values.includes(v)) throw new NnftInputError(f, v, `must be one of ${h.values.join(', ')}`);
    } else {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new NnftInputError(f, v, 'must be a finite number');
      if (h.min !== undefined && (h.minExclusive ? v <= h.min : v < h.min)) throw new NnftInputError(f, v, `must be ${h.minExclusive ? '>' : '>='} ${h.min}`);
      if (h.max !== undefined && v > h.max) throw new NnftInputError(f, v, `must be <= ${h.max}`);
    }
    out[name] = v;
  }
  return out;
}
