import { drvnConfigSchema, drvnRuleSchema, drvnSecretsSchema } from './drvn/config.ts';
import { instaviewConfigSchema, instaviewRuleSchema, instaviewSecretsSchema } from './instaview/config.ts';
import { xobinConfigSchema, xobinRuleSchema, xobinSecretsProblems, xobinSecretsSchema } from './xobin/config.ts';

/** Each provider's tenant settings, rule options and secrets (one line per provider). */
export const providerConfigSchemas = {
  instaview: { config: instaviewConfigSchema, rule: instaviewRuleSchema, secrets: instaviewSecretsSchema },
  xobin: { config: xobinConfigSchema, rule: xobinRuleSchema, secrets: xobinSecretsSchema },
  drvn: { config: drvnConfigSchema, rule: drvnRuleSchema, secrets: drvnSecretsSchema },
} as const;

export type ProviderName = keyof typeof providerConfigSchemas;
export const providerNames = Object.keys(providerConfigSchemas) as ProviderName[];

/**
 * What a provider's secrets may not be although its secrets schema takes them (Xobin: a
 * webhookPathSecret a URL cannot carry), by key and why. Checked only where a tenant's inline
 * secrets are (config/schema.ts: `npm start`, `bridge config validate`): the secrets schema also
 * reads a deployed tenant's Secrets Manager secret, where a bad key must not fail the whole
 * tenant (its other sources and providers keep working; the provider's webhooks refuse it).
 */
export const providerSecretsProblems: Partial<Record<ProviderName, (secrets: Readonly<Record<string, unknown>>) => { key: string; message: string }[]>> = {
  xobin: xobinSecretsProblems,
};
