import { NET } from './wasm-layout.js';

/** The raw exports of train.wasm (see assembly/train/index.ts). */
interface Exports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  forward(net: number, x: number, idx: number, n: number): void;
  gradients(net: number, x: number, labels: number, idx: number, n: number): number;
  trainBatch(net: number, x: number, labels: number, idx: number, n: number, stepSize: number, bc2sqrt: number): number;
}

/** Sizes of the network and of the largest batch one call takes. */
export interface TrainShape {
  /** Inputs per sample. */
  dIn: number;
  /** Hidden units. */
  hidden: number;
  /** Outputs (classes). */
  outputs: number;
  /** The most samples one call takes: the training batch and the evaluation chunk. */
  maxRows: number;
}

/** Samples as flat row-major images (count x dIn) and their labels in 0..outputs-1. */
export interface LabelledImages {
  images: Float32Array;
  labels: ArrayLike<number>;
  count: number;
}

/** The gradients of one batch's mean squared error (unpadded, row-major like the weights). */
export interface Gradients {
  /** Summed squared error over the batch's samples and outputs. */
  sse: number;
  g0: Float32Array;
  g1: Float32Array;
}

const align = (n: number, a = 16) => Math.ceil(n / a) * a;
const pad4 = (n: number) => Math.ceil(n / 4) * 4;

/** Where a data set lives in linear memory. */
interface Placed {
  x: number;
  labels: number;
  count: number;
}

/**
 * One instance of train.wasm and the thin, typed binding to its kernels. It lays out the network,
 * its gradients, Adam moments, batch buffers and the data sets in linear memory (input and hidden
 * sizes padded to multiples of 4 with zeros, which training leaves at zero), and copies weights in
 * and out. No policy: callers choose the order of the samples, the step sizes and the schedule.
 */
export class TrainKernel {
  private readonly x: Exports;
  private shape: TrainShape | undefined;
  private dInP = 0;
  private hidP = 0;
  private net = 0;
  private seq = 0;
  private order = 0;
  private orderLength = 0;
  private sets: { train?: Placed; test?: Placed } = {};

  /** Instantiates the compiled module (the same `WebAssembly.Module` can be shared by every worker). */
  static async create(module: WebAssembly.Module): Promise<TrainKernel> {
    const instance = await WebAssembly.instantiate(module, {
      env: {
        abort: () => {
          throw new Error('train.wasm aborted');
        },
      },
    });
    return new TrainKernel(instance.exports as unknown as Exports);
  }

  private constructor(exports: Exports) {
    this.x = exports;
  }

  private reserve(bytes: number): void {
    const have = this.x.memory.buffer.byteLength;
    if (bytes > have) this.x.memory.grow(Math.ceil((bytes - have) / 65536));
  }

  private requireShape(): TrainShape {
    if (!this.shape) throw new Error('TrainKernel: configure() must be called first');
    return this.shape;
  }

