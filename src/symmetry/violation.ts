import { NnftInputError } from '../errors.js';
import type { Matrix } from './matrix.js';
import { runReplicates, type CorrelatorRun } from './run.js';

/** A measured number with its standard error. */
export interface Measured {
  readonly value: number;
  readonly se: number;
}

/**
 * Size of the violation of an output rotation on the 1-point function: |R m - m| over every point
 * and output, m_(k,i) = E f_i(x_k), i.e. sqrt(sum_k |(R - I) m(x_k)|^2), with its jackknife error
 * (the norm is computed on every delete-one-block replicate). Zero for an invariant density; for
 * output-weight means mu it is N |(R - I) mu| |M(x)|, linear in the breaking (spec G2).
 *
 * @throws NnftInputError (`rotation`) for a matrix that is not d_out x d_out
 */
export function meanViolation(run: CorrelatorRun, R: Matrix): Measured {
  const D = run.dOut;
  if (R.n !== D) throw new NnftInputError('rotation', `${R.n} x ${R.n} matrix`, `must be ${D} x ${D}, the run's output dimension d_out`);
  const K = run.points.length;
  const norm = (m: Float64Array) => {
    let s = 0;
    for (let k = 0; k < K; k++) {
      for (let i = 0; i < D; i++) {
        let v = -m[k * D + i];
        for (let j = 0; j < D; j++) v += R.data[i * D + j] * m[k * D + j];
        s += v * v;
      }
    }
    return Math.sqrt(s);
  };
  const { value, replicates, factor } = runReplicates(run, 'moment');
  const reps = replicates.map(norm);
  const mean = reps.reduce((a, b) => a + b, 0) / reps.length;
  return { value: norm(value), se: Math.sqrt(factor * reps.reduce((a, r) => a + (r - mean) ** 2, 0)) };
}

/** A weighted least-squares line through the origin, y = slope x, with its goodness of fit. */
export interface OriginFit {
  readonly slope: number;
  readonly slopeSE: number;
  /** sum ((y - slope x)/se)^2 over the points, and its degrees of freedom (points - 1). */
  readonly chiSquare: number;
  readonly dof: number;
}

/**
 * Fits y = a x through the origin with weights 1/se^2: a = sum w x y / sum w x^2,
 * se(a) = 1/sqrt(sum w x^2). Points with zero error are skipped (they carry no weight information).
 *
 * @throws NnftInputError (`points`) with fewer than one usable point
 */
export function fitThroughOrigin(x: readonly number[], y: readonly Measured[]): OriginFit {
  let sxx = 0;
  let sxy = 0;
  const used: number[] = [];
  x.forEach((xi, i) => {
    const se = y[i].se;
    if (!(se > 0)) return;
    const w = 1 / (se * se);
    sxx += w * xi * xi;
    sxy += w * xi * y[i].value;
    used.push(i);
  });
  if (used.length === 0 || sxx === 0) throw new NnftInputError('points', x, 'must include a point with x != 0 and a non-zero error');
  const slope = sxy / sxx;
  const chiSquare = used.reduce((s, i) => s + ((y[i].value - slope * x[i]) / y[i].se) ** 2, 0);
  return { slope, slopeSE: 1 / Math.sqrt(sxx), chiSquare, dof: used.length - 1 };
}
