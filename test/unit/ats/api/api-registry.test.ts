import { describe, expect, it } from 'vitest';
import { createAtsApi, createAtsApiWith } from '#shared/ats/api-registry';
import { AshbyApi } from '#shared/ats/ashby/api';
import { GenericApi } from '#shared/ats/generic/api';
import { GreenhouseApi } from '#shared/ats/greenhouse/api';
import { LeverApi } from '#shared/ats/lever/api';
import { MergeApi } from '#shared/ats/merge/api';
import { SmartRecruitersApi } from '#shared/ats/smartrecruiters/api';
import { WorkableApi } from '#shared/ats/workable/api';
import { tenantSchema, type TenantSecrets } from '#shared/config/schema';
import { completed, ManualClock, refOf } from './support.ts';

let n = 0;
const tenantWith = (sources: Record<string, unknown>) => tenantSchema.parse({ id: `reg-${++n}`, sources });

const full: TenantSecrets = {
  greenhouse: { webhookSecret: 'w', clientId: 'c', clientSecret: 's' },
  lever: { signatureTokens: ['t'], apiKey: 'k' },
  ashby: { webhookSecret: 'w', apiKey: 'k' },
  workable: { webhookSecret: 'w', apiToken: 'k' },
  smartrecruiters: { webhookSecrets: ['w'], apiKey: 'k' },
  merge: { webhookSecret: 'w', apiKey: 'k', accountToken: 'a' },
  generic: { webhookSecret: 'w' },
};
const allSources = {
  greenhouse: {}, lever: {}, ashby: {}, smartrecruiters: {}, merge: {},
  workable: { apiBaseUrl: 'https://acme.workable.com/spi/v3' },
  generic: { callbackUrl: 'https://hr.example.test/bridge' },
};

describe('createAtsApi', () => {
  it.each([
    ['greenhouse', GreenhouseApi], ['lever', LeverApi], ['ashby', AshbyApi], ['workable', WorkableApi],
    ['smartrecruiters', SmartRecruitersApi], ['merge', MergeApi], ['generic', GenericApi],
  ] as const)('%s with credentials → its client', (source, type) => {
    const api = createAtsApi(tenantWith(allSources), full, source);
    expect(api).toBeInstanceOf(type);
    expect(api!.source).toBe(source);
  });

  it('fetchApplication exists exactly for the sources whose webhooks carry ids only', () => {
    const tenant = tenantWith(allSources);
    const withFetch = Object.keys(full).filter((s) => typeof createAtsApi(tenant, full, s)?.fetchApplication === 'function');
    expect(withFetch.sort()).toEqual(['lever', 'merge', 'smartrecruiters']);
  });

  it.each<[string, TenantSecrets, Record<string, unknown>?]>([
    ['greenhouse', { greenhouse: { webhookSecret: 'w', clientId: 'c' } }],
    ['lever', { lever: { signatureTokens: ['t'] } }],
    ['ashby', { ashby: { webhookSecret: 'w' } }],
    ['workable', { workable: { webhookSecret: 'w', apiToken: 'k' } }, { workable: {} }],
    ['smartrecruiters', { smartrecruiters: { webhookSecrets: ['w'] } }],
    ['merge', { merge: { webhookSecret: 'w', apiKey: 'k' } }],
    ['generic', { generic: { webhookSecret: 'w' } }, { generic: {} }],
  ])('%s without API credentials → undefined (write-back not configured)', (source, secrets, sources) => {
    expect(createAtsApi(tenantWith(sources ?? allSources), secrets, source)).toBeUndefined();
  });

  it('undefined for a source the tenant has no section for, and for an unknown source', () => {
    expect(createAtsApi(tenantWith({}), full, 'lever')).toBeUndefined();
    expect(createAtsApi(tenantWith(allSources), full, 'bamboo')).toBeUndefined();
  });

  it('reuses the client while config and secrets are unchanged (token cache survives), not after a rotation', () => {
    const tenant = tenantWith(allSources);
    const clock = new ManualClock();
    const first = createAtsApi(tenant, full, 'greenhouse', clock);
    expect(createAtsApi(tenant, full, 'greenhouse', clock)).toBe(first);
    const rotated = { ...full, greenhouse: { ...full.greenhouse!, clientSecret: 'rotated' } };
    expect(createAtsApi(tenant, rotated, 'greenhouse', clock)).not.toBe(first);
  });

  it('an API URL left at "sandbox" gives a client whose calls fail as NOT_CONFIGURED (not retryable)', async () => {
    const api = createAtsApiWith(tenantWith({ ...allSources, lever: { apiBaseUrl: 'sandbox' } }), full, 'lever', {});
    expect(api).toBeDefined();
    await expect(api!.writeBack(refOf(), completed(), { note: true })).rejects.toMatchObject({ code: 'NOT_CONFIGURED', retryable: false });
    await expect(api!.fetchApplication!(refOf())).rejects.toMatchObject({ code: 'NOT_CONFIGURED' });
  });
});
