import { identity, multiply, type Matrix } from './matrix.js';

/**
 * The matrix exponential exp(a), by scaling and squaring: exp(a) = exp(a / 2^s)^(2^s) with s chosen
 * so that the scaled matrix has max-row-sum norm <= 1/2, where the Taylor series is summed until its
 * terms fall below 1e-17 of the partial sum (at most ~17 terms). For an antisymmetric a the result
 * is a rotation, orthogonal to about (s + 1) 1e-16.
 *
 * @example
 * ```ts
 * // exp(theta (E_10 - E_01)) is the rotation by theta in the (0, 1) plane
 * expm({ n: 2, data: Float64Array.of(0, -Math.PI / 2, Math.PI / 2, 0) }).data; // returns ~[0, -1, 1, 0]
 * ```
 */
export function expm(a: Matrix): Matrix {
  const n = a.n;
  let norm = 0;
  for (let i = 0; i < n; i++) {
    let row = 0;
    for (let j = 0; j < n; j++) row += Math.abs(a.data[i * n + j]);
    norm = Math.max(norm, row);
  }
  const s = norm > 0.5 ? Math.ceil(Math.log2(norm / 0.5)) : 0;
  const scaled = { n, data: a.data.map((v) => v / 2 ** s) };
  let sum = identity(n);
  let term = identity(n);
  for (let k = 1; k <= 40; k++) {
    term = multiply(term, scaled);
    const f = 1 / k;
    let termNorm = 0;
    let sumNorm = 0;
    for (let i = 0; i < n * n; i++) {
      term.data[i] *= f;
      sum.data[i] += term.data[i];
      termNorm = Math.max(termNorm, Math.abs(term.data[i]));
      sumNorm = Math.max(sumNorm, Math.abs(sum.data[i]));
    }
    if (termNorm <= 1e-17 * sumNorm) break;
  }
  for (let i = 0; i < s; i++) sum = multiply(sum, sum);
  return sum;
}
