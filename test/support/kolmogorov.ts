/**
 * The Kolmogorov-Smirnov test of a sample against a continuous distribution: the asymptotic p-value
 * P(sqrt(n) D > t) = 2 sum_k (-1)^(k-1) exp(-2 k^2 t^2) of the largest distance D between the
 * sample's empirical CDF and `cdf`. Sorts `sample` in place.
 */
export function ksPValue(sample: Float64Array, cdf: (x: number) => number): { d: number; p: number } {
  sample.sort();
  const n = sample.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const F = cdf(sample[i]);
    d = Math.max(d, Math.abs(F - i / n), Math.abs((i + 1) / n - F));
  }
  const t = Math.sqrt(n) * d;
  let p = 0;
  for (let k = 1; k < 100; k++) p += 2 * (-1) ** (k - 1) * Math.exp(-2 * k * k * t * t);
  return { d, p: Math.min(1, p) };
}
