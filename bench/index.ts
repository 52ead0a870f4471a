// `npm run bench`: kernel micro-benchmarks (tinybench), then the peer workloads W1-W4 at 1 and 2
// threads for nnft and for every installed peer, measured in the same run, with ratios.
// Options: --suite kernels|workloads|precision|sweep|eft|train|deform|all (default all), --workloads W1,W3, --threads 1,2,
// --no-peers, --seconds S, --target 0.1 (relative error for the time-to-precision table).
import { parseArgs } from 'node:util';
import { runKernelBench } from './kernels.bench.js';
import { PEERS, PEERS_DIR, peerAvailable, runPeer } from './peers.js';
import { precisionPilot, VARIANT_LABEL, variantsOf, variantWorkload, type Variant } from './precision.bench.js';
import { runFreeTheory } from '../src/experiments/free-theory.js';
import { sample } from '../src/index.js';
import { nnftRate } from './workloads.bench.js';
import { WORKLOADS } from './workloads.js';
import { runTrainBench } from './train.bench.js';

const { values } = parseArgs({
  options: {
    suite: { type: 'string', default: 'all' },
    target: { type: 'string', default: '0.1' },
    workloads: { type: 'string', default: 'W1,W2,W3,W4' },
    threads: { type: 'string', default: '1,2' },
    'no-peers': { type: 'boolean', default: false },
    seconds: { type: 'string', default: '2' },
  },
});

const fmt = (v: number) => (v >= 1e6 ? `${(v / 1e6).toFixed(2)}M` : v >= 1e3 ? `${(v / 1e3).toFixed(1)}k` : v.toFixed(0));

if (values.suite === 'all' || values.suite === 'kernels') {
  console.log('## Kernels (1 thread, tinybench)\n');
  console.log('| task | rate | ± |');
  console.log('|---|---|---|');
  for (const r of await runKernelBench()) console.log(`| ${r.task} | ${fmt(r.perSecond)} ${r.unit} | ${r.rme.toFixed(1)}% |`);
  console.log();
}

if (values.suite === 'all' || values.suite === 'workloads') {
  const names = values.workloads!.split(',');
  const threadList = values.threads!.split(',').map(Number);
  const seconds = Number(values.seconds);
  const workloads = WORKLOADS.filter((w) => names.includes(w.name));
  const peers = values['no-peers'] ? [] : PEERS.filter((p) => peerAvailable(p));
  if (!values['no-peers']) {
    const missing = PEERS.filter((p) => !peers.includes(p)).map((p) => p.name);
    if (missing.length) console.log(`peers not installed (${PEERS_DIR}/run.sh installs them): ${missing.join(', ')}\n`);
  }
  const rate = new Map<string, number>();
  for (const w of workloads) {
    for (const t of threadList) {
      rate.set(`nnft:${w.name}:${t}`, await nnftRate(w, t, seconds));
      for (const p of peers) {
        const n = Math.round(p.networks[w.name] * seconds * (t === 2 ? 1.6 : 1));
        // best of 3 runs, as for nnft (the slow authors' peer: one run)
        const runs = p.name === 'authors' ? 1 : 3;
        rate.set(`${p.name}:${w.name}:${t}`, Math.max(...Array.from({ length: runs }, () => runPeer(p, w.name, n, t))));
      }
      process.stderr.write(`  measured ${w.name} threads=${t}\n`);
    }
  }
  const who = ['nnft', ...peers.map((p) => p.name)];
  console.log(`## Workloads, networks/s, best of 3 runs (direct sampling; ${new Date().toISOString().slice(0, 10)})\n`);
  console.log(`| program | ${workloads.flatMap((w) => threadList.map((t) => `${w.name} t${t}`)).join(' | ')} |`);
  console.log(`|---|${workloads.flatMap(() => threadList.map(() => '---')).join('|')}|`);
  for (const p of who) {
    console.log(`| ${p} | ${workloads.flatMap((w) => threadList.map((t) => fmt(rate.get(`${p}:${w.name}:${t}`)!))).join(' | ')} |`);
  }
  const tMax = Math.max(...threadList);
  console.log(`\nnnft / peer at threads=${tMax}:`);
  for (const p of peers) {
    console.log(`  ${p.name}: ${workloads.map((w) => `${w.name} ${(rate.get(`nnft:${w.name}:${tMax}`)! / rate.get(`${p.name}:${w.name}:${tMax}`)!).toFixed(2)}x`).join(', ')}`);
  }
  if (threadList.includes(1) && tMax > 1) {
    console.log(`\nnnft thread scaling 1 -> ${tMax}: ${workloads.map((w) => `${w.name} ${(rate.get(`nnft:${w.name}:${tMax}`)! / rate.get(`nnft:${w.name}:1`)!).toFixed(2)}x`).join(', ')}`);
  }
}

