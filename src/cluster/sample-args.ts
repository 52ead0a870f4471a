// A run written out as the flags of `nnft sample`, with every value explicit (the architecture's
// presets resolved, the jackknife blocks stated), so that a job script fixes the run's bits by itself.
import type { RunHeader } from '../stats/accumulator.js';
import type { SampleOptions } from '../sample/sampler.js';
import type { SharedScaleOptions } from '../sample/shared-scale.js';
import type { BiasMixtureOptions } from '../sample/bias-mixture.js';

/** A run's options as plain JSON: everything that fixes its bits, nothing about how it is executed. */
export type RunOptions = Required<Omit<SampleOptions, 'threads' | 'shard' | 'onProgress' | 'signal' | 'hyper' | 'reweight' | 'deform' | 'sharedScale' | 'biasMixture'>> & {
  points: number[][];
  orders: number[];
  sharedScale?: SharedScaleOptions;
  biasMixture?: BiasMixtureOptions;
};

/** The options that reproduce a run header exactly (planSample of them gives the same header). */
export function runOptionsOf(h: RunHeader): RunOptions {
  const e = h.ensemble;
  return {
    arch: e.arch, width: e.width, dIn: e.dIn, dOut: e.dOut, points: e.points.map((p) => [...p]),
    sw: e.sw, sb: e.sb, mw: e.mw, mb: e.mb,
    networks: h.networks, orders: [...h.orders], seed: h.seed, estimator: h.estimator, blocks: h.blocks,
    ...(h.sharedScale && { sharedScale: { dof: h.sharedScale.dof } }),
    ...(h.biasMixture && { biasMixture: { shift: h.biasMixture.shift, fraction: h.biasMixture.fraction } }),
  };
}

/** A number as the CLI reads it back to the same double (String() round-trips; -0 keeps its sign). */
const num = (x: number): string => (Object.is(x, -0) ? '-0' : String(x));

/** The `--points` value: "x1,x2" for d_in = 1, "x1,y1;x2,y2" otherwise. */
export function pointsArg(points: readonly (readonly number[])[]): string {
  return points.map((p) => p.map(num).join(',')).join(points[0]?.length === 1 ? ',' : ';');
}

/**
 * The flags of `nnft sample` for the run (without --threads, --shard, --save). `points` replaces
 * the inline point list (e.g. `@file.json` for a list too long for a command line).
 */
export function sampleArgs(r: RunOptions, points = pointsArg(r.points)): string[] {
  return [
    '--arch', r.arch, '--width', num(r.width), '--d-in', num(r.dIn), '--d-out', num(r.dOut), '--points', points,
    '--networks', num(r.networks), '--orders', r.orders.join(','), '--seed', num(r.seed), '--estimator', r.estimator,
    '--blocks', num(r.blocks), '--sw', num(r.sw), '--sb', num(r.sb), '--mw', num(r.mw), '--mb', num(r.mb),
    ...(r.sharedScale ? ['--shared-scale-dof', num(r.sharedScale.dof)] : []),
    ...(r.biasMixture ? ['--bias-mixture', `${num(r.biasMixture.shift)},${num(r.biasMixture.fraction)}`] : []),
  ];
}
