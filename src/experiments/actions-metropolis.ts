// One deformed density, three samplers (spec actions-symmetry F4, "Sampling"): Cos-net (N = 100,
// d = 1, m = 1, Lambda = 8) deformed by (lambda/4!) int_V phi^4, V = [-3, 3], at lambda = 2, sampled by
// parameter-space Metropolis chains and by importance reweighting of undeformed networks, with the
// first-order prediction of the linear response beside them.
import { metropolis } from '../deform/metropolis.js';
import type { LinearResponse } from '../deform/response.js';
import { getArchitecture } from '../arch/index.js';
import type { EnsembleResult } from '../result.js';
import { planSample, type SampleOptions } from '../sample/sampler.js';
import { forEachMultiset } from '../stats/multiset.js';
import { FiniteWidthTheory } from '../theory/finite-width.js';

/** The setup. */
export const METROPOLIS_SETUP = { width: 100, mass: 1, cutoff: 8, points: [0, 0.5], region: [-3, 3] as [number, number], grid: 61, lambda: 2 } as const;

/** One correlator entry by the three samplers. */
export interface SamplerEntry {
  idx: number[];
  metropolis: { value: number; se: number };
  reweighted: { value: number; se: number };
  /** (metropolis - reweighted) / combined se. */
  z: number;
  /** The undeformed exact value and lambda times the linear response added to it (first order in lambda). */
  undeformed: number;
  firstOrder: { value: number; se: number };
  /** (metropolis - undeformed) / its se: how far the deformation moved it. */
  zShift: number;
}

export interface MetropolisPanel {
  setup: typeof METROPOLIS_SETUP;
  chains: number;
  sweeps: number;
  burnIn: number;
  measurements: number;
  acceptanceRate: number;
  /** Integrated autocorrelation times (in sweeps) of Delta S / lambda and of phi(0)^2, with errors. */
  tau: { action: { tau: number; se: number }; phi2: { tau: number; se: number } };
  metropolisWarnings: string[];
  reweightedNetworks: number;
  effectiveSampleSize: number;
  responseNetworks: number;
  entries: SamplerEntry[];
  seconds: { metropolis: number; reweighted: number; response: number };
}

/** Runs the three samplers on the same deformation. */
export async function metropolisPanel(run: {
  sampler: (o: SampleOptions) => Promise<EnsembleResult>;
  respond: (o: SampleOptions) => Promise<LinearResponse>;
  module: WebAssembly.Module;
}, o: { sweeps: number; chains: number; networks: number; seed: number; threads?: number; onRun?: (detail: string) => void }): Promise<MetropolisPanel> {
  const s = METROPOLIS_SETUP;
  const base = { arch: 'cos-net', width: s.width, points: [...s.points], hyper: { m: s.mass, lambda: s.cutoff }, orders: [2, 4] } as const;
  const deform = { region: [...s.region], grid: s.grid };
  o.onRun?.(`cos-net N=${s.width} deformed at lambda = ${s.lambda}: ${o.chains} Metropolis chains of ${o.sweeps} sweeps`);
  let t0 = performance.now();
  const m = await metropolis({ ...base, deform: { ...deform, lambda: s.lambda }, sweeps: o.sweeps, chains: o.chains, seed: o.seed }, run.module);
  const tm = (performance.now() - t0) / 1000;
  o.onRun?.(`cos-net N=${s.width} deformed at lambda = ${s.lambda}: importance reweighting and the linear response`);
  t0 = performance.now();
  const w = await run.sampler({ ...base, networks: o.networks, seed: o.seed + 1, threads: o.threads, deform: { ...deform, lambda: s.lambda } });
  const tw = (performance.now() - t0) / 1000;
  t0 = performance.now();
  const r = await run.respond({ ...base, networks: o.networks, seed: o.seed + 2, threads: o.threads, deform });
  const tr = (performance.now() - t0) / 1000;
  const options: SampleOptions = { ...base, networks: 64, seed: 1 };
  const theory = new FiniteWidthTheory({ neurons: getArchitecture('cos-net').neurons!(planSample(options).header.ensemble), width: s.width, dIn: 1, sw: 1, sb: 0 });
  const xs = s.points.map((x) => [x]);
  const entries: SamplerEntry[] = [];
  for (const n of [2, 4]) {
    forEachMultiset(s.points.length, n, (idx) => {
      const i = [...idx];
      const mv = { value: m.connected(...i), se: m.connectedSE(...i) };
      const wv = { value: w.connected(...i), se: w.connectedSE(...i) };
      const undeformed = theory.cumulant(xs, i);
      entries.push({
        idx: i, metropolis: mv, reweighted: wv, z: (mv.value - wv.value) / Math.hypot(mv.se, wv.se),
        undeformed, firstOrder: { value: undeformed + s.lambda * r.connected(...i), se: s.lambda * r.connectedSE(...i) },
        zShift: (mv.value - undeformed) / mv.se,
      });
    });
  }
  const a = m.autocorrelation;
  return {
    setup: s, chains: m.run.chains, sweeps: m.run.sweeps, burnIn: m.run.burnIn, measurements: m.measurements, acceptanceRate: m.acceptanceRate,
    tau: { action: { tau: a.action.tau, se: a.action.se }, phi2: { tau: a.phi2.tau, se: a.phi2.se } }, metropolisWarnings: [...m.warnings],
    reweightedNetworks: w.networks, effectiveSampleSize: w.effectiveSampleSize, responseNetworks: r.networks, entries,
    seconds: { metropolis: tm, reweighted: tw, response: tr },
  };
}
