/**
 * One training run of the symmetry-breaking experiment (spec G3, from the authors'
 * symmetry_breaking_parameters.py): the network f = W1 relu(W0 x) without biases, initialised as
 * W0 ~ N(0, 1/d_in) and W1 ~ N(mu_i, 1/N) with mu_i = muW for the first k output rows and 0 for the
 * rest; mean squared error against one-hot targets e_y (prediction argmax) or one-cold targets
 * 1 - e_y (prediction argmin); Adam (lr 1e-3, betas 0.9, 0.999, eps 1e-8) with the learning rate
 * times gamma = 0.7 after every epoch; batches of 64 in a fresh seeded order each epoch (the last
 * batch of an epoch is the remainder); test accuracy after every epoch.
 *
 * Randomness: one SeededRandom(seed) draws W0 (row by row), then the standard normals of W1, then
 * each epoch's order. W1 = mu_i + z / sqrt(N) with the same z for every (k, muW), so runs of one seed
 * differ only by the breaking (common random numbers), and (k, 0) and (0, muW) are the same run.
 * The kernels are deterministic, so a seed fixes every bit of the result on any thread.
 *
 * @module
 */
import { NnftInputError } from '../errors.js';
import { SeededRandom } from '../symmetry/random.js';
import type { TrainKernel } from './kernel.js';

/** Target encodings of the labels. */
export const TARGETS = ['one-hot', 'one-cold'] as const;
export type Targets = (typeof TARGETS)[number];

/** The settings of one run. Defaults are the authors'. */
export interface TrainRunOptions {
  /** Seed of initialisation and data order, an integer in [0, 2^53). */
  seed: number;
  /** Output rows 0..k-1 get the mean muW. */
  k: number;
  /** The breaking mean of the first k rows of W1. */
  muW: number;
  targets: Targets;
  /** Epochs (default 20). */
  epochs?: number;
  /** Batch size (default 64). */
  batch?: number;
  /** Initial learning rate (default 1e-3). */
  lr?: number;
  /** Learning-rate factor per epoch (default 0.7). */
  gamma?: number;
  /** Training samples used per epoch: the first `trainSamples` of the training set (default: all). */
  trainSamples?: number;
}

/** What a run measured. */
export interface TrainRunResult {
  /** Test accuracy (%) after each epoch. */
  testAccuracy: number[];
  /** Mean training loss over each epoch's batches (loss before each step). */
  trainLoss: number[];
  /** The maximum test accuracy over the epochs (the reported number), and its epoch (1-based). */
  maxAccuracy: number;
  bestEpoch: number;
  /** Wall time of the run and of its training steps alone (no evaluation), seconds. */
  seconds: number;
  trainSeconds: number;
  /** Training samples processed (epochs x samples per epoch). */
  samples: number;
}

export const ADAM = { beta1: 0.9, beta2: 0.999, eps: 1e-8 } as const;
export const RUN_DEFAULTS = { epochs: 20, batch: 64, lr: 1e-3, gamma: 0.7 } as const;
/** The authors' evaluation batch (their test loader's); also the largest training batch. */
export const EVAL_ROWS = 1000;

/** The settings of a run with every default filled in (trainSamples stays optional: all samples). */
export type TrainRunSettings = Required<Omit<TrainRunOptions, 'trainSamples'>> & { trainSamples?: number };

/** The run's settings, defaults filled in, every value checked. */
export function checkTrainRun(o: TrainRunOptions, outputs = 10): TrainRunSettings {
  const int = (field: string, v: unknown, lo: number, hi: number) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) throw new NnftInputError(field, v, `must be an integer in [${lo}, ${hi}]`);
    return v;
  };
  const real = (field: string, v: unknown, ok: (x: number) => boolean, what: string) => {
    if (typeof v !== 'number' || !Number.isFinite(v) || !ok(v)) throw new NnftInputError(field, v, `must be ${what}`);
    return v;
  };
  int('seed', o.seed, 0, Number.MAX_SAFE_INTEGER);
  int('k', o.k, 0, outputs);
  real('muW', o.muW, () => true, 'a finite number');
  if (!(TARGETS as readonly string[]).includes(o.targets)) throw new NnftInputError('targets', o.targets, `must be ${TARGETS.join(' or ')}`);
  const epochs = int('epochs', o.epochs ?? RUN_DEFAULTS.epochs, 1, 10_000);
  const batch = int('batch', o.batch ?? RUN_DEFAULTS.batch, 1, EVAL_ROWS);
  const lr = real('lr', o.lr ?? RUN_DEFAULTS.lr, (x) => x > 0, 'a finite number > 0');
  const gamma = real('gamma', o.gamma ?? RUN_DEFAULTS.gamma, (x) => x > 0 && x <= 1, 'in (0, 1]');
  const settings: TrainRunSettings = { seed: o.seed, k: o.k, muW: o.muW, targets: o.targets, epochs, batch, lr, gamma };
  if (o.trainSamples !== undefined) settings.trainSamples = int('trainSamples', o.trainSamples, 1, 2 ** 31 - 1);
  return settings;
}

