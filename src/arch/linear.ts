import { gpKernel } from '../theory/kernels.js';
import { defineArchitecture, papersLayers } from './define.js';

/**
 * Linear network: f(x) = b1 + sum_j W1_j (W0_j . x + b0_j), the papers' densities, sw = sb = 1.
 * A Gaussian-process sanity check at every width: K = sb^2 + sw^2 (sb^2 + sw^2 x.x'/d_in).
 */
export const linearNet = defineArchitecture({
  name: 'linear',
  summary: 'single hidden layer, identity activation (sw = sb = 1)',
  activation: 'linear',
  phi: (z) => z,
  defaults: { sw: 1, sb: 1, mw: 0, mb: 0 },
  layers: papersLayers,
  kernel: (x, y, s) => gpKernel('linear', x, y, s),
});
