import { getArchitecture } from '../arch/index.js';
import { NnftInputError } from '../errors.js';
import type { Ensemble } from '../sample/options.js';
import { checkGridResolves, resolveDeformGrid, type DeformGrid, type DeformRun } from './options.js';
import { checkDeformAction, gaussianAction } from './scale.js';

/** A deformation of a network ensemble, ready for the kernels: its grid, shift and kind of run. */
export interface EnsembleDeform extends DeformGrid {
  readonly shift: number;
  /** Accumulate the linear response (products weighted by w V) too. */
  readonly response: boolean;
}

/**
 * Validates `deform` against a network ensemble (NnftInputError naming the field): a scalar output,
 * a region of the inputs' dimension inside the architecture's range, a grid that resolves a
 * band-limited architecture (spacing at most 2 pi / its band limit), and, where the GP kernel is known
 * (mw = mb = 0), a lambda whose log-weights stay in range (scale.ts), whose Gaussian mean of V then
 * becomes the shift. `response`: a linear-response run, lambda defaulting to 0.
 */
export function resolveEnsembleDeform(given: unknown, e: Ensemble, response: boolean): EnsembleDeform {
  if (e.dOut !== 1) throw new NnftInputError('dOut', e.dOut, 'must be 1 with deform: Delta S integrates a scalar field');
  const d = resolveDeformGrid(given, e.dIn, response ? 0 : undefined);
  const arch = getArchitecture(e.arch);
  // the farthest node from the origin is the corner of the largest coordinates in magnitude
  const far = d.region.map(([lo, hi]) => (Math.abs(lo) > Math.abs(hi) ? lo : hi));
  try {
    arch.check?.(e, [far]);
  } catch (err) {
    if (err instanceof NnftInputError) throw new NnftInputError('deform.region', d.region, `reaches ${JSON.stringify(far)}, outside what ${arch.name} accepts: ${err.message}`);
    throw err;
  }
  const band = arch.bandLimit?.(e);
  if (band !== undefined) checkGridResolves(d, band, `${arch.name} (band limit ${band})`);
  let shift = 0;
  if (arch.kernel && e.mw === 0 && e.mb === 0) {
    const action = gaussianAction(d, () => 0, (g) => arch.kernel!(d.nodes[g], d.nodes[g], e));
    checkDeformAction(d, action);
    shift = action.mean;
  }
  return { ...d, shift, response };
}

/** The header record of a deformation. */
export function deformRun(d: EnsembleDeform | (DeformGrid & { shift: number; response: boolean; jitter?: number })): DeformRun {
  return {
    lambda: d.lambda, power: d.power, region: d.region, grid: d.grid, shift: d.shift,
    ...(d.response && { response: true as const }),
    ...('jitter' in d && d.jitter !== undefined && { jitter: d.jitter }),
  };
}
