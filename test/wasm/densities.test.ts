// The general hidden-unit sampler (assembly/hidden.ts) for densities no built-in architecture uses:
// uniform weights, uniform biases with normal weights, and cos units with normal weights and a
// constant amplitude (random Fourier features), lane by lane against a scalar f64 reference.
import { beforeAll, describe, expect, it } from 'vitest';
import { defineArchitecture, normal, registerArchitecture, uniform, type Density } from '../../src/arch/index.js';
import { kernelConfig } from '../../src/sample/ensemble.js';
import { WasmKernel } from '../../src/sample/kernel.js';
import { resolveEnsemble } from '../../src/sample/options.js';
import { nodeWasmModule } from '../../src/sample/wasm-node.js';
import { referenceUniform } from '../support/cos-reference.js';
import { referenceNormal } from '../support/reference.js';

let kernel: WasmKernel;
beforeAll(async () => {
  kernel = await WasmKernel.create(await nodeWasmModule());
});

interface Case {
  name: string;
  activation: 'relu' | 'tanh' | 'cos';
  phi: (z: number) => number;
  weight: Density;
  bias: Density;
  amplitude?: number;
}

const cases: Case[] = [
  { name: 'test-uniform-relu', activation: 'relu', phi: (z) => Math.max(0, z), weight: uniform(-1, 2), bias: uniform(-0.5, 0.5) },
  { name: 'test-normal-uniform-tanh', activation: 'tanh', phi: Math.tanh, weight: normal(0.1, 0.7), bias: uniform(0, 1) },
  { name: 'test-fourier', activation: 'cos', phi: Math.cos, weight: normal(0, 2), bias: uniform(-Math.PI, Math.PI), amplitude: 1.5 },
];

for (const c of cases) {
  registerArchitecture(defineArchitecture({
    name: c.name, summary: 'test densities', activation: c.activation, phi: c.phi, defaults: { sw: 1, sb: 0.3, mw: 0, mb: 0.1 },
    layers: (s) => [{ weight: c.weight, bias: c.bias }, { weight: normal(s.mw, s.sw / Math.sqrt(s.width)), bias: normal(s.mb, s.sb) }],
    ...(c.amplitude !== undefined && { unitAmplitude: () => ({ scale: c.amplitude! }) }),
  }));
}

/** Draws one parameter of unit j, slot i, from its density (normals of stream 0, uniforms of stream 2). */
function draw(d: Density, seed: number, net: number, p: number): number {
  if (d.kind === 'normal') return d.mean + d.std * referenceNormal(seed, 0, net, p);
  if (d.kind === 'uniform') return d.lo + (d.hi - d.lo) * referenceUniform(seed, 2, net, p);
  throw new Error('not a per-entry density');
}

describe.each(cases)('the general sampler: $name', (c) => {
  const points = [[0.3, -0.4], [1.2, 0.5], [-1, 1]];
  const width = 67;
  const seed = 41;
  const e = resolveEnsemble({ arch: c.name, width, dIn: 2, points });

  it('draws every parameter from its stream and matches the scalar f64 forward pass in every lane', () => {
    kernel.configure(kernelConfig(e, seed, 2));
    const n0 = 12;
    const count = 7;
    const phi = kernel.forwardRange(n0, count);
    for (let n = 0; n < count; n++) {
      const net = n0 + n;
      const units = Array.from({ length: width }, (_, j) => ({
        w: [0, 1].map((i) => draw(c.weight, seed, net, 3 * j + i)),
        b: draw(c.bias, seed, net, 3 * j + 2),
      }));
      const W1 = units.map((_, j) => (1 / Math.sqrt(width)) * referenceNormal(seed, 1, net, j));
      const b1 = 0.1 + 0.3 * referenceNormal(seed, 1, net, width);
      points.forEach((x, k) => {
        let f = b1;
        let bound = 1e-6;
        units.forEach((u, j) => {
          const z = u.w[0] * x[0] + u.w[1] * x[1] + u.b;
          f += W1[j] * (c.amplitude ?? 1) * c.phi(z);
          bound += Math.abs(W1[j]) * (c.amplitude ?? 1) * (3e-7 * (1 + Math.abs(z)));
        });
        expect(Math.abs(phi[n * points.length + k] - f), `network ${net} point ${k}`).toBeLessThan(bound);
      });
    }
  });
});
