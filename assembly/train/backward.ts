// Backward pass of the mean-squared-error loss L = sum_(b,o) (f_bo - t_bo)^2 / (n OUT) through
// f = W1 relu(W0 x), after forward.ts has filled h and f for the same rows:
//   dL/df = 2 (f - t) / (n OUT),  dL/dW1 = (dL/df)^T h,  dL/dz = (dL/df W1) * [h > 0],  dL/dW0 = (dL/dz)^T x.
// Targets come from labels: t_bo = T_ON if o is the label of sample b, else T_OFF (one-hot: 1, 0;
// one-cold: 0, 1). The W0 gradient, the second hot loop, runs over 4-unit x 8-input tiles with the
// sum over the batch in registers; dL/dz is stored transposed so each factor is one splat load.

import {
  NET_DIN, NET_DZT, NET_F, NET_G0, NET_G1, NET_H, NET_HID, NET_MAX_ROWS, NET_OUT, NET_ROWS, NET_T_OFF, NET_T_ON, NET_W1,
} from './layout';

/**
 * Turns f into dL/df for samples idx[0..n) with labels `labels` (i32 per sample of the data set) and
 * returns the summed squared error sum_(b,o) (f_bo - t_bo)^2.
 */
export function outputError(net: usize, labels: usize, idx: usize, n: i32): f64 {
  const out = load<i32>(net, NET_OUT);
  const fbuf = load<usize>(net, NET_F);
  const tOn = load<f32>(net, NET_T_ON);
  const tOff = load<f32>(net, NET_T_OFF);
  const scale = <f32>2 / <f32>(n * out);
  let loss: f64 = 0;
  for (let b = 0; b < n; b++) {
    const y = load<i32>(labels + (<usize>load<i32>(idx + (<usize>b << 2)) << 2));
    const row = fbuf + (<usize>(b * out) << 2);
    let rowLoss: f32 = 0;
    for (let o = 0; o < out; o++) {
      const e = load<f32>(row + (<usize>o << 2)) - (o == y ? tOn : tOff);
      rowLoss += e * e;
      store<f32>(row + (<usize>o << 2), scale * e);
    }
    loss += <f64>rowLoss;
  }
  return loss;
}

/** dL/dW1 = (dL/df)^T h, OUT x HID. */
export function outputGradient(net: usize, n: i32): void {
  const hid = load<i32>(net, NET_HID);
  const out = load<i32>(net, NET_OUT);
  const hbuf = load<usize>(net, NET_H);
  const fbuf = load<usize>(net, NET_F);
  const g1 = load<usize>(net, NET_G1);
  const hbytes = <usize>hid << 2;
  for (let o = 0; o < out; o++) {
    for (let j: usize = 0; j < hbytes; j += 16) {
      let acc = f32x4.splat(0);
      for (let b = 0; b < n; b++) {
        const d = v128.load32_splat(fbuf + (<usize>(b * out + o) << 2));
        acc = f32x4.add(acc, f32x4.mul(d, v128.load(hbuf + <usize>b * hbytes + j)));
      }
      v128.store(g1 + <usize>o * hbytes + j, acc);
    }
  }
}

/** dL/dz = (dL/df W1) * [h > 0], written over h (ROWS x HID) and transposed into DZT (HID x ROWS). */
export function hiddenError(net: usize, n: i32): void {
  const hid = load<i32>(net, NET_HID);
  const out = load<i32>(net, NET_OUT);
  const hbuf = load<usize>(net, NET_H);
  const fbuf = load<usize>(net, NET_F);
  const w1 = load<usize>(net, NET_W1);
  const dzt = load<usize>(net, NET_DZT);
  const maxRows = <usize>load<i32>(net, NET_MAX_ROWS);
  const hbytes = <usize>hid << 2;
  const zero = f32x4.splat(0);
  for (let b = 0; b < n; b++) {
    const h = hbuf + <usize>b * hbytes;
    const f = fbuf + (<usize>(b * out) << 2);
    for (let j: usize = 0; j < hbytes; j += 16) {
      let acc = zero;
      for (let o = 0; o < out; o++) {
        acc = f32x4.add(acc, f32x4.mul(v128.load32_splat(f + (<usize>o << 2)), v128.load(w1 + <usize>o * hbytes + j)));
      }
      const dz = v128.and(acc, f32x4.gt(v128.load(h + j), zero));
      v128.store(h + j, dz);
      const t = dzt + (j >> 2) * maxRows * 4 + (<usize>b << 2);
      store<f32>(t, f32x4.extract_lane(dz, 0));
      store<f32>(t + maxRows * 4, f32x4.extract_lane(dz, 1));
      store<f32>(t + maxRows * 8, f32x4.extract_lane(dz, 2));
      store<f32>(t + maxRows * 12, f32x4.extract_lane(dz, 3));
    }
  }
}

