// tinybench suite for the WASM kernels on one thread: normal generation, forward passes and the
// moment tree, and the cumulants of a result (TypeScript), with the sizes in the task names
// (e.g. forward:relu:N=1000:K=6).
import { Bench } from 'tinybench';
import { kernelConfig } from '../src/sample/ensemble.js';
import { WasmKernel } from '../src/sample/kernel.js';
import { resolveEnsemble } from '../src/sample/options.js';
import { nodeWasmModule } from '../src/sample/wasm-node.js';
import { polarUnits } from '../src/sample/polar-units.js';
import { cumulantPlan, cumulantsFromMoments } from '../src/stats/cumulants.js';

export interface KernelRow {
  task: string;
  unit: string;
  perSecond: number;
  rme: number;
}

/** Checks that a benchmark's result is real (so the work cannot be skipped) and returns it. */
function consume(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  if (!Number.isFinite(s)) throw new Error('benchmark produced a non-finite result');
  return s;
}

export async function runKernelBench(timeMs = 800): Promise<KernelRow[]> {
  const kernel = await WasmKernel.create(await nodeWasmModule());
  const bench = new Bench({ time: timeMs, warmupTime: 200 });
  const units = new Map<string, [string, number]>();
  const add = (name: string, unit: string, perCall: number, fn: () => void) => {
    units.set(name, [unit, perCall]);
    bench.add(name, fn);
  };

  let net = 0;
  const blocks = 1024;
  add('normals:philox4x32-10+box-muller', 'normals', 16 * blocks, () => {
    consume(kernel.normals(7, 0, 0, (net += 4), blocks).subarray(0, 4));
  });

  // relu at mb = 0.1: the same work with the normal parameters, where the centred runs draw their
  // units in polar form (src/sample/polar-units.ts)
  for (const [arch, width, points, mb] of [
    ['relu-net', 1000, 6, 0], ['relu-net', 1000, 6, 0.1], ['erf-net', 100, 4, 0], ['gauss-net', 5, 6, 0], ['tanh-net', 100, 4, 0], ['relu-net', 50, 32, 0],
  ] as const) {
    const e = resolveEnsemble({ arch, width, mb, points: Array.from({ length: points }, (_, k) => 0.1 + k / points) });
    const cfg = kernelConfig(e, 7, 1);
    const count = Math.max(64, Math.floor(2e6 / (width * 3) / 64) * 64);
    const form = arch === 'relu-net' ? (polarUnits(cfg) ? ':polar' : `:mb=${mb}:normal-parameters`) : '';
    add(`forward:${arch.replace('-net', '')}:N=${width}:K=${points}${form}`, 'networks', count, () => {
      kernel.configure(cfg);
      consume(kernel.forwardRange((net += count), count).subarray(0, 8));
    });
  }

  // cos-net: the ball sampler (flat in d = 1, tabulated propagator profile in d = 3) and cos
  for (const [dIn, variant] of [[1, 'uniform'], [3, 'propagator']] as const) {
    const e = resolveEnsemble({ arch: 'cos-net', width: 100, dIn, hyper: { variant }, points: Array.from({ length: 4 }, (_, k) => Array(dIn).fill(0.1 + k / 4)) });
    const cfg = kernelConfig(e, 7, 1);
    const count = 6656;
    add(`forward:cos:N=100:K=4:d=${dIn}:${variant}`, 'networks', count, () => {
      kernel.configure(cfg);
      consume(kernel.forwardRange((net += count), count).subarray(0, 8));
    });
  }

  // the cost of importance weights next to the forward pass (direct estimator, orders to 4)
  {
    const e = resolveEnsemble({ arch: 'erf-net', width: 100, points: [0.1, 0.35, 0.6, 0.85] });
    for (const target of [undefined, { ...e, sw: 1.1 }]) {
      const cfg = kernelConfig(e, 7, 4, 'direct', target);
      const count = 6656;
      add(`sample:erf:N=100:K=4:nMax=4${target ? ':reweighted' : ''}`, 'networks', count, () => {
        kernel.configure(cfg);
        consume(kernel.sampleRange((net += count), count).subarray(0, 8));
      });
    }
  }

  for (const [P, nMax] of [[6, 6], [4, 6], [32, 4], [6, 8]] as const) {
    const e = resolveEnsemble({ arch: 'linear', width: 4, points: Array.from({ length: P }, (_, k) => k / P) });
    const cfg = kernelConfig(e, 7, nMax);
    const phi = Float64Array.from({ length: P * kernel.batchSize }, (_, i) => Math.sin(i));
    let sums: Float64Array | undefined;
    add(`accumulate:P=${P}:nMax=${nMax}`, 'networks', kernel.batchSize, () => {
      kernel.configure(cfg);
      sums ??= new Float64Array(kernel.sumsCount());
      kernel.accumulateBatch(phi, sums);
      consume(sums.subarray(0, 4));
    });
  }

  for (const [P, nMax] of [[6, 8], [32, 4]] as const) {
    const plan = cumulantPlan(P, nMax);
    const moments = Float64Array.from({ length: plan.size }, (_, i) => 1 + Math.sin(i));
    const out = new Float64Array(plan.size);
    add(`cumulants:P=${P}:nMax=${nMax}`, 'evaluations', 1, () => {
      consume(cumulantsFromMoments(plan, moments, out).subarray(0, 4));
    });
  }

  await bench.run();
  return bench.tasks.map((t) => {
    const r = t.result as { state: string; latency?: { mean: number; rme: number } };
    if (r.state !== 'completed' || !r.latency) throw new Error(`benchmark ${t.name} did not complete (${r.state})`);
    const [unit, perCall] = units.get(t.name)!;
    return { task: t.name, unit: `${unit}/s`, perSecond: (perCall * 1000) / r.latency.mean, rme: r.latency.rme };
  });
}
