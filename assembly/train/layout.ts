// Byte offsets of the network block that the host writes into linear memory before calling the
// training kernels. Mirrored by src/train/wasm-layout.ts: change both together.
//
// Shapes (row-major f32): W0 is HID x DIN, W1 is OUT x HID. DIN and HID are multiples of 4; the host
// pads the true sizes with zeros, which stay zero under training (their gradients vanish).

export const NET_DIN = 0; // i32: input dimension, padded to a multiple of 4
export const NET_HID = 4; // i32: hidden width, padded to a multiple of 4
export const NET_OUT = 8; // i32: outputs
export const NET_W0 = 12; // ptr: HID x DIN first-layer weights
export const NET_W1 = 16; // ptr: OUT x HID second-layer weights
export const NET_G0 = 20; // ptr: HID x DIN gradient of the loss with respect to W0
export const NET_G1 = 24; // ptr: OUT x HID gradient with respect to W1
export const NET_M0 = 28; // ptr: HID x DIN Adam first moment of W0
export const NET_V0 = 32; // ptr: HID x DIN Adam second moment of W0
export const NET_M1 = 36; // ptr: OUT x HID Adam first moment of W1
export const NET_V1 = 40; // ptr: OUT x HID Adam second moment of W1
export const NET_H = 44; // ptr: ROWS x HID hidden activations relu(W0 x) (the backward pass turns them into dL/dz)
export const NET_F = 48; // ptr: ROWS x OUT outputs W1 h (the backward pass turns them into dL/df)
export const NET_DZT = 52; // ptr: HID x ROWS dL/dz transposed, for the W0 gradient
export const NET_ROWS = 56; // ptr: ROWS pointers to the input rows of the current batch
export const NET_MAX_ROWS = 60; // i32: ROWS, the most samples one call may take (a multiple of 4)
export const NET_T_ON = 64; // f32: target of the labelled output (1 for one-hot, 0 for one-cold)
export const NET_T_OFF = 68; // f32: target of every other output (0 for one-hot, 1 for one-cold)
export const NET_BETA1 = 72; // f32: Adam beta1
export const NET_BETA2 = 76; // f32: Adam beta2
export const NET_EPS = 80; // f32: Adam epsilon
export const NET_BYTES = 96;
