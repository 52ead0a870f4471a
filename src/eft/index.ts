/**
 * Effective field theory of finite-width networks (spec nn-qft.md section E): vertex integrals over
 * the cutoff box, the local quartic coupling (lambda_code and lambda_std = -24 lambda_code), its
 * Wilsonian flow with the cutoff and its scaling with the width, the 6-point function at first order
 * in lambda, and the local + x^2-local + non-local quartic model.
 *
 * @module
 */
export { DEFAULT_BOX_NODES, DEFAULT_BOX_PANELS, MAX_BOX_SIZE, boxRule, checkCutoff, forEachBoxNode, integrateBox } from './box-quadrature.js';
export type { AxisRule, BoxQuadratureOptions, BoxRule } from './box-quadrature.js';
export { EFT_ARCHITECTURES, checkEftArchitecture, eftKernel } from './kernel.js';
export type { EftKernel, EftKernelOptions } from './kernel.js';
export { MAX_LEGS, kernelProductIntegrals, nonLocalPair, nonLocalQuartic, squaredNorm } from './vertex-integrals.js';
export type { Propagator, VertexIntegralOptions } from './vertex-integrals.js';
export { LAMBDA_STD_PER_CODE, QUARTIC_FACTOR, coupling, fitQuartic, perTupleCouplings, treeLevelDeltaG4 } from './quartic.js';
export type { Coupling, QuarticFit } from './quartic.js';
export { fitLine } from './line-fit.js';
export type { LineFit } from './line-fit.js';
export { fitFlow, localFlowSlopes } from './rg-flow.js';
export type { FlowFit } from './rg-flow.js';
export { fitWidthScaling } from './width-scaling.js';
export type { WidthScalingFit } from './width-scaling.js';
export { SIX_POINT_SPLITS, codeReachesTuple, sixPointExchange, sixPointPrediction } from './six-point.js';
export type { ExchangeInputs, SixPointInputs, SixPointSplit, SixPointVariant } from './six-point.js';
export { DEFAULT_RCOND, leastSquares } from './least-squares.js';
export type { LeastSquaresResult } from './least-squares.js';
export { QUARTIC_MODEL_TERMS, fitQuarticModel, orderings, quarticTemplates } from './quartic-model.js';
export type { PercentageErrors, QuarticModelData, QuarticModelFit, QuarticTemplates } from './quartic-model.js';
export { correlatorJackknife } from './correlator-jackknife.js';
