// Entry of the training pool's workers when nnft runs from its TypeScript sources (tests, benchmarks):
// Node cannot load a .ts worker by itself, so register tsx in the worker first. Builds use worker.js.
import { register } from 'tsx/esm/api';

register();
const worker = await import('./worker.ts');
export default worker.default;
