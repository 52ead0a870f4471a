// Locality of a field theory from its correlators (spec F5): cluster decomposition and coupling support.
export { clusterTest, type ClusterTest, type ClusterPoint, type ClusterQuadruple } from './cluster.js';
export {
  couplingLocality, type CouplingEstimate, type CouplingLocality, type CouplingLocalityOptions, type DiameterBin, type Estimate,
} from './couplings.js';
