import { NnftInputError } from '../errors.js';
import { expm } from './expm.js';
import { checkDimension } from './haar.js';
import type { Matrix } from './matrix.js';
import { SeededRandom } from './random.js';

/**
 * The generator L_ij = E_ji - E_ij of so(n) (i != j): it turns e_i towards e_j,
 * exp(theta L_ij) e_i = cos(theta) e_i + sin(theta) e_j. (E_ij has a single 1 in row i, column j.)
 */
export function generator(n: number, i: number, j: number): Matrix {
  checkPlane(n, i, j);
  const data = new Float64Array(n * n);
  data[j * n + i] = 1;
  data[i * n + j] = -1;
  return { n, data };
}

/** Checks a plane (i, j) of R^n: distinct indices in [0, n). */
function checkPlane(n: number, i: number, j: number): void {
  checkDimension('n', n);
  for (const [field, v] of [['i', i], ['j', j]] as const) {
    if (!Number.isInteger(v) || v < 0 || v >= n) throw new NnftInputError(field, v, `must be an integer in [0, ${n - 1}]`);
  }
  if (i === j) throw new NnftInputError('j', j, 'must differ from i');
}

/** Number of generators of so(n): n (n - 1) / 2, one per pair i < j. */
export const generatorCount = (n: number): number => (n * (n - 1)) / 2;

/**
 * The rotation exp(sum_{i<j} u_ij (E_ji - E_ij)), coefficients u listed pair by pair in the order
 * (0,1), (0,2), ..., (0,n-1), (1,2), ... (the parametrisation of the SO(5) notebook of
 * keeganstoner/nn-symmetry).
 *
 * @example
 * ```ts
 * generatorRotation(2, [Math.PI / 2]).data; // returns ~[0, -1, 1, 0]: e_0 -> e_1
 * ```
 */
export function generatorRotation(n: number, u: readonly number[]): Matrix {
  checkDimension('n', n);
  if (!Array.isArray(u) || u.length !== generatorCount(n)) {
    throw new NnftInputError('u', u, `must hold n (n - 1)/2 = ${generatorCount(n)} coefficients`);
  }
  const data = new Float64Array(n * n);
  let p = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const c = u[p++];
      if (!Number.isFinite(c)) throw new NnftInputError(`u[${p - 1}]`, c, 'must be a finite number');
      data[j * n + i] += c;
      data[i * n + j] -= c;
    }
  }
  return expm({ n, data });
}

/**
 * `count` rotations R = exp(sum_{i<j} u_ij (E_ji - E_ij)) with u_ij ~ U[0, 1) drawn from `seed`: the
 * random rotations of the SO(5) notebook of keeganstoner/nn-symmetry (not Haar-distributed: the
 * coefficients are all positive and bounded; use {@link haarRotations} for uniform rotations).
 */
export function generatorRotations(n: number, count: number, seed: number): Matrix[] {
  checkDimension('n', n);
  if (!Number.isInteger(count) || count < 0 || count > 1e6) throw new NnftInputError('count', count, 'must be an integer in [0, 1e6]');
  const rng = new SeededRandom(seed);
  return Array.from({ length: count }, () => generatorRotation(n, Array.from({ length: generatorCount(n) }, () => rng.uniform())));
}

/** The rotation by `theta` in the (i, j) plane, exp(theta (E_ji - E_ij)), in closed form. */
export function planeRotation(n: number, i: number, j: number, theta: number): Matrix {
  checkPlane(n, i, j);
  if (!Number.isFinite(theta)) throw new NnftInputError('theta', theta, 'must be a finite number');
  const data = new Float64Array(n * n);
  for (let k = 0; k < n; k++) data[k * n + k] = 1;
  data[i * n + i] = Math.cos(theta);
  data[j * n + j] = Math.cos(theta);
  data[j * n + i] = Math.sin(theta);
  data[i * n + j] = -Math.sin(theta);
  return { n, data };
}
