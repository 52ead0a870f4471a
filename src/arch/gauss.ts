import { gpKernel } from '../theory/kernels.js';
import { defineArchitecture, papersLayers } from './define.js';

/**
 * Gauss-net: f(x) = b1 + sum_j W1_j exp(W0_j . x + b0_j) / exp(v(x)), v(x) = sb^2 + sw^2 |x|^2/d_in,
 * the paper's input-dependent normalisation, which makes the GP kernel translation invariant:
 * K = sb^2 + sw^2 exp(-sw^2 |x - x'|^2 / (2 d_in)) (at mw = mb = 0). Densities as the papers'.
 * The normalisation enters the sampler as a pre-activation offset -v(x).
 */
export const gaussNet = defineArchitecture({
  name: 'gauss-net',
  summary: 'single hidden layer, exp activation normalised by exp(sb^2 + sw^2 |x|^2/d_in)',
  activation: 'exp',
  phi: Math.exp,
  defaults: { sw: 1, sb: 1, mw: 0, mb: 0 },
  layers: papersLayers,
  kernel: (x, y, s) => gpKernel('gauss', x, y, s),
  preactivationOffset: (x, s) => {
    let r2 = 0;
    for (const v of x) r2 += v * v;
    return -(s.sb * s.sb + (s.sw * s.sw * r2) / s.dIn);
  },
});
