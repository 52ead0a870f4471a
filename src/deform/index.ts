export { DEFAULT_DEFORM_GRID, MAX_DEFORM_NODES, MAX_DEFORM_POWER, resolveDeformGrid, type DeformGrid, type DeformOptions, type DeformRun } from './options.js';
export { gaussianAction, MAX_DEFORM_ACTION, type GaussianAction } from './scale.js';
export { LinearResponse, type LinearResponseJSON } from './response.js';
export {
  metropolis, MetropolisResult, DEFAULT_CHAINS, DEFAULT_CHAIN_BLOCKS, MAX_MEASUREMENTS,
  type MetropolisOptions, type MetropolisProgress, type MetropolisRun, type MetropolisJSON,
} from './metropolis.js';
export type { AutocorrelationTime } from '../stats/autocorrelation.js';
