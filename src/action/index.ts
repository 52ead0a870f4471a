// Action reconstruction from connected correlators (spec actions-symmetry F2): leading-order couplings
// with jackknife errors, their continuum densities, and exact lattice moments to check them against.
export {
  reconstructAction, reconstructActionFromBlocks, reconstructActionFromCorrelators, K_CONVENTION, CONDITION_WARNING,
  type ReconstructOptions, type ReconstructedAction, type ExactCorrelators, type MomentBlocks,
} from './reconstruct.js';
export { Coupling } from './coupling.js';
export { COUPLING_ORDERS, type CouplingOrder } from './leading-order.js';
export { latticeToContinuum, type ContinuumCoupling, type SiteValues } from './continuum.js';
export { exactLatticeMoments, type LatticeAction, type ExactLatticeOptions, type LatticeMoments } from './exact-lattice.js';
export { invertTwoPoint, SINGULAR_CONDITION, type TwoPointInverse } from './two-point-inverse.js';
export { amputate } from './symmetric-tensor.js';
