// The exports of train.wasm: forward pass, gradients and Adam step of a one-hidden-layer ReLU network
// without biases under a mean-squared-error loss. The host owns all policy (data order, learning-rate
// schedule, initialisation, where buffers live); these functions take the network block (layout.ts),
// flat buffers and sizes.

import { adamStep } from './adam';
import { hiddenError, inputGradient, outputError, outputGradient } from './backward';
import { hiddenLayer, outputLayer, setRows } from './forward';
import {
  NET_BETA1, NET_BETA2, NET_DIN, NET_EPS, NET_G0, NET_G1, NET_HID, NET_M0, NET_M1, NET_OUT, NET_V0, NET_V1, NET_W0, NET_W1,
} from './layout';

/** Start of memory the host may use (after the module's static data), 16-byte aligned. */
export function heapBase(): usize {
  return (__heap_base + 15) & ~(<usize>15);
}

/** Outputs f = W1 relu(W0 x) of rows idx[0..n) of x (DIN f32 each) into the net's F buffer. */
export function forward(net: usize, x: usize, idx: usize, n: i32): void {
  setRows(net, x, idx, n);
  hiddenLayer(net, n);
  outputLayer(net, n);
}

/**
 * Forward and backward pass over rows idx[0..n) of x with labels `labels`: the gradients of the mean
 * squared error go to G0 and G1; returns the summed squared error (divide by n OUT for the loss).
 */
export function gradients(net: usize, x: usize, labels: usize, idx: usize, n: i32): f64 {
  forward(net, x, idx, n);
  const loss = outputError(net, labels, idx, n);
  outputGradient(net, n);
  hiddenError(net, n);
  inputGradient(net, n);
  return loss;
}

/** One training step: gradients of the batch, then Adam on W0 and W1. Returns the summed squared error. */
export function trainBatch(net: usize, x: usize, labels: usize, idx: usize, n: i32, stepSize: f32, bc2sqrt: f32): f64 {
  const loss = gradients(net, x, labels, idx, n);
  const beta1 = load<f32>(net, NET_BETA1);
  const beta2 = load<f32>(net, NET_BETA2);
  const eps = load<f32>(net, NET_EPS);
  const hid = load<i32>(net, NET_HID);
  adamStep(load<usize>(net, NET_W0), load<usize>(net, NET_G0), load<usize>(net, NET_M0), load<usize>(net, NET_V0),
    hid * load<i32>(net, NET_DIN), beta1, beta2, stepSize, bc2sqrt, eps);
  adamStep(load<usize>(net, NET_W1), load<usize>(net, NET_G1), load<usize>(net, NET_M1), load<usize>(net, NET_V1),
    hid * load<i32>(net, NET_OUT), beta1, beta2, stepSize, bc2sqrt, eps);
  return loss;
}
