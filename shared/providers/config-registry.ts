import { drvnConfigSchema, drvnRuleSchema, drvnSecretsSchema } from './drvn/config.ts';
import { instaviewConfigSchema, instaviewRuleSchema, instaviewSecretsSchema } from './instaview/config.ts';
import { xobinConfigSchema, xobinRuleSchema, xobinSecretsSchema } from './xobin/config.ts';

/** Each provider's tenant settings, rule options and secrets (one line per provider). */
export const providerConfigSchemas = {
  instaview: { config: instaviewConfigSchema, rule: instaviewRuleSchema, secrets: instaviewSecretsSchema },
  xobin: { config: xobinConfigSchema, rule: xobinRuleSchema, secrets: xobinSecretsSchema },
  drvn: { config: drvnConfigSchema, rule: drvnRuleSchema, secrets: drvnSecretsSchema },
} as const;

export type ProviderName = keyof typeof providerConfigSchemas;
export const providerNames = Object.keys(providerConfigSchemas) as ProviderName[];
