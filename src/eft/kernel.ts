/**
 * The propagator of the EFT (spec E.2): the bias-subtracted GP kernel
 *
 *     Kt(x, y) = K(x, y) - sb^2,
 *
 * which the code of Halverson, Maiti and Stoner (2020) uses in every vertex integral, next to the
 * full kernel K (the 2-point function; spec B) of the same architecture and densities.
 *
 * @example
 * ```ts
 * const k = eftKernel('relu-net', { dIn: 1 });   // the paper's preset: sw = 1, sb = 0
 * k.kt([2], [0.5]);                               // returns 0.5 (= sw^4 x y / 2 for x, y > 0)
 * ```
 *
 * @module
 */
import { getArchitecture } from '../arch/index.js';
import { NnftInputError } from '../errors.js';
import type { ActivationName } from '../theory/activation.js';
import { gpKernel } from '../theory/kernels.js';
import { checkBoxDimension } from './box-quadrature.js';

/** The architectures of the paper and their activations (the EFT needs a closed-form kernel). */
export const EFT_ARCHITECTURES: Readonly<Record<string, ActivationName>> = { 'relu-net': 'relu', 'erf-net': 'erf', 'gauss-net': 'gauss' };

/** Densities of the kernel; unset fields take the architecture's preset (spec A.3). */
export interface EftKernelOptions {
  /** Input dimension d_in, 1..3. */
  dIn: number;
  sw?: number;
  sb?: number;
}

/** A GP kernel in the form the vertex integrals use. */
export interface EftKernel {
  readonly arch: string;
  readonly activation: ActivationName;
  readonly dIn: number;
  readonly sw: number;
  readonly sb: number;
  /** K(x, y), the GP kernel (mw = mb = 0): the 2-point function at every width. */
  k(x: ArrayLike<number>, y: ArrayLike<number>): number;
  /** Kt(x, y) = K(x, y) - sb^2, the propagator of the vertex integrals. */
  kt(x: ArrayLike<number>, y: ArrayLike<number>): number;
  /**
   * Length over which the kernel changes shape (its structure near the origin), or undefined for a
   * kernel homogeneous in x (relu with sb = 0), which has none. Used to grade the quadrature panels.
   */
  readonly scale: number | undefined;
}

/**
 * Checks an architecture name against {@link EFT_ARCHITECTURES}.
 *
 * @throws NnftInputError naming `field`
 */
export function checkEftArchitecture(arch: unknown, field = 'arch'): ActivationName {
  const act = typeof arch === 'string' ? EFT_ARCHITECTURES[arch] : undefined;
  if (act === undefined) throw new NnftInputError(field, arch, `must be one of ${Object.keys(EFT_ARCHITECTURES).join(', ')} (architectures with a closed-form GP kernel)`);
  return act;
}

function checkDensity(v: unknown, field: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new NnftInputError(field, v, 'must be a finite number >= 0');
  return v;
}

/**
 * The kernel K and propagator Kt = K - sb^2 of an architecture (mw = mb = 0, spec B.1).
 *
 * @param arch - 'relu-net', 'erf-net' or 'gauss-net'
 * @param options - d_in (1..3) and the densities sw, sb (default: the architecture's preset)
 * @throws NnftInputError (`arch`, `dIn`, `sw`, `sb`)
 *
 * @example
 * ```ts
 * eftKernel('gauss-net', { dIn: 1 }).kt([0.2], [1.0]); // returns 0.7261490... (= exp(-0.32))
 * ```
 */
export function eftKernel(arch: string, options: EftKernelOptions): EftKernel {
  const activation = checkEftArchitecture(arch);
  if (options === null || typeof options !== 'object') throw new NnftInputError('options', options, 'must be an object { dIn, sw, sb }');
  const dIn = checkBoxDimension(options.dIn);
  const preset = getArchitecture(arch).defaults;
  const sw = checkDensity(options.sw ?? preset.sw, 'sw');
  const sb = checkDensity(options.sb ?? preset.sb, 'sb');
  if (sw === 0) throw new NnftInputError('sw', sw, 'must be > 0 (sw = 0 leaves no interaction)');
  const params = { sw, sb, mw: 0, mb: 0 };
  const sb2 = sb * sb;
  const k = (x: ArrayLike<number>, y: ArrayLike<number>) => gpKernel(activation, x, y, params);
  // relu's kernel at sb = 0 is homogeneous of degree 1 in each argument: no length scale.
  // Otherwise structure lives where sw^2 |x|^2 / d_in ~ max(1, sb^2) (erf, relu) or ~ 1 (gauss).
  const scale = activation === 'relu' && sb === 0 ? undefined : (Math.sqrt(dIn) * (activation === 'gauss' ? 1 : Math.max(1, sb))) / sw;
  return { arch, activation, dIn, sw, sb, k, kt: (x, y) => k(x, y) - sb2, scale };
}
