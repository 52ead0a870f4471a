/**
 * Quadrature over the cutoff box [-Lambda, Lambda]^d (d = d_in), the integration region of the EFT
 * vertices of spec E.2: a tensor product of one composite Gauss-Legendre rule per axis.
 *
 * Per axis the interval [-Lambda, Lambda] is cut at 0 (where kernels such as relu's have their
 * kink or cone), at any breakpoints the caller names (e.g. the coordinates of the external
 * points, where a kernel's derivatives jump), and, when a length `scale` is given, at
 * +-scale * 2^k (k = 0, 1, ...) below Lambda, so that a box much larger than the kernel's structure
 * still resolves it (panels grow geometrically away from the origin). Each interval is split into
 * `panels` equal panels with `nodes` Gauss-Legendre nodes each. An integrand that is a polynomial of
 * degree <= 2 nodes - 1 on every panel (relu kernels with sb = 0 in d = 1) is integrated exactly;
 * smooth integrands converge exponentially in `nodes`; a kink inside a panel (relu kernels in
 * d >= 2 along the rays through the points) converges algebraically as the panels shrink.
 *
 * @example
 * ```ts
 * integrateBox((x) => x[0] * x[0] * x[1] * x[1], 2, 1); // returns 0.4444... (= (2/3)^2)
 * ```
 *
 * @module
 */
import { NnftInputError } from '../errors.js';
import { gaussLegendre } from '../theory/gauss-legendre.js';

/** Options of the box rule. */
export interface BoxQuadratureOptions {
  /** Gauss-Legendre nodes per panel, an integer in [1, 512] (default 16). */
  nodes?: number;
  /** Equal panels per interval between breakpoints, an integer in [1, 4096] (default 1). */
  panels?: number;
  /**
   * Length of the integrand's structure (> 0). When set, each half-axis is also cut at
   * scale * 2^k < Lambda (geometric grading); leave it unset for integrands without a scale
   * (homogeneous kernels), which get equal panels.
   */
  scale?: number;
  /**
   * Extra cut points per axis: `breakpoints[k]` lists cuts of axis k (those outside the open box
   * are ignored). One list may be given for every axis.
   */
  breakpoints?: readonly (readonly number[])[];
}

/** A one-dimensional composite rule: nodes and weights on [-Lambda, Lambda]. */
export interface AxisRule {
  readonly nodes: Float64Array;
  readonly weights: Float64Array;
}

/** The tensor-product rule over the box: one {@link AxisRule} per axis; size = product of their lengths. */
export interface BoxRule {
  readonly dIn: number;
  readonly cutoff: number;
  readonly axes: readonly AxisRule[];
  readonly size: number;
}

/** The default Gauss-Legendre nodes per panel. */
export const DEFAULT_BOX_NODES = 16;
/** The default panels per interval. */
export const DEFAULT_BOX_PANELS = 1;
/** The largest tensor grid accepted (nodes over the whole box). */
export const MAX_BOX_SIZE = 1 << 26;

/**
 * Checks a cutoff: a finite number > 0.
 *
 * @throws NnftInputError naming `field`
 */
export function checkCutoff(cutoff: unknown, field = 'cutoff'): number {
  if (typeof cutoff !== 'number' || !Number.isFinite(cutoff) || cutoff <= 0) {
    throw new NnftInputError(field, cutoff, 'must be a finite number > 0 (the half-width Lambda of the box [-Lambda, Lambda]^d_in)');
  }
  return cutoff;
}

/**
 * Checks an input dimension: 1, 2 or 3 (the dimensions of the papers; the tensor grid grows as
 * (nodes per axis)^d).
 *
 * @throws NnftInputError naming `field`
 */
export function checkBoxDimension(dIn: unknown, field = 'dIn'): number {
  if (typeof dIn !== 'number' || !Number.isInteger(dIn) || dIn < 1 || dIn > 3) {
    throw new NnftInputError(field, dIn, 'must be 1, 2 or 3');
  }
  return dIn;
}

function checkOptions(o: BoxQuadratureOptions | undefined, dIn: number): Required<Omit<BoxQuadratureOptions, 'scale'>> & { scale?: number } {
  if (o !== undefined && (o === null || typeof o !== 'object')) throw new NnftInputError('options', o, 'must be an object');
  const nodes = o?.nodes ?? DEFAULT_BOX_NODES;
  if (typeof nodes !== 'number' || !Number.isInteger(nodes) || nodes < 1 || nodes > 512) {
    throw new NnftInputError('options.nodes', nodes, 'must be an integer in [1, 512]');
  }
  const panels = o?.panels ?? DEFAULT_BOX_PANELS;
  if (typeof panels !== 'number' || !Number.isInteger(panels) || panels < 1 || panels > 4096) {
    throw new NnftInputError('options.panels', panels, 'must be an integer in [1, 4096]');
  }
  const scale = o?.scale;
  if (scale !== undefined && (typeof scale !== 'number' || !Number.isFinite(scale) || scale <= 0)) {
    throw new NnftInputError('options.scale', scale, 'must be a finite number > 0');
  }
  const breakpoints = o?.breakpoints ?? [];
  if (!Array.isArray(breakpoints) || (breakpoints.length !== 0 && breakpoints.length !== 1 && breakpoints.length !== dIn)) {
    throw new NnftInputError('options.breakpoints', breakpoints, `must hold 1 or d_in = ${dIn} lists of numbers`);
  }
  for (const [k, list] of breakpoints.entries()) {
    if (!Array.isArray(list)) throw new NnftInputError(`options.breakpoints[${k}]`, list, 'must be an array of numbers');
    for (const [j, v] of list.entries()) {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new NnftInputError(`options.breakpoints[${k}][${j}]`, v, 'must be a finite number');
    }
  }
  return { nodes, panels, scale, breakpoints };
}

