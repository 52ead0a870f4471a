import { defineArchitecture, papersLayers } from './define.js';

/**
 * Tanh-net: f(x) = b1 + sum_j W1_j tanh(W0_j . x + b0_j), the papers' densities, sw = sb = 1.
 * The GP kernel has no closed form; the theory layer integrates it by quadrature.
 */
export const tanhNet = defineArchitecture({
  name: 'tanh-net',
  summary: 'single hidden layer, tanh activation (sw = sb = 1)',
  activation: 'tanh',
  phi: Math.tanh,
  defaults: { sw: 1, sb: 1, mw: 0, mb: 0 },
  layers: papersLayers,
});
