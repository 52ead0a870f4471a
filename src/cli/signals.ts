/** SIGINT (Ctrl-C) and SIGTERM (kill, a scheduler's time limit) stop a run cleanly: finished work is saved. */

/** The signals that stop a run. */
export type StopSignal = 'SIGINT' | 'SIGTERM';

/** Where the signals come from (the process, or an EventEmitter in tests). */
export interface SignalSource {
  on(event: StopSignal, listener: () => void): unknown;
  removeListener(event: StopSignal, listener: () => void): unknown;
}

/** Exit code of a run stopped by `signal` (128 + its number, as shells report it). */
export const signalExitCode = (signal: StopSignal): number => (signal === 'SIGTERM' ? 143 : 130);

/** How a stopped run is described: "interrupted" (Ctrl-C) or "terminated". */
export const signalVerb = (signal: StopSignal): string => (signal === 'SIGTERM' ? 'terminated' : 'interrupted');

/**
 * Aborts `controller` on the first SIGINT or SIGTERM; after that, a second signal gets the default
 * behaviour (the process ends at once). `release` removes the listeners.
 */
export function abortOnSignals(
  signals: SignalSource,
  controller: AbortController,
): { received: () => StopSignal | undefined; release: () => void } {
  let received: StopSignal | undefined;
  const listeners = new Map<StopSignal, () => void>();
  const release = () => {
    for (const [s, l] of listeners) signals.removeListener(s, l);
    listeners.clear();
  };
  for (const s of ['SIGINT', 'SIGTERM'] as const) {
    const listener = () => {
      received = s;
      release();
      controller.abort();
    };
    listeners.set(s, listener);
    signals.on(s, listener);
  }
  return { received: () => received, release };
}
