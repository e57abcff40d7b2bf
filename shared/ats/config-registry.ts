import { ashbyConfigSchema, ashbySecretsSchema } from './ashby/config.ts';
import { genericConfigSchema, genericSecretsSchema } from './generic/config.ts';
import { greenhouseConfigSchema, greenhouseSecretsSchema } from './greenhouse/config.ts';
import { leverConfigSchema, leverSecretsSchema } from './lever/config.ts';
import { mergeConfigSchema, mergeSecretsSchema } from './merge/config.ts';
import { smartRecruitersConfigSchema, smartRecruitersSecretsSchema } from './smartrecruiters/config.ts';
import { workableConfigSchema, workableSecretsSchema } from './workable/config.ts';

/** Each ATS's tenant settings and secrets, by source name (one line per ATS). */
export const atsConfigSchemas = {
  greenhouse: { config: greenhouseConfigSchema, secrets: greenhouseSecretsSchema },
  lever: { config: leverConfigSchema, secrets: leverSecretsSchema },
  ashby: { config: ashbyConfigSchema, secrets: ashbySecretsSchema },
  workable: { config: workableConfigSchema, secrets: workableSecretsSchema },
  smartrecruiters: { config: smartRecruitersConfigSchema, secrets: smartRecruitersSecretsSchema },
  merge: { config: mergeConfigSchema, secrets: mergeSecretsSchema },
  generic: { config: genericConfigSchema, secrets: genericSecretsSchema },
} as const;

export type AtsSourceName = keyof typeof atsConfigSchemas;
export const atsSourceNames = Object.keys(atsConfigSchemas) as AtsSourceName[];
