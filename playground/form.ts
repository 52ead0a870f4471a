// The playground's inputs: raw text from the form, turned into the library's SampleOptions and
// checked before anything starts, by the library's own validation plus the page's display limits.
import { NnftInputError, type SampleOptions } from '../src/browser.js';
import { planSample, type RunPlan } from '../src/sample/sampler.js';

/** The text of every field, as typed. Empty optional fields take their defaults. */
export interface FormValues {
  arch: string;
  width: string;
  dIn: string;
  points: string;
  networks: string;
  threads: string;
  seed: string;
  sw: string;
  sb: string;
}

/**
 * What the page itself can show, on top of the library's limits: a table and plots of every 4-point
 * function (at 16 points, 3876 of them, with quadrature for each exact prediction), and a browser
 * tab's worth of Web Workers.
 */
export const PAGE_LIMITS = { points: 16, threads: 64 } as const;

/** The orders the playground measures. */
export const ORDERS = [2, 4] as const;

/** A checked run: the options for `sample` and the plan they make. */
export interface PlaygroundRun {
  readonly options: SampleOptions;
  readonly threads: number;
  readonly plan: RunPlan;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * A field's number; text that is not one is passed on as typed, so that the library's error names
 * the field and shows the value the user wrote. Empty: undefined.
 */
export function fieldNumber(raw: string): number | string | undefined {
  const s = raw.trim();
  if (s === '') return undefined;
  return NUMBER.test(s) ? Number(s) : s;
}

/**
 * Points as typed: for d_in = 1 numbers separated by commas or spaces ("-1, 0.2, 0.6"); for d_in > 1
 * one point per `;` or line, coordinates separated by commas or spaces ("0.1 0.2; 0.3 0.4").
 */
export function parsePoints(raw: string, dIn: number): (number | string | (number | string)[])[] {
  const s = raw.trim();
  if (s === '') return [];
  const coord = (t: string) => fieldNumber(t) ?? t;
  if (dIn === 1 && !/[;\n]/.test(s)) return s.split(/[\s,]+/).map(coord);
  return s.split(/\s*[;\n]\s*/).filter((p) => p !== '').map((p) => p.split(/[\s,]+/).map(coord));
}

/** Writes points back as text in the format parsePoints reads. */
export function formatPoints(points: readonly (readonly number[])[]): string {
  return points.every((p) => p.length === 1) ? points.map((p) => p[0]).join(', ') : points.map((p) => p.join(' ')).join('; ');
}

/**
 * Turns the form into a run, or throws NnftInputError naming the field: every check of the library
 * (the same errors as `sample` throws), then the page's limits. Nothing has started when it throws.
 */
export function readForm(v: FormValues, defaultThreads: number): PlaygroundRun {
  const dIn = fieldNumber(v.dIn);
  const options = {
    arch: v.arch,
    width: fieldNumber(v.width),
    dIn: dIn ?? 1,
    points: parsePoints(v.points, typeof dIn === 'number' && Number.isInteger(dIn) && dIn > 0 ? dIn : 1),
    networks: fieldNumber(v.networks),
    orders: [...ORDERS],
    seed: fieldNumber(v.seed),
    threads: fieldNumber(v.threads) ?? Math.min(defaultThreads, PAGE_LIMITS.threads),
    sw: fieldNumber(v.sw),
    sb: fieldNumber(v.sb),
  } as unknown as SampleOptions;
  const plan = planSample(options);
  const { points } = plan.header.ensemble;
  if (points.length > PAGE_LIMITS.points) {
    throw new NnftInputError('points', `${points.length} points`, `must hold at most ${PAGE_LIMITS.points} points on this page (the library takes more)`);
  }
  const threads = options.threads!;
  if (threads > PAGE_LIMITS.threads) {
    throw new NnftInputError('threads', threads, `must be an integer in [1, ${PAGE_LIMITS.threads}] on this page`);
  }
  return { options, threads, plan };
}
