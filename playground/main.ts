// The playground page: reads the form, refuses bad input before anything starts, runs the ensemble
// live (live-run.ts), and shows progress, plots, the table of correlators and the JSON download.
import {
  architectureNames, browserWasmModule, defaultBrowserThreads, EnsembleResult, getArchitecture, NnftAbortError, NnftInputError,
} from '../src/browser.js';
import { AxisPicker } from './axis-picker.js';
import { count } from './format.js';
import { formatPoints, parsePoints, readForm, type FormValues, type PlaygroundRun } from './form.js';
import { runLive } from './live-run.js';
import { Plots } from './plots.js';
import { correlatorRows } from './rows.js';
import { renderTable } from './table.js';
import { TheoryClient } from './theory-client.js';
import { predictable, type Predictions } from './theory.js';

const byId = <T extends HTMLElement>(id: string): T => {
  const e = document.getElementById(id);
  if (!e) throw new Error(`the page lacks #${id}`);
  return e as T;
};

const input = {
  arch: byId<HTMLSelectElement>('arch'),
  width: byId<HTMLInputElement>('width'),
  dIn: byId<HTMLInputElement>('d-in'),
  points: byId<HTMLTextAreaElement>('points'),
  networks: byId<HTMLInputElement>('networks'),
  threads: byId<HTMLInputElement>('threads'),
  seed: byId<HTMLInputElement>('seed'),
  sw: byId<HTMLInputElement>('sw'),
  sb: byId<HTMLInputElement>('sb'),
};
/** The form field behind each library field (`orders` is too many points for the order asked). */
const FIELD_INPUT: Record<string, HTMLElement> = { ...input, orders: input.points };

const ui = {
  form: byId<HTMLFormElement>('settings'),
  run: byId<HTMLButtonElement>('run'),
  stop: byId<HTMLButtonElement>('stop'),
  download: byId<HTMLButtonElement>('download'),
  error: byId<HTMLParagraphElement>('error'),
  status: byId<HTMLParagraphElement>('status'),
  progress: byId<HTMLProgressElement>('progress'),
  progressText: byId<HTMLSpanElement>('progress-text'),
  theory: byId<HTMLParagraphElement>('theory-status'),
  table: byId<HTMLTableElement>('correlators').tBodies[0],
  pointsHint: byId<HTMLParagraphElement>('points-hint'),
};

const plots = new Plots({ g2: byId('plot-g2'), g4: byId('plot-g4'), k4: byId('plot-k4') });
const theoryClient = new TheoryClient(new URL('./theory-worker.js', import.meta.url));
const wasm = browserWasmModule(new URL('./nnft.wasm', import.meta.url));
const workerUrl = new URL('./nnft-worker.js', import.meta.url);
const hardwareThreads = defaultBrowserThreads();

type State = 'loading' | 'idle' | 'refused' | 'running' | 'done' | 'stopped' | 'failed';

function setState(state: State, text: string): void {
  ui.status.dataset.state = state;
  ui.status.textContent = text;
  const running = state === 'running' || state === 'loading';
  ui.run.disabled = running;
  ui.stop.disabled = state !== 'running';
}

