import { totalMultisets, orderOffset } from '../stats/multiset.js';
import { cachedConditionalTables } from './conditional-tables.js';
import type { KernelConfig } from './kernel-config.js';
import { polarUnits } from './polar-units.js';
import { CFG, SCALE_CHUNK, VMATH_CODE, WEIGHT_SOURCE, writeHiddenSampling, writeNetworkScalars } from './wasm-layout.js';

/** The raw exports of nnft.wasm (see assembly/index.ts). */
interface Exports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  batchSize(): number;
  tileSize(): number;
  sampleRange(cfg: number, net0: number, count: number, out: number): void;
  forwardRange(cfg: number, net0: number, count: number, out: number): void;
  normals(out: number, seedLo: number, seedHi: number, stream: number, net0: number, blocks: number): void;
  uniforms(out: number, seedLo: number, seedHi: number, stream: number, net0: number, blocks: number): void;
  polarVariates(out: number, out1: number, seedLo: number, seedHi: number, stream: number, net0: number, blocks: number): void;
  philox(ctr: number, key: number, out: number): void;
  vmath(fn: number, src: number, dst: number, n: number): void;
  accumulateBatch(cfg: number, out: number): void;
}

const align = (n: number, a = 16) => Math.ceil(n / a) * a;

/**
 * One instance of nnft.wasm and the thin, typed binding to its kernels. It lays out the buffers a
 * configuration needs in linear memory (growing it when needed), writes the configuration block,
 * and copies results out. No physics and no policy: callers decide which networks to run.
 */
export class WasmKernel {
  private readonly x: Exports;
  private readonly batch: number;
  private readonly tile: number;
  private config: KernelConfig | undefined;
  private configKey = '';
  private cfgPtr = 0;
  private sumsPtr = 0;
  private sumsLength = 0;
  private scratchPtr = 0;

  /** Instantiates the compiled module (the same `WebAssembly.Module` can be shared by every worker). */
  static async create(module: WebAssembly.Module): Promise<WasmKernel> {
    const instance = await WebAssembly.instantiate(module, {
      env: {
        abort: () => {
          throw new Error('nnft.wasm aborted');
        },
      },
    });
    return new WasmKernel(instance.exports as unknown as Exports);
  }

  private constructor(exports: Exports) {
    this.x = exports;
    this.batch = exports.batchSize();
    this.tile = exports.tileSize();
  }

  /** Makes sure linear memory holds at least `bytes` bytes. Every view must be recreated after this. */
  private reserve(bytes: number): void {
    const have = this.x.memory.buffer.byteLength;
    if (bytes > have) this.x.memory.grow(Math.ceil((bytes - have) / 65536));
  }

  /** Number of f64 sums a configuration accumulates: every multiset of orders 1..nMax. */
  sumsCount(): number {
    return this.sumsLength;
  }

