import { z } from 'zod';
import { IANAZone } from 'luxon';

/**
 * The bridge's configuration: tenants, their ATS sources, providers and rules.
 * One file (BRIDGE_CONFIG). Secrets sit in each tenant's `secrets` only in local mode;
 * a deployed bridge reads them from Secrets Manager (one secret per tenant, same shape).
 */

const ianaZone = z.string().refine((zone) => IANAZone.isValidZone(zone), { message: 'not an IANA time zone (e.g. "Europe/Bratislava")' });
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'time must be HH:MM (24 h)');
const weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
const slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lowercase letters, digits and "-", at most 40 characters');

export const callWindowSchema = z.object({
  days: z.array(weekday).min(1).default(['mon', 'tue', 'wed', 'thu', 'fri']),
  start: hhmm.default('09:00'),
  end: hhmm.default('18:00'),
  /** Optional different hours on Saturday and Sunday (only used when those days are listed or `weekend` is set). */
  weekend: z.object({ days: z.array(weekday).min(1).default(['sat']), start: hhmm, end: hhmm }).optional(),
  skipPublicHolidays: z.boolean().default(false),
}).refine((w) => !/^\d\d:\d\d$/.test(w.start) || !/^\d\d:\d\d$/.test(w.end) || w.start < w.end, { message: 'start must be before end', path: ['end'] });
export type CallWindowConfig = z.infer<typeof callWindowSchema>;

export const retryPolicySchema = z.object({
  minGapMinutes: z.number().int().min(15).default(120),
  maxAttempts: z.number().int().min(1).max(20).default(4),
  maxSpanDays: z.number().min(0.5).max(30).default(5),
  /** Separate budget when the candidate answered but the interview did not complete. */
  maxIncompleteAttempts: z.number().int().min(0).max(10).default(2),
  /** Spread of first calls after a window opens, so thousands of candidates do not ring at 09:00:00. */
  jitterMinutes: z.number().int().min(0).max(240).default(30),
});
export type RetryPolicy = z.infer<typeof retryPolicySchema>;

const stageMatcher = z.object({ id: z.string().optional(), name: z.string().optional() })
  .refine((s) => s.id !== undefined || s.name !== undefined, { message: 'give the stage "id" or "name"' });

export const instaviewRuleSchema = z.object({
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
});

export const ruleSchema = z.object({
  id: slug,
  /** ATS source the rule listens to ("greenhouse", ...). */
  source: z.string().min(1),
  /** The stage that starts the interview; a move out of it before the interview cancels it. */
  stage: stageMatcher,
  /** ATS job ids this rule applies to, or "*" for all jobs. */
  jobs: z.union([z.literal('*'), z.array(z.string()).min(1)]).default('*'),
  provider: z.enum(['instaview']).default('instaview'),
  instaview: instaviewRuleSchema.optional(),
  callWindow: callWindowSchema.optional(),
  retry: retryPolicySchema.partial().optional(),
}).refine((r) => r.provider !== 'instaview' || r.instaview !== undefined, { message: 'an instaview rule needs an "instaview" block', path: ['instaview'] });
export type Rule = z.infer<typeof ruleSchema>;

export const instaviewProviderSchema = z.object({
  /** API base including the version, e.g. https://api.instaview.sk/v1. Local mode: "sandbox". */
  baseUrl: z.string().min(1),
  /** Set when the key is an ATS partner key: every call then carries ?companyId=. */
  companyId: z.string().optional(),
  timeoutMs: z.number().int().min(100).max(60_000).default(10_000),
  /** Attach the analysis PDF to the ATS note when available. */
  attachAnalysisPdf: z.boolean().default(false),
});

export const greenhouseSourceSchema = z.object({
  /** Harvest v3 API base, for write-back. */
  harvestBaseUrl: z.string().url().default('https://harvest.greenhouse.io/v3'),
  tokenUrl: z.string().url().optional(),
  /** Greenhouse user the notes are written as. */
  onBehalfOfUserId: z.string().optional(),
});

/** Secrets of one tenant. Local mode: inline in the file. AWS: the tenant's Secrets Manager secret (JSON, this shape). */
export const tenantSecretsSchema = z.object({
  greenhouse: z.object({ webhookSecret: z.string().min(1), clientId: z.string().optional(), clientSecret: z.string().optional() }).optional(),
  instaview: z.object({
    apiKey: z.string().min(1),
    /** Value of the secret header the bridge asks InstaView to send with every webhook. */
    webhookToken: z.string().min(16).optional(),
    /** signingSecret InstaView returned when the webhook was registered. */
    signingSecret: z.string().optional(),
  }).optional(),
}).catchall(z.record(z.string(), z.string()));
export type TenantSecrets = z.infer<typeof tenantSecretsSchema>;

export const tenantSchema = z.object({
  id: slug,
  name: z.string().optional(),
  /** Zone used when nothing about the candidate tells us theirs. */
  defaultTimezone: ianaZone.default('UTC'),
  /** Country used to read phone numbers written without +country code (ISO 3166-1 alpha-2). */
  defaultCountry: z.string().regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2, e.g. "SK"').optional(),
  /** Days the provider may keep the candidate's data (InstaView gdprExpiryDate). */
  retentionDays: z.number().int().min(1).max(3650).default(180),
  callWindow: callWindowSchema.default({ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '18:00', skipPublicHolidays: false }),
  retry: retryPolicySchema.default({ minGapMinutes: 120, maxAttempts: 4, maxSpanDays: 5, maxIncompleteAttempts: 2, jitterMinutes: 30 }),
  sources: z.object({ greenhouse: greenhouseSourceSchema.optional() }).catchall(z.record(z.string(), z.unknown())).default({}),
  providers: z.object({ instaview: instaviewProviderSchema.optional() }).default({}),
  rules: z.array(ruleSchema).default([]),
  secrets: tenantSecretsSchema.optional(),
}).superRefine((tenant, ctx) => {
  const seen = new Set<string>();
  tenant.rules.forEach((rule, i) => {
    if (seen.has(rule.id)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'id'], message: `duplicate rule id "${rule.id}"` });
    seen.add(rule.id);
    if (rule.provider === 'instaview' && !tenant.providers.instaview) {
      ctx.addIssue({ code: 'custom', path: ['rules', i, 'provider'], message: 'rule uses instaview but the tenant has no providers.instaview' });
    }
  });
});
export type TenantConfig = z.infer<typeof tenantSchema>;

export const bridgeConfigSchema = z.object({
  /** Largest webhook body accepted, in bytes (bigger: 413). */
  maxWebhookBytes: z.number().int().min(1024).max(10_485_760).default(1_048_576),
  tenants: z.array(tenantSchema).min(1),
}).superRefine((config, ctx) => {
  const seen = new Set<string>();
  config.tenants.forEach((t, i) => {
    if (seen.has(t.id)) ctx.addIssue({ code: 'custom', path: ['tenants', i, 'id'], message: `duplicate tenant id "${t.id}"` });
    seen.add(t.id);
  });
});
export type BridgeConfig = z.infer<typeof bridgeConfigSchema>;
