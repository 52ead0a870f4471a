// Byte offsets of the configuration block read by the WASM kernels: mirrors assembly/layout.ts.
import type { HiddenSampling, KernelConfig } from './kernel-config.js';

export const CFG = {
  ACT: 0,
  DIN: 4,
  WIDTH: 8,
  POINTS: 12,
  DOUT: 16,
  NMAX: 20,
  SEED_LO: 24,
  SEED_HI: 28,
  SB: 32,
  MB: 36,
  MW: 40,
  W1_SCALE: 44,
  XS: 48,
  ZC: 52,
  BUF0: 56,
  BUF1: 60,
  GROUP_ACC: 64,
  PHI32: 68,
  PHI64: 72,
  STACK: 76,
  ROOT: 80,
  OFFSETS: 84,
  POS: 88,
  SB1: 92,
  ESTIMATOR: 96,
  ZERO_MEAN: 100,
  HBUF: 104,
  MU: 108,
  COV: 112,
  MROWS: 116,
  TAB_PARENT: 120,
  TAB_LAST: 124,
  TAB_START: 128,
  TAB_PAIR: 132,
  TAB_SRC: 136,
  TAB_MULT: 140,
  SUMS: 144,
  UNIT_SLOTS: 148,
  W0_KIND: 152,
  B0_KIND: 156,
  RADIAL_KIND: 160,
  RADIAL_PARAM: 164,
  RADIAL_MASS: 168,
  RADIAL_TABLE: 172,
  RADIAL_NODES: 176,
  INV_DIN: 180,
  AMP_SCALE: 184,
  AMP_MASS2: 188,
  NBUF: 192,
  UBUF: 196,
  WEIGHTS: 200,
  LOGW: 204,
  WCOEF: 208,
  GRID: 212,
  DEFORM: 216,
  DEFORM_POWER: 220,
  DEFORM_V: 224,
  RESPONSE: 228,
  SCALE_DOF: 232,
  SCALE_BUF: 236,
  MIX_SHIFT: 240,
  MIX_FRACTION: 244,
  MIX_BUF: 248,
  POLAR: 252,
  BYTES: 256,
} as const;

/** Activation family codes of assembly/forward.ts. */
export const ACTIVATION_CODE = { relu: 0, erf: 1, exp: 2, tanh: 3, linear: 4, cos: 5 } as const;

/** Vector-math routine codes of assembly/index.ts `vmath`. */
export const VMATH_CODE = { exp: 0, log: 1, erf: 2, tanh: 3, cos: 4, tanQuarter: 5, expm1: 6 } as const;

/**
 * Streams of the counter-based generator: hidden-layer normals, output-layer normals, hidden-layer
 * uniforms. Variate i of hidden unit j (slot i: weight i < d_in, bias i = d_in) is number
 * j (d_in + 1) + i of its stream.
 */
export const STREAM_HIDDEN = 0;
export const STREAM_OUTPUT = 1;
export const STREAM_HIDDEN_UNIFORM = 2;
/** The normals of a shared scale: s^2 = (1/nu) sum of the squares of normals 0 .. nu - 1 (assembly/scale.ts). */
export const STREAM_SCALE = 3;
/** A bias mixture's component choice: uniform j picks unit j's component (assembly/hidden.ts). */
export const STREAM_MIXTURE = 4;
/** Relu units in polar form: variate j is unit j's direction and Laplace amplitude (assembly/polar.ts). */
export const STREAM_POLAR = 5;

/** Normals of a shared scale's draw generated together (assembly/layout.ts SCALE_CHUNK). */
export const SCALE_CHUNK = 256;

/** Density codes of assembly/hidden.ts (hidden weights and biases). */
export const DENSITY_CODE = { normal: 0, uniform: 1, ball: 2 } as const;

/** Radial samplers of assembly/hidden.ts. */
export const RADIAL_CODE = { flat: 0, tan: 1, log: 2, table: 3 } as const;

/** Weight sources of assembly/weights.ts (bits). */
export const WEIGHT_SOURCE = { density: 1, deform: 2, mixture: 4 } as const;