function showError(e: unknown): void {
  ui.error.hidden = false;
  ui.error.textContent = e instanceof Error ? e.message : String(e);
  if (e instanceof NnftInputError) {
    ui.error.dataset.field = e.field;
    const field = FIELD_INPUT[e.field.replace(/\[.*$/, '')];
    field?.setAttribute('aria-invalid', 'true');
  }
}

function clearError(): void {
  ui.error.hidden = true;
  ui.error.textContent = '';
  delete ui.error.dataset.field;
  for (const el of Object.values(input)) el.removeAttribute('aria-invalid');
}

const formValues = (): FormValues => ({
  arch: input.arch.value, width: input.width.value, dIn: input.dIn.value, points: input.points.value,
  networks: input.networks.value, threads: input.threads.value, seed: input.seed.value, sw: input.sw.value, sb: input.sb.value,
});

// --- the inputs -----------------------------------------------------------------------------------

for (const name of architectureNames()) input.arch.add(new Option(`${name}: ${getArchitecture(name).summary}`, name));
input.arch.value = 'erf-net';
input.threads.placeholder = String(Math.min(hardwareThreads, 64));

function showPresets(): void {
  const d = getArchitecture(input.arch.value).defaults;
  input.sw.placeholder = String(d.sw);
  input.sb.placeholder = String(d.sb);
}

const picker = new AxisPicker(byId<HTMLElement>('axis') as unknown as SVGSVGElement, (points) => {
  input.points.value = formatPoints(points.map((x) => [x]));
});

/** The axis shows the points while d_in is 1 and they are all numbers. */
function syncPicker(): void {
  const oneD = input.dIn.value.trim() === '1';
  const axis = byId<HTMLElement>('axis');
  axis.style.display = oneD ? '' : 'none';
  ui.pointsHint.textContent = oneD
    ? 'd_in = 1: numbers separated by commas, e.g. "-1, 0.2, 0.6"; or click the axis to add a point, a point to remove it.'
    : 'd_in > 1: one point per ";" or line, coordinates separated by spaces or commas, e.g. "0.1 0.2; 0.3 0.4".';
  if (!oneD) return;
  const xs = parsePoints(input.points.value, 1);
  if (xs.every((x) => typeof x === 'number')) picker.show(xs as number[]);
}

input.arch.addEventListener('change', showPresets);
input.dIn.addEventListener('input', syncPicker);
input.points.addEventListener('input', syncPicker);
showPresets();
syncPicker();

// --- a run -----------------------------------------------------------------------------------------

let latest: EnsembleResult | undefined;
let controller: AbortController | undefined;
let runId = 0;

function render(result: EnsembleResult, theory: Predictions | undefined): void {
  const e = result.header.ensemble;
  const rows = correlatorRows(result, theory);
  renderTable(ui.table, rows, e.points);
  void plots.draw(rows, e.width, result.networks);
}

async function start(run: PlaygroundRun): Promise<void> {
  const id = ++runId;
  const { ensemble, networks, seed } = run.plan.header;
  let theory: Predictions | undefined;
  let shown: EnsembleResult | undefined;
  latest = undefined;
  ui.download.disabled = true;
  ui.table.replaceChildren();
  plots.clear();
  ui.progress.max = networks;
  ui.progress.value = 0;
  ui.progressText.textContent = `0 / ${count(networks)} networks`;
  setState('running', `Sampling ${count(networks)} networks of ${ensemble.arch}, N = ${ensemble.width}, seed ${seed}, on ${run.threads} workers…`);

  if (predictable(ensemble)) {
    ui.theory.textContent = 'Computing the GP and exact finite-width predictions…';
    theoryClient.predict(ensemble).then(
      (p) => {
        if (id !== runId) return;
        theory = p;
        ui.theory.textContent = `Predictions: GP kernel and Wick contractions (N → ∞); exact correlators at N = ${ensemble.width}.`;
        if (shown) render(shown, theory);
      },
      (e: Error) => {
        if (id === runId) ui.theory.textContent = `No predictions: ${e.message}`;
      },
    );
  } else {
    ui.theory.textContent = 'No predictions for this ensemble (the page predicts the built-in architectures).';
  }

  controller = new AbortController();
  const t0 = performance.now();
  const end = await runLive({
    options: run.options, plan: run.plan, threads: run.threads, module: await wasm, workerUrl, signal: controller.signal,
    onProgress: (p) => {
      ui.progress.value = p.done;
      ui.progressText.textContent = `${count(p.done)} / ${count(p.total)} networks, ${count(p.networksPerSecond)} networks/s`;
    },
    onResult: (r) => {
      shown = r;
      render(r, theory);
    },
  });
  const seconds = ((performance.now() - t0) / 1000).toFixed(1);
  latest = end.result;
  if (latest) {
    shown = latest;
    render(latest, theory);
  }
  ui.download.disabled = latest === undefined;
  const kept = latest ? `${count(latest.networks)} of ${count(networks)} networks (whole jackknife blocks) are shown and can be downloaded` : 'no block had finished';
  if (end.error === undefined) {
    setState('done', `Done: ${count(networks)} networks in ${seconds} s on ${run.threads} workers.`);
  } else if (end.error instanceof NnftAbortError) {
    setState('stopped', `Stopped after ${seconds} s: ${kept}.`);
  } else {
    setState('failed', `The run failed after ${seconds} s: ${kept}.`);
    showError(end.error);
  }
}

ui.form.addEventListener('submit', (event) => {
  event.preventDefault();
  clearError();
  let run: PlaygroundRun;
  try {
    run = readForm(formValues(), hardwareThreads);
  } catch (e) {
    setState('refused', 'Not started: fix the highlighted field.');
    showError(e);
    return;
  }
  start(run).catch((e: unknown) => {
    setState('failed', 'The run failed.');
    showError(e);
  });
});

ui.stop.addEventListener('click', () => controller?.abort());

ui.download.addEventListener('click', () => {
  if (!latest) return;
  const e = latest.header.ensemble;
  const blob = new Blob([`${JSON.stringify(latest.toJSON(), null, 2)}\n`], { type: 'application/json' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = `nnft-${e.arch}-N${e.width}-seed${latest.header.seed}.json`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
});

wasm.then(
  () => setState('idle', 'Ready: choose an ensemble and press Run.'),
  (e: unknown) => {
    setState('failed', 'The WebAssembly kernels could not be loaded.');
    ui.run.disabled = true;
    showError(e);
  },
);

