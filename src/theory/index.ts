/**
 * The theory layer (spec nn-qft.md sections A, B, D): GP kernels, single-neuron moments and the
 * exact finite-width correlators of single-hidden-layer networks, plus the quadrature rules they use.
 *
 * Conventions (spec A.1, A.4): f_o(x) = b1_o + sum_{j=1..N} W1_{oj} phi(z_j(x), v(x)),
 * z_j(x) = W0_j . x + b0_j, W0 ~ N(mw, sw^2/d_in), b0, b1 ~ N(mb, sb^2), W1 ~ N(mw, sw^2/N),
 * v(x) = sb^2 + sw^2 |x|^2/d_in; component a = k*d_out + o of points x^(k) and outputs o.
 *
 * @module
 */
export { ACTIVATION_NAMES, activationFunction, resolveDensityParams } from './activation.js';
export type { Activation, ActivationFn, ActivationName, DensityParams } from './activation.js';
export { MAX_GAUSS_HERMITE_NODES, gaussHermite, gaussHermiteExpectation, gaussHermiteGrid } from './gauss-hermite.js';
export type { QuadratureRule } from './gauss-hermite.js';
export { gaussLegendre, integrateGaussLegendre } from './gauss-legendre.js';
export { DEFAULT_KERNEL_NODES, connectedTwoPoint, gpKernel, outputMean, quadratureKernel, twoPointMoment } from './kernels.js';
export type { KernelMethod, KernelOptions, WidthParams } from './kernels.js';
export { DEFAULT_GH_NODES, DEFAULT_RELU_OUTER_NODES, MAX_COMPOSITE_RANK, MAX_MOMENT_ORDER, NeuronMoments, neuronMoment } from './neuron-moments.js';
export type { NeuronMomentOptions } from './neuron-moments.js';
export {
  FiniteWidthTheory,
  MAX_CORRELATOR_ORDER,
  exactCorrelators,
  exactCumulant,
  exactMoment,
  resolveNetworkSpec,
  weightMoment,
} from './finite-width.js';
export type { ExactCorrelators, NetworkSpec, NeuronMomentSource, ResolvedNetworkSpec } from './finite-width.js';
export { CosNeuronMoments, cosNetAmplitude, cutoffPropagator, propagatorNormalisation } from './cos-net.js';
export { MAX_SHARED_SCALE_DOF, checkSharedScaleDof, exactSharedScaleCorrelators, sharedScaleMoment } from './shared-scale.js';
export type { CosNetUnit, CosNetVariant } from './cos-net.js';
export { angularAverage, ballVolume, besselJ0, integrateRadial, propagatorRadialIntegral, radialRule, sphereArea } from './radial.js';
