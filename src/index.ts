/**
 * nnft: neural-network field theory. Sample ensembles of randomly initialised networks, measure
 * their correlation functions, and hold them against field theory.
 */
export { sample, type NodeSampleOptions } from './sample/sample.js';
export { linearResponse, type LinearResponseOptions } from './deform/linear-response.js';
/** The compiled nnft.wasm of this process (e.g. for `gp.sampleGaussianProcess`). */
export { nodeWasmModule } from './sample/wasm-node.js';
export { Checkpoint, CHECKPOINT_INTERVAL, type CheckpointOptions, type CheckpointState } from './sample/checkpoint.js';
export * from './cluster/index.js';
export * from './api.js';
/** Fashion-MNIST and the symmetry-breaking training experiment (Node: files and worker threads). */
export { loadFashionMnist, fashionMnistPixels, FASHION_MNIST_CLASSES, type FashionMnist, type FashionMnistOptions } from './data/fashion-mnist.js';
export { TrainPool } from './train/pool.js';
export { runTraining, type TrainRunOptions, type TrainRunResult, type Targets } from './train/run.js';
export { runFashionMnist, type FashionMnistReport } from './experiments/fashion-mnist.js';
