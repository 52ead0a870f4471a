import { getArchitecture, type Architecture, type Density } from '../arch/index.js';
import type { EnsembleDeform } from '../deform/ensemble.js';
import { NnftInputError } from '../errors.js';
import type { DeformKernel, Estimator, HiddenSampling, KernelConfig } from './kernel-config.js';
import type { Ensemble } from './options.js';
import { radialSampler } from './radial-sampler.js';
import { densityWeights } from './reweight.js';

/** A hidden density as the kernels draw it: tile value v, parameter = mean + scale v (see assembly/hidden.ts). */
interface Drawn {
  readonly kind: 'normal' | 'uniform' | 'ball';
  readonly mean: number;
  readonly scale: number;
}

function drawn(d: Density, what: string, arch: string): Drawn {
  if (d.kind === 'normal') return { kind: 'normal', mean: d.mean, scale: d.std };
  if (d.kind === 'uniform') return { kind: 'uniform', mean: 0.5 * (d.lo + d.hi), scale: d.hi - d.lo };
  if (what === 'bias') throw new NnftInputError('arch', arch, 'declares a ball density for the hidden biases; a ball draws a weight vector');
  return { kind: 'ball', mean: 0, scale: 1 };
}

/** The hidden layer's sampling, when it is not the papers' all-normal one. */
function hiddenSampling(arch: Architecture, e: Ensemble, weight: Density, w: Drawn, b: Drawn): HiddenSampling | undefined {
  const declared = arch.unitAmplitude?.(e);
  if (declared && arch.activation !== 'cos') {
    throw new NnftInputError('arch', arch.name, `declares a unit amplitude; only the cos family carries one`);
  }
  if (declared?.mass !== undefined && weight.kind !== 'ball') {
    throw new NnftInputError('arch', arch.name, 'declares an amplitude with a mass, which needs ball-distributed weights');
  }
  const amplitude = arch.activation === 'cos' ? declared ?? { scale: 1 } : undefined;
  if (w.kind === 'normal' && b.kind === 'normal' && !amplitude) return undefined;
  return {
    weight: w.kind,
    bias: b.kind === 'ball' ? 'normal' : b.kind,
    ...(weight.kind === 'ball' && { radial: radialSampler(e.dIn, weight.radius, weight.profile, arch.name) }),
    ...(amplitude && { amplitude }),
  };
}

/**
 * Translates a resolved ensemble into the numbers the WASM kernels use. The first layer's
 * W0 = m0 + s0 v, b0 = mb0 + sb0 v' (v, v' the tile values of assembly/hidden.ts: normals, centred
 * uniforms, or the ball's weight vector with m0 = 0, s0 = 1) are folded into z = zc + sum_i xs_i v_i + sb0 v'
 * with xs = s0 x and zc = m0 sum_i x_i + mb0 + offset(x) (the architecture's pre-activation offset).
 * With a `target` ensemble the networks are weighted by the density ratio target / e (reweight.ts);
 * the conditional estimator then takes the output layer's moments from the target directly. With a
 * `deform`ation its grid nodes are folded like the points and the networks weighted by exp(-Delta S).
 */
export function kernelConfig(
  e: Ensemble, seed: number, nMax: number, estimator: Estimator = 'direct', target?: Ensemble, deform?: EnsembleDeform,
): KernelConfig {
  const arch = getArchitecture(e.arch);
  const layers = arch.layers(e);
  if (layers.length !== 2) {
    throw new NnftInputError('arch', e.arch, `has ${layers.length - 1} hidden layers; the sampler runs one`);
  }
  const [hidden, sampleOutput] = layers;
  if (sampleOutput.weight.kind !== 'normal' || sampleOutput.bias.kind !== 'normal') {
    if (estimator === 'conditional') {
      throw new NnftInputError('estimator', estimator, `is exact only for a Gaussian last layer, which ${e.arch} does not have`);
    }
    throw new NnftInputError('arch', e.arch, 'has a non-normal output layer; the sampler draws the output layer from normal densities');
  }
  const w = drawn(hidden.weight, 'weight', e.arch);
  const b = drawn(hidden.bias, 'bias', e.arch);
  const sampling = hiddenSampling(arch, e, hidden.weight, w, b);
  const fold = (points: readonly (readonly number[])[]) => {
    const xs: number[] = [];
    const zc: number[] = [];
    for (const x of points) {
      let sum = 0;
      for (const v of x) {
        xs.push(v * w.scale);
        sum += v;
      }
      zc.push(w.mean * sum + b.mean + (arch.preactivationOffset?.(x, e) ?? 0));
    }
    return { xs, zc };
  };
  const { xs, zc } = fold(e.points);
  const deformKernel: DeformKernel | undefined = deform && {
    ...fold(deform.nodes), weights: deform.weights, power: deform.power,
    coefficient: -deform.lambda, constant: deform.lambda * deform.shift, response: deform.response,
  };
  const density = target && densityWeights(e, target, estimator);
  const output = estimator === 'conditional' && target ? arch.layers(target)[1] : sampleOutput;
  if (output.weight.kind !== 'normal' || output.bias.kind !== 'normal') throw new NnftInputError('reweight', target, 'must keep the output layer normal');
  return {
    estimator,
    activation: arch.activation,
    dIn: e.dIn,
    width: e.width,
    points: e.points.length,
    dOut: e.dOut,
    nMax,
    seedLo: seed % 2 ** 32,
    seedHi: Math.floor(seed / 2 ** 32),
    sb0: b.scale,
    mb1: output.bias.mean,
    sb1: output.bias.std,
    mw1: output.weight.mean,
    sw1: output.weight.std,
    xs,
    zc,
    ...(sampling && { hidden: sampling }),
    ...((density || deformKernel) && {
      weights: { ...(density && { density }), ...(deformKernel && { deform: deformKernel }) },
    }),
  };
}
