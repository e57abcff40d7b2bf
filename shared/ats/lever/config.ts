import * as z from 'zod';
import { apiBaseUrl, writeBackSchema } from '../../config/common.ts';

export const leverConfigSchema = z.strictObject({
  apiBaseUrl: apiBaseUrl.default('https://api.lever.co/v1'),
  /** Lever user the notes are written as (perform_as). */
  performAs: z.string().optional(),
  /** A webhook whose triggeredAt is further from now than this is refused (replay protection). */
  freshnessSeconds: z.number().int().min(30).max(3600).default(300),
  /** Overrides the tenant's writeBack for this source. */
  writeBack: writeBackSchema.unwrap().optional(),
});

export const leverSecretsSchema = z.strictObject({
  /** Lever shows one signature token per webhook (event type): list them all. */
  signatureTokens: z.array(z.string().min(1)).min(1),
  /** API key (Basic auth user) for reading opportunities and writing notes. */
  apiKey: z.string().optional(),
});
