import * as z from 'zod';
import { apiBaseUrl } from '../../config/common.ts';

export const instaviewConfigSchema = z.strictObject({
  /** API base including the version, e.g. https://api.instaview.sk/v1. Local mode: "sandbox". */
  baseUrl: apiBaseUrl,
  /** Set when the key is an ATS partner key: every call then carries ?companyId=. */
  companyId: z.string().optional(),
  timeoutMs: z.number().int().min(100).max(60_000).default(10_000),
  /** Attach the analysis PDF to the ATS note when available. */
  attachAnalysisPdf: z.boolean().default(false),
  /**
   * Also take "call started" and "call ended" webhooks (timeline only: decisions never need
   * them, and each costs an API Gateway request, a Lambda and a queue message).
   */
  trackCallProgress: z.boolean().default(false),
  /** The API key's plan limit (requests per minute); else learned from X-RateLimit-Limit-Minute, else 60. */
  rateLimitPerMinute: z.number().int().min(1).optional(),
});

const onlineOpenDaysRange = 'a whole number of days from 1 to 90 (how long an ONLINE interview stays open for the candidate)';

/** What one rule asks of InstaView. */
export const instaviewRuleSchema = z.strictObject({
  agentId: z.string().min(1),
  /** PHONE: InstaView calls the candidate; ONLINE: the candidate joins a link (no call attempts). */
  interviewType: z.enum(['PHONE', 'ONLINE']).default('PHONE'),
  /** Agent focus; GENERIC needs no job, the others do. */
  focus: z.enum(['SCREENING', 'OUTREACH', 'LANGUAGE_TEST', 'GENERIC']).default('SCREENING'),
  /** ATS job id → InstaView job id. */
  jobMap: z.record(z.string(), z.string()).default({}),
  /** InstaView job used when the ATS job is not in jobMap. */
  defaultJobId: z.string().optional(),
  /** Dry run: InstaView completes test interviews at once and does not bill them. */
  isTest: z.boolean().default(false),
  /**
   * ONLINE only: days the candidate has to take the interview. InstaView never expires one, so
   * the bridge withdraws it then (and tells the ATS), unless the candidate has started it.
   */
  onlineOpenDays: z.number({ error: onlineOpenDaysRange }).int({ error: onlineOpenDaysRange })
    .min(1, { error: onlineOpenDaysRange }).max(90, { error: onlineOpenDaysRange }).default(7),
});

export const instaviewSecretsSchema = z.strictObject({
  apiKey: z.string().min(1),
  /** Value of the secret header the bridge asks InstaView to send with every webhook. */
  webhookToken: z.string().min(16).optional(),
  /** signingSecret InstaView returned when the webhook was registered. */
  signingSecret: z.string().optional(),
});
