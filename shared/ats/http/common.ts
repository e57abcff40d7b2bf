import * as z from 'zod';
import { AtsApiError } from '../../ports/ats-api.ts';
import type { Clock } from '../../ports/clock.ts';
import { atsErrorCodes } from './errors.ts';
import type { AtsTransportOptions } from './transport.ts';

/** What every ATS client's constructor takes besides its config and secrets sections. */
export interface AtsApiOptions {
  clock?: Clock;
  fetch?: typeof globalThis.fetch;
  /** Injected in tests so backoff and rate-limit waits cost no real time. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  timeoutMs?: number;
  maxRetries?: number;
  maxInlineWaitSeconds?: number;
}

export function transportOptions(options: AtsApiOptions): Partial<AtsTransportOptions> {
  const picked: Partial<AtsTransportOptions> = {};
  if (options.clock) picked.clock = options.clock;
  if (options.fetch) picked.fetch = options.fetch;
  if (options.sleep) picked.sleep = options.sleep;
  if (options.random) picked.random = options.random;
  if (options.timeoutMs !== undefined) picked.timeoutMs = options.timeoutMs;
  if (options.maxRetries !== undefined) picked.maxRetries = options.maxRetries;
  if (options.maxInlineWaitSeconds !== undefined) picked.maxInlineWaitSeconds = options.maxInlineWaitSeconds;
  return picked;
}

/** Ids come as strings or numbers depending on the ATS; the bridge keeps strings. */
export const idText = z.union([z.string().min(1), z.number()]).transform(String);
/**
 * The id in a create's answer, when there is one. A 2xx means the ATS wrote it; the id only
 * goes on the receipt, so an answer without one (or with no body) is not an error: failing
 * there would mark a written note FAILED, and its retry would write it twice.
 */
export const createdId = z.unknown().transform((body): string | undefined => {
  const parsed = z.looseObject({ id: idText }).safeParse(body);
  return parsed.success ? parsed.data.id : undefined;
});
/** A create's answer read with `schema` for what it tells (an id); any other 2xx body (none, text) reads as undefined, never as an error. */
export const createdAnswer = <T>(schema: z.ZodType<T>) => z.unknown().transform((body): T | undefined => {
  const parsed = schema.safeParse(body);
  return parsed.success ? parsed.data : undefined;
});
export const optionalText = z.string().nullish().transform((v) => (v === null || v === undefined || v.trim() === '' ? undefined : v));

export function notConfigured(label: string, what: string): AtsApiError {
  return new AtsApiError(`${label}: ${what}`, atsErrorCodes.notConfigured, false);
}

/** Config value "sandbox" is replaced by the local stack with the stand-in's URL; if it was not, say so. */
export function resolvedUrl(label: string, url: string | undefined): string | undefined {
  if (url === 'sandbox') throw notConfigured(label, 'the API base URL is "sandbox" but no local stand-in was started for it (local mode only)');
  return url;
}
