import * as z from 'zod';
import { apiBaseUrl } from '../../config/common.ts';
import { webhookPathSecretProblem } from './webhook-path-secret.ts';

export const xobinConfigSchema = z.strictObject({
  /** https://app.xobin.com/api/v2 */
  baseUrl: apiBaseUrl.default('https://app.xobin.com/api/v2'),
  timeoutMs: z.number().int().min(100).max(60_000).default(10_000),
  /**
   * Put a signed share link (POST /ai-interviews/report/{id}/share) valid this many hours
   * into the result instead of the report_link (which needs a Xobin login). 1/60 .. 24.
   */
  reportShareHours: z.number().min(1 / 60).max(24).optional(),
});

export const xobinRuleSchema = z.strictObject({
  /** The AI interview (ai_interview_id) candidates are invited to. */
  aiInterviewId: z.number().int().positive(),
  /**
   * getlink: Xobin returns the link and the bridge puts it into the ATS note (a lost
   * invite answer is re-invited harmlessly); sendlink: Xobin emails the candidate (a lost
   * invite answer becomes a visible INVITE_UNCERTAIN instead of a second email).
   */
  inviteFormat: z.enum(['getlink', 'sendlink']).default('getlink'),
  /** The invite expires this many days after it is sent. */
  validDays: z.number().int().min(1).max(60).default(7),
  /** How long after the expiry the bridge polls for a report it never got by webhook. */
  pollAfterMinutes: z.number().int().min(5).max(1440).default(60),
});

export const xobinSecretsSchema = z.strictObject({
  apiKey: z.string().min(1),
  /**
   * Last segment of the webhook URL configured in Xobin's Workflows tab
   * (…/webhooks/providers/xobin/{tenantId}/{webhookPathSecret}); Xobin signs nothing. Long and random,
   * of URL-safe characters only (webhook-path-secret.ts): checked in xobinSecretsProblems, not here.
   */
  webhookPathSecret: z.string().min(24).optional(),
});

/** What the bridge cannot use of secrets this schema takes (inline secrets only: see config-registry.ts), by key. */
export function xobinSecretsProblems(secrets: Readonly<Record<string, unknown>>): { key: string; message: string }[] {
  const secret = secrets.webhookPathSecret;
  const problem = typeof secret === 'string' ? webhookPathSecretProblem(secret) : undefined;
  return problem ? [{ key: 'webhookPathSecret', message: problem }] : [];
}
