/**
 * nnft: neural-network field theory. Sample ensembles of randomly initialised networks, measure
 * their correlation functions, and hold them against field theory.
 */
export { sample } from './sample/sample.js';
export type { SampleOptions, Progress } from './sample/sampler.js';
export type { EnsembleOptions, Ensemble } from './sample/options.js';
export { EnsembleResult, merge, type CorrelatorEntry, type ResultJSON } from './result.js';
export { Accumulator, type RunHeader, type BlockSums } from './stats/accumulator.js';
export { NnftError, NnftInputError, NnftFileError, NnftAbortError, NnftRunError } from './errors.js';
export {
  getArchitecture, registerArchitecture, architectureNames, defineArchitecture, normal,
  type Architecture, type ArchitectureSpec, type ArchHyper, type Density, type LayerDensities,
} from './arch/index.js';
