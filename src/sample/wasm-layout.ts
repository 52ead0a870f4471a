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
  BYTES: 160,
} as const;

/** Activation family codes of assembly/forward.ts. */
export const ACTIVATION_CODE = { relu: 0, erf: 1, exp: 2, tanh: 3, linear: 4 } as const;

/** Vector-math routine codes of assembly/index.ts `vmath`. */
export const VMATH_CODE = { exp: 0, log: 1, erf: 2, tanh: 3 } as const;

/** Streams of the counter-based generator: hidden-layer parameters and output-layer parameters. */
export const STREAM_HIDDEN = 0;
export const STREAM_OUTPUT = 1;