  /** Lays out memory for `cfg` and writes its configuration block (skipped when unchanged). */
  configure(cfg: KernelConfig): void {
    const key = JSON.stringify(cfg);
    if (key === this.configKey) return;
    const { dIn, width, points: K, dOut, nMax } = cfg;
    const P = K * dOut;
    const deform = cfg.weights?.deform;
    const G = deform ? deform.zc.length : 0; // grid nodes evaluated after the points (d_out = 1)
    let p = align(this.x.heapBase());
    const take = (bytes: number) => {
      const at = p;
      p = align(p + bytes);
      return at;
    };
    this.cfgPtr = take(CFG.BYTES);
    const xs = take(4 * (K + G) * dIn);
    const zc = take(4 * (K + G));
    const deformCoef = take(8 * (1 + G));
    const deformV = take(8 * this.batch);
    const hidden = cfg.hidden;
    const slots = dIn + 1 + (hidden?.amplitude ? 1 : 0);
    // tiles of normals and uniforms end on whole Philox blocks: up to 3 variates beyond the tile
    const buf0 = take(16 * (this.tile * slots + 4));
    // the general sampler's variates (assembly/hidden.ts generalTile): any run off the plain path,
    // which a weight source or a shared scale also forces (hidden.ts plainRun)
    const general = hidden !== undefined || cfg.weights !== undefined || cfg.sharedScale !== undefined;
    const nbuf = general ? take(16 * (this.tile * (dIn + 1) + 4)) : 0;
    const ubuf = general ? take(16 * (this.tile * (dIn + 1) + 4)) : 0;
    const table = hidden?.radial?.table ? take(4 * hidden.radial.table.length) : 0;
    const scaleBuf = cfg.sharedScale ? take(16 * SCALE_CHUNK) : 0;
    const mixture = cfg.weights?.mixture;
    // a tile's component uniforms, on whole Philox blocks, then overwritten by the units' log-weight terms
    const mixBuf = mixture ? take(16 * (this.tile + 4)) : 0;
    const logw = take(8 * this.batch);
    const wcoef = take(8 * 9);
    // a tile's output weights, the last tile's followed by the output biases, on whole Philox blocks
    const buf1 = take(16 * (this.tile * dOut + dOut + 8));
    // per-group sums: K d_out + K vectors (direct) or K(K+1)/2 + K (conditional)
    const pairs = (K * (K + 1)) / 2;
    const groupAcc = take(16 * (Math.max(P + G * dOut, pairs) + K + G));
    const phi32 = take(16 * (P + G * dOut));
    const phi64 = take(8 * P * this.batch);
    const stack = take(8 * (nMax + 1) * this.batch);
    const root = take(8 * this.batch);
    const offsets = take(4 * (nMax + 1));
    const pos = take(4 * (nMax + 1));
    const S = totalMultisets(P, nMax);
    // a linear response adds the w V-weighted sums and the sum of w V (assembly/index.ts responseBatch)
    this.sumsLength = deform?.response ? 2 * S + 1 : S;
    // the sums, then the sum of the weights and of their squares
    this.sumsPtr = take(8 * (this.sumsLength + 2));
    const conditional = cfg.estimator === 'conditional';
    const tables = conditional ? cachedConditionalTables(K, dOut, nMax) : undefined;
    const cond = tables
      ? {
          hbuf: take(16 * this.tile * K),
          mu: take(8 * K * this.batch),
          cov: take(8 * pairs * this.batch),
          rows: take(8 * Math.max(1, tables.storedRows) * this.batch),
          parent: take(4 * tables.parent.length),
          last: take(4 * tables.last.length),
          start: take(4 * tables.start.length),
          pair: take(4 * tables.pair.length),
          src: take(4 * tables.src.length),
          mult: take(8 * tables.mult.length),
        }
      : undefined;
    this.scratchPtr = p;
    this.reserve(p);

    const mem = this.x.memory.buffer;
    const i32 = new Int32Array(mem, this.cfgPtr, CFG.BYTES / 4);
    const f32 = new Float32Array(mem, this.cfgPtr, CFG.BYTES / 4);
    const u32 = new Uint32Array(mem, this.cfgPtr, CFG.BYTES / 4);
    writeNetworkScalars(mem, this.cfgPtr, cfg, dOut);
    const ptrs: [number, number][] = [
      [CFG.XS, xs], [CFG.ZC, zc], [CFG.BUF0, buf0], [CFG.BUF1, buf1], [CFG.GROUP_ACC, groupAcc],
      [CFG.PHI32, phi32], [CFG.PHI64, phi64], [CFG.STACK, stack], [CFG.ROOT, root],
      [CFG.OFFSETS, offsets], [CFG.POS, pos],
    ];
    for (const [field, ptr] of ptrs) u32[field / 4] = ptr;
    i32[CFG.ESTIMATOR / 4] = conditional ? 1 : 0;
    i32[CFG.ZERO_MEAN / 4] = cfg.mw1 === 0 && cfg.mb1 === 0 ? 1 : 0;
    i32[CFG.SUMS / 4] = this.sumsLength;
    writeHiddenSampling(mem, this.cfgPtr, hidden, { slots, dIn, nbuf, ubuf, table });
    const density = cfg.weights?.density;
    i32[CFG.WEIGHTS / 4] = (density ? WEIGHT_SOURCE.density : 0) | (deform ? WEIGHT_SOURCE.deform : 0) | (mixture ? WEIGHT_SOURCE.mixture : 0);
    u32[CFG.LOGW / 4] = logw;
    u32[CFG.WCOEF / 4] = wcoef;
    const coef = new Float64Array(mem, wcoef, 9);
    coef.fill(0);
    if (density) coef.set(density.coefficients, 0);
    coef[8] = (density?.constant ?? 0) + (deform?.constant ?? 0);
    i32[CFG.GRID / 4] = G;
    u32[CFG.DEFORM / 4] = deformCoef;
    i32[CFG.DEFORM_POWER / 4] = deform?.power ?? 0;
    u32[CFG.DEFORM_V / 4] = deformV;
    i32[CFG.RESPONSE / 4] = deform?.response ? S : 0;
    i32[CFG.SCALE_DOF / 4] = cfg.sharedScale?.dof ?? 0;
    u32[CFG.SCALE_BUF / 4] = scaleBuf;
    f32[CFG.MIX_SHIFT / 4] = mixture?.shift ?? 0;
    f32[CFG.MIX_FRACTION / 4] = mixture?.fraction ?? 0;
    u32[CFG.MIX_BUF / 4] = mixBuf;
    i32[CFG.POLAR / 4] = polarUnits(cfg) ? 1 : 0;
    if (deform) {
      const d = new Float64Array(mem, deformCoef, 1 + G);
      d[0] = deform.coefficient;
      d.set(deform.weights, 1);
    }
    if (cond && tables) {
      const fields: [number, number][] = [
        [CFG.HBUF, cond.hbuf], [CFG.MU, cond.mu], [CFG.COV, cond.cov], [CFG.MROWS, cond.rows],
        [CFG.TAB_PARENT, cond.parent], [CFG.TAB_LAST, cond.last], [CFG.TAB_START, cond.start],
        [CFG.TAB_PAIR, cond.pair], [CFG.TAB_SRC, cond.src], [CFG.TAB_MULT, cond.mult],
      ];
      for (const [field, ptr] of fields) u32[field / 4] = ptr;
      new Int32Array(mem, cond.parent, tables.parent.length).set(tables.parent);
      new Int32Array(mem, cond.last, tables.last.length).set(tables.last);
      new Int32Array(mem, cond.start, tables.start.length).set(tables.start);
      new Int32Array(mem, cond.pair, tables.pair.length).set(tables.pair);
      new Int32Array(mem, cond.src, tables.src.length).set(tables.src);
      new Float64Array(mem, cond.mult, tables.mult.length).set(tables.mult);
    }
    new Float32Array(mem, xs, K * dIn).set(cfg.xs);
    new Float32Array(mem, zc, K).set(cfg.zc);
    if (deform) {
      new Float32Array(mem, xs + 4 * K * dIn, G * dIn).set(deform.xs);
      new Float32Array(mem, zc + 4 * K, G).set(deform.zc);
    }
    const off = new Int32Array(mem, offsets, nMax + 1);
    for (let n = 1; n <= nMax; n++) off[n] = orderOffset(P, n);
    this.config = cfg;
    this.configKey = key;
  }

