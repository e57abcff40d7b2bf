import * as z from 'zod';
import { apiBaseUrl, writeBackSchema } from '../../config/common.ts';

export const mergeConfigSchema = z.strictObject({
  apiBaseUrl: apiBaseUrl.default('https://api.merge.dev/api'),
  /** Merge user id the activities are written as (remote_user_id). */
  remoteUserId: z.string().optional(),
  /**
   * The tenant's Merge Linked Account id. Merge webhooks are configured once per Merge
   * organization and carry every linked account's changes: with this set, deliveries for any
   * other linked account are ignored (200), so one tenant never receives another's candidates.
   */
  linkedAccountId: z.string().min(1).optional(),
  /** Overrides the tenant's writeBack for this source. */
  writeBack: writeBackSchema.unwrap().optional(),
});

export const mergeSecretsSchema = z.strictObject({
  /** Merge's webhook signature key. */
  webhookSecret: z.string().min(1),
  apiKey: z.string().optional(),
  /** X-Account-Token of the tenant's linked account. */
  accountToken: z.string().optional(),
});
