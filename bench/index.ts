// `npm run bench`: kernel micro-benchmarks (tinybench), then the peer workloads W1-W4 at 1 and 2
// threads for nnft and for every installed peer, measured in the same run, with ratios.
// Options: --suite kernels|workloads|all (default all), --workloads W1,W3, --no-peers, --seconds S.
import { parseArgs } from 'node:util';
import { runKernelBench } from './kernels.bench.js';
import { PEERS, PEERS_DIR, peerAvailable, runPeer } from './peers.js';
import { nnftRate } from './workloads.bench.js';
import { WORKLOADS } from './workloads.js';

const { values } = parseArgs({
  options: {
    suite: { type: 'string', default: 'all' },
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
