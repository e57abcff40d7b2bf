import * as z from 'zod';
import { apiBaseUrl, writeBackSchema } from '../../config/common.ts';

export const ashbyConfigSchema = z.strictObject({
  apiBaseUrl: apiBaseUrl.default('https://api.ashbyhq.com'),
  /** Overrides the tenant's writeBack for this source. */
  writeBack: writeBackSchema.unwrap().optional(),
});

export const ashbySecretsSchema = z.strictObject({
  webhookSecret: z.string().min(1),
  /** API key (Basic auth user) for candidate.createNote. */
  apiKey: z.string().optional(),
});
