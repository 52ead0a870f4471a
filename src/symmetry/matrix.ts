import { NnftInputError } from '../errors.js';

/** A real square matrix, row-major: entry (i, j) is `data[i * n + j]`. */
export interface Matrix {
  readonly n: number;
  readonly data: Float64Array;
}

/** A matrix as given by a user: a {@link Matrix} or an array of rows. */
export type MatrixInput = Matrix | readonly (readonly number[])[];

/**
 * Checks a square matrix of finite entries and returns it as a {@link Matrix}; with `size`, also
 * that it is `size` x `size`. The typed error names `field`.
 */
export function toMatrix(field: string, m: unknown, size?: number): Matrix {
  let out: Matrix;
  if (m !== null && typeof m === 'object' && 'data' in m && (m as Matrix).data instanceof Float64Array) {
    const { n, data } = m as Matrix;
    if (!Number.isInteger(n) || n < 1 || data.length !== n * n) throw new NnftInputError(field, m, 'must be a square matrix { n, data } with n * n entries');
    out = { n, data };
  } else if (Array.isArray(m) && m.length > 0) {
    const n = m.length;
    const data = new Float64Array(n * n);
    m.forEach((row, i) => {
      if (!Array.isArray(row) || row.length !== n) throw new NnftInputError(field, m, `must be a square matrix: row ${i} does not have ${n} entries`);
      row.forEach((v, j) => {
        data[i * n + j] = v;
      });
    });
    out = { n, data };
  } else {
    throw new NnftInputError(field, m, 'must be a square matrix (an array of rows, or { n, data })');
  }
  for (const v of out.data) if (!Number.isFinite(v)) throw new NnftInputError(field, m, 'must have finite entries');
  if (size !== undefined && out.n !== size) {
    throw new NnftInputError(field, `${out.n} x ${out.n} matrix`, `must be ${size} x ${size}`);
  }
  return out;
}

/** The n x n identity. */
export function identity(n: number): Matrix {
  const data = new Float64Array(n * n);
  for (let i = 0; i < n; i++) data[i * n + i] = 1;
  return { n, data };
}

/** The product a b. */
export function multiply(a: Matrix, b: Matrix): Matrix {
  const n = a.n;
  const data = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      const aik = a.data[i * n + k];
      if (aik === 0) continue;
      for (let j = 0; j < n; j++) data[i * n + j] += aik * b.data[k * n + j];
    }
  }
  return { n, data };
}

/** The transpose of a. */
export function transpose(a: Matrix): Matrix {
  const n = a.n;
  const data = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) data[j * n + i] = a.data[i * n + j];
  return { n, data };
}

/** a v. */
export function applyMatrix(a: Matrix, v: readonly number[]): number[] {
  const n = a.n;
  const out = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i] += a.data[i * n + j] * v[j];
  return out;
}

/** Rows as nested arrays (for JSON). */
export function toRows(a: Matrix): number[][] {
  return Array.from({ length: a.n }, (_, i) => Array.from(a.data.subarray(i * a.n, (i + 1) * a.n)));
}

/** The determinant, by Gaussian elimination with partial pivoting. */
export function determinant(a: Matrix): number {
  const n = a.n;
  const m = Float64Array.from(a.data);
  let det = 1;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r * n + c]) > Math.abs(m[p * n + c])) p = r;
    const pivot = m[p * n + c];
    if (pivot === 0) return 0;
    if (p !== c) {
      for (let j = 0; j < n; j++) [m[c * n + j], m[p * n + j]] = [m[p * n + j], m[c * n + j]];
      det = -det;
    }
    det *= pivot;
    for (let r = c + 1; r < n; r++) {
      const f = m[r * n + c] / pivot;
      if (f === 0) continue;
      for (let j = c; j < n; j++) m[r * n + j] -= f * m[c * n + j];
    }
  }
  return det;
}

/** max |(a a^T - I)_ij|: zero for an orthogonal matrix. */
export function orthogonalityError(a: Matrix): number {
  const n = a.n;
  let worst = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += a.data[i * n + k] * a.data[j * n + k];
      worst = Math.max(worst, Math.abs(s - (i === j ? 1 : 0)));
    }
  }
  return worst;
}

/**
 * QR decomposition a = q r by Householder reflections: q orthogonal, r upper triangular. The
 * reflections are applied to the identity in reverse order to form q explicitly.
 */
export function qr(a: Matrix): { q: Matrix; r: Matrix } {
  const n = a.n;
  const r = Float64Array.from(a.data);
  const vs: Float64Array[] = [];
  for (let c = 0; c < n - 1; c++) {
    let norm = 0;
    for (let i = c; i < n; i++) norm += r[i * n + c] ** 2;
    norm = Math.sqrt(norm);
    const v = new Float64Array(n);
    if (norm === 0) {
      vs.push(v);
      continue;
    }
    // reflect column c onto -sign(a_cc) |a_c| e_c (the sign avoids cancellation)
    const alpha = r[c * n + c] >= 0 ? -norm : norm;
    for (let i = c; i < n; i++) v[i] = r[i * n + c];
    v[c] -= alpha;
    let vv = 0;
    for (let i = c; i < n; i++) vv += v[i] * v[i];
    if (vv === 0) {
      vs.push(new Float64Array(n));
      continue;
    }
    for (let j = c; j < n; j++) {
      let s = 0;
      for (let i = c; i < n; i++) s += v[i] * r[i * n + j];
      const f = (2 * s) / vv;
      for (let i = c; i < n; i++) r[i * n + j] -= f * v[i];
    }
    for (let i = c + 1; i < n; i++) r[i * n + c] = 0;
    for (let i = c; i < n; i++) v[i] /= Math.sqrt(vv);
    vs.push(v);
  }
  const q = identity(n).data;
  for (let c = vs.length - 1; c >= 0; c--) {
    const v = vs[c];
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let i = c; i < n; i++) s += v[i] * q[i * n + j];
      if (s === 0) continue;
      for (let i = c; i < n; i++) q[i * n + j] -= 2 * s * v[i];
    }
  }
  return { q: { n, data: q }, r: { n, data: r } };
}
