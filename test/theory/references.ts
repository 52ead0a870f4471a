// Reference values and tolerances of the theory tests, with their provenance. Values marked
// "spec" are copied from the project specification, spec/nn-qft.md (printed to 5-6 decimals); the others were
// computed independently of src/theory (Python: mpmath 1.3 at 30 digits, numpy 2.4, scipy 1.17).

/** Half a unit in the last printed place of the spec's 6-decimal kernel table (B.3). */
export const B3_PRINT_TOL = 5e-7 + 1e-12;
/** Half a unit in the last printed place of the spec's 5-decimal cumulant tables (D.5). */
export const D5_PRINT_TOL = 5e-6 + 1e-12;
/** Closed-form kernels against independently evaluated closed forms (spec H: 1e-9). */
export const CLOSED_FORM_TOL = 1e-9;

/** A row of spec table B.3: arch, x, x', sw, sb, printed formula value, high-precision value. */
export interface KernelRow {
  arch: 'relu' | 'erf' | 'gauss' | 'linear' | 'tanh';
  x: number[];
  y: number[];
  sw: number;
  sb: number;
  printed: number;
  /** numpy float64 evaluation of the B.1 closed form; tanh: composite Gauss-Legendre, 200 x 20 nodes per axis on [-10, 10]. */
  precise: number;
}

export const B3_ROWS: KernelRow[] = [
  { arch: 'relu', x: [0.2], y: [1.0], sw: 1, sb: 1, printed: 1.615024, precise: 1.615023729386917 },
  { arch: 'relu', x: [-1.0], y: [0.6], sw: 1, sb: 1, printed: 1.370244, precise: 1.3702437350225063 },
  { arch: 'relu', x: [0.2], y: [1.0], sw: 1, sb: 0, printed: 0.1, precise: 0.1 },
  { arch: 'relu', x: [0.5, 1], y: [1, 0.5], sw: 1, sb: 0, printed: 0.258475, precise: 0.2584749124846774 },
  { arch: 'relu', x: [0.5, 1], y: [1, 0.5], sw: 1, sb: 1, printed: 1.755222, precise: 1.7552224021489329 },
  { arch: 'erf', x: [-1.0], y: [1.0], sw: 1, sb: 1, printed: 1.0, precise: 1.0 },
  { arch: 'erf', x: [0.2], y: [0.6], sw: 1, sb: 1, printed: 1.460381, precise: 1.4603813089276132 },
  { arch: 'erf', x: [1.0], y: [1.0], sw: 1, sb: 1, printed: 1.590334, precise: 1.590334470601733 },
  { arch: 'erf', x: [-1, -1], y: [1, 1], sw: 1, sb: 1, printed: 1.0, precise: 1.0 },
  { arch: 'erf', x: [0.3], y: [-0.7], sw: 2, sb: 0.5, printed: -0.633898, precise: -0.6338978939724703 },
  { arch: 'gauss', x: [0.2], y: [1.0], sw: 1, sb: 1, printed: 1.726149, precise: 1.7261490370736907 },
  { arch: 'gauss', x: [-1, -1], y: [1, -1], sw: 1, sb: 1, printed: 1.367879, precise: 1.3678794411714423 },
  { arch: 'gauss', x: [0.5], y: [-0.5], sw: 1.5, sb: 0.5, printed: 0.980468, precise: 0.9804680515562869 },
  { arch: 'linear', x: [0.2], y: [1.0], sw: 1, sb: 1, printed: 2.2, precise: 2.2 },
  { arch: 'linear', x: [-1, 0.5], y: [0.6, 2], sw: 1, sb: 1, printed: 2.2, precise: 2.2 },
  { arch: 'tanh', x: [0.2], y: [1.0], sw: 1, sb: 1, printed: 1.366056, precise: 1.3660562937095455 },
  { arch: 'tanh', x: [-1.0], y: [0.6], sw: 1, sb: 1, printed: 1.106035, precise: 1.1060354047003422 },
  { arch: 'tanh', x: [1, -1, 1], y: [1, 1, -1], sw: 1, sb: 1, printed: 1.155207, precise: 1.1552074260670704 },
];

/** mpmath erf / erfc at 30 digits. */
export const ERF_TABLE: [number, number, number][] = [
  [0.01, 0.011283415555849617151, 0.98871658444415038285],
  [0.3, 0.32862675945912741619, 0.67137324054087258381],
  [0.5, 0.52049987781304653768, 0.47950012218695346232],
  [1, 0.84270079294971486934, 0.15729920705028513066],
  [1.5, 0.96610514647531072707, 0.033894853524689272933],
  [1.99, 0.99511141319961699705, 0.0048885868003830029527],
  [2, 0.99532226501895273416, 0.0046777349810472658379],
  [2.5, 0.99959304798255504106, 0.00040695201744495893956],
  [2.99, 0.9999764743969193598, 0.0000235256030806401953],
  [3, 0.99997790950300141456, 0.000022090496998585441373],
  [3.5, 0.99999925690162765859, 7.4309837234141274552e-7],
  [4.5, 0.99999999980338395585, 1.9661604415428874763e-10],
  [5.9, 0.9999999999999999281, 7.1904097835504777249e-17],
];

