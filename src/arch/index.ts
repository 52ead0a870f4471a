import { NnftInputError } from '../errors.js';
import type { Architecture } from './define.js';
import { cosNet } from './cos.js';
import { erfNet } from './erf.js';
import { gaussNet } from './gauss.js';
import { linearNet } from './linear.js';
import { reluNet } from './relu.js';
import { tanhNet } from './tanh.js';

export * from './define.js';

const registry = new Map<string, Architecture>();

/** Adds an architecture to the registry (a user's own, or one of the built-ins below). */
export function registerArchitecture(arch: Architecture): void {
  if (registry.has(arch.name)) throw new NnftInputError('arch', arch.name, 'is already registered');
  registry.set(arch.name, arch);
}

for (const arch of [reluNet, erfNet, gaussNet, tanhNet, linearNet, cosNet]) registerArchitecture(arch);

/** The registered architecture called `name`; a typed error listing the known names otherwise. */
export function getArchitecture(name: string): Architecture {
  const arch = typeof name === 'string' ? registry.get(name) : undefined;
  if (!arch) throw new NnftInputError('arch', name, `must be one of ${[...registry.keys()].join(', ')}`);
  return arch;
}

/** Names of all registered architectures, in registration order. */
export function architectureNames(): string[] {
  return [...registry.keys()];
}

export { reluNet, erfNet, gaussNet, tanhNet, linearNet, cosNet };
