import * as z from 'zod';
import { apiBaseUrl, writeBackSchema } from '../../config/common.ts';

export const genericConfigSchema = z.strictObject({
  /** Where results are POSTed back (signed like the webhooks); none = no write-back. */
  callbackUrl: apiBaseUrl.optional(),
  freshnessSeconds: z.number().int().min(30).max(3600).default(300),
  /** Overrides the tenant's writeBack for this source. */
  writeBack: writeBackSchema.unwrap().optional(),
});

export const genericSecretsSchema = z.strictObject({
  webhookSecret: z.string().min(1),
});
