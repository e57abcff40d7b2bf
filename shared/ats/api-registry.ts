import { createHash } from 'node:crypto';
import type { TenantConfig, TenantSecrets } from '../config/schema.ts';
import { AtsApiError, type AtsApi } from '../ports/ats-api.ts';
import type { Clock } from '../ports/clock.ts';
import { AshbyApi } from './ashby/api.ts';
import { GenericApi } from './generic/api.ts';
import { GreenhouseApi } from './greenhouse/api.ts';
import type { AtsApiOptions } from './http/common.ts';
import { LeverApi } from './lever/api.ts';
import { MergeApi } from './merge/api.ts';
import { SmartRecruitersApi } from './smartrecruiters/api.ts';
import { WorkableApi } from './workable/api.ts';

/**
 * Every ATS API the bridge writes back to (and reads profiles from): which credentials make
 * it usable for a tenant, and how to build its client. A new ATS is a folder plus one entry.
 */
type Sources = NonNullable<TenantConfig['sources']>;

interface Entry<K extends keyof Sources & keyof TenantSecrets> {
  /** False = the tenant has no credentials for this API: write-back is "not configured". */
  usable(config: NonNullable<Sources[K]>, secrets: NonNullable<TenantSecrets[K]>): boolean;
  create(config: NonNullable<Sources[K]>, secrets: NonNullable<TenantSecrets[K]>, options: AtsApiOptions): AtsApi;
}

const entries: { [K in keyof Sources & keyof TenantSecrets]: Entry<K> } = {
  greenhouse: { usable: (_, s) => !!s.clientId && !!s.clientSecret, create: (c, s, o) => new GreenhouseApi(c, s, o) },
  lever: { usable: (_, s) => !!s.apiKey, create: (c, s, o) => new LeverApi(c, s, o) },
  ashby: { usable: (_, s) => !!s.apiKey, create: (c, s, o) => new AshbyApi(c, s, o) },
  workable: { usable: (c, s) => !!s.apiToken && !!c.apiBaseUrl, create: (c, s, o) => new WorkableApi(c, s, o) },
  smartrecruiters: { usable: (_, s) => !!s.apiKey, create: (c, s, o) => new SmartRecruitersApi(c, s, o) },
  merge: { usable: (_, s) => !!s.apiKey && !!s.accountToken, create: (c, s, o) => new MergeApi(c, s, o) },
  generic: { usable: (c, s) => !!c.callbackUrl && !!s.webhookSecret, create: (c, s, o) => new GenericApi(c, s, o) },
};

/**
 * Clients are kept per tenant and source while their config and secrets stay the same, so a
 * warm Lambda reuses the Greenhouse token and the Workable limiter across messages.
 */
const cache = new Map<string, { fingerprint: string; clock: Clock | undefined; api: AtsApi }>();

export function createAtsApi(tenant: TenantConfig, secrets: TenantSecrets, source: string, clock?: Clock): AtsApi | undefined {
  return createAtsApiWith(tenant, secrets, source, clock ? { clock } : {});
}

/** As createAtsApi, with the test seams (fetch, sleep); not cached when a fetch is injected. */
export function createAtsApiWith(tenant: TenantConfig, secrets: TenantSecrets, source: string, options: AtsApiOptions): AtsApi | undefined {
  if (!Object.hasOwn(entries, source)) return undefined;
  const name = source as keyof typeof entries;
  const config = tenant.sources[name];
  const sourceSecrets = secrets[name];
  if (!config || !sourceSecrets) return undefined;
  const entry = entries[name] as Entry<typeof name>;
  if (!entry.usable(config as never, sourceSecrets as never)) return undefined;

  const key = `${tenant.id}#${name}`;
  const fingerprint = createHash('sha256').update(JSON.stringify([config, sourceSecrets])).digest('hex');
  const cached = cache.get(key);
  if (!options.fetch && !options.sleep && cached && cached.fingerprint === fingerprint && cached.clock === options.clock) return cached.api;

  let api: AtsApi;
  try {
    api = entry.create(config as never, sourceSecrets as never, options);
  } catch (error) {
    // A config the client cannot use (an unresolved "sandbox" URL...): every call says why.
    if (!(error instanceof AtsApiError)) throw error;
    api = failingApi(name, error);
  }
  if (!options.fetch && !options.sleep) cache.set(key, { fingerprint, clock: options.clock, api });
  return api;
}

export const atsApiSources = Object.keys(entries);

function failingApi(source: string, error: AtsApiError): AtsApi {
  const fail = async (): Promise<never> => {
    throw error;
  };
  return { source, writeBack: fail, fetchApplication: fail };
}
