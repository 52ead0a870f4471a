/**
 * nnft: neural-network field theory. Sample ensembles of randomly initialised networks, measure
 * their correlation functions, and hold them against field theory.
 */
export { sample } from './sample/sample.js';
export * from './api.js';
