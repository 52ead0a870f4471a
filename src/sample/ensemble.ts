import { getArchitecture } from '../arch/index.js';
import { NnftInputError } from '../errors.js';
import type { Estimator, KernelConfig } from './kernel-config.js';
import type { Ensemble } from './options.js';

/**
 * Translates a resolved ensemble into the numbers the WASM kernels use. The first layer's
 * W0 = m0 + s0 g, b0 = mb0 + sb0 g are folded into z = zc + sum_i xs_i g_i + sb0 g_b with
 * xs = s0 x and zc = m0 sum_i x_i + mb0 + offset(x) (the architecture's pre-activation offset).
 */
export function kernelConfig(e: Ensemble, seed: number, nMax: number, estimator: Estimator = 'direct'): KernelConfig {
  const arch = getArchitecture(e.arch);
  const shape = { ...e };
  const layers = arch.layers(shape);
  if (layers.length !== 2) {
    throw new NnftInputError('arch', e.arch, `has ${layers.length - 1} hidden layers; the sampler runs one`);
  }
  for (const [l, layer] of layers.entries()) {
    for (const [name, d] of Object.entries(layer)) {
      if (d.kind !== 'normal') {
        throw new NnftInputError('arch', e.arch, `layer ${l} ${name} has a ${d.kind} density; the sampler draws normal densities`);
      }
    }
  }
  const [hidden, output] = layers;
  if (estimator === 'conditional' && (output.weight.kind !== 'normal' || output.bias.kind !== 'normal')) {
    throw new NnftInputError('estimator', estimator, `is exact only for a Gaussian last layer, which ${e.arch} does not have`);
  }
  const xs: number[] = [];
  const zc: number[] = [];
  for (const x of e.points) {
    let sum = 0;
    for (const v of x) {
      xs.push(v * hidden.weight.std);
      sum += v;
    }
    zc.push(hidden.weight.mean * sum + hidden.bias.mean + (arch.preactivationOffset?.(x, shape) ?? 0));
  }
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
    sb0: hidden.bias.std,
    mb1: output.bias.mean,
    sb1: output.bias.std,
    mw1: output.weight.mean,
    sw1: output.weight.std,
    xs,
    zc,
  };
}
