import { randomBytes } from 'node:crypto';
import type { Clock } from '#shared/ports/clock';
import type { RateLimitOption, StartedServer, VendorDefinition } from './server.ts';
import type { AtsSandboxStore } from './store.ts';

/** What each ATS stand-in module provides to startAtsSandbox. */
export interface VendorModule {
  /** The credentials the stand-in accepts, in the shape of the tenant's secrets section. */
  credentials(given: Record<string, string | undefined>): Record<string, string>;
  definition(store: AtsSandboxStore, credentials: Record<string, string>, context: VendorContext): VendorDefinition;
  /** The tenant's source config fields that point at the stand-in. */
  sourceConfig(server: StartedServer): Record<string, string>;
  defaultRateLimit: RateLimitOption;
}

export interface VendorContext {
  clock: Clock;
  /** Lifetime of issued OAuth tokens (Greenhouse). */
  tokenTtlSeconds: number;
}

export const secret = (prefix: string): string => `${prefix}${randomBytes(12).toString('hex')}`;

export function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}
