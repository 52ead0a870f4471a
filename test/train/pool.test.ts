import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SeededRandom } from '../../src/symmetry/random.js';
import { TrainPool } from '../../src/train/pool.js';
import { checkTrainRun, type TrainRunOptions, type TrainRunResult } from '../../src/train/run.js';
import { expectInputError } from '../support/errors.js';

// A small synthetic problem: the class shifts the mean of a few inputs, so a network can learn it.
function synthetic(seed: number, count: number) {
  const rng = new SeededRandom(seed);
  const labels = Uint8Array.from({ length: count }, () => Math.floor(rng.uniform() * 10));
  const images = new Float32Array(count * 20);
  for (let s = 0; s < count; s++) for (let i = 0; i < 20; i++) images[s * 20 + i] = rng.normal() + (i % 10 === labels[s] ? 1.5 : 0);
  return { images, labels, count };
}
const data = { train: synthetic(1, 700), test: synthetic(2, 300) };
const shape = { dIn: 20, hidden: 12, outputs: 10 };

const tasks: TrainRunOptions[] = [
  { seed: 1, k: 0, muW: 0, targets: 'one-hot', epochs: 3, lr: 0.02 },
  { seed: 2, k: 4, muW: 0.1, targets: 'one-hot', epochs: 3, lr: 0.02 },
  { seed: 3, k: 10, muW: 0.2, targets: 'one-cold', epochs: 3, batch: 32, lr: 0.02 },
  { seed: 1, k: 7, muW: 0, targets: 'one-hot', epochs: 3, lr: 0.02 },
  { seed: 1, k: 0, muW: 0.3, targets: 'one-hot', epochs: 3, lr: 0.02 },
];
const measured = (r: TrainRunResult) => ({ acc: r.testAccuracy, loss: r.trainLoss, max: r.maxAccuracy, best: r.bestEpoch, samples: r.samples });

let one: TrainPool;
let two: TrainPool;
beforeAll(async () => {
  [one, two] = await Promise.all([TrainPool.create(1, data, shape), TrainPool.create(2, data, shape)]);
});
afterAll(async () => {
  await Promise.all([one?.close(), two?.close()]);
});

describe('training pool', () => {
  it('gives the same bits for every run on 1 and on 2 threads', async () => {
    const a = await Promise.all(tasks.map((t) => one.run(t)));
    const b = await Promise.all(tasks.map((t) => two.run(t)));
    expect(b.map(measured)).toEqual(a.map(measured));
    // the synthetic classes are learnable: far above the 10% of guessing
    expect(a[0].maxAccuracy).toBeGreaterThan(25);
    // common random numbers: no breaking (muW = 0 at any k, or k = 0 at any muW) is the same run
    expect(measured(a[3])).toEqual(measured(a[0]));
    expect(measured(a[4])).toEqual(measured(a[0]));
  });

  it('refuses bad run options before queueing, naming the field', () => {
    const ok: TrainRunOptions = { seed: 1, k: 2, muW: 0.1, targets: 'one-hot' };
    expectInputError(() => checkTrainRun({ ...ok, seed: -1 }), 'seed');
    expectInputError(() => checkTrainRun({ ...ok, seed: 1.5 }), 'seed');
    expectInputError(() => checkTrainRun({ ...ok, k: 11 }), 'k');
    expectInputError(() => checkTrainRun({ ...ok, muW: Number.NaN }), 'muW');
    expectInputError(() => checkTrainRun({ ...ok, targets: 'hot' as never }), 'targets');
    expectInputError(() => checkTrainRun({ ...ok, epochs: 0 }), 'epochs');
    expectInputError(() => checkTrainRun({ ...ok, batch: 1001 }), 'batch');
    expectInputError(() => checkTrainRun({ ...ok, lr: 0 }), 'lr');
    expectInputError(() => checkTrainRun({ ...ok, gamma: 1.5 }), 'gamma');
    expectInputError(() => one.run({ ...ok, k: -1 }), 'k');
  });
});