/** Initial weights of a run: W0 (hidden x dIn) then W1 (outputs x hidden), f32, and the generator, ready for the data order. */
export function initialWeights(seed: number, shape: { dIn: number; hidden: number; outputs: number }, k: number, muW: number) {
  const { dIn, hidden, outputs } = shape;
  const rng = new SeededRandom(seed);
  const s0 = 1 / Math.sqrt(dIn);
  const s1 = 1 / Math.sqrt(hidden);
  const w0 = Float32Array.from({ length: hidden * dIn }, () => s0 * rng.normal());
  const w1 = new Float32Array(outputs * hidden);
  for (let o = 0; o < outputs; o++) {
    for (let j = 0; j < hidden; j++) w1[o * hidden + j] = (o < k ? muW : 0) + s1 * rng.normal();
  }
  return { w0, w1, rng };
}

/** Fisher-Yates: a fresh uniformly random order of 0..n-1. */
export function shuffledOrder(rng: SeededRandom, n: number): Int32Array {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}

/** Predicted class of each output row: argmax (one-hot) or argmin (one-cold); ties go to the first. */
export function predictions(outputs: Float32Array, classes: number, targets: Targets): Int32Array {
  const n = outputs.length / classes;
  const pred = new Int32Array(n);
  const sign = targets === 'one-hot' ? 1 : -1;
  for (let s = 0; s < n; s++) {
    let best = 0;
    for (let o = 1; o < classes; o++) if (sign * outputs[s * classes + o] > sign * outputs[s * classes + best]) best = o;
    pred[s] = best;
  }
  return pred;
}

/** Test accuracy (%) of the kernel's current weights over its test set, in chunks of its largest batch. */
export function testAccuracy(kernel: TrainKernel, test: { labels: ArrayLike<number>; count: number }, classes: number, targets: Targets): number {
  let correct = 0;
  const chunk = kernel.maxRows();
  for (let start = 0; start < test.count; start += chunk) {
    const n = Math.min(chunk, test.count - start);
    const pred = predictions(kernel.outputs('test', start, n), classes, targets);
    for (let s = 0; s < n; s++) if (pred[s] === test.labels[start + s]) correct++;
  }
  return (100 * correct) / test.count;
}

/**
 * Trains one network on the kernel's training set (configured with `trainCount` samples and a test
 * set) and returns the test accuracy after every epoch. `onEpoch` hears each finished epoch.
 */
export function runTraining(
  kernel: TrainKernel,
  data: { trainCount: number; test: { labels: ArrayLike<number>; count: number }; dIn: number; hidden: number; outputs: number },
  options: TrainRunOptions,
  onEpoch?: (epoch: number, accuracy: number, loss: number) => void,
): TrainRunResult {
  const o = checkTrainRun(options, data.outputs);
  const t0 = performance.now();
  const { w0, w1, rng } = initialWeights(o.seed, data, o.k, o.muW);
  kernel.setWeights(w0, w1);
  kernel.setTargets(o.targets === 'one-hot' ? 1 : 0, o.targets === 'one-hot' ? 0 : 1);
  kernel.setAdam(ADAM.beta1, ADAM.beta2, ADAM.eps);
  const n = o.trainSamples ? Math.min(o.trainSamples, data.trainCount) : data.trainCount;
  const testAcc: number[] = [];
  const trainLoss: number[] = [];
  let step = 0;
  let trainMs = 0;
  for (let epoch = 1; epoch <= o.epochs; epoch++) {
    const lr = o.lr * o.gamma ** (epoch - 1);
    const order = shuffledOrder(rng, data.trainCount);
    if (n < data.trainCount) order.set(shuffledOrderOfFirst(order, n));
    kernel.setOrder(order);
    const e0 = performance.now();
    let lossSum = 0;
    let batches = 0;
    for (let start = 0; start < n; start += o.batch) {
      const nb = Math.min(o.batch, n - start);
      step++;
      const stepSize = lr / (1 - ADAM.beta1 ** step);
      const bc2sqrt = Math.sqrt(1 - ADAM.beta2 ** step);
      lossSum += kernel.trainBatch(start, nb, stepSize, bc2sqrt) / (nb * data.outputs);
      batches++;
    }
    trainMs += performance.now() - e0;
    testAcc.push(testAccuracy(kernel, data.test, data.outputs, o.targets));
    trainLoss.push(lossSum / batches);
    onEpoch?.(epoch, testAcc[epoch - 1], trainLoss[epoch - 1]);
  }
  const maxAccuracy = Math.max(...testAcc);
  return {
    testAccuracy: testAcc, trainLoss, maxAccuracy, bestEpoch: testAcc.indexOf(maxAccuracy) + 1,
    seconds: (performance.now() - t0) / 1000, trainSeconds: trainMs / 1000, samples: n * o.epochs,
  };
}

/** With a subset of n training samples: the order restricted to samples < n (kept in front). */
function shuffledOrderOfFirst(order: Int32Array, n: number): Int32Array {
  const front = new Int32Array(n);
  let f = 0;
  for (const i of order) if (i < n) front[f++] = i;
  return front;
}
