// Adam (Kingma and Ba 2015) in PyTorch's form (torch.optim.Adam, no weight decay, no amsgrad):
//   m = beta1 m + (1 - beta1) g,   v = beta2 v + (1 - beta2) g^2,
//   p = p - stepSize m / (sqrt(v) / bc2sqrt + eps),  stepSize = lr / (1 - beta1^t),  bc2sqrt = sqrt(1 - beta2^t).
// The host computes stepSize and bc2sqrt in f64 for step t (and the learning-rate schedule).

/** One Adam step on `count` parameters (a multiple of 4) at p with gradient g and moments m, v. */
export function adamStep(p: usize, g: usize, m: usize, v: usize, count: i32, beta1: f32, beta2: f32, stepSize: f32, bc2sqrt: f32, eps: f32): void {
  const b1 = f32x4.splat(beta1);
  const c1 = f32x4.splat(<f32>1 - beta1);
  const b2 = f32x4.splat(beta2);
  const c2 = f32x4.splat(<f32>1 - beta2);
  const step = f32x4.splat(stepSize);
  const bc = f32x4.splat(bc2sqrt);
  const e = f32x4.splat(eps);
  const end = <usize>count << 2;
  for (let i: usize = 0; i < end; i += 16) {
    const gi = v128.load(g + i);
    const mi = f32x4.add(f32x4.mul(b1, v128.load(m + i)), f32x4.mul(c1, gi));
    const vi = f32x4.add(f32x4.mul(b2, v128.load(v + i)), f32x4.mul(c2, f32x4.mul(gi, gi)));
    v128.store(m + i, mi);
    v128.store(v + i, vi);
    const denom = f32x4.add(f32x4.div(f32x4.sqrt(vi), bc), e);
    v128.store(p + i, f32x4.sub(v128.load(p + i), f32x4.div(f32x4.mul(step, mi), denom)));
  }
}
