import { getArchitecture, type Architecture, type ArchHyper, type HyperValues } from '../arch/index.js';
import { NnftInputError } from '../errors.js';
import { totalMultisets } from '../stats/multiset.js';
import { conditionalTermBound } from './conditional-tables.js';
import type { Estimator } from './kernel-config.js';

/** Limits beyond which an input is treated as a mistake rather than a very large run. */
export const LIMITS = {
  width: 1 << 20,
  dIn: 4096,
  dOut: 256,
  points: 4096,
  order: 8,
  networks: 2 ** 50,
  threads: 1024,
  /** Jackknife blocks of a run (each holds a full set of sums). */
  blocks: 1024,
  /** f64 sums per accumulator block; beyond this the accumulator would not fit in memory. */
  sums: 4_000_000,
  /** Conditional estimator: moment rows of orders below nMax kept per network (each BATCH x 8 bytes). */
  conditionalRows: 200_000,
  /** Conditional estimator: terms of the moment recursion. */
  conditionalTerms: 16_000_000,
  /** |x| of a point, |sw|, |sb|, |mw|, |mb|: f32 forward passes lose everything beyond. */
  magnitude: 1e6,
} as const;

/** What defines an ensemble: architecture, shape, hyperparameters, points. */
export interface EnsembleOptions {
  /** Registered architecture name (`relu-net`, `erf-net`, `gauss-net`, `tanh-net`, `linear`). */
  arch: string;
  /** Hidden width N. */
  width: number;
  /** Input dimension (default: inferred from the points, 1 for plain numbers). */
  dIn?: number;
  /** Output dimension (default 1). */
  dOut?: number;
  /** Points x^(k): numbers (d_in = 1) or arrays of length d_in. */
  points: readonly (number | readonly number[])[];
  /** sigma_w, sigma_b, mu_w, mu_b (defaults: the architecture's preset). */
  sw?: number;
  sb?: number;
  mw?: number;
  mb?: number;
  /**
   * The architecture's own hyperparameters, by name (e.g. cos-net's `{ m: 1, lambda: 8 }`); those not
   * given take the architecture's defaults.
   */
  hyper?: Readonly<Record<string, number | string>>;
}

/** An ensemble with every default filled in and every field checked. */
export interface Ensemble extends ArchHyper {
  readonly arch: string;
  readonly width: number;
  readonly dIn: number;
  readonly dOut: number;
  readonly points: readonly (readonly number[])[];
  /** The architecture's own hyperparameters (present only for an architecture that declares some). */
  readonly hyper?: HyperValues;
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/** Checks that `value` is an integer in [lo, hi]; returns it. */
export function checkInteger(field: string, value: unknown, lo: number, hi: number): number {
  if (!isInt(value) || value < lo || value > hi) {
    throw new NnftInputError(field, value, `must be an integer in [${lo}, ${hi}]`);
  }
  return value;
}

/** Checks that `value` is a finite number with |value| <= LIMITS.magnitude (and >= 0 if asked). */
export function checkReal(field: string, value: unknown, nonNegative = false): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > LIMITS.magnitude) {
    throw new NnftInputError(field, value, `must be a finite number of magnitude at most ${LIMITS.magnitude}`);
  }
  if (nonNegative && value < 0) throw new NnftInputError(field, value, 'must be >= 0');
  return value;
}

/** Validates an ensemble description and fills its defaults. Throws NnftInputError on any bad field. */
export function resolveEnsemble(o: EnsembleOptions): Ensemble {
  if (o === null || typeof o !== 'object') throw new NnftInputError('options', o, 'must be an object');
  const arch: Architecture = getArchitecture(o.arch);
  const width = checkInteger('width', o.width, 1, LIMITS.width);
  if (!Array.isArray(o.points) || o.points.length === 0) {
    throw new NnftInputError('points', o.points, 'must be a non-empty array of points');
  }
  if (o.points.length > LIMITS.points) {
    throw new NnftInputError('points', `${o.points.length} points`, `must hold at most ${LIMITS.points} points`);
  }
  const first = o.points[0];
  const dIn = checkInteger('dIn', o.dIn ?? (Array.isArray(first) ? first.length : 1), 1, LIMITS.dIn);
  const dOut = checkInteger('dOut', o.dOut ?? 1, 1, LIMITS.dOut);
  const points = o.points.map((p, k) => {
    const x = typeof p === 'number' ? [p] : p;
    if (!Array.isArray(x)) throw new NnftInputError(`points[${k}]`, p, 'must be a number or an array of numbers');
    if (x.length !== dIn) throw new NnftInputError(`points[${k}]`, p, `must have dimension dIn = ${dIn}`);
    return x.map((v, i) => checkReal(`points[${k}][${i}]`, v));
  });
  const shared = arch.resolve({ sw: o.sw, sb: o.sb, mw: o.mw, mb: o.mb });
  const own = arch.resolveHyper(o.hyper);
  const e: Ensemble = {
    arch: arch.name,
    width,
    dIn,
    dOut,
    points,
    sw: checkReal('sw', shared.sw, true),
    sb: checkReal('sb', shared.sb, true),
    mw: checkReal('mw', shared.mw),
    mb: checkReal('mb', shared.mb),
    ...(own && { hyper: own }),
  };
  arch.check?.(e, points);
  return e;
}

/** Number of field components P = K d_out. */
export const componentCount = (e: Ensemble): number => e.points.length * e.dOut;

/** Checks the order list; returns it sorted and deduplicated. */
export function checkOrders(orders: unknown): number[] {
  if (!Array.isArray(orders) || orders.length === 0) {
    throw new NnftInputError('orders', orders, 'must be a non-empty array of integers in [1, 8]');
  }
  for (const [i, n] of orders.entries()) checkInteger(`orders[${i}]`, n, 1, LIMITS.order);
  return [...new Set(orders as number[])].sort((a, b) => a - b);
}

/**
 * Checks that an accumulator of P components to order nMax has a reasonable size, and for the
 * conditional estimator that its per-network moment rows and recursion tables do too.
 */
export function checkAccumulatorSize(P: number, nMax: number, estimator: Estimator = 'direct'): number {
  const sums = totalMultisets(P, nMax);
  const tooBig = (what: string) =>
    new NnftInputError('orders', `${P} components to order ${nMax}`, `need ${what}: use fewer points, outputs or a lower order`);
  if (sums > LIMITS.sums) throw tooBig(`${sums} sums per block, more than ${LIMITS.sums}`);
  if (estimator === 'conditional') {
    const rows = nMax > 1 ? totalMultisets(P, nMax - 1) : 0;
    if (rows > LIMITS.conditionalRows) throw tooBig(`${rows} conditional-moment rows, more than ${LIMITS.conditionalRows}`);
    const terms = conditionalTermBound(P, nMax);
    if (terms > LIMITS.conditionalTerms) throw tooBig(`${terms} conditional recursion terms, more than ${LIMITS.conditionalTerms}`);
  }
  return sums;
}

/** The estimators. */
export const ESTIMATORS: readonly Estimator[] = ['conditional', 'direct'];

/** Checks the estimator name (default `conditional`). */
export function checkEstimator(estimator: unknown): Estimator {
  if (estimator === undefined) return 'conditional';
  if (!ESTIMATORS.includes(estimator as Estimator)) {
    throw new NnftInputError('estimator', estimator, `must be one of ${ESTIMATORS.join(', ')}`);
  }
  return estimator as Estimator;
}

/** Checks a seed: an integer in [0, 2^53). */
export function checkSeed(seed: unknown): number {
  return checkInteger('seed', seed, 0, Number.MAX_SAFE_INTEGER);
}
