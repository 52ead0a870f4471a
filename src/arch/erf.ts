import { gpKernel } from '../theory/kernels.js';
import { defineArchitecture, papersLayers } from './define.js';
import { erf } from '../theory/special.js';

/**
 * Erf-net: f(x) = b1 + sum_j W1_j erf(W0_j . x + b0_j), with the papers' densities
 * W0 ~ N(mw, sw^2/d_in), b0 ~ N(mb, sb^2), W1 ~ N(mw, sw^2/N), b1 ~ N(mb, sb^2).
 * Defaults sw = sb = 1. GP kernel: K = sb^2 + (2 sw^2/pi) asin(2c / sqrt((1 + 2v)(1 + 2v'))).
 */
export const erfNet = defineArchitecture({
  name: 'erf-net',
  summary: 'single hidden layer, erf activation (sw = sb = 1)',
  activation: 'erf',
  phi: erf,
  defaults: { sw: 1, sb: 1, mw: 0, mb: 0 },
  layers: papersLayers,
  kernel: (x, y, s) => gpKernel('erf', x, y, s),
});
