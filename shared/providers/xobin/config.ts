import { z } from 'zod';
import { apiBaseUrl } from '../../config/common.ts';

export const xobinConfigSchema = z.object({
  /** https://app.xobin.com/api/v2 */
  baseUrl: apiBaseUrl.default('https://app.xobin.com/api/v2'),
  timeoutMs: z.number().int().min(100).max(60_000).default(10_000),
});

export const xobinRuleSchema = z.object({
  /** The AI interview (ai_interview_id) candidates are invited to. */
  aiInterviewId: z.number().int().positive(),
  /** getlink: the bridge puts the link into the ATS; sendlink: Xobin emails the candidate. */
  inviteFormat: z.enum(['getlink', 'sendlink']).default('getlink'),
  /** The invite expires this many days after it is sent. */
  validDays: z.number().int().min(1).max(60).default(7),
  /** How long after the expiry the bridge polls for a report it never got by webhook. */
  pollAfterMinutes: z.number().int().min(5).max(1440).default(60),
});

export const xobinSecretsSchema = z.object({
  apiKey: z.string().min(1),
  /** Part of the webhook URL Xobin calls (no signing is documented): long and random. */
  webhookPathSecret: z.string().min(24).optional(),
});