  /**
   * Lays out memory for `shape` and copies the data sets in (rows padded to a multiple of 4 inputs).
   * Weights and Adam moments start at zero; targets are one-hot; Adam uses PyTorch's defaults.
   */
  configure(shape: TrainShape, data: { train: LabelledImages; test?: LabelledImages }): void {
    const { dIn, hidden, outputs } = shape;
    const maxRows = pad4(shape.maxRows);
    const dInP = pad4(dIn);
    const hidP = pad4(hidden);
    let p = align(this.x.heapBase());
    const take = (bytes: number) => {
      const at = p;
      p = align(p + bytes);
      return at;
    };
    const net = take(NET.BYTES);
    const n0 = hidP * dInP;
    const n1 = outputs * hidP;
    const ptr: Record<string, number> = {
      W0: take(4 * n0), G0: take(4 * n0), M0: take(4 * n0), V0: take(4 * n0),
      W1: take(4 * n1), G1: take(4 * n1), M1: take(4 * n1), V1: take(4 * n1),
      H: take(4 * maxRows * hidP), F: take(4 * maxRows * outputs), DZT: take(4 * hidP * maxRows), ROWS: take(4 * maxRows),
    };
    const seq = take(4 * maxRows);
    const place = (set: LabelledImages): Placed => ({ x: take(4 * set.count * dInP), labels: take(4 * set.count), count: set.count });
    const train = place(data.train);
    const test = data.test && place(data.test);
    const order = take(4 * data.train.count);
    this.reserve(p);

    const mem = this.x.memory.buffer;
    new Uint8Array(mem, net, p - net).fill(0);
    const i32 = new Int32Array(mem, net, NET.BYTES / 4);
    i32[NET.DIN / 4] = dInP;
    i32[NET.HID / 4] = hidP;
    i32[NET.OUT / 4] = outputs;
    i32[NET.MAX_ROWS / 4] = maxRows;
    for (const [field, at] of Object.entries(ptr)) i32[NET[field as keyof typeof NET] / 4] = at;
    new Int32Array(mem, seq, maxRows).forEach((_, i, a) => (a[i] = i));
    const copy = (set: LabelledImages, at: Placed) => {
      if (dInP === dIn) new Float32Array(mem, at.x, set.count * dIn).set(set.images.subarray(0, set.count * dIn));
      else for (let s = 0; s < set.count; s++) new Float32Array(mem, at.x + 4 * s * dInP, dIn).set(set.images.subarray(s * dIn, (s + 1) * dIn));
      new Int32Array(mem, at.labels, set.count).set(Array.from({ length: set.count }, (_, i) => set.labels[i]));
    };
    copy(data.train, train);
    if (data.test && test) copy(data.test, test);

    this.shape = { ...shape, maxRows };
    this.dInP = dInP;
    this.hidP = hidP;
    this.net = net;
    this.seq = seq;
    this.order = order;
    this.orderLength = data.train.count;
    this.sets = { train, test };
    this.setTargets(1, 0);
    this.setAdam(0.9, 0.999, 1e-8);
  }

  /** Target of the labelled output and of every other output (one-hot: 1, 0; one-cold: 0, 1). */
  setTargets(on: number, off: number): void {
    const f32 = new Float32Array(this.x.memory.buffer, this.net, NET.BYTES / 4);
    f32[NET.T_ON / 4] = on;
    f32[NET.T_OFF / 4] = off;
  }

  /** Adam's beta1, beta2 and epsilon. */
  setAdam(beta1: number, beta2: number, eps: number): void {
    const f32 = new Float32Array(this.x.memory.buffer, this.net, NET.BYTES / 4);
    f32[NET.BETA1 / 4] = beta1;
    f32[NET.BETA2 / 4] = beta2;
    f32[NET.EPS / 4] = eps;
  }

  private field(name: keyof typeof NET): number {
    return new Int32Array(this.x.memory.buffer, this.net, NET.BYTES / 4)[NET[name] / 4];
  }

  /** A padded matrix of the network (rows x stride f32) as a view of linear memory. */
  private matrix(name: 'W0' | 'W1' | 'G0' | 'G1' | 'M0' | 'V0' | 'M1' | 'V1'): Float32Array {
    const s = this.requireShape();
    const size = name.endsWith('0') ? this.hidP * this.dInP : s.outputs * this.hidP;
    return new Float32Array(this.x.memory.buffer, this.field(name), size);
  }

  /** Copies an unpadded rows x cols matrix into (or out of) a padded one with row stride `stride`. */
  private static repack(src: Float32Array, srcStride: number, dst: Float32Array, dstStride: number, rows: number, cols: number): void {
    for (let r = 0; r < rows; r++) dst.set(src.subarray(r * srcStride, r * srcStride + cols), r * dstStride);
  }