/** Where the hidden units' sampling config points: unit slots, d_in and the scratch buffers it uses. */
export interface HiddenSamplingSlots {
  readonly slots: number;
  readonly dIn: number;
  readonly nbuf: number;
  readonly ubuf: number;
  /** Start of the radial table (read only when `hidden.radial.table` is given). */
  readonly table: number;
}

/**
 * Writes a network's shape, seed and scalar hyperparameters (CFG.ACT .. CFG.W1_SCALE, CFG.SB1) into the
 * config block at `cfgPtr`: the part every kernel reads. `dOut` is the number of outputs the kernel runs.
 */
export function writeNetworkScalars(mem: ArrayBuffer, cfgPtr: number, cfg: KernelConfig, dOut: number): void {
  const i32 = new Int32Array(mem, cfgPtr, CFG.BYTES / 4);
  const u32 = new Uint32Array(mem, cfgPtr, CFG.BYTES / 4);
  const f32 = new Float32Array(mem, cfgPtr, CFG.BYTES / 4);
  i32[CFG.ACT / 4] = ACTIVATION_CODE[cfg.activation];
  i32[CFG.DIN / 4] = cfg.dIn;
  i32[CFG.WIDTH / 4] = cfg.width;
  i32[CFG.POINTS / 4] = cfg.points;
  i32[CFG.DOUT / 4] = dOut;
  i32[CFG.NMAX / 4] = cfg.nMax;
  u32[CFG.SEED_LO / 4] = cfg.seedLo;
  u32[CFG.SEED_HI / 4] = cfg.seedHi;
  f32[CFG.SB / 4] = cfg.sb0;
  f32[CFG.SB1 / 4] = cfg.sb1;
  f32[CFG.MB / 4] = cfg.mb1;
  f32[CFG.MW / 4] = cfg.mw1;
  f32[CFG.W1_SCALE / 4] = cfg.sw1;
}

/**
 * Writes the hidden units' densities (weight and bias kinds, radial sampler, amplitude) and their
 * scratch pointers into the config block at `cfgPtr`: the part the sampling kernel and the Metropolis
 * kernel share (assembly/hidden.ts reads it).
 */
export function writeHiddenSampling(mem: ArrayBuffer, cfgPtr: number, hidden: HiddenSampling | undefined, at: HiddenSamplingSlots): void {
  const i32 = new Int32Array(mem, cfgPtr, CFG.BYTES / 4);
  const u32 = new Uint32Array(mem, cfgPtr, CFG.BYTES / 4);
  const f32 = new Float32Array(mem, cfgPtr, CFG.BYTES / 4);
  i32[CFG.UNIT_SLOTS / 4] = at.slots;
  i32[CFG.W0_KIND / 4] = DENSITY_CODE[hidden?.weight ?? 'normal'];
  i32[CFG.B0_KIND / 4] = DENSITY_CODE[hidden?.bias ?? 'normal'];
  f32[CFG.INV_DIN / 4] = 1 / at.dIn;
  u32[CFG.NBUF / 4] = at.nbuf;
  u32[CFG.UBUF / 4] = at.ubuf;
  const radial = hidden?.radial;
  i32[CFG.RADIAL_KIND / 4] = radial ? RADIAL_CODE[radial.kind] : 0;
  f32[CFG.RADIAL_PARAM / 4] = radial?.param ?? 0;
  f32[CFG.RADIAL_MASS / 4] = radial?.mass ?? 0;
  u32[CFG.RADIAL_TABLE / 4] = at.table;
  i32[CFG.RADIAL_NODES / 4] = radial?.table?.length ?? 0;
  if (radial?.table) new Float32Array(mem, at.table, radial.table.length).set(radial.table);
  const amp = hidden?.amplitude;
  f32[CFG.AMP_SCALE / 4] = amp?.scale ?? 1;
  f32[CFG.AMP_MASS2 / 4] = amp?.mass === undefined ? -1 : amp.mass * amp.mass;
}
