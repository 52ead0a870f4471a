/**
 * The binding to the Metropolis kernel of nnft.wasm (assembly/metropolis.ts): one instance of the
 * module per run, its linear memory laid out for a kernel configuration with a deformation grid and
 * for the state of one group of four chains (groups run one after the other, each from sweep 0). It
 * writes the fields of the configuration block that the hidden-unit sampler and the forward pass's
 * unit evaluation read (layout of src/sample/wasm-layout.ts) and copies each call's records out. No
 * physics and no policy.
 *
 * @module
 */
import { NnftInputError } from '../errors.js';
import type { KernelConfig } from '../sample/kernel-config.js';
import { CFG, writeHiddenSampling, writeNetworkScalars } from '../sample/wasm-layout.js';

/** Byte offsets of a chain group's block: mirrors assembly/metropolis.ts. */
const MH = { CFG: 0, CONTRIB: 4, FIELD: 8, ACTION: 12, ROW: 16, WORDS: 20, CHAIN0: 24, PROPOSED: 28, LAMBDA: 32, BYTES: 40 } as const;

/** Largest linear memory a run may lay out: a group's state grows as (N + 1) x (K + G). */
export const MAX_METROPOLIS_BYTES = 2 ** 30;

interface Exports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  tileSize(): number;
  metropolisSweeps(mh: number, sweep0: number, count: number, out: number): void;
}

const align = (n: number, a = 16) => Math.ceil(n / a) * a;

/**
 * One instance of nnft.wasm laid out for a group of four Metropolis chains of one deformed ensemble (a
 * kernel configuration with `weights.deform`), `chunk` sweeps per call at most.
 */
export class MetropolisKernel {
  private readonly x: Exports;
  private readonly mh: number;
  private readonly recordsPtr: number;
  /** Doubles per record: the field at the K points, V, the accepted moves of the sweep. */
  readonly recordLength: number;
  readonly chunk: number;

  static async create(module: WebAssembly.Module, cfg: KernelConfig, lambda: number, chunk: number): Promise<MetropolisKernel> {
    const instance = await WebAssembly.instantiate(module, {
      env: {
        abort: () => {
          throw new Error('nnft.wasm aborted');
        },
      },
    });
    return new MetropolisKernel(instance.exports as unknown as Exports, cfg, lambda, chunk);
  }

  private constructor(x: Exports, cfg: KernelConfig, lambda: number, chunk: number) {
    this.x = x;
    this.chunk = chunk;
    const deform = cfg.weights?.deform;
    if (!deform || cfg.dOut !== 1) throw new Error('MetropolisKernel: needs a deformation and d_out = 1');
    const { dIn, width, points: K } = cfg;
    const G = deform.zc.length;
    const nodes = K + G;
    const tile = x.tileSize();
    this.recordLength = K + 2;
    let p = align(x.heapBase());
    const take = (bytes: number) => {
      const at = p;
      p = align(p + bytes);
      return at;
    };
    const cfgPtr = take(CFG.BYTES);
    const xs = take(4 * nodes * dIn);
    const zc = take(4 * nodes);
    const coef = take(8 * (1 + G));
    const hidden = cfg.hidden;
    const slots = dIn + 1 + (hidden?.amplitude ? 1 : 0);
    const buf0 = take(16 * (tile * slots + 4));
    const nbuf = take(16 * (tile * (dIn + 1) + 4));
    const ubuf = take(16 * (tile * (dIn + 1) + 4));
    const table = hidden?.radial?.table ? take(4 * hidden.radial.table.length) : 0;
    const buf1 = take(16 * (tile + 8));
    this.recordsPtr = take(8 * this.recordLength * 4 * chunk);
    this.mh = take(MH.BYTES);
    const state = [take(16 * (width + 1) * nodes), take(32 * nodes), take(32), take(16 * nodes), take(16 * (tile + 4)), take(32 * G)];
    if (p > MAX_METROPOLIS_BYTES) {
      throw new NnftInputError(
        'width', width,
        `with ${K} points and ${G} grid nodes needs ${(p / 2 ** 20).toFixed(0)} MiB for the state of four chains, ` +
          `more than ${MAX_METROPOLIS_BYTES / 2 ** 20} MiB: use fewer points or grid nodes`,
      );
    }
    const have = x.memory.buffer.byteLength;
    if (p > have) x.memory.grow(Math.ceil((p - have) / 65536));

    const mem = x.memory.buffer;
    new Uint8Array(mem, cfgPtr, CFG.BYTES).fill(0);
    const i32 = new Int32Array(mem, cfgPtr, CFG.BYTES / 4);
    const u32 = new Uint32Array(mem, cfgPtr, CFG.BYTES / 4);
    writeNetworkScalars(mem, cfgPtr, cfg, 1);
    u32[CFG.XS / 4] = xs;
    u32[CFG.ZC / 4] = zc;
    u32[CFG.BUF0 / 4] = buf0;
    u32[CFG.BUF1 / 4] = buf1;
    writeHiddenSampling(mem, cfgPtr, hidden, { slots, dIn, nbuf, ubuf, table });
    i32[CFG.GRID / 4] = G;
    u32[CFG.DEFORM / 4] = coef;
    i32[CFG.DEFORM_POWER / 4] = deform.power;
    const d = new Float64Array(mem, coef, 1 + G);
    d[0] = deform.coefficient;
    d.set(deform.weights, 1);
    const fx = new Float32Array(mem, xs, nodes * dIn);
    fx.set(cfg.xs);
    fx.set(deform.xs, K * dIn);
    const fz = new Float32Array(mem, zc, nodes);
    fz.set(cfg.zc);
    fz.set(deform.zc, K);
    const [contrib, field, action, row, words, proposed] = state;
    const gu = new Uint32Array(mem, this.mh, MH.BYTES / 4);
    gu[MH.CFG / 4] = cfgPtr;
    gu[MH.CONTRIB / 4] = contrib;
    gu[MH.FIELD / 4] = field;
    gu[MH.ACTION / 4] = action;
    gu[MH.ROW / 4] = row;
    gu[MH.WORDS / 4] = words;
    gu[MH.PROPOSED / 4] = proposed;
    new Float64Array(mem, this.mh + MH.LAMBDA, 1)[0] = lambda;
  }

  /**
   * Sweeps sweep0 .. sweep0 + count - 1 (count <= chunk) of chains chain0 .. chain0 + 3 (sweep 0 draws
   * their initial state; later sweeps continue the chains of the last call): a copy of the records,
   * record (t, lane) at recordLength (4 t + lane): the field at the K points, V, the moves accepted in the sweep.
   */
  sweeps(chain0: number, sweep0: number, count: number): Float64Array {
    if (count > this.chunk) throw new Error(`MetropolisKernel: at most ${this.chunk} sweeps per call`);
    new Uint32Array(this.x.memory.buffer, this.mh, MH.BYTES / 4)[MH.CHAIN0 / 4] = chain0;
    this.x.metropolisSweeps(this.mh, sweep0 >>> 0, count, this.recordsPtr);
    return new Float64Array(this.x.memory.buffer, this.recordsPtr, this.recordLength * 4 * count).slice();
  }
}
