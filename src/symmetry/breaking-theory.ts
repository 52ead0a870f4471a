/**
 * The exact 1- and 2-point functions of a single-hidden-layer network whose output weights have a
 * mean per output row (spec G2): symmetry breaking by parameter means.
 *
 * Network: f_i(x) = b1_i + sum_j W1_ij h_j(x), W1_ij ~ N(mu_i, sigma^2/N) independent, b1_i ~ N(0, sb1^2),
 * and hidden units h_j i.i.d. over j (first-layer weights of mean zero). With M(x) = E[h(x)] and
 * M(x, y) = E[h(x) h(y)] of one unit:
 *
 *     E f_i(x)              = mu_i N M(x)                                   (grows like N at fixed mu),
 *     Cov(f_i(x), f_j(y))   = delta_ij (sigma^2 M(x, y) + sb1^2) + mu_i mu_j N (M(x, y) - M(x) M(y)).
 *
 * Derivation: given h, f is Gaussian with mean mu_i S(x), S = sum_j h_j, and covariance
 * delta_ij (sb1^2 + (sigma^2/N) sum_j h_j(x) h_j(y)); averaging over h, the law of total covariance
 * adds mu_i mu_j Cov(S(x), S(y)) = mu_i mu_j N Cov(h(x), h(y)).
 *
 * The unit moments come from the theory layer (`neuronMoment`, any activation it knows); for ReLU
 * without biases, W0 ~ N(0, sw^2/d), they are the closed forms of spec G2,
 * q = sw^2 |x|^2/d, M(x) = sqrt(q/(2 pi)), M(x, y) = sqrt(q_x q_y)/(2 pi) (sin t + (pi - t) cos t),
 * cos t = x.y/(|x||y|) ({@link reluUnitMoments}).
 *
 * @module
 */
import type { ActivationName } from '../theory/activation.js';
import { neuronMoment } from '../theory/neuron-moments.js';

/** One unit's moments at the points: M(x_k) and M(x_k, x_l) (K x K, row-major). */
export interface UnitMoments {
  readonly mean: Float64Array;
  readonly second: Float64Array;
}

/** Closed-form ReLU unit moments without biases (spec G2), W0 ~ N(0, sw^2/d). */
export function reluUnitMoments(points: readonly (readonly number[])[], sw = 1): UnitMoments {
  const K = points.length;
  const d = points[0].length;
  const norm = points.map((x) => Math.sqrt(x.reduce((s, v) => s + v * v, 0)));
  const q = norm.map((r) => (sw * sw * r * r) / d);
  const mean = Float64Array.from(q, (v) => Math.sqrt(v / (2 * Math.PI)));
  const second = new Float64Array(K * K);
  for (let k = 0; k < K; k++) {
    for (let l = 0; l < K; l++) {
      if (norm[k] === 0 || norm[l] === 0) continue;
      const dot = points[k].reduce((s, v, i) => s + v * points[l][i], 0);
      const c = Math.max(-1, Math.min(1, dot / (norm[k] * norm[l])));
      const t = Math.acos(c);
      second[k * K + l] = (Math.sqrt(q[k] * q[l]) / (2 * Math.PI)) * (Math.sin(t) + (Math.PI - t) * c);
    }
  }
  return { mean, second };
}

/** Unit moments of any activation the theory layer knows, first layer W0 ~ N(0, sw^2/d), b0 ~ N(mb0, sb^2). */
export function unitMoments(activation: ActivationName, points: readonly (readonly number[])[], sw: number, sb: number, mb0 = 0): UnitMoments {
  const K = points.length;
  const params = { sw, sb, mw: 0, mb: mb0 };
  const mean = Float64Array.from(points, (x) => neuronMoment(activation, [x], params));
  const second = new Float64Array(K * K);
  for (let k = 0; k < K; k++) {
    for (let l = k; l < K; l++) {
      const m = neuronMoment(activation, [points[k], points[l]], params);
      second[k * K + l] = m;
      second[l * K + k] = m;
    }
  }
  return { mean, second };
}

/** Predicted 1- and 2-point functions of the broken ensemble, per component a = k D + i. */
export interface BreakingPrediction {
  /** E f_i(x_k) at a = k D + i. */
  readonly mean: Float64Array;
  /** Cov(f_i(x_k), f_j(x_l)) at (a, b), P x P row-major. */
  readonly covariance: Float64Array;
}

/**
 * The G2 formulas at the points for output-weight means `mu` (length D).
 *
 * @param unit - the unit moments at the points
 * @param mu - mean of each output row of W1
 * @param width - N
 * @param sigma - W1 ~ N(mu_i, sigma^2/N)
 * @param sb1 - standard deviation of the output biases (0: no output bias)
 */
export function breakingPrediction(unit: UnitMoments, mu: readonly number[], width: number, sigma: number, sb1 = 0): BreakingPrediction {
  const K = unit.mean.length;
  const D = mu.length;
  const P = K * D;
  const mean = new Float64Array(P);
  const covariance = new Float64Array(P * P);
  for (let k = 0; k < K; k++) for (let i = 0; i < D; i++) mean[k * D + i] = mu[i] * width * unit.mean[k];
  for (let k = 0; k < K; k++) {
    for (let l = 0; l < K; l++) {
      const mkl = unit.second[k * K + l];
      const cov = mkl - unit.mean[k] * unit.mean[l];
      for (let i = 0; i < D; i++) {
        for (let j = 0; j < D; j++) {
          const diag = i === j ? sigma * sigma * mkl + sb1 * sb1 : 0;
          covariance[(k * D + i) * P + (l * D + j)] = diag + mu[i] * mu[j] * width * cov;
        }
      }
    }
  }
  return { mean, covariance };
}
