/** The progress bar of `nnft sample` (cli-progress on stderr). */
import cliProgress from 'cli-progress';
import type { Progress } from '../sample/sampler.js';
import { formatSeconds } from './format.js';

/** A stream the bar can draw on. */
export interface TextStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

/** What the sampler reports to. */
export interface ProgressSink {
  update(p: Progress): void;
  /** Removes the bar (before any message is printed). Idempotent. */
  stop(): void;
}

/** The bar is drawn only on a terminal, outside CI, and when stdout is not the JSON output. */
export function wantProgress(stderr: TextStream, env: Record<string, string | undefined>, jsonToStdout: boolean): boolean {
  return stderr.isTTY === true && !env.CI && !jsonToStdout;
}

/** A bar over `total` networks: percentage, networks done, networks/s, ETA. */
export function progressBar(stderr: TextStream, total: number): ProgressSink {
  const bar = new cliProgress.SingleBar(
    {
      stream: stderr as unknown as NodeJS.WritableStream,
      format: 'sampling |{bar}| {percentage}% | {value}/{total} networks | {rate} networks/s | ETA {etaText}',
      barsize: 30,
      hideCursor: false,
      clearOnComplete: true,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { rate: '-', etaText: '-' });
  let stopped = false;
  return {
    update(p) {
      if (stopped) return;
      if (p.total !== total) bar.setTotal((total = p.total)); // a resumed run does only what is missing
      bar.update(p.done, {
        rate: Math.round(p.networksPerSecond).toLocaleString('en-US'),
        etaText: formatSeconds(p.etaSeconds),
      });
    },
    stop() {
      if (stopped) return;
      stopped = true;
      bar.stop();
    },
  };
}

/** No bar. */
export const noProgress: ProgressSink = { update() {}, stop() {} };
