// The platform-neutral public API, shared by the Node entry (index.ts) and the browser entry
// (browser.ts), which add their own `sample`.
export type { SampleOptions, Progress } from './sample/sampler.js';
export type { EnsembleOptions, Ensemble } from './sample/options.js';
export type { Estimator } from './sample/kernel-config.js';
export type { ReweightOptions, ReweightTarget } from './sample/reweight.js';
export type { SharedScaleOptions, SharedScale } from './sample/shared-scale.js';
export { biasMixtureEfficiency, MAX_BIAS_MIXTURE_SHIFT, MIN_BIAS_MIXTURE_EFFECTIVE_FRACTION, type BiasMixtureOptions, type BiasMixture } from './sample/bias-mixture.js';
export { ESS_WARNING_FRACTION } from './sample/weight-warnings.js';
/** Deformed parameter densities exp(-(lambda / p!) int phi^p) and the linear response to them. */
export * as deform from './deform/index.js';
export { LinearResponse, type LinearResponseJSON } from './deform/response.js';
export type { DeformOptions, DeformRun } from './deform/options.js';
export { EnsembleResult, merge, type CorrelatorEntry, type ResultJSON } from './result.js';
export { Accumulator, type RunHeader, type BlockSums, type BlockWeights } from './stats/accumulator.js';
export { NnftError, NnftInputError, NnftFileError, NnftAbortError, NnftRunError, NnftMergeError, NnftSchedulerError } from './errors.js';
export {
  getArchitecture, registerArchitecture, architectureNames, defineArchitecture, normal, uniform, ball, papersLayers,
  type Architecture, type ArchitectureSpec, type ArchHyper, type Density, type LayerDensities, type BallProfile,
  type HyperParameter, type HyperValues, type UnitAmplitude, type NeuronMomentSource,
} from './arch/index.js';
export { gpKernel } from './theory/kernels.js';
export { exactCumulant, exactMoment, exactCorrelators, type NetworkSpec, type ExactCorrelators } from './theory/finite-width.js';
export { cutoffPropagator, CosNeuronMoments, type CosNetUnit, type CosNetVariant } from './theory/cos-net.js';
export { exactSharedScaleCorrelators, sharedScaleMoment, MAX_SHARED_SCALE_DOF } from './theory/shared-scale.js';
/** The EFT of finite-width networks: vertex integrals over the cutoff box, quartic couplings, their flow, the 6-point prediction. */
export * as eft from './eft/index.js';
/** Symmetries of network densities from their correlators: transformations, tests of invariance, breaking by means. */
export * as symmetry from './symmetry/index.js';
/** Gaussian processes at N = infinity: any kernel drawn by Cholesky with a stated jitter, accumulated like an ensemble. */
export * as gp from './gp/index.js';
/** Locality from correlators: the cluster test and the support of lattice couplings, judged against the noise. */
export * as locality from './locality/index.js';
/** Action reconstruction: leading-order couplings from connected correlators, with jackknife errors, and their continuum densities. */
export * as action from './action/index.js';
