// A scalar f64 reference of the training step (forward pass, mean squared error, backpropagation,
// Adam in PyTorch's form), written independently of the WASM kernels, for the tests of train.wasm.

export interface RefNet {
  dIn: number;
  hidden: number;
  outputs: number;
  w0: Float64Array; // hidden x dIn
  w1: Float64Array; // outputs x hidden
}

export interface RefBatch {
  x: ArrayLike<number>[]; // samples, dIn values each
  y: number[]; // labels
  on: number; // target of the labelled output
  off: number; // target of the others
}

/** Outputs and hidden activations of every sample. */
export function refForward(net: RefNet, x: ArrayLike<number>[]): { h: number[][]; f: number[][] } {
  const h = x.map((xs) =>
    Array.from({ length: net.hidden }, (_, j) => {
      let z = 0;
      for (let i = 0; i < net.dIn; i++) z += net.w0[j * net.dIn + i] * xs[i];
      return Math.max(0, z);
    }),
  );
  const f = h.map((hs) =>
    Array.from({ length: net.outputs }, (_, o) => {
      let s = 0;
      for (let j = 0; j < net.hidden; j++) s += net.w1[o * net.hidden + j] * hs[j];
      return s;
    }),
  );
  return { h, f };
}

const target = (b: RefBatch, s: number, o: number) => (o === b.y[s] ? b.on : b.off);

/** Mean squared error over samples and outputs. */
export function refLoss(net: RefNet, b: RefBatch): number {
  const { f } = refForward(net, b.x);
  let sse = 0;
  f.forEach((fs, s) => fs.forEach((v, o) => (sse += (v - target(b, s, o)) ** 2)));
  return sse / (b.x.length * net.outputs);
}

/** The loss and its gradients with respect to W0 and W1 (by the chain rule, written out). */
export function refGradients(net: RefNet, b: RefBatch): { loss: number; g0: Float64Array; g1: Float64Array } {
  const { h, f } = refForward(net, b.x);
  const n = b.x.length;
  const g0 = new Float64Array(net.hidden * net.dIn);
  const g1 = new Float64Array(net.outputs * net.hidden);
  let sse = 0;
  for (let s = 0; s < n; s++) {
    const df = f[s].map((v, o) => {
      sse += (v - target(b, s, o)) ** 2;
      return (2 * (v - target(b, s, o))) / (n * net.outputs);
    });
    for (let o = 0; o < net.outputs; o++) for (let j = 0; j < net.hidden; j++) g1[o * net.hidden + j] += df[o] * h[s][j];
    for (let j = 0; j < net.hidden; j++) {
      if (h[s][j] <= 0) continue;
      let dz = 0;
      for (let o = 0; o < net.outputs; o++) dz += df[o] * net.w1[o * net.hidden + j];
      for (let i = 0; i < net.dIn; i++) g0[j * net.dIn + i] += dz * b.x[s][i];
    }
  }
  return { loss: sse / (n * net.outputs), g0, g1 };
}

/** Adam state of one parameter tensor. */
export interface RefAdam {
  m: Float64Array;
  v: Float64Array;
}

/** One Adam step (PyTorch's formula) at step t on p with gradient g. */
export function refAdam(p: Float64Array, g: Float64Array, s: RefAdam, t: number, lr: number, beta1 = 0.9, beta2 = 0.999, eps = 1e-8): void {
  const bc1 = 1 - beta1 ** t;
  const bc2 = 1 - beta2 ** t;
  for (let i = 0; i < p.length; i++) {
    s.m[i] = beta1 * s.m[i] + (1 - beta1) * g[i];
    s.v[i] = beta2 * s.v[i] + (1 - beta2) * g[i] * g[i];
    p[i] -= ((lr / bc1) * s.m[i]) / (Math.sqrt(s.v[i]) / Math.sqrt(bc2) + eps);
  }
}
