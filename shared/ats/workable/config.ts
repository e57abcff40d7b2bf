import * as z from 'zod';
import { apiBaseUrl, writeBackSchema } from '../../config/common.ts';

export const workableConfigSchema = z.strictObject({
  /** https://<subdomain>.workable.com/spi/v3 */
  apiBaseUrl: apiBaseUrl.optional(),
  /** Workable member the comments are written as. */
  memberId: z.string().optional(),
  /** Overrides the tenant's writeBack for this source. */
  writeBack: writeBackSchema.unwrap().optional(),
});

export const workableSecretsSchema = z.strictObject({
  /** The account token or app secret Workable signs with (X-Workable-Signature). */
  webhookSecret: z.string().min(1),
  apiToken: z.string().optional(),
});