/** The composite rule of one axis (validated input). */
function axisRule(cutoff: number, cuts: readonly number[], nodes: number, panels: number, scale: number | undefined): AxisRule {
  const edges = new Set<number>([-cutoff, 0, cutoff]);
  for (const c of cuts) if (c > -cutoff && c < cutoff) edges.add(c);
  if (scale !== undefined) {
    for (let s = scale; s < cutoff; s *= 2) {
      edges.add(s);
      edges.add(-s);
    }
  }
  const sorted = [...edges].sort((a, b) => a - b);
  // drop cuts closer than a rounding error to a neighbour (they would make empty panels)
  const kept = [sorted[0]];
  for (const e of sorted.slice(1)) if (e - kept[kept.length - 1] > 1e-12 * cutoff) kept.push(e);
  kept[kept.length - 1] = cutoff;
  const gl = gaussLegendre(nodes);
  const count = (kept.length - 1) * panels * nodes;
  const x = new Float64Array(count);
  const w = new Float64Array(count);
  let i = 0;
  for (let e = 0; e + 1 < kept.length; e++) {
    const h = (kept[e + 1] - kept[e]) / panels;
    for (let p = 0; p < panels; p++) {
      const a = kept[e] + p * h;
      const c = a + 0.5 * h;
      for (let j = 0; j < nodes; j++) {
        x[i] = c + 0.5 * h * gl.nodes[j];
        w[i] = 0.5 * h * gl.weights[j];
        i++;
      }
    }
  }
  return { nodes: x, weights: w };
}

/**
 * The tensor-product composite Gauss-Legendre rule over [-Lambda, Lambda]^d (see the module comment).
 *
 * @param dIn - dimension d, 1..3
 * @param cutoff - Lambda > 0
 * @param options - nodes, panels, scale and breakpoints
 * @throws NnftInputError (`dIn`, `cutoff`, `options.*`, or `options` when the grid would exceed
 *   {@link MAX_BOX_SIZE} nodes)
 *
 * @example
 * ```ts
 * boxRule(1, 1, { nodes: 2, panels: 1 }).size; // returns 4 (two panels, [-1, 0] and [0, 1])
 * ```
 */
export function boxRule(dIn: number, cutoff: number, options?: BoxQuadratureOptions): BoxRule {
  checkBoxDimension(dIn);
  checkCutoff(cutoff);
  const o = checkOptions(options, dIn);
  const axes: AxisRule[] = [];
  let size = 1;
  for (let k = 0; k < dIn; k++) {
    const cuts = o.breakpoints.length === 0 ? [] : o.breakpoints[o.breakpoints.length === 1 ? 0 : k];
    const rule = axisRule(cutoff, cuts, o.nodes, o.panels, o.scale);
    axes.push(rule);
    size *= rule.nodes.length;
  }
  if (size > MAX_BOX_SIZE) throw new NnftInputError('options', options, `gives ${size} nodes, more than ${MAX_BOX_SIZE}; use fewer nodes or panels`);
  return { dIn, cutoff, axes, size };
}

/**
 * Visits every node of a box rule: `visit(x, w)` with the node's coordinates (a buffer reused
 * between calls, do not keep it) and its weight.
 */
export function forEachBoxNode(rule: BoxRule, visit: (x: Float64Array, w: number) => void): void {
  const d = rule.dIn;
  const x = new Float64Array(d);
  const [a0, a1, a2] = rule.axes;
  for (let i = 0; i < a0.nodes.length; i++) {
    x[0] = a0.nodes[i];
    if (d === 1) {
      visit(x, a0.weights[i]);
      continue;
    }
    for (let j = 0; j < a1.nodes.length; j++) {
      x[1] = a1.nodes[j];
      const wij = a0.weights[i] * a1.weights[j];
      if (d === 2) {
        visit(x, wij);
        continue;
      }
      for (let k = 0; k < a2.nodes.length; k++) {
        x[2] = a2.nodes[k];
        visit(x, wij * a2.weights[k]);
      }
    }
  }
}

/**
 * int_{[-Lambda, Lambda]^d} f(x) d^d x by {@link boxRule}.
 *
 * @param f - the integrand; receives a coordinate buffer reused between calls
 * @param dIn - dimension d, 1..3
 * @param cutoff - Lambda > 0
 * @param options - nodes, panels, scale and breakpoints
 * @throws NnftInputError for bad arguments, or `f` when it returns a non-finite value
 *
 * @example
 * ```ts
 * integrateBox(() => 1, 3, 2); // returns 64 (the volume (2 Lambda)^3, up to rounding)
 * ```
 */
export function integrateBox(f: (x: Float64Array) => number, dIn: number, cutoff: number, options?: BoxQuadratureOptions): number {
  if (typeof f !== 'function') throw new NnftInputError('f', f, 'must be a function of the point x');
  const rule = boxRule(dIn, cutoff, options);
  let s = 0;
  forEachBoxNode(rule, (x, w) => {
    s += w * f(x);
  });
  if (!Number.isFinite(s)) throw new NnftInputError('f', f.name || 'integrand', `gave a non-finite integral (${s})`);
  return s;
}
