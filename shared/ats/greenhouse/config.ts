import * as z from 'zod';
import { apiBaseUrl, writeBackSchema } from '../../config/common.ts';

/** Greenhouse settings of one tenant (non-secret). Harvest v1/v2 were retired on 2026-08-31: v3 only. */
export const greenhouseConfigSchema = z.strictObject({
  harvestBaseUrl: apiBaseUrl.default('https://harvest.greenhouse.io/v3'),
  /** OAuth 2.0 token endpoint of Harvest v3 (client credentials). */
  tokenUrl: apiBaseUrl.default('https://auth.greenhouse.io/token'),
  /** Greenhouse user the notes are written as. */
  onBehalfOfUserId: z.string().optional(),
  /** Overrides the tenant's writeBack for this source. */
  writeBack: writeBackSchema.unwrap().optional(),
});

export const greenhouseSecretsSchema = z.strictObject({
  /** The secret key typed into Dev Center → Web Hooks. */
  webhookSecret: z.string().min(1),
  /** Harvest v3 OAuth client (write-back). */
  clientId: z.string().optional(),
  clientSecret: z.string().optional(),
});