/** dL/dW0 = (dL/dz)^T x over the rows of the row table, HID x DIN. */
export function inputGradient(net: usize, n: i32): void {
  const bytes = <usize>load<i32>(net, NET_DIN) << 2;
  const hid = load<i32>(net, NET_HID);
  const rows = load<usize>(net, NET_ROWS);
  const dzt = load<usize>(net, NET_DZT);
  const g0 = load<usize>(net, NET_G0);
  const maxRows = <usize>load<i32>(net, NET_MAX_ROWS);
  const zero = f32x4.splat(0);
  const wide = bytes & ~(<usize>31); // inputs covered by 8-wide tiles
  for (let j = 0; j < hid; j += 4) {
    const d0 = dzt + <usize>j * maxRows * 4;
    const d1 = d0 + maxRows * 4;
    const d2 = d1 + maxRows * 4;
    const d3 = d2 + maxRows * 4;
    const g = g0 + <usize>j * bytes;
    let i: usize = 0;
    for (; i < wide; i += 32) {
      let a0 = zero, a1 = zero, a2 = zero, a3 = zero;
      let c0 = zero, c1 = zero, c2 = zero, c3 = zero;
      for (let b = 0; b < n; b++) {
        const r = load<usize>(rows + (<usize>b << 2)) + i;
        const xa = v128.load(r);
        const xc = v128.load(r, 16);
        const bo = <usize>b << 2;
        const s0 = v128.load32_splat(d0 + bo);
        const s1 = v128.load32_splat(d1 + bo);
        const s2 = v128.load32_splat(d2 + bo);
        const s3 = v128.load32_splat(d3 + bo);
        a0 = f32x4.add(a0, f32x4.mul(s0, xa));
        c0 = f32x4.add(c0, f32x4.mul(s0, xc));
        a1 = f32x4.add(a1, f32x4.mul(s1, xa));
        c1 = f32x4.add(c1, f32x4.mul(s1, xc));
        a2 = f32x4.add(a2, f32x4.mul(s2, xa));
        c2 = f32x4.add(c2, f32x4.mul(s2, xc));
        a3 = f32x4.add(a3, f32x4.mul(s3, xa));
        c3 = f32x4.add(c3, f32x4.mul(s3, xc));
      }
      const p = g + i;
      v128.store(p, a0);
      v128.store(p, c0, 16);
      v128.store(p + bytes, a1);
      v128.store(p + bytes, c1, 16);
      v128.store(p + 2 * bytes, a2);
      v128.store(p + 2 * bytes, c2, 16);
      v128.store(p + 3 * bytes, a3);
      v128.store(p + 3 * bytes, c3, 16);
    }
    for (; i < bytes; i += 16) {
      let a0 = zero, a1 = zero, a2 = zero, a3 = zero;
      for (let b = 0; b < n; b++) {
        const xa = v128.load(load<usize>(rows + (<usize>b << 2)) + i);
        const bo = <usize>b << 2;
        a0 = f32x4.add(a0, f32x4.mul(v128.load32_splat(d0 + bo), xa));
        a1 = f32x4.add(a1, f32x4.mul(v128.load32_splat(d1 + bo), xa));
        a2 = f32x4.add(a2, f32x4.mul(v128.load32_splat(d2 + bo), xa));
        a3 = f32x4.add(a3, f32x4.mul(v128.load32_splat(d3 + bo), xa));
      }
      const p = g + i;
      v128.store(p, a0);
      v128.store(p + bytes, a1);
      v128.store(p + 2 * bytes, a2);
      v128.store(p + 3 * bytes, a3);
    }
  }
}
