import { gpKernel } from '../theory/kernels.js';
import { defineArchitecture, papersLayers } from './define.js';

/**
 * ReLU-net: f(x) = b1 + sum_j W1_j max(0, W0_j . x + b0_j), with W0 ~ N(mw, sw^2/d_in),
 * b0 ~ N(mb, sb^2), W1 ~ N(mw, sw^2/N), b1 ~ N(mb, sb^2) (Halverson, Maiti, Stoner 2020, sec. 3).
 * Defaults are the paper's ReLU preset: sw = 1, sb = 0.
 * GP kernel (arc-cosine of order 1): K = sb^2 + sw^2 sqrt(v v')/(2 pi) (sin t + (pi - t) cos t).
 */
export const reluNet = defineArchitecture({
  name: 'relu-net',
  summary: 'single hidden layer, ReLU activation (paper preset sw = 1, sb = 0)',
  activation: 'relu',
  phi: (z) => (z > 0 ? z : 0),
  defaults: { sw: 1, sb: 0, mw: 0, mb: 0 },
  layers: papersLayers,
  kernel: (x, y, s) => gpKernel('relu', x, y, s),
});
