/**
 * Symmetries of network densities read off their correlators (arXiv 2106.00694, spec G1, G2):
 * transformations (output rotations, input rotations, translations), their action on correlator
 * tensors and points, tests of invariance with honest errors, and breaking by parameter means.
 *
 * @module
 */
export { SeededRandom } from './random.js';
export { identity, multiply, transpose, determinant, orthogonalityError, qr, applyMatrix, toMatrix, toRows, type Matrix, type MatrixInput } from './matrix.js';
export { haarRotation, haarRotations } from './haar.js';
export { expm } from './expm.js';
export { generator, generatorCount, generatorRotation, generatorRotations, planeRotation } from './generators.js';
export { rotationTaking } from './alignment.js';
export { stabiliserRotation } from './stabiliser.js';
export { outputRotation, inputRotation, translation, transformPoints, pairedPoints, actsOnInputs, type Transformation } from './transformation.js';
export { correlatorRun, rotateRunOutputs, runEstimates, runReplicates, type CorrelatorRun, type CorrelatorKind } from './run.js';
export { rotateFlat, rotateDense } from './tensor-action.js';
export { deviationEntries, resolveAction, type DeviationRecord, type EntrySelection, type ResolvedAction } from './deviation.js';
export { testInvariance, FOUR_SIGMA_P, type InvarianceOptions, type InvarianceResult, type OrderDeviation, type Verdict } from './invariance.js';
export { breakingPrediction, reluUnitMoments, unitMoments, type BreakingPrediction, type UnitMoments } from './breaking-theory.js';
export { lastLayerMeanArchitecture, sampleOutputMeans, type OutputMeansOptions } from './output-means.js';
export { meanViolation, fitThroughOrigin, type Measured, type OriginFit } from './violation.js';
