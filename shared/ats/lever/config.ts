import * as z from 'zod';
import { apiBaseUrl, writeBackSchema } from '../../config/common.ts';

/**
 * How far a webhook's triggeredAt may be from now. Lever signs only token + triggeredAt and
 * retries a delivery not answered 2xx with the same pair, for longer than minutes (its schedule
 * is not published): a 5-minute window refused as stale (401) every later retry of a delivery
 * answered 5xx, so the event was lost. A day covers the retries; what
 * keeps a signed pair single use is the replay guard (token + triggeredAt, kept twice the
 * window), not this window.
 */
export const LEVER_DEFAULT_FRESHNESS_SECONDS = 24 * 60 * 60;

export const leverConfigSchema = z.strictObject({
  apiBaseUrl: apiBaseUrl.default('https://api.lever.co/v1'),
  /** Lever user the notes are written as (perform_as). */
  performAs: z.string().optional(),
  /** A webhook whose triggeredAt is further from now than this is refused (see LEVER_DEFAULT_FRESHNESS_SECONDS). */
  freshnessSeconds: z.number().int().min(30).max(7 * 24 * 60 * 60).default(LEVER_DEFAULT_FRESHNESS_SECONDS),
  /** Overrides the tenant's writeBack for this source. */
  writeBack: writeBackSchema.unwrap().optional(),
});

export const leverSecretsSchema = z.strictObject({
  /** Lever shows one signature token per webhook (event type): list them all. */
  signatureTokens: z.array(z.string().min(1)).min(1),
  /** API key (Basic auth user) for reading opportunities and writing notes. */
  apiKey: z.string().optional(),
});
