import { NnftInputError } from '../errors.js';
import { applyMatrix, determinant, orthogonalityError, toMatrix, type Matrix, type MatrixInput } from './matrix.js';

/**
 * A transformation whose invariance the symmetry tests check (spec G1):
 *
 * - `output-rotation`: f -> R f, R in SO(D) acting on the output index of every correlator,
 *   G_(o1..on) -> R_(o1 p1) ... R_(on pn) G_(p1..pn);
 * - `input-rotation`: x -> R x, R in SO(d_in), acting on the points;
 * - `translation`: x -> x + c, acting on the points.
 *
 * A transformation of the inputs is measured on a run that holds both the original and the
 * transformed points (see {@link pairedPoints}): the same networks at both, so their difference has
 * a small, honest error.
 */
export type Transformation =
  | { readonly kind: 'output-rotation'; readonly matrix: Matrix }
  | { readonly kind: 'input-rotation'; readonly matrix: Matrix }
  | { readonly kind: 'translation'; readonly shift: readonly number[] };

/** Checks that m is a rotation: orthogonal to 1e-9 with determinant +1. */
function checkRotation(field: string, m: MatrixInput, size?: number): Matrix {
  const r = toMatrix(field, m, size);
  const err = orthogonalityError(r);
  if (err > 1e-9) throw new NnftInputError(field, `matrix with |R R^T - I| = ${err.toExponential(2)}`, 'must be orthogonal (to 1e-9)');
  if (determinant(r) < 0) throw new NnftInputError(field, 'matrix with determinant -1', 'must be a rotation (determinant +1), not a reflection');
  return r;
}

/** f -> R f for a rotation R of the outputs. */
export function outputRotation(R: MatrixInput): Transformation {
  return { kind: 'output-rotation', matrix: checkRotation('rotation', R) };
}

/** x -> R x for a rotation R of the inputs. */
export function inputRotation(R: MatrixInput): Transformation {
  return { kind: 'input-rotation', matrix: checkRotation('rotation', R) };
}

/** x -> x + c (a number for d_in = 1). */
export function translation(c: number | readonly number[]): Transformation {
  const shift = typeof c === 'number' ? [c] : c;
  if (!Array.isArray(shift) || shift.length === 0 || shift.some((v) => typeof v !== 'number' || !Number.isFinite(v))) {
    throw new NnftInputError('shift', c, 'must be a finite number or a non-empty array of finite numbers');
  }
  return { kind: 'translation', shift: [...shift] };
}

/** True for transformations that act on the points (and need paired points in the run). */
export const actsOnInputs = (t: Transformation): boolean => t.kind !== 'output-rotation';

/**
 * The image of every point under `t` (output rotations leave points alone). Points are numbers
 * (d_in = 1) or arrays of length d_in; the result is arrays.
 *
 * @throws NnftInputError (`rotation`, `shift`) when the transformation does not fit the points' dimension
 */
export function transformPoints(t: Transformation, points: readonly (number | readonly number[])[]): number[][] {
  const xs = points.map((p) => (typeof p === 'number' ? [p] : [...p]));
  if (t.kind === 'output-rotation') return xs;
  const d = xs[0]?.length ?? 0;
  for (const [k, x] of xs.entries()) if (x.length !== d) throw new NnftInputError(`points[${k}]`, points[k], `must have dimension ${d}`);
  if (t.kind === 'input-rotation') {
    if (t.matrix.n !== d) throw new NnftInputError('rotation', `${t.matrix.n} x ${t.matrix.n} matrix`, `must be ${d} x ${d}, the input dimension d_in`);
    return xs.map((x) => applyMatrix(t.matrix, x));
  }
  if (t.shift.length !== d) throw new NnftInputError('shift', t.shift, `must have length ${d}, the input dimension d_in`);
  return xs.map((x) => x.map((v, i) => v + t.shift[i]));
}

/**
 * The points of a paired run for an input transformation: the originals followed by their images,
 * `points ++ t(points)`. Sample an ensemble at these points to measure G(t x) - G(x) on the same
 * networks.
 *
 * @example
 * ```ts
 * pairedPoints([[0], [1]], translation(0.5)); // returns [[0], [1], [0.5], [1.5]]
 * ```
 */
export function pairedPoints(points: readonly (number | readonly number[])[], t: Transformation): number[][] {
  if (!Array.isArray(points) || points.length === 0) throw new NnftInputError('points', points, 'must be a non-empty array of points');
  const xs = points.map((p) => (typeof p === 'number' ? [p] : [...p]));
  return [...xs, ...transformPoints(t, xs)];
}
