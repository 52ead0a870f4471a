// Independence breaking (spec actions-symmetry F1, source 2, construction 1): Cos-net whose output
// weights share one random scale s per network, s^2 = chi^2_nu / nu, against the same network with
// i.i.d. neurons. The i.i.d. connected 4-point function falls like 1/N; the shared scale adds
// Var(s^2) (K12 K34 + K13 K24 + K14 K23), which survives N -> infinity: an interacting ensemble at
// infinite width. Its cluster ratio R(20) tends to 1/3 (the scale is one global mode), so this
// interaction is non-local too, unlike the deformation of part 3.
import { getArchitecture } from '../arch/index.js';
import { clusterTest } from '../locality/cluster.js';
import type { EnsembleResult } from '../result.js';
import { planSample, type SampleOptions } from '../sample/sampler.js';
import { flatIndex } from '../stats/multiset.js';
import { cutoffPropagator } from '../theory/cos-net.js';
import { FiniteWidthTheory, type NetworkSpec } from '../theory/finite-width.js';
import { exactSharedScaleCorrelators, sharedScaleMoment } from '../theory/shared-scale.js';

/** The setup: d = 1, m = 1, Lambda = 8 (as G4 row 8), nu = 4 (Var(s^2) = 1/2), points 0 and 20. */
export const INDEPENDENCE = { mass: 1, cutoff: 8, dof: 4, points: [0, 20] } as const;

/** One measured number against its exact value. */
export interface Compared {
  measured: number;
  se: number;
  exact: number;
  z: number;
}

/** One ensemble of the panel. */
export interface IndependenceRun {
  width: number;
  /** `iid`: the plain Cos-net; `shared`: with the shared scale. */
  kind: 'iid' | 'shared';
  networks: number;
  seed: number;
  /** G_c^(4)(0,0,0,0). */
  fourPoint: Compared;
  /** R(20) = G_c^(4)(0,0,20,20) / G_c^(4)(0,0,0,0). */
  ratio: Compared;
  seconds: number;
}

export interface IndependencePanel {
  mass: number;
  cutoff: number;
  dof: number;
  /** Var(s^2) = 2 / nu. */
  scaleVariance: number;
  estimator: 'conditional';
  runs: IndependenceRun[];
  /** N = infinity: G_c^(4)(0,0,0,0) = 3 Var(s^2) G(0)^2 and R(20) of the shared scale; both 0 / undefined for i.i.d. neurons. */
  infinite: { fourPoint: number; ratio: number };
  /** The exact G_c^(4)(0,0,0,0) of both kinds on a grid of widths (the plot's curves). */
  curves: { width: number; iid: number; shared: number }[];
}

/** Runs one ensemble. */
export type Sampler = (o: SampleOptions) => Promise<EnsembleResult>;

function theorySpec(width: number): NetworkSpec {
  const options: SampleOptions = {
    arch: 'cos-net', width, points: [...INDEPENDENCE.points], hyper: { m: INDEPENDENCE.mass, lambda: INDEPENDENCE.cutoff }, networks: 64, orders: [4], seed: 1,
  };
  const neurons = getArchitecture('cos-net').neurons!(planSample(options).header.ensemble);
  return { neurons, width, dIn: 1, sw: 1, sb: 0 };
}

/** G_c^(4)(0,0,0,0) and G_c^(4)(0,0,20,20) of either kind at width N. */
function exactFourPoints(width: number, kind: IndependenceRun['kind']): [number, number] {
  const xs = INDEPENDENCE.points.map((x) => [x]);
  const spec = theorySpec(width);
  const idx = [flatIndex(2, [0, 0, 0, 0]), flatIndex(2, [0, 0, 1, 1])];
  if (kind === 'shared') {
    const t = exactSharedScaleCorrelators(spec, xs, 4, INDEPENDENCE.dof);
    return [t.cumulants[idx[0]], t.cumulants[idx[1]]];
  }
  const theory = new FiniteWidthTheory(spec);
  return [theory.cumulant(xs, [0, 0, 0, 0]), theory.cumulant(xs, [0, 0, 1, 1])];
}

/**
 * Part of the actions experiment: G_c^(4)(0,0,0,0) and R(20) of Cos-net with i.i.d. neurons and with a
 * shared scale at each width, against the exact theory (finite-width, and its shared-scale form).
 */
export async function independencePanel(sampler: Sampler, o: {
  widths: readonly { width: number; networks: number }[]; seed: number; threads?: number; onRun?: (detail: string) => void;
}): Promise<IndependencePanel> {
  const runs: IndependenceRun[] = [];
  for (const [i, w] of o.widths.entries()) {
    for (const kind of ['iid', 'shared'] as const) {
      o.onRun?.(`cos-net N=${w.width}${kind === 'shared' ? `, shared scale nu=${INDEPENDENCE.dof}` : ', i.i.d.'}: G_c^(4) and R(20)`);
      const seed = o.seed + 2 * i + (kind === 'shared' ? 1 : 0);
      const t0 = performance.now();
      const run = await sampler({
        arch: 'cos-net', width: w.width, points: [...INDEPENDENCE.points], hyper: { m: INDEPENDENCE.mass, lambda: INDEPENDENCE.cutoff },
        networks: w.networks, orders: [2, 4], seed, threads: o.threads, estimator: 'conditional',
        ...(kind === 'shared' ? { sharedScale: { dof: INDEPENDENCE.dof } } : {}),
      });
      const seconds = (performance.now() - t0) / 1000;
      const [g0, g20] = exactFourPoints(w.width, kind);
      const measured = run.connected(0, 0, 0, 0);
      const se = run.connectedSE(0, 0, 0, 0);
      const ratio = clusterTest(run, [0, 0, 0, 0], [{ r: INDEPENDENCE.points[1], idx: [0, 0, 1, 1] }]).profile[0];
      runs.push({
        width: w.width, kind, networks: run.networks, seed,
        fourPoint: { measured, se, exact: g0, z: (measured - g0) / se },
        ratio: { measured: ratio.ratio, se: ratio.se, exact: g20 / g0, z: (ratio.ratio - g20 / g0) / ratio.se },
        seconds,
      });
    }
  }
  const varS2 = sharedScaleMoment(INDEPENDENCE.dof, 4) - 1;
  const k0 = cutoffPropagator(1, INDEPENDENCE.mass, INDEPENDENCE.cutoff, 0);
  const k20 = cutoffPropagator(1, INDEPENDENCE.mass, INDEPENDENCE.cutoff, 20);
  const infinite = { fourPoint: 3 * varS2 * k0 * k0, ratio: (k0 * k0 + 2 * k20 * k20) / (3 * k0 * k0) };
  const curves = Array.from({ length: 25 }, (_, i) => Math.round(10 ** (0.5 + (i * 4) / 24))).map((width) => ({
    width, iid: exactFourPoints(width, 'iid')[0], shared: exactFourPoints(width, 'shared')[0],
  }));
  return {
    mass: INDEPENDENCE.mass, cutoff: INDEPENDENCE.cutoff, dof: INDEPENDENCE.dof, scaleVariance: varS2, estimator: 'conditional', runs, infinite, curves,
  };
}