  private requireConfig(): KernelConfig {
    if (!this.config) throw new Error('WasmKernel: configure() must be called first');
    return this.config;
  }

  /**
   * Sums over networks n0 .. n0 + count - 1 of every product of field values up to order nMax
   * (flat layout of src/stats/multiset.ts). The work is split into calls of one batch each: V8 runs a
   * wasm function in its baseline tier until its next call, so long calls never get optimised code.
   */
  sampleRange(n0: number, count: number, out?: Float64Array): Float64Array {
    const result = out ?? new Float64Array(this.sumsLength);
    if (count <= 0) return result;
    result.set(this.run(n0, count).subarray(0, this.sumsLength));
    return result;
  }

  /**
   * What a task returns: the weighted sums of `sampleRange` (length `sumsCount()`), then the sum of
   * the networks' weights and the sum of their squares (count and count without weights).
   */
  sampleTask(n0: number, count: number): Float64Array {
    if (count <= 0) return new Float64Array(this.sumsLength + 2);
    return this.run(n0, count).slice();
  }

  /** Runs networks n0 .. n0 + count - 1 into the sums in WASM memory; returns a view of them. */
  private run(n0: number, count: number): Float64Array {
    this.requireConfig();
    const sums = new Float64Array(this.x.memory.buffer, this.sumsPtr, this.sumsLength + 2);
    sums.fill(0);
    for (let done = 0; done < count; done += this.batch) {
      this.x.sampleRange(this.cfgPtr, n0 + done, Math.min(this.batch, count - done), this.sumsPtr);
    }
    return new Float64Array(this.x.memory.buffer, this.sumsPtr, this.sumsLength + 2);
  }

  /**
   * Adds one batch of given field values (phi[a * batch + b], f64, unit weights) to `out` via the
   * moment tree alone: for benchmarks and tests of the accumulation kernel by itself.
   */
  accumulateBatch(phi: Float64Array, out: Float64Array): void {
    const cfg = this.requireConfig();
    const P = cfg.points * cfg.dOut;
    if (phi.length !== P * this.batch) throw new Error(`accumulateBatch: phi must hold ${P} x ${this.batch} values`);
    const mem = this.x.memory.buffer;
    const u32 = new Uint32Array(mem, this.cfgPtr, CFG.BYTES / 4);
    new Float64Array(mem, u32[CFG.PHI64 / 4], phi.length).set(phi);
    new Float64Array(mem, u32[CFG.ROOT / 4], this.batch).fill(1);
    const sums = new Float64Array(mem, this.sumsPtr, this.sumsLength);
    sums.set(out);
    this.x.accumulateBatch(this.cfgPtr, this.sumsPtr);
    out.set(sums);
  }

  /** Networks per accumulation batch of the kernels. */
  get batchSize(): number {
    return this.batch;
  }

