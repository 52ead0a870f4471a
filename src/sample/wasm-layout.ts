// Byte offsets of the configuration block read by the WASM kernels: mirrors assembly/layout.ts.

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
  BYTES: 252,
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

/** Normals of a shared scale's draw generated together (assembly/layout.ts SCALE_CHUNK). */
export const SCALE_CHUNK = 256;

/** Density codes of assembly/hidden.ts (hidden weights and biases). */
export const DENSITY_CODE = { normal: 0, uniform: 1, ball: 2 } as const;

/** Radial samplers of assembly/hidden.ts. */
export const RADIAL_CODE = { flat: 0, tan: 1, log: 2, table: 3 } as const;

/** Weight sources of assembly/weights.ts (bits). */
export const WEIGHT_SOURCE = { density: 1, deform: 2, mixture: 4 } as const;
