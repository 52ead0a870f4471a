import { NnftInputError } from '../errors.js';
import { CosNeuronMoments, cosNetAmplitude, cutoffPropagator, type CosNetUnit, type CosNetVariant } from '../theory/cos-net.js';
import { ball, defineArchitecture, normal, uniform, type NetworkShape } from './define.js';

/** Largest |b . x + c| for which the kernels' cos reduces its argument exactly (assembly/vmath.ts). */
const MAX_PHASE = 8192;

const unitOf = (s: NetworkShape): CosNetUnit => ({
  dIn: s.dIn,
  mass: s.hyper!.m as number,
  cutoff: s.hyper!.lambda as number,
  sigmaA: s.sw,
  variant: s.hyper!.variant as CosNetVariant,
});

/**
 * Cos-net (arXiv 2307.03223; spec actions-symmetry F3): cosine units whose 2-point function is the
 * free scalar propagator of mass m with a hard momentum cutoff Lambda, at every width N:
 *
 *     f(x) = b1 + sum_j W1_j h_j(x),   h_j(x) = C cos(b_j . x + c_j) / sqrt(|b_j|^2 + m^2),
 *     W1 ~ N(mw, sw^2/N),  b1 ~ N(mb, sb^2),  b_j uniform in the ball |b| < Lambda of R^d,
 *     c_j uniform on (-pi, pi),  C = sqrt(2 vol(B_Lambda) / (sw^2 (2 pi)^d)),
 *
 * i.e. the paper's phi = C N^(-1/2) sum_j a_j cos(b_j . x + c_j) / sqrt(b_j^2 + m^2) with
 * a_j = sqrt(N) W1_j ~ N(0, sigma_a^2): sigma_a is `sw`. Then
 * K(x, y) = sb^2 + (2 pi)^-d int_{|p| < Lambda} d^d p e^{ip.(x-y)} / (p^2 + m^2), and the connected
 * correlators of order n are N^(1 - n/2) times one unit's cumulants (spec F1).
 * Hyperparameters (`hyper`): `m` (mass >= 0; > 0 for d_in = 1, 2), `lambda` (cutoff > 0) and
 * `variant`: `uniform` (the paper's, default) or `propagator` (arXiv 2604.27050, alpha = 0: b_j from
 * the density 1/(Z_b (|b|^2 + m^2)) in the ball and a constant amplitude C' = sqrt(2 Z_b / (sw^2 (2 pi)^d)),
 * the same 2-point function with a smaller variance at finite N). d_in = 1, 2, 3; sb = 0 by default.
 */
export const cosNet = defineArchitecture({
  name: 'cos-net',
  summary: 'cosine units with the cutoff free propagator as 2-point function (hyper m, lambda, variant; sigma_a = sw)',
  activation: 'cos',
  phi: Math.cos,
  defaults: { sw: 1, sb: 0, mw: 0, mb: 0 },
  hyper: {
    m: { kind: 'real', default: 1, min: 0, summary: 'mass of the propagator' },
    lambda: { kind: 'real', default: 10, min: 0, minExclusive: true, summary: 'momentum cutoff: the radius of the ball of hidden weights' },
    variant: {
      kind: 'choice', default: 'uniform', values: ['uniform', 'propagator'],
      summary: 'uniform: b uniform in the ball with amplitude 1/sqrt(b^2 + m^2); propagator: b from 1/(b^2 + m^2), constant amplitude',
    },
  },
  layers: (s) => {
    const u = unitOf(s);
    return [
      { weight: ball(u.cutoff, u.variant === 'propagator' ? { kind: 'propagator', mass: u.mass } : { kind: 'flat' }), bias: uniform(-Math.PI, Math.PI) },
      { weight: normal(s.mw, s.sw / Math.sqrt(s.width)), bias: normal(s.mb, s.sb) },
    ];
  },
  unitAmplitude: (s) => {
    const u = unitOf(s);
    const scale = cosNetAmplitude(u);
    return u.variant === 'uniform' ? { scale, mass: u.mass } : { scale };
  },
  kernel: (x, y, s) => {
    let r2 = 0;
    for (let i = 0; i < x.length; i++) r2 += (x[i] - y[i]) ** 2;
    const u = unitOf(s);
    return s.sb * s.sb + cutoffPropagator(u.dIn, u.mass, u.cutoff, Math.sqrt(r2));
  },
  neurons: (s) => new CosNeuronMoments(unitOf(s)),
  bandLimit: (s) => s.hyper!.lambda as number,
  check: (s, points) => {
    if (s.dIn < 1 || s.dIn > 3) throw new NnftInputError('dIn', s.dIn, 'must be 1, 2 or 3 for cos-net');
    const { m, lambda } = s.hyper as { m: number; lambda: number };
    if (m === 0 && s.dIn < 3) throw new NnftInputError('hyper.m', m, 'must be > 0 for d_in = 1, 2: the propagator diverges at p = 0');
    if (!(s.sw > 0)) throw new NnftInputError('sw', s.sw, 'must be > 0 for cos-net: sw is sigma_a, and the amplitude C is proportional to 1/sigma_a');
    let far = 0;
    for (const x of points) far = Math.max(far, Math.hypot(...x));
    if (lambda * far + Math.PI > MAX_PHASE) {
      throw new NnftInputError(
        'hyper.lambda', lambda,
        `times the largest |x| (${far}) must stay below ${MAX_PHASE - Math.PI}: the f32 phases b . x + c lose their precision beyond`,
      );
    }
  },
});
