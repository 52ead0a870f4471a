/**
 * Ensembles whose output weights have a mean per output row, W1_ij ~ N(mu_i, sigma^2/N), with
 * first-layer weights of mean zero: the symmetry-breaking setups of spec G2 (e.g. mu_W on the first
 * k of D rows).
 *
 * The sampler draws the output weights with one mean for every row. A per-row mean is reached
 * exactly by a rotation (the duality this module is about): W1 -> R W1 maps
 * N(c 1 (x) 1_N, sigma^2/N I) onto N(c R 1 (x) 1_N, sigma^2/N I) because the covariance is isotropic,
 * and zero-mean Gaussian output biases are unchanged. With c = |mu|/sqrt(D) and R the rotation taking
 * the direction of 1 = (1, .., 1) to that of mu, R f is a network of the target ensemble, so the
 * run's block sums rotated by R ({@link rotateRunOutputs}) are a sample of it: same networks, same
 * seed, same bits every time. (Sampling per-row means directly needs a per-row mean in the
 * kernels' output layer; the result has the same distribution.)
 *
 * @module
 */
import { defineArchitecture, getArchitecture, architectureNames, registerArchitecture, type Architecture } from '../arch/index.js';
import { NnftInputError } from '../errors.js';
import type { EnsembleResult } from '../result.js';
import type { SampleOptions } from '../sample/sampler.js';
import { rotationTaking } from './alignment.js';
import { identity } from './matrix.js';
import { correlatorRun, rotateRunOutputs, type CorrelatorRun } from './run.js';

const SUFFIX = '-last-mean';

/**
 * The architecture `<base>-last-mean`: `base` with its mean mu_w on the output weights only (the
 * hidden layer's weights get mean zero; biases as `base`). Registered on first use.
 *
 * @throws NnftInputError (`arch`) for an unknown base architecture
 */
export function lastLayerMeanArchitecture(base: string): Architecture {
  const arch = getArchitecture(base);
  const name = `${arch.name}${SUFFIX}`;
  if (architectureNames().includes(name)) return getArchitecture(name);
  const derived = defineArchitecture({
    ...arch,
    name,
    summary: `${arch.name} with mu_w on the output weights only (hidden weights of mean zero)`,
    layers: (s) => {
      const [hidden] = arch.layers({ ...s, mw: 0 });
      const [, output] = arch.layers(s);
      return [hidden, output];
    },
  });
  registerArchitecture(derived);
  return derived;
}

/** Options of {@link sampleOutputMeans}: a run's options with one mean per output row instead of `mw`. */
export interface OutputMeansOptions extends Omit<SampleOptions, 'mw'> {
  /** Mean of each output row of W1 (length d_out). */
  outputMeans: readonly number[];
}

/**
 * Samples the ensemble with output-weight means `outputMeans` (first-layer weights of mean zero),
 * through `sampler` (e.g. the library's `sample`), and returns its correlator run.
 *
 * @throws NnftInputError: `outputMeans` (not d_out finite numbers), `mb` (a non-zero output bias
 *   mean, which the rotation would turn too), and whatever the sampler rejects
 */
export async function sampleOutputMeans(
  options: OutputMeansOptions,
  sampler: (o: SampleOptions) => Promise<EnsembleResult>,
): Promise<CorrelatorRun> {
  const { outputMeans, ...rest } = options;
  const D = rest.dOut ?? 1;
  if (!Array.isArray(outputMeans) || outputMeans.length !== D || outputMeans.some((v) => typeof v !== 'number' || !Number.isFinite(v))) {
    throw new NnftInputError('outputMeans', outputMeans, `must be d_out = ${D} finite numbers`);
  }
  if ((rest.mb ?? getArchitecture(rest.arch).defaults.mb) !== 0) {
    throw new NnftInputError('mb', rest.mb, 'must be 0 with outputMeans (a bias mean would be rotated with the weight means)');
  }
  const norm = Math.sqrt(outputMeans.reduce((s, v) => s + v * v, 0));
  const ones = new Array<number>(D).fill(1);
  // one dimension: the sign of the mean is its direction, no rotation needed
  const c = D === 1 ? outputMeans[0] : norm / Math.sqrt(D);
  const R = D === 1 || norm === 0 ? identity(D) : rotationTaking(ones, outputMeans as number[]);
  const arch = lastLayerMeanArchitecture(rest.arch);
  const run = correlatorRun(await sampler({ ...rest, arch: arch.name, mw: c }));
  const label = `${rest.arch} N=${rest.width} d_out=${D}, output-weight means [${outputMeans.join(', ')}], ${run.networks} networks`;
  return rotateRunOutputs(run, R, label);
}