  /** Sets W0 (hidden x dIn) and W1 (outputs x hidden), row-major, and clears Adam's moments. */
  setWeights(w0: Float32Array, w1: Float32Array): void {
    const { dIn, hidden, outputs } = this.requireShape();
    if (w0.length !== hidden * dIn) throw new Error(`setWeights: w0 must hold ${hidden} x ${dIn} values`);
    if (w1.length !== outputs * hidden) throw new Error(`setWeights: w1 must hold ${outputs} x ${hidden} values`);
    for (const m of ['W0', 'W1', 'M0', 'V0', 'M1', 'V1'] as const) this.matrix(m).fill(0);
    TrainKernel.repack(w0, dIn, this.matrix('W0'), this.dInP, hidden, dIn);
    TrainKernel.repack(w1, hidden, this.matrix('W1'), this.hidP, outputs, hidden);
  }

  /** Copies of the current weights, unpadded. */
  weights(): { w0: Float32Array; w1: Float32Array } {
    const { dIn, hidden, outputs } = this.requireShape();
    const w0 = new Float32Array(hidden * dIn);
    const w1 = new Float32Array(outputs * hidden);
    TrainKernel.repack(this.matrix('W0'), this.dInP, w0, dIn, hidden, dIn);
    TrainKernel.repack(this.matrix('W1'), this.hidP, w1, hidden, outputs, hidden);
    return { w0, w1 };
  }

  /** The order in which training samples are visited (indices into the training set). */
  setOrder(order: Int32Array): void {
    if (order.length !== this.orderLength) throw new Error(`setOrder: the order must list ${this.orderLength} sample indices`);
    new Int32Array(this.x.memory.buffer, this.order, this.orderLength).set(order);
  }

  private checkRange(start: number, n: number, count: number): void {
    const { maxRows } = this.requireShape();
    if (!(n >= 1 && n <= maxRows && start >= 0 && start + n <= count)) throw new Error(`samples ${start}..${start + n} out of range (count ${count}, at most ${maxRows} per call)`);
  }

  /**
   * One Adam step on the batch of training samples order[start .. start + n). `stepSize` is
   * lr / (1 - beta1^t) and `bc2sqrt` is sqrt(1 - beta2^t) for step t. Returns the batch's summed
   * squared error before the step (the loss is that over n x outputs).
   */
  trainBatch(start: number, n: number, stepSize: number, bc2sqrt: number): number {
    const train = this.sets.train!;
    this.checkRange(start, n, train.count);
    return this.x.trainBatch(this.net, train.x, train.labels, this.order + 4 * start, n, stepSize, bc2sqrt);
  }

  /** The gradients of the mean squared error of the batch order[start .. start + n), without a step. */
  gradients(start: number, n: number): Gradients {
    const { dIn, hidden, outputs } = this.requireShape();
    const train = this.sets.train!;
    this.checkRange(start, n, train.count);
    const sse = this.x.gradients(this.net, train.x, train.labels, this.order + 4 * start, n);
    const g0 = new Float32Array(hidden * dIn);
    const g1 = new Float32Array(outputs * hidden);
    TrainKernel.repack(this.matrix('G0'), this.dInP, g0, dIn, hidden, dIn);
    TrainKernel.repack(this.matrix('G1'), this.hidP, g1, hidden, outputs, hidden);
    return { sse, g0, g1 };
  }

  /** Network outputs (n x outputs) of samples start .. start + n of a data set, in order. */
  outputs(set: 'train' | 'test', start: number, n: number): Float32Array {
    const { outputs } = this.requireShape();
    const placed = this.sets[set];
    if (!placed) throw new Error(`outputs: no ${set} set was configured`);
    this.checkRange(start, n, placed.count);
    this.x.forward(this.net, placed.x + 4 * this.dInP * start, this.seq, n);
    return new Float32Array(this.x.memory.buffer, this.field('F'), n * outputs).slice();
  }

  /** The largest evaluation chunk (`maxRows` rounded up to a multiple of 4). */
  maxRows(): number {
    return this.requireShape().maxRows;
  }
}
