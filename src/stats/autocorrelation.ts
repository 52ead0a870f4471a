/**
 * The integrated autocorrelation time of a Markov chain's time series, with Sokal's automatic window
 * (A. Sokal, "Monte Carlo methods in statistical mechanics: foundations and new algorithms", 1996;
 * N. Madras and A. Sokal, J. Stat. Phys. 50 (1988) 109).
 *
 * With the normalised autocorrelation rho(t) = Gamma(t) / Gamma(0) of a stationary series,
 *
 *     tau_int = 1/2 + sum_{t >= 1} rho(t),
 *
 * so that the variance of the mean of n consecutive values is 2 tau_int Gamma(0) / n (tau_int = 1/2 for
 * independent values). The estimate sums rho(t) up to a window W, the smallest with W >= c tau(W)
 * (c = 6 by default): long enough that the neglected tail is small when rho decays like e^{-t/tau}, short
 * enough that the noise of the summed rho(t) stays bounded. Its standard error is
 * tau sqrt(2 (2W + 1) / n) for n values in all (Madras and Sokal).
 *
 * The window rule assumes positive correlations decaying with the lag (as for Metropolis chains); an
 * alternating rho(t) stops it at once.
 *
 * Several independent chains of the same process are pooled: one mean over all values, and
 * Gamma(t) = sum over chains of sum_i (x_i - mean)(x_{i+t} - mean) / sum over chains of (n_c - t).
 *
 * @example
 * ```ts
 * const x = Float64Array.from({ length: 10000 }, () => Math.random());
 * integratedAutocorrelationTime([x]).tau; // about 0.5 (independent values)
 * ```
 *
 * @module
 */
import { NnftInputError } from '../errors.js';

/** An integrated autocorrelation time, in units of the series' spacing. */
export interface AutocorrelationTime {
  /** tau_int = 1/2 + sum_{t=1}^{W} rho(t) (1/2 for independent values). */
  readonly tau: number;
  /** The window W at which the sum stopped. */
  readonly window: number;
  /** Standard error of tau, tau sqrt(2 (2W + 1) / n). */
  readonly se: number;
  /** False when no window W <= n / 4 satisfied W >= c tau(W): the series are too short for the estimate. */
  readonly converged: boolean;
}

/**
 * The integrated autocorrelation time of one or more independent series of the same process (see the
 * module comment); `c` is the window factor. A constant series has tau = 1/2.
 *
 * @throws NnftInputError (`series`, `c`) for no values or a bad factor
 */
export function integratedAutocorrelationTime(series: readonly Float64Array[], c = 6): AutocorrelationTime {
  if (!Array.isArray(series) || series.length === 0 || series.some((s) => !(s instanceof Float64Array))) {
    throw new NnftInputError('series', series, 'must be a non-empty array of Float64Array');
  }
  if (!(c > 0) || !Number.isFinite(c)) throw new NnftInputError('c', c, 'must be a finite number > 0');
  let n = 0;
  let sum = 0;
  for (const s of series) {
    n += s.length;
    for (const v of s) sum += v;
  }
  if (n < 2) throw new NnftInputError('series', series, 'must hold at least 2 values');
  const mean = sum / n;
  const gamma = (t: number) => {
    let acc = 0;
    let pairs = 0;
    for (const s of series) {
      for (let i = 0; i + t < s.length; i++) acc += (s[i] - mean) * (s[i + t] - mean);
      pairs += Math.max(0, s.length - t);
    }
    return pairs > 0 ? acc / pairs : 0;
  };
  const g0 = gamma(0);
  if (!(g0 > 0)) return { tau: 0.5, window: 0, se: 0, converged: true };
  const longest = Math.max(...series.map((s) => s.length));
  const most = Math.floor(longest / 4);
  let tau = 0.5;
  for (let w = 1; w <= most; w++) {
    tau += gamma(w) / g0;
    if (w >= c * tau) return { tau, window: w, se: tau * Math.sqrt((2 * (2 * w + 1)) / n), converged: true };
  }
  return { tau, window: most, se: tau * Math.sqrt((2 * (2 * most + 1)) / n), converged: false };
}
