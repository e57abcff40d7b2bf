import { z } from 'zod';
import { apiBaseUrl, writeBackSchema } from '../../config/common.ts';

export const mergeConfigSchema = z.object({
  apiBaseUrl: apiBaseUrl.default('https://api.merge.dev/api'),
  /** Merge user id the activities are written as (remote_user_id). */
  remoteUserId: z.string().optional(),
  writeBack: writeBackSchema,
});

export const mergeSecretsSchema = z.object({
  /** Merge's webhook signature key. */
  webhookSecret: z.string().min(1),
  apiKey: z.string().optional(),
  /** X-Account-Token of the tenant's linked account. */
  accountToken: z.string().optional(),
});
