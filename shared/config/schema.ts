import * as z from 'zod';
import { atsConfigSchemas, atsSourceNames } from '../ats/config-registry.ts';
import { providerConfigSchemas, providerNames, providerSecretsProblems } from '../providers/config-registry.ts';
import { callWindowSchema, ianaZone, retryOverrideSchema, retryPolicySchema, ruleWriteBackSchema, slug, writeBackSchema } from './common.ts';
import { mergeWriteBack, sourceWriteBack } from './write-back-settings.ts';

export { callWindowSchema, retryPolicySchema, writeBackSchema, type CallWindowConfig, type RetryPolicy, type WriteBackConfig } from './common.ts';

/**
 * The bridge's configuration: tenants, their ATS sources, providers and rules.
 * One file (BRIDGE_CONFIG). Each ATS and provider folder owns the schema of its own
 * section (config.ts there). Secrets sit in each tenant's `secrets` only in local mode;
 * a deployed bridge reads them from Secrets Manager (one secret per tenant, same shape).
 */

const { greenhouse, lever, ashby, workable, smartrecruiters, merge, generic } = atsConfigSchemas;
const { instaview, xobin, drvn } = providerConfigSchemas;

const stageMatcher = z.strictObject({ id: z.string().optional(), name: z.string().optional() })
  .refine((s) => s.id !== undefined || s.name !== undefined, { message: 'give the stage "id" or "name"' });

const ruleBase = z.strictObject({
  id: slug,
  /** ATS source the rule listens to. */
  source: z.enum(Object.keys(atsConfigSchemas) as [keyof typeof atsConfigSchemas, ...(keyof typeof atsConfigSchemas)[]]),
  /** The stage that starts the interview; a move out of it before the interview cancels it. */
  stage: stageMatcher,
  /** ATS job ids this rule applies to, or "*" for all jobs. */
  jobs: z.union([z.literal('*'), z.array(z.string()).min(1)], { error: '"*" for all jobs, or a list of the ATS\'s job ids (strings)' }).default('*'),
  callWindow: callWindowSchema.optional(),
  retry: retryOverrideSchema.optional(),
  /**
   * Merged key by key over the source's (or tenant's) writeBack for this rule's interviews: e.g.
   * a threshold on the scale of this rule's provider (shared/config/write-back-settings.ts).
   */
  writeBack: ruleWriteBackSchema.optional(),
});

/**
 * A rule names its provider and carries that provider's block ("instaview": {...}); switching
 * provider is a config change. Without "provider" it is InstaView's, unless it carries another
 * provider's block: then "provider" is reported missing, not the instaview block.
 */
export const ruleSchema = z.preprocess(
  (value) => (value && typeof value === 'object' && !('provider' in value) && !otherProviderBlock(value) ? { ...value, provider: 'instaview' } : value),
  z.discriminatedUnion('provider', [
    ruleBase.extend({ provider: z.literal('instaview'), instaview: instaview.rule }),
    ruleBase.extend({ provider: z.literal('xobin'), xobin: xobin.rule }),
    ruleBase.extend({ provider: z.literal('drvn'), drvn: drvn.rule }),
  ]),
);
export type Rule = z.infer<typeof ruleSchema>;

function otherProviderBlock(rule: object): boolean {
  return Object.keys(providerConfigSchemas).some((provider) => provider !== 'instaview' && provider in rule);
}
export type InstaViewRule = Extract<Rule, { provider: 'instaview' }>;

/** Per-tenant secrets. Local mode: inline here. AWS: the tenant's Secrets Manager secret (JSON, this shape). */
export const tenantSecretsSchema = z.object({
  greenhouse: greenhouse.secrets.optional(),
  lever: lever.secrets.optional(),
  ashby: ashby.secrets.optional(),
  workable: workable.secrets.optional(),
  smartrecruiters: smartrecruiters.secrets.optional(),
  merge: merge.secrets.optional(),
  generic: generic.secrets.optional(),
  instaview: instaview.secrets.optional(),
  xobin: xobin.secrets.optional(),
  drvn: drvn.secrets.optional(),
}).strict();
export type TenantSecrets = z.infer<typeof tenantSecretsSchema>;

