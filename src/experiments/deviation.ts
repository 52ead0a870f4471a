import { NnftInputError } from '../errors.js';
import { multisetCount, orderOffset } from '../stats/multiset.js';

/** One chunk of a run: its network count and its sums (flat multiset layout). */
export interface Chunk {
  readonly count: number;
  readonly sums: Float64Array;
}

/** The deviation of measured n-point functions from the GP, as Halverson, Maiti and Stoner measure it. */
export interface DeviationStats {
  readonly order: number;
  /** D_n(t) = |G_hat(t) - G_GP(t)| / G_GP(t) for every sorted multiset t of order n, in rank order. */
  readonly deviation: Float64Array;
  /** 10^(mean_t log10 D_n(t)): the curve of the paper's figures (a geometric mean over tuples). */
  readonly mGeo: number;
  /** mean_t D_n(t): the arithmetic mean over tuples. */
  readonly mAri: number;
  /** b_n = mean_t [ std_c G^(c)(t) / G_GP(t) ], the standard deviation over chunks with ddof = 0. */
  readonly background: number;
}

/**
 * Deviation measures of order n (spec C.2): for each sorted multiset t, the chunk estimates
 * G^(c)(t) = chunk sum / chunk count, the estimate G_hat(t) = the full-sample mean, the GP prediction
 * G_GP(t) (> 0), D_n(t) = |G_hat - G_GP| / G_GP, and the background b_n from the chunk spread. With
 * 10 equal chunks this is the statistic of the paper's code.
 */
export function deviationStats(chunks: readonly Chunk[], gp: Float64Array, P: number, n: number): DeviationStats {
  if (chunks.length < 2) throw new NnftInputError('chunks', chunks.length, 'must hold at least 2 chunks');
  const base = orderOffset(P, n);
  const T = multisetCount(P, n);
  const total = chunks.reduce((s, c) => s + c.count, 0);
  const deviation = new Float64Array(T);
  let logSum = 0;
  let ariSum = 0;
  let bgSum = 0;
  for (let t = 0; t < T; t++) {
    const i = base + t;
    const g = gp[i];
    if (!(g > 0)) throw new NnftInputError(`gp[${i}]`, g, 'must be > 0 (the deviation is relative to the GP)');
    let sum = 0;
    for (const c of chunks) sum += c.sums[i];
    const mean = sum / total;
    let chunkMean = 0;
    for (const c of chunks) chunkMean += c.sums[i] / c.count;
    chunkMean /= chunks.length;
    let v = 0;
    for (const c of chunks) v += (c.sums[i] / c.count - chunkMean) ** 2;
    const std = Math.sqrt(v / chunks.length);
    const d = Math.abs(mean - g) / g;
    deviation[t] = d;
    logSum += Math.log10(d);
    ariSum += d;
    bgSum += std / g;
  }
  return { order: n, deviation, mGeo: 10 ** (logSum / T), mAri: ariSum / T, background: bgSum / T };
}

/** A straight-line fit y = intercept + slope x with the standard error of the slope. */
export interface LineFit {
  readonly slope: number;
  readonly intercept: number;
  /** sqrt(s^2 / Sxx), s^2 = residual sum of squares / (n - 2); NaN for 2 points. */
  readonly slopeSE: number;
  readonly points: number;
}

/**
 * Ordinary least squares of log10 m against log10 N (the paper's log-log slopes), with the slope's
 * standard error from the scatter about the line.
 */
export function fitLogLogSlope(N: readonly number[], m: readonly number[]): LineFit {
  if (N.length !== m.length || N.length < 2) {
    throw new NnftInputError('N', N, `must pair with m (${m.length} values) and hold at least 2 widths`);
  }
  for (const [i, v] of [...N, ...m].entries()) {
    if (!(v > 0) || !Number.isFinite(v)) throw new NnftInputError(i < N.length ? `N[${i}]` : `m[${i - N.length}]`, v, 'must be a positive finite number');
  }
  const x = N.map(Math.log10);
  const y = m.map(Math.log10);
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (x[i] - mx) ** 2;
    sxy += (x[i] - mx) * (y[i] - my);
  }
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  let ssr = 0;
  for (let i = 0; i < n; i++) ssr += (y[i] - intercept - slope * x[i]) ** 2;
  return { slope, intercept, slopeSE: n > 2 ? Math.sqrt(ssr / (n - 2) / sxx) : NaN, points: n };
}