/** numpy.polynomial.hermite_e.hermegauss(n), weights / sqrt(2 pi): [n, last node, last weight, node n/2, weight n/2]. */
export const HERMEGAUSS: [number, number, number, number, number][] = [
  [5, 2.8569700138728056, 0.011257411327720677, 0.0, 0.5333333333333335],
  [20, 7.619048541679758, 1.2578006724379264e-13, 0.3469641570813559, 0.2607930634495548],
  [100, 18.959636217387704, 3.3332703483438545e-79, 0.15668902543477314, 0.1234969415286107],
  [120, 20.897349687416614, 5.4775701564223525e-96, 0.14309602148545816, 0.11301272874300478],
  [200, 27.349827752266123, 1.2576313313555368e-163, 0.1109336043783837, 0.08796970496605235],
];

/**
 * relu neuron moments with means (sw = sb = 1, mw = 0.3, mb = 0.2, d = 1) at the points
 * xs = (-1, 0.2, 0.6, 1.2): mpmath quad over W with the b-integral done exactly (truncated normal
 * moments), split at the kink W = 0.
 */
export const RELU_MEANS_POINTS = [[-1], [0.2], [0.6], [1.2]];
export const RELU_MEANS_MOMENTS: [number[], number][] = [
  [[0, 1], 0.54514098518384533],
  [[0, 1, 2, 3], 1.8668386762888551],
  [[0, 0, 1, 1, 2, 2, 3, 3], 88.582686529072585],
  [[1, 2, 3], 2.2490992407169971],
];
/** K(-1, 0.6) for relu, sw = sb = 1, mw = 0.3, mb = 0.2 (same mpmath computation). */
export const RELU_MEANS_KERNEL = 1.476255841217704;

/**
 * relu neuron moments at xset5A (d = 3, sw = 1, sb = 0, rank 3): scipy.quad over the polar angle
 * (epsrel 1e-13) of a piecewise 40-point Gauss-Legendre azimuthal integral, times the chi_3 moment
 * 2^{m/2} Gamma((3+m)/2)/Gamma(3/2).
 */
export const XSET5A = [
  [0.2, 0.2, 0.2],
  [1, 1, 0.2],
  [0.2, 1, 1],
  [1, 0.2, 1],
];
export const RELU_RANK3_MOMENTS: [number[], number][] = [
  [[0, 1, 2], 0.08137069134655285],
  [[0, 1, 2, 3], 0.10383010069422273],
  [[0, 0, 1, 1, 2, 2, 3, 3], 0.2925534401905834],
  [[1, 2, 3, 3], 0.380710369212156],
];

/**
 * erf 4-point neuron moments (sw = sb = 1, zero means) by Price's theorem: with y = z + eps/sqrt(2),
 * E[prod erf z_r] = E[prod sign y_r] = int_0^1 sum_{r<s} rho_rs 4 phi_2(0, 0; t rho_rs)
 * (2/pi) asin(rho_{ab|rs}(t)) dt, mpmath quad at 20 digits (an integration method independent of
 * src/theory). Keys: point set, [moment(0,1,2,3), moment(0,0,1,1)].
 */
export const ERF_PRICE: Record<string, { points: number[][]; rank: number; m0123: number; m0011: number }> = {
  xR: { points: [[-1], [0.2], [0.6], [1.2]], rank: 2, m0123: 0.11107881057067673, m0011: 0.30162710023363683 },
  xset3: { points: [[-1, -1], [-1, 1], [1, -1], [1, 1]], rank: 3, m0123: 0.16800284749114444, m0011: 0.36507968395866035 },
  xset5: { points: [[-1, -1, -1], [1, 1, -1], [-1, 1, 1], [1, -1, 1]], rank: 4, m0123: 0.06568095982846156, m0011: 0.35529178265635358 },
  general: { points: [[0.3, -0.5, 1.2], [1.1, 0.2, -0.4], [-0.7, 0.9, 0.1], [0.5, 0.5, 0.5]], rank: 4, m0123: 0.19059149312080007, m0011: 0.32329832909589969 },
};

/** E[erf(z)^8], z ~ N(0, 2.44) (the point x = 1.2, sw = sb = 1): mpmath quad, 30 digits. */
export const ERF8_AT_1_2 = 0.432475821018025214645719310326;

/** B.2/B.3 kernels with means, composite Gauss-Legendre 4000^2 nodes (smooth integrands). */
export const KERNEL_WITH_MEANS = {
  erf: { x: [-0.6], y: [0.2], params: { sw: 1, sb: 1, mw: 0.3, mb: 0.2 }, value: 1.341928010419488 },
  tanh: { x: [0.3, 0.1], y: [-0.5, 0.9], params: { sw: 2, sb: 0.5, mw: -0.4, mb: 0.3 }, value: 0.44823593729129285 },
};