if (values.suite === 'all' || values.suite === 'precision') {
  const names = values.workloads!.split(',');
  const threads = 2;
  const target = Number(values.target);
  const workloads = WORKLOADS.filter((w) => names.includes(w.name));
  const peers = values['no-peers'] ? [] : PEERS.filter((p) => peerAvailable(p));
  const fmtTime = (s: number) => (s < 1e-3 ? `${(s * 1e6).toFixed(0)} µs` : s < 1 ? `${(s * 1000).toFixed(0)} ms` : s < 120 ? `${s.toFixed(1)} s` : s < 7200 ? `${(s / 60).toFixed(1)} min` : `${(s / 3600).toFixed(1)} h`);
  const ALL: Variant[] = ['conditional', 'direct', 'mixture'];
  const rows: string[] = [];
  const ratios: string[] = [];
  const notes: string[] = [];
  for (const w of workloads) {
    const variants = variantsOf(w);
    const rates: Partial<Record<Variant, number>> = {};
    for (const v of variants) rates[v] = await nnftRate(variantWorkload(w, v), threads, Number(values.seconds), 3, v === 'direct' ? 'direct' : 'conditional');
    // pilot runs of about 2 s each
    const pilotNetworks: Partial<Record<Variant, number>> = {};
    for (const v of variants) pilotNetworks[v] = Math.round(rates[v]! * 2);
    const pilot = await precisionPilot(w, threads, pilotNetworks, target);
    const times: Partial<Record<Variant, number>> = {};
    for (const v of variants) times[v] = pilot.networks[v]! / rates[v]!;
    const best = variants.reduce((a, b) => (times[b]! < times[a]! ? b : a));
    const tNnft = times[best]!;
    const peerTimes = peers.map((p) => {
      const n = Math.round(p.networks[w.name] * Number(values.seconds) * 1.6);
      const runs = p.name === 'authors' ? 1 : 3;
      const rate = Math.max(...Array.from({ length: runs }, () => runPeer(p, w.name, n, threads)));
      return { name: p.name, t: pilot.networks.direct! / rate };
    });
    const cell = (x: number | undefined, f: (x: number) => string) => (x === undefined ? '-' : f(x));
    rows.push(
      `| ${w.name} | k4${JSON.stringify(pilot.idx)} = ${pilot.kappa4.toPrecision(3)} | ` +
        `${ALL.map((v) => cell(pilot.networks[v], (x) => x.toPrecision(2))).join(' | ')} | ` +
        `${ALL.map((v) => cell(times[v], fmtTime)).join(' | ')} | ${fmtTime(tNnft)} (${VARIANT_LABEL[best]}) | ${peerTimes.map((p) => fmtTime(p.t)).join(' | ')} |`,
    );
    ratios.push(`  ${w.name}: ${peerTimes.map((p) => `${p.name} ${(p.t / tNnft).toPrecision(3)}x`).join(', ')}`);
    notes.push(
      `  ${w.name}: entry valued by ${VARIANT_LABEL[pilot.valuedBy]}; pilots ${variants.map((v) => `${VARIANT_LABEL[v]} ${pilot.pilotNetworks[v]!.toPrecision(3)}`).join(', ')} networks; ` +
        `rates ${variants.map((v) => `${fmt(rates[v]!)}/s`).join(', ')}` +
        (w.mixture ? `; mixture shift ${w.mixture.shift} sb, fraction ${w.mixture.fraction}` : ''),
    );
    process.stderr.write(`  measured time to precision for ${w.name}\n`);
  }
  console.log(`\n## Time to ${target * 100}% relative error on the largest connected 4-point entry (threads ${threads})\n`);
  console.log('Networks needed = variance per network (measured on ~2 s pilot runs of each variant) / (target kappa4)^2;');
  console.log('time = networks needed / networks per second (best of 3 runs). Peers use the direct estimator; nnft best is its fastest variant.');
  console.log('Where the plain estimators are heavy-tailed (W3) their pilot variances, and so the peers\' times, are lower bounds.\n');
  console.log(`| workload | entry | networks (conditional) | networks (direct) | networks (cond. + mixture) | nnft conditional | nnft direct | nnft cond. + mixture | nnft best | ${peers.map((p) => p.name).join(' | ')} |`);
  console.log(`|---|---|---|---|---|---|---|---|---|${peers.map(() => '---').join('|')}|`);
  for (const r of rows) console.log(r);
  console.log(`\n${notes.join('\n')}`);
  if (peers.length) console.log(`\npeer time / nnft best time:\n${ratios.join('\n')}`);
}

if (values.suite === 'all' || values.suite === 'sweep') {
  // The paper-scale free-theory sweep as one timed job: 3 architectures x 10 widths x 10^6 networks,
  // d_in = 1, orders up to 6, threads 2, with the default (conditional) estimator.
  const t0 = performance.now();
  const report = await runFreeTheory({ sampler: sample, dIns: [1], networks: 1_000_000, threads: 2 });
  const seconds = (performance.now() - t0) / 1000;
  console.log('\n## Paper-scale free-theory sweep (3 architectures x 10 widths x 10^6 networks, d_in = 1, orders to 6, threads 2)\n');
  console.log(`wall time: ${seconds.toFixed(1)} s (${report.settings.estimator} estimator)`);
  for (const p of report.panels) {
    console.log(`  ${p.arch}: m4 slope ${p.slopes.m4 ? `${p.slopes.m4.slope.toFixed(3)} ± ${p.slopes.m4.slopeSE.toFixed(3)}` : 'below background'}, ` +
      `${p.widths.reduce((s, w) => s + w.seconds, 0).toFixed(1)} s sampling`);
  }
}

if (values.suite === 'all' || values.suite === 'eft') {
  // The paper-scale EFT experiment as one timed job at threads 2, and the authors' workflow for it (extrapolated).
  const { runEftBench } = await import('./eft.bench.js');
  await runEftBench({ threads: 2, authors: !values['no-peers'] });
}

if (values.suite === 'all' || values.suite === 'deform') {
  // deformed densities: cos-net networks/s with and without a phi^4 deformation on a 61-node grid
  const { printDeformBench } = await import('./deform.bench.js');
  await printDeformBench(values.threads!.split(',').map(Number));
}

if (values.suite === 'all' || values.suite === 'train') {
  // Fashion-MNIST training: nnft's kernels against PyTorch at each thread count, and the default sweep's wall time
  await runTrainBench(values.threads!.split(',').map(Number), !values['no-peers']);
}
