// The platform-neutral public API, shared by the Node entry (index.ts) and the browser entry
// (browser.ts), which add their own `sample`.
export type { SampleOptions, Progress } from './sample/sampler.js';
export type { EnsembleOptions, Ensemble } from './sample/options.js';
export type { Estimator } from './sample/kernel-config.js';
export { EnsembleResult, merge, type CorrelatorEntry, type ResultJSON } from './result.js';
export { Accumulator, type RunHeader, type BlockSums } from './stats/accumulator.js';
export { NnftError, NnftInputError, NnftFileError, NnftAbortError, NnftRunError } from './errors.js';
export {
  getArchitecture, registerArchitecture, architectureNames, defineArchitecture, normal, papersLayers,
  type Architecture, type ArchitectureSpec, type ArchHyper, type Density, type LayerDensities,
} from './arch/index.js';
export { gpKernel } from './theory/kernels.js';
export { exactCumulant, exactMoment, exactCorrelators, type NetworkSpec, type ExactCorrelators } from './theory/finite-width.js';
