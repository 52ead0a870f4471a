// The baseline programs nnft is compared with (NumPy, PyTorch, native C, the original authors'
// style), run as child processes on the same workloads. They are installed by the peers' own
// run.sh; missing peers are reported and skipped.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the peers live: $NNFT_PEERS, else ../shared/peers beside the repository. */
export const PEERS_DIR = process.env.NNFT_PEERS ?? resolve(fileURLToPath(new URL('../..', import.meta.url)), 'shared/peers');

export interface Peer {
  name: string;
  command: (workload: string, networks: number, threads: number, seed: number) => [string, string[]];
  /** Networks per run for about a second of work at one thread. */
  networks: Record<string, number>;
}

const DEBIAN_PYTHON = '/usr/bin/python3';

export const PEERS: Peer[] = [
  {
    name: 'c',
    command: (w, n, t, s) => [resolve(PEERS_DIR, 'build/c_peer'), [w, String(n), String(t), String(s)]],
    networks: { W1: 400_000, W2: 1_500_000, W3: 8_000_000, W4: 250_000 },
  },
  {
    name: 'numpy',
    command: (w, n, t, s) => ['python3', [resolve(PEERS_DIR, 'numpy_peer.py'), w, String(n), String(t), String(s)]],
    networks: { W1: 20_000, W2: 80_000, W3: 400_000, W4: 30_000 },
  },
  {
    name: 'torch',
    command: (w, n, t, s) => [DEBIAN_PYTHON, [resolve(PEERS_DIR, 'torch_peer.py'), w, String(n), String(t), String(s)]],
    networks: { W1: 30_000, W2: 200_000, W3: 400_000, W4: 15_000 },
  },
  {
    name: 'authors',
    command: (w, n, t, s) => [DEBIAN_PYTHON, [resolve(PEERS_DIR, 'authors_style.py'), w, String(n), String(t), String(s)]],
    networks: { W1: 2000, W2: 2000, W3: 2000, W4: 500 },
  },
];

/** Whether a peer can run here (its program or interpreter and modules are installed). */
export function peerAvailable(p: Peer): boolean {
  const [cmd, args] = p.command('W3', 100, 1, 1);
  if (cmd.startsWith('/') && !existsSync(cmd)) return false;
  if (!existsSync(args[0]) && args[0].endsWith('.py')) return false;
  try {
    execFileSync(cmd, args, { stdio: 'ignore', timeout: 120_000 });
    return true;
  } catch {
    return false;
  }
}

/** Runs a peer once; returns its networks per second (its own timing, excluding start-up). */
export function runPeer(p: Peer, workload: string, networks: number, threads: number, seed = 12345): number {
  const [cmd, args] = p.command(workload, networks, threads, seed);
  const out = execFileSync(cmd, args, { encoding: 'utf8', timeout: 600_000 });
  const m = /networks_per_s=([0-9.e+]+)/.exec(out);
  if (!m) throw new Error(`peer ${p.name} printed no rate: ${out.slice(0, 200)}`);
  return Number(m[1]);
}