export const tenantSchema = z.strictObject({
  id: slug,
  name: z.string().optional(),
  /** Zone used when nothing about the candidate tells us theirs. */
  defaultTimezone: ianaZone.default('UTC'),
  /** Country used to read phone numbers written without +country code (ISO 3166-1 alpha-2). */
  defaultCountry: z.string().regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2, e.g. "SK"').optional(),
  /** Days the provider may keep the candidate's data (InstaView gdprExpiryDate), and our record's TTL. */
  retentionDays: z.number().int().min(1).max(3650).default(180),
  callWindow: callWindowSchema.default({ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '18:00', skipPublicHolidays: false }),
  retry: retryPolicySchema.default({ minGapMinutes: 120, maxAttempts: 4, maxSpanDays: 5, maxIncompleteAttempts: 2, jitterMinutes: 30 }),
  /** Results written back when a source has no writeBack of its own. */
  writeBack: writeBackSchema,
  sources: z.strictObject({
    greenhouse: greenhouse.config.optional(),
    lever: lever.config.optional(),
    ashby: ashby.config.optional(),
    workable: workable.config.optional(),
    smartrecruiters: smartrecruiters.config.optional(),
    merge: merge.config.optional(),
    generic: generic.config.optional(),
  }).strict().default({}),
  providers: z.strictObject({
    instaview: instaview.config.optional(),
    xobin: xobin.config.optional(),
    drvn: drvn.config.optional(),
  }).strict().default({}),
  rules: z.array(ruleSchema).default([]),
  secrets: tenantSecretsSchema.optional(),
}).superRefine((tenant, ctx) => {
  const seen = new Set<string>();
  tenant.rules.forEach((rule, i) => {
    if (seen.has(rule.id)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'id'], message: `duplicate rule id "${rule.id}"` });
    seen.add(rule.id);
    if (!tenant.providers[rule.provider]) {
      ctx.addIssue({ code: 'custom', path: ['rules', i, 'provider'], message: `rule uses ${rule.provider} but the tenant has no providers.${rule.provider}` });
    }
    // A rule's moveStage or customField must be whole once merged over what it inherits.
    const inherits = tenant.sources[rule.source]?.writeBack ? `sources.${rule.source}.writeBack` : 'the tenant\'s writeBack';
    for (const gap of mergeWriteBack(sourceWriteBack(tenant, rule.source), rule.writeBack).incomplete) {
      ctx.addIssue({ code: 'custom', path: ['rules', i, 'writeBack', ...gap.path], message: `required: ${gap.message}, and ${inherits} has no ${gap.path[0]} to keep it from` });
    }
  });
  // A tenant without a secrets block may be deployed (Secrets Manager holds them): the local
  // start and `bridge config validate` ask for its secrets (local-config.ts), synth does not.
  if (!tenant.secrets) return;
  for (const problem of missingSecrets(tenant, tenant.secrets)) ctx.addIssue({ code: 'custom', ...problem });
  for (const problem of unusableSecrets(tenant.secrets)) ctx.addIssue({ code: 'custom', ...problem });
});

/**
 * Inline secrets the secrets schema takes but the bridge cannot use (config-registry.ts), by key
 * and why. Not part of tenantSecretsSchema: that also reads a deployed tenant's Secrets Manager
 * secret, which one bad key must not fail as a whole.
 */
function unusableSecrets(secrets: TenantSecrets): { path: [string, string, string]; message: string }[] {
  return providerNames.flatMap((provider) => {
    const section = secrets[provider];
    const problemsOf = providerSecretsProblems[provider];
    if (!section || !problemsOf) return [];
    return problemsOf(section).map(({ key, message }) => ({ path: ['secrets', provider, key] as [string, string, string], message }));
  });
}

/**
 * The secrets a tenant's ATS sources and rules need and `secrets` lacks, by key and why. Inline
 * secrets (local mode) are all the bridge has: without the provider's, every message ends in
 * the DLQ; without an ATS's, every webhook from it is refused with 401.
 */
export function missingSecrets(tenant: TenantConfig, secrets: TenantSecrets): { path: [string, string]; message: string }[] {
  const problems: { path: [string, string]; message: string }[] = [];
  for (const provider of providerNames) {
    const rule = tenant.rules.find((r) => r.provider === provider);
    if (!rule || secrets[provider]) continue;
    problems.push({ path: ['secrets', provider], message: `missing (required): rule "${rule.id}" uses ${provider}, and the bridge reads its ${requiredKeys(providerConfigSchemas[provider].secrets).join(', ')} from here` });
  }
  // A rule may listen to an ATS the tenant has no sources section for (webhooks only), so both count.
  for (const source of atsSourceNames) {
    if (secrets[source]) continue;
    const rule = tenant.rules.find((r) => r.source === source);
    const why = tenant.sources[source] ? `the tenant has sources.${source}` : rule ? `rule "${rule.id}" listens to ${source}` : undefined;
    if (!why) continue;
    problems.push({ path: ['secrets', source], message: `missing (required): ${why}, and the bridge checks its webhooks with the ${requiredKeys(atsConfigSchemas[source].secrets).join(', ')} from here` });
  }
  return problems;
}

/** The keys a secrets section cannot go without (the others are optional). */
function requiredKeys(schema: z.ZodObject): string[] {
  return Object.entries(schema.shape).filter(([, key]) => !key.safeParse(undefined).success).map(([name]) => name);
}
export type TenantConfig = z.infer<typeof tenantSchema>;

export const bridgeConfigSchema = z.strictObject({
  /** Largest webhook body accepted, in bytes (bigger: 413). */
  maxWebhookBytes: z.number().int().min(1024).max(10_485_760).default(1_048_576),
  /**
   * The same for provider webhooks: InstaView's analysis.completed carries the whole analysis
   * and the PDF in base64. 4 MiB stays under Lambda's 6 MB request limit once base64-encoded.
   */
  maxProviderWebhookBytes: z.number().int().min(1024).max(4_500_000).default(4_194_304),
  tenants: z.array(tenantSchema).min(1),
}).superRefine((config, ctx) => {
  const seen = new Set<string>();
  config.tenants.forEach((t, i) => {
    if (seen.has(t.id)) ctx.addIssue({ code: 'custom', path: ['tenants', i, 'id'], message: `duplicate tenant id "${t.id}"` });
    seen.add(t.id);
  });
});
export type BridgeConfig = z.infer<typeof bridgeConfigSchema>;
