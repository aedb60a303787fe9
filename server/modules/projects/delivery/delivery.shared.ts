import { AppError } from '../../../platform/errors/app-error.js';

export type Indicator = { kind: 'output' | 'outcome'; name: string; target: number; unit: string };

export function requireProvider(provider: boolean) {
  // Staff see the project but record nothing in the provider's name.
  if (!provider) throw new AppError('forbidden', {}, undefined, { denied: true });
}
