// Forward pass of the 784 -> 50 -> 10 network without biases, f = W1 relu(W0 x), for a batch of
// rows given by index. The first layer is the hot loop: a 4-sample x 2-unit tile keeps eight f32x4
// accumulators in registers while one pass over the inputs reads each weight and input vector once;
// the lanes are reduced once per tile.

import { NET_DIN, NET_F, NET_H, NET_HID, NET_OUT, NET_ROWS, NET_W0, NET_W1 } from './layout';

/** [sum a, sum b, sum c, sum d]: the lanes of four accumulators reduced into one vector. */
@inline export function reduce4(a: v128, b: v128, c: v128, d: v128): v128 {
  const ab = f32x4.add(i32x4.shuffle(a, b, 0, 4, 2, 6), i32x4.shuffle(a, b, 1, 5, 3, 7));
  const cd = f32x4.add(i32x4.shuffle(c, d, 0, 4, 2, 6), i32x4.shuffle(c, d, 1, 5, 3, 7));
  return f32x4.add(i32x4.shuffle(ab, cd, 0, 1, 4, 5), i32x4.shuffle(ab, cd, 2, 3, 6, 7));
}

/** Sum of the four lanes. */
@inline export function lanesSum(v: v128): f32 {
  const s = f32x4.add(v, i32x4.shuffle(v, v, 2, 3, 0, 1));
  return f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1);
}

/**
 * Writes the row pointers of samples idx[0..n) (rows of `x`, DIN f32 each) to the net's row table,
 * repeating the last one up to a multiple of 4 so that tiles never need a tail.
 */
export function setRows(net: usize, x: usize, idx: usize, n: i32): void {
  const rows = load<usize>(net, NET_ROWS);
  const stride = <usize>load<i32>(net, NET_DIN) << 2;
  const padded = (n + 3) & ~3;
  for (let b = 0; b < padded; b++) {
    const i = load<i32>(idx + (<usize>min(b, n - 1) << 2));
    store<usize>(rows + (<usize>b << 2), x + <usize>i * stride);
  }
}

/** h = relu(W0 x) for the rows of the row table, ROWS x HID (rows up to the next multiple of 4). */
export function hiddenLayer(net: usize, n: i32): void {
  const bytes = <usize>load<i32>(net, NET_DIN) << 2;
  const hid = load<i32>(net, NET_HID);
  const w0 = load<usize>(net, NET_W0);
  const hbuf = load<usize>(net, NET_H);
  const rows = load<usize>(net, NET_ROWS);
  const zero = f32x4.splat(0);
  for (let b = 0; b < n; b += 4) {
    const rp = rows + (<usize>b << 2);
    const r0 = load<usize>(rp);
    const r1 = load<usize>(rp, 4);
    const r2 = load<usize>(rp, 8);
    const r3 = load<usize>(rp, 12);
    const hrow = hbuf + <usize>b * (<usize>hid << 2);
    for (let j = 0; j < hid; j += 2) {
      const wa = w0 + <usize>j * bytes;
      const wb = wa + bytes;
      let a0 = zero, a1 = zero, a2 = zero, a3 = zero;
      let c0 = zero, c1 = zero, c2 = zero, c3 = zero;
      for (let i: usize = 0; i < bytes; i += 16) {
        const u = v128.load(wa + i);
        const w = v128.load(wb + i);
        const x0 = v128.load(r0 + i);
        const x1 = v128.load(r1 + i);
        const x2 = v128.load(r2 + i);
        const x3 = v128.load(r3 + i);
        a0 = f32x4.add(a0, f32x4.mul(x0, u));
        c0 = f32x4.add(c0, f32x4.mul(x0, w));
        a1 = f32x4.add(a1, f32x4.mul(x1, u));
        c1 = f32x4.add(c1, f32x4.mul(x1, w));
        a2 = f32x4.add(a2, f32x4.mul(x2, u));
        c2 = f32x4.add(c2, f32x4.mul(x2, w));
        a3 = f32x4.add(a3, f32x4.mul(x3, u));
        c3 = f32x4.add(c3, f32x4.mul(x3, w));
      }
      // lane s of za / zc: unit j / j + 1 at sample b + s
      const za = f32x4.pmax(zero, reduce4(a0, a1, a2, a3));
      const zc = f32x4.pmax(zero, reduce4(c0, c1, c2, c3));
      const hp = hrow + (<usize>j << 2);
      const stride = <usize>hid << 2;
      store<f32>(hp, f32x4.extract_lane(za, 0));
      store<f32>(hp + stride, f32x4.extract_lane(za, 1));
      store<f32>(hp + 2 * stride, f32x4.extract_lane(za, 2));
      store<f32>(hp + 3 * stride, f32x4.extract_lane(za, 3));
      store<f32>(hp, f32x4.extract_lane(zc, 0), 4);
      store<f32>(hp + stride, f32x4.extract_lane(zc, 1), 4);
      store<f32>(hp + 2 * stride, f32x4.extract_lane(zc, 2), 4);
      store<f32>(hp + 3 * stride, f32x4.extract_lane(zc, 3), 4);
    }
  }
}

/** f = W1 h for samples 0..n, ROWS x OUT. */
export function outputLayer(net: usize, n: i32): void {
  const hid = load<i32>(net, NET_HID);
  const out = load<i32>(net, NET_OUT);
  const w1 = load<usize>(net, NET_W1);
  const hbuf = load<usize>(net, NET_H);
  const fbuf = load<usize>(net, NET_F);
  const hbytes = <usize>hid << 2;
  for (let b = 0; b < n; b++) {
    const h = hbuf + <usize>b * hbytes;
    for (let o = 0; o < out; o++) {
      const w = w1 + <usize>o * hbytes;
      let acc = f32x4.splat(0);
      for (let j: usize = 0; j < hbytes; j += 16) acc = f32x4.add(acc, f32x4.mul(v128.load(h + j), v128.load(w + j)));
      store<f32>(fbuf + ((<usize>(b * out + o)) << 2), lanesSum(acc));
    }
  }
}
