import { NnftInputError } from '../errors.js';

/**
 * Activation families the WASM forward pass implements. An architecture picks one; any
 * point-dependent normalisation (gauss-net) is expressed as a pre-activation offset.
 */
export type ActivationFamily = 'relu' | 'erf' | 'exp' | 'tanh' | 'linear';

/**
 * A parameter density. Only `normal` is sampled today; the union is the extension point for other
 * densities (uniform, radial, correlated), each of which must also be taught to the sampler.
 */
export type Density = { readonly kind: 'normal'; readonly mean: number; readonly std: number };

/** Builds a normal density N(mean, std^2). */
export const normal = (mean: number, std: number): Density => ({ kind: 'normal', mean, std });

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
}

/** A registered architecture. */
export interface Architecture extends ArchitectureSpec {
  /** Fills unspecified hyperparameters with this architecture's defaults. */
  resolve(opts: Partial<ArchHyper>): ArchHyper;
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
  };
}
