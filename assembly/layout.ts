// Byte offsets of the run configuration block that the host writes into linear memory before calling
// the kernels. Mirrored by src/sample/wasm-layout.ts: change both together.

export const CFG_ACT = 0; // i32: activation family (ACT_* in forward.ts)
export const CFG_DIN = 4; // i32: input dimension d_in
export const CFG_WIDTH = 8; // i32: hidden width N
export const CFG_POINTS = 12; // i32: number of points K
export const CFG_DOUT = 16; // i32: output dimension d_out
export const CFG_NMAX = 20; // i32: highest moment order accumulated
export const CFG_SEED_LO = 24; // u32: Philox key word 0
export const CFG_SEED_HI = 28; // u32: Philox key word 1
export const CFG_SB = 32; // f32: scale of the hidden biases b0 (sb of a normal density, the width of a uniform one)
export const CFG_MB = 36; // f32: mean of the output bias
export const CFG_MW = 40; // f32: mean of the output weights
export const CFG_W1_SCALE = 44; // f32: sigma_w / sqrt(N), the output weights' standard deviation
export const CFG_XS = 48; // ptr: K x d_in f32, points times the scale of the hidden weights (sigma_w / sqrt(d_in))
export const CFG_ZC = 52; // ptr: K f32, pre-activation offset per point (means, gauss-net normalisation)
export const CFG_BUF0 = 56; // ptr: hidden-unit parameters of one tile, TILE x CFG_UNIT_SLOTS f32x4
export const CFG_BUF1 = 60; // ptr: output-layer normals of one tile (the last with the output biases), (TILE + 1) d_out + 8 f32x4
export const CFG_GROUP_ACC = 64; // ptr: (K d_out + K) f32x4, per-group sums over hidden units
export const CFG_PHI32 = 68; // ptr: K d_out f32x4, field values of the current group of 4 networks
export const CFG_PHI64 = 72; // ptr: K d_out x BATCH f64, field values of the current batch
export const CFG_STACK = 76; // ptr: (nMax + 1) x BATCH f64, running products of the moment tree
export const CFG_ROOT = 80; // ptr: BATCH f64, per-network weight (the tree's root product)
export const CFG_OFFSETS = 84; // ptr: (nMax + 1) i32, offset of order n's block in the sums
export const CFG_POS = 88; // ptr: (nMax + 1) i32, scratch cursors
export const CFG_SB1 = 92; // f32: standard deviation of the output biases b1
export const CFG_ESTIMATOR = 96; // i32: 0 direct (sampled products), 1 conditional-Gaussian
export const CFG_ZERO_MEAN = 100; // i32: 1 if the output mean is identically 0 (mw = mb = 0)
export const CFG_HBUF = 104; // ptr: K x TILE f32x4, hidden activations of one tile (conditional)
export const CFG_MU = 108; // ptr: K x BATCH f64, conditional means of the batch
export const CFG_COV = 112; // ptr: K(K+1)/2 x BATCH f64, conditional covariances (point pairs, packed)
export const CFG_MROWS = 116; // ptr: rows x BATCH f64, conditional moments of orders < nMax (flat index)
export const CFG_TAB_PARENT = 120; // ptr: i32 per multiset, flat index of the multiset minus its last element (-1: none)
export const CFG_TAB_LAST = 124; // ptr: i32 per multiset, the point of its last component
export const CFG_TAB_START = 128; // ptr: i32 per multiset + 1, first Wick term
export const CFG_TAB_PAIR = 132; // ptr: i32 per term, packed point-pair index of the covariance
export const CFG_TAB_SRC = 136; // ptr: i32 per term, flat index of the multiset the term multiplies (-1: none)
export const CFG_TAB_MULT = 140; // ptr: f64 per term, multiplicity
export const CFG_SUMS = 144; // i32: number of sums (multisets of orders 1..nMax)
export const CFG_UNIT_SLOTS = 148; // i32: f32x4 slots per unit of a tile: d_in weights, bias (and the amplitude, cos family)
export const CFG_W0_KIND = 152; // i32: density of a hidden unit's weights (DENSITY_* in hidden.ts)
export const CFG_B0_KIND = 156; // i32: density of the hidden biases (DENSITY_*)
export const CFG_RADIAL_KIND = 160; // i32: radial sampler of a ball density (RADIAL_* in hidden.ts)
export const CFG_RADIAL_PARAM = 164; // f32: the radius R (flat, table), atan(R/m) (tan) or ln(1 + R^2/m^2) (log)
export const CFG_RADIAL_MASS = 168; // f32: m of the propagator profile 1/(r^2 + m^2)
export const CFG_RADIAL_TABLE = 172; // ptr: f32 radius at t = i/(nodes - 1), t = u^(1/d_in) (table sampler)
export const CFG_RADIAL_NODES = 176; // i32: nodes of the radial table
export const CFG_INV_DIN = 180; // f32: 1/d_in
export const CFG_AMP_SCALE = 184; // f32: unit amplitude A = scale / sqrt(|w|^2 + mass^2), or scale if mass^2 < 0
export const CFG_AMP_MASS2 = 188; // f32: mass^2 of the amplitude (negative: constant amplitude)
export const CFG_NBUF = 192; // ptr: normals of one tile for the general sampler, TILE (d_in + 1) f32x4
export const CFG_UBUF = 196; // ptr: uniforms of one tile, TILE (d_in + 1) f32x4
export const CFG_WEIGHTS = 200; // i32: weight sources that are on (WEIGHT_* in weights.ts); 0: unit weights
export const CFG_LOGW = 204; // ptr: BATCH f64, log-weights of the batch's networks
export const CFG_WCOEF = 208; // ptr: 9 f64, (alpha, beta) of four parameter groups and a constant (weights.ts)
export const CFG_GRID = 212; // i32: grid nodes of a deformation, evaluated after the K points and not accumulated (weights.ts)
export const CFG_DEFORM = 216; // ptr: (1 + grid) f64, the deformation's coefficient c of V, then the quadrature weights q_g
export const CFG_DEFORM_POWER = 220; // i32: the power p of the deformation's integrand phi^p
export const CFG_DEFORM_V = 224; // ptr: BATCH f64, V = sum_g q_g phi_g^p of the batch's networks
export const CFG_RESPONSE = 228; // i32: flat offset of the V-weighted sums (linear response), 0: none
export const CFG_SCALE_DOF = 232; // i32: degrees of freedom nu of a shared scale s^2 = chi^2_nu / nu (scale.ts); 0: none
export const CFG_SCALE_BUF = 236; // ptr: SCALE_CHUNK f32x4, normals of the shared scale's draw
export const CFG_MIX_SHIFT = 240; // f32: shift s of the hidden biases' second mixture component, in units of sb (hidden.ts)
export const CFG_MIX_FRACTION = 244; // f32: its weight a in (0, 1); 0: no bias mixture
export const CFG_MIX_BUF = 248; // ptr: TILE + 4 f32x4, the mixture's uniforms, then each unit's log-weight term (weights.ts)
export const CFG_POLAR = 252; // i32: 1 if relu units are drawn in polar form (polar.ts)
export const CFG_BYTES = 256;

/** Networks per f32x4 group. */
export const LANES = 4;
/** Hidden units whose normals are generated together (a multiple of 4, so tiles start on blocks). */
export const TILE = 64;
/** Networks per moment-accumulation batch (a multiple of LANES). */
export const BATCH = 128;
/** Normals of a shared scale's draw generated together (a multiple of 8: whole pairs of Philox blocks). */
export const SCALE_CHUNK = 256;
