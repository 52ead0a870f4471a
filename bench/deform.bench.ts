// tinybench suite for deformed densities: networks per second of whole cos-net runs (d = 1, m = 1,
// cutoff 8, 6 points, orders to 4, direct estimator) without and with a phi^4 deformation on [-3, 3]
// (grid 61: 61 more points in every forward pass), at N = 100 and 1000 and on 1 and 2 threads, through
// the same pool and planner as `sample()`; and the cost of a deformed network relative to a plain one.
// Then Metropolis chains of the same deformed density (src/deform/metropolis.ts, calling thread): chain
// sweeps per second at N = 100 and 1000, a sweep being N proposals, each evaluated on the 6 points and
// the 61 nodes, so about one network's forward pass on the grid.
import { Bench } from 'tinybench';
import { metropolis } from '../src/deform/metropolis.js';
import { nodeWasmModule } from '../src/sample/wasm-node.js';
import { NodePool } from '../src/sample/node-pool.js';
import { planSample, runPlan } from '../src/sample/sampler.js';
import type { SampleOptions } from '../src/sample/sampler.js';

export interface DeformRow {
  readonly width: number;
  readonly threads: number;
  /** Grid nodes of the deformation (0: undeformed). */
  readonly grid: number;
  readonly networksPerSecond: number;
  /** Relative margin of error of the rate, percent. */
  readonly rme: number;
}

const points = [-1, -0.5, 0, 0.25, 0.5, 1];

/** Networks per run: about half a second of work per thread at the rates this suite measures. */
const networksPerRun = (width: number, deformed: boolean) => Math.round((deformed ? 4e6 : 3e7) / width);

/** The rates of every (width, deformed) pair at each thread count; each task is one whole run. */
export async function runDeformBench(threadList: readonly number[] = [1, 2], timeMs = 1500): Promise<DeformRow[]> {
  const rows: DeformRow[] = [];
  for (const threads of threadList) {
    const pool = await NodePool.create(threads);
    try {
      const bench = new Bench({ time: timeMs, iterations: 3, warmupTime: 0, warmupIterations: 1 });
      const cases = new Map<string, { width: number; grid: number; networks: number }>();
      let seed = 1;
      for (const width of [100, 1000]) {
        for (const grid of [0, 61]) {
          const networks = Math.max(1024, Math.round((networksPerRun(width, grid > 0) * threads) / 1024) * 1024);
          const o: SampleOptions = {
            arch: 'cos-net', hyper: { m: 1, lambda: 8 }, width, points, orders: [4], networks, seed: 0, estimator: 'direct',
            ...(grid > 0 && { deform: { lambda: 0.2, region: [-3, 3], grid } }),
          };
          const name = `sample:cos:N=${width}:K=6:nMax=4:${grid > 0 ? `deform-grid=${grid}` : 'undeformed'}:t=${threads}`;
          cases.set(name, { width, grid, networks });
          bench.add(name, async () => {
            const acc = await runPlan(pool, planSample({ ...o, seed: seed++ }));
            if (!Number.isFinite(acc.totals().sums[0]) || !(acc.totals().weight > 0)) throw new Error('non-finite sums');
          });
        }
      }
      await bench.run();
      for (const task of bench.tasks) {
        const c = cases.get(task.name)!;
        const r = task.result;
        if (r.state !== 'completed') throw new Error(`${task.name}: ${r.state}`);
        rows.push({ width: c.width, threads, grid: c.grid, networksPerSecond: r.throughput.mean * c.networks, rme: r.throughput.rme });
      }
    } finally {
      await pool.close();
    }
  }
  return rows;
}

export interface MetropolisRow {
  readonly width: number;
  /** Chain sweeps per second (all chains), burn-in included. */
  readonly sweepsPerSecond: number;
  readonly rme: number;
  readonly acceptanceRate: number;
}

/** Chain sweeps per second of 4 Metropolis chains (one SIMD group) at N = 100 and 1000, phi^4 on [-3, 3], grid 61. */
export async function runMetropolisBench(timeMs = 1500): Promise<MetropolisRow[]> {
  const module = await nodeWasmModule();
  const bench = new Bench({ time: timeMs, iterations: 3, warmupTime: 0, warmupIterations: 1 });
  const cases = new Map<string, { width: number; sweeps: number; acceptance: number }>();
  let seed = 1;
  for (const width of [100, 1000]) {
    // about half a second per run
    const sweeps = Math.round(1e6 / width);
    const name = `metropolis:cos:N=${width}:K=6:nMax=4:grid=61:chains=4`;
    const c = { width, sweeps, acceptance: 0 };
    cases.set(name, c);
    bench.add(name, async () => {
      const r = await metropolis({
        arch: 'cos-net', hyper: { m: 1, lambda: 8 }, width, points, orders: [4], seed: seed++, chains: 4, sweeps, burnIn: 0,
        deform: { lambda: 0.2, region: [-3, 3], grid: 61 },
      }, module);
      c.acceptance = r.acceptanceRate;
    });
  }
  await bench.run();
  return bench.tasks.map((task) => {
    const c = cases.get(task.name)!;
    const r = task.result;
    if (r.state !== 'completed') throw new Error(`${task.name}: ${r.state}`);
    // burn-in 0: sweep 0 (the initial state) and the measured sweeps
    return { width: c.width, sweepsPerSecond: r.throughput.mean * 4 * (c.sweeps + 1), rme: r.throughput.rme, acceptanceRate: c.acceptance };
  });
}

/** Prints the rates and, per width and thread count, the cost of a deformed network relative to a plain one. */
export async function printDeformBench(threadList: readonly number[] = [1, 2]): Promise<void> {
  const rows = await runDeformBench(threadList);
  const fmt = (v: number) => (v >= 1e6 ? `${(v / 1e6).toFixed(2)}M` : v >= 1e3 ? `${(v / 1e3).toFixed(1)}k` : v.toFixed(0));
  console.log('## Deformed densities: cos-net d = 1, 6 points, orders to 4, phi^4 on [-3, 3] (networks/s, tinybench)\n');
  console.log('| N | threads | undeformed | deformed (grid 61) | cost per network, deformed / undeformed |');
  console.log('|---|---|---|---|---|');
  for (const threads of threadList) {
    for (const width of [100, 1000]) {
      const plain = rows.find((r) => r.width === width && r.threads === threads && r.grid === 0)!;
      const deformed = rows.find((r) => r.width === width && r.threads === threads && r.grid > 0)!;
      console.log(
        `| ${width} | ${threads} | ${fmt(plain.networksPerSecond)} ± ${plain.rme.toFixed(1)}% | ${fmt(deformed.networksPerSecond)} ± ${deformed.rme.toFixed(1)}% | ` +
          `${(plain.networksPerSecond / deformed.networksPerSecond).toFixed(2)}x |`,
      );
    }
  }
  console.log();
  const chains = await runMetropolisBench();
  console.log('## Metropolis chains of the same deformed density (lambda = 0.2; calling thread, 4 chains in the SIMD lanes)\n');
  console.log('| N | chain sweeps/s | acceptance | deformed networks/s, 1 thread (above) |');
  console.log('|---|---|---|---|');
  for (const c of chains) {
    const one = rows.find((r) => r.width === c.width && r.threads === 1 && r.grid > 0);
    console.log(`| ${c.width} | ${fmt(c.sweepsPerSecond)} ± ${c.rme.toFixed(1)}% | ${c.acceptanceRate.toFixed(3)} | ${one ? fmt(one.networksPerSecond) : '-'} |`);
  }
  console.log();
}
