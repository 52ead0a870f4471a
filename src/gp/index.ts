// Gaussian processes at N = infinity: the field drawn from its kernel, accumulated like an ensemble.
export { sampleGaussianProcess, linearResponseGaussianProcess, GP_ARCH, type GpSampleOptions, type GpKernel, type GaussianProcessRun } from './sample.js';
export { jitteredCholesky, JITTER_LADDER, type JitteredCholesky } from './cholesky.js';