  /** Field values of networks n0 .. n0 + count - 1: out[n P + a], a = k d_out + o. */
  forwardRange(n0: number, count: number): Float32Array {
    const cfg = this.requireConfig();
    const P = cfg.points * cfg.dOut;
    const out = new Float32Array(count * P);
    const chunk = 256;
    this.reserve(this.scratchPtr + 4 * chunk * P);
    for (let done = 0; done < count; done += chunk) {
      const c = Math.min(chunk, count - done);
      this.x.forwardRange(this.cfgPtr, n0 + done, c, this.scratchPtr);
      out.set(new Float32Array(this.x.memory.buffer, this.scratchPtr, c * P), done * P);
    }
    return out;
  }

  /**
   * The first 4 `blocks` normals of `stream` for networks net0 .. net0 + 3 (net0 a multiple of 4):
   * out[16 j + 4 w + l] = normal 4 j + w of network net0 + l.
   */
  normals(seedLo: number, seedHi: number, stream: number, net0: number, blocks: number): Float32Array {
    const base = align(this.x.heapBase());
    this.reserve(base + 64 * blocks);
    this.x.normals(base, seedLo >>> 0, seedHi >>> 0, stream, net0, blocks);
    const out = new Float32Array(this.x.memory.buffer, base, 16 * blocks).slice();
    this.configKey = ''; // the scratch used here may overlap a configuration's buffers
    this.config = undefined;
    return out;
  }

  /** The first 4 `blocks` uniforms of `stream` for networks net0 .. net0 + 3, laid out as `normals`. */
  uniforms(seedLo: number, seedHi: number, stream: number, net0: number, blocks: number): Float32Array {
    const base = align(this.x.heapBase());
    this.reserve(base + 64 * blocks);
    this.x.uniforms(base, seedLo >>> 0, seedHi >>> 0, stream, net0, blocks);
    const out = new Float32Array(this.x.memory.buffer, base, 16 * blocks).slice();
    this.configKey = '';
    this.config = undefined;
    return out;
  }

  /**
   * The first 2 `blocks` polar variates of `stream` for networks net0 .. net0 + 3 (net0 a multiple of
   * 4; assembly/rng.ts polarBlocks): directions[8 p + 4 c + l] is sqrt2 cos (c = 0) or sqrt2 sin (c = 1)
   * of variate p's angle for network net0 + l, and laplace[4 p + l] its Laplace variate over sqrt2.
   */
  polarVariates(seedLo: number, seedHi: number, stream: number, net0: number, blocks: number): { directions: Float32Array; laplace: Float32Array } {
    const base = align(this.x.heapBase());
    this.reserve(base + 96 * blocks);
    this.x.polarVariates(base, base + 64 * blocks, seedLo >>> 0, seedHi >>> 0, stream, net0, blocks);
    const mem = this.x.memory.buffer;
    const out = { directions: new Float32Array(mem, base, 16 * blocks).slice(), laplace: new Float32Array(mem, base + 64 * blocks, 8 * blocks).slice() };
    this.configKey = '';
    this.config = undefined;
    return out;
  }

  /**
   * Philox4x32-10 of four (counter, key) pairs. `ctr` holds 4 words for each of 4 counters and `key`
   * 2 words for each, counter-major ([c0 c1 c2 c3] of counter 0, then counter 1, ...); same for the result.
   */
  philox(ctr: Uint32Array, key: Uint32Array): Uint32Array {
    const base = align(this.x.heapBase());
    this.reserve(base + 256);
    const m = new Uint32Array(this.x.memory.buffer, base, 40);
    for (let c = 0; c < 4; c++) {
      for (let w = 0; w < 4; w++) m[4 * w + c] = ctr[4 * c + w];
      for (let w = 0; w < 2; w++) m[16 + 4 * w + c] = key[2 * c + w];
    }
    this.x.philox(base, base + 64, base + 96);
    const r = new Uint32Array(this.x.memory.buffer, base + 96, 16);
    const out = new Uint32Array(16);
    for (let c = 0; c < 4; c++) for (let w = 0; w < 4; w++) out[4 * c + w] = r[4 * w + c];
    this.configKey = '';
    this.config = undefined;
    return out;
  }

  /** Applies a vector-math routine of the kernels to `x` (for accuracy tests). */
  vmath(fn: keyof typeof VMATH_CODE, x: Float32Array): Float32Array {
    const n = align(x.length, 4);
    const base = align(this.x.heapBase());
    this.reserve(base + 8 * n);
    new Float32Array(this.x.memory.buffer, base, n).set(x);
    this.x.vmath(VMATH_CODE[fn], base, base + 4 * n, n);
    const out = new Float32Array(this.x.memory.buffer, base + 4 * n, x.length).slice();
    this.configKey = '';
    this.config = undefined;
    return out;
  }
}
