import * as z from 'zod';
import { apiBaseUrl, writeBackSchema } from '../../config/common.ts';

export const smartRecruitersConfigSchema = z.strictObject({
  apiBaseUrl: apiBaseUrl.default('https://api.smartrecruiters.com'),
  freshnessSeconds: z.number().int().min(30).max(3600).default(300),
  /** Overrides the tenant's writeBack for this source. */
  writeBack: writeBackSchema.unwrap().optional(),
});

export const smartRecruitersSecretsSchema = z.strictObject({
  /** Subscription secret(s); during rotation both the old and the new one. */
  webhookSecrets: z.array(z.string().min(1)).min(1),
  /** X-SmartToken for reading candidates and applications. */
  apiKey: z.string().optional(),
});
