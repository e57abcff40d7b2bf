import { describe, expect, it } from 'vitest';
import { MergeApi } from '#shared/ats/merge/api';
import { atsSource } from '#shared/ats/registry';
import { acceptAtsWebhook } from '#shared/use-cases/accept-ats-webhook';
import { InMemoryQueue, InMemoryReplayGuard, RecordingTelemetry, StaticTenantSecrets } from '../../../support/fakes.ts';
import { APPLICATION as APP_IN_STATE, JOB as JOB_IN_RULE, TENANT as PROCESS_TENANT, TRIGGER_STAGE, processorHarness, testConfig } from '../../../support/bridge.ts';
import { fakeFetch, noSleep, routes } from '../api/support.ts';
import { LINKED_ACCOUNT, SECRET, TENANT, fixtureJson, ingressConfig, mergeRequest } from './helpers.ts';

/**
 * Merge's Application names its candidate by id unless expanded, and the field is nullable: a
 * webhook whose `data.candidate` is null (or absent) still names the application. Answering it
 * 400 lost the event (Merge does not retry a 4xx). It is taken with the application id; the
 * processor reads the application from Merge (candidate expanded) before it decides, as it does
 * for every Merge event, and learns the candidate there.
 */
const APPLICATION = '92e8a369-fffe-430d-b93a-f7e8a16563f1';
const CANDIDATE = '2872ba14-4084-492b-be96-e5eee6fc33ef';

async function send(body: any) {
  const queue = new InMemoryQueue();
  const answer = await acceptAtsWebhook({ source: 'merge', tenantId: TENANT, request: mergeRequest(body) }, {
    config: ingressConfig({ merge: { linkedAccountId: LINKED_ACCOUNT } }), secrets: new StaticTenantSecrets({ [TENANT]: { merge: { webhookSecret: SECRET } } }), queue,
    sourceFor: atsSource, telemetry: new RecordingTelemetry(), replayGuard: new InMemoryReplayGuard(),
  });
  return { answer, events: queue.messages as any[] };
}

describe('a Merge Application webhook that does not name its candidate', () => {
  it.each([
    ['candidate null', (data: any) => { data.candidate = null; }],
    ['candidate absent', (data: any) => { delete data.candidate; }],
  ])('%s: taken (200) and enqueued by application, to be read from Merge', async (_label, change) => {
    const body = fixtureJson('Application.changed');
    change(body.data);
    const { answer, events } = await send(body);
    expect(answer.status).toBe(200);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: 'application.stage_changed', applicationId: APPLICATION, candidateId: '', needsProfileFetch: true });
  });

  it('a bare candidate id (Merge\'s unexpanded form) is the candidate', async () => {
    const body = fixtureJson('Application.changed');
    expect(typeof body.data.candidate).toBe('string');
    const { events } = await send(body);
    expect(events[0]).toMatchObject({ applicationId: APPLICATION, candidateId: CANDIDATE });
  });

  it('a rejection without a candidate still closes the application', async () => {
    const body = fixtureJson('Application.changed.rejected');
    body.data.candidate = null;
    const { answer, events } = await send(body);
    expect(answer.status).toBe(200);
    expect(events[0]).toMatchObject({ kind: 'application.rejected', applicationId: APPLICATION });
  });
});

const candidate = {
  id: 'cand-uuid', first_name: 'Ada', last_name: 'Lovelace',
  email_addresses: [{ value: 'ada.lovelace@example.com', email_address_type: 'PERSONAL' }],
  phone_numbers: [{ value: '+1 604 555 0199', phone_number_type: 'MOBILE' }],
  locations: ['Vancouver, BC, Canada'],
};

function mergeApi(application: (expand: boolean) => unknown) {
  const fake = fakeFetch(routes({
    [`GET /api/ats/v1/applications/${APP_IN_STATE}`]: (req) => ({ body: application(!!req.url.searchParams.get('expand')) }),
    'GET /api/ats/v1/candidates/cand-uuid': { body: candidate },
  }));
  const api = new MergeApi({ apiBaseUrl: 'https://api.merge.test/api', remoteUserId: 'remote-7' }, { webhookSecret: 'w', apiKey: 'k', accountToken: 't' }, { fetch: fake.fetch, sleep: noSleep });
  return { api, fake };
}

describe('the Merge read names the candidate the webhook did not', () => {
  const ref = { tenantId: PROCESS_TENANT, source: 'merge', applicationId: APP_IN_STATE, candidateId: '', jobIds: [] };

  it('from the expanded candidate', async () => {
    const { api } = mergeApi(() => ({ id: APP_IN_STATE, candidate, job: { id: JOB_IN_RULE }, current_stage: { ...TRIGGER_STAGE } }));
    expect(await api.fetchApplication(ref)).toMatchObject({ candidateId: 'cand-uuid', candidate: { firstName: 'Ada', phones: [{ value: '+1 604 555 0199' }] } });
  });

  it('from the application\'s candidate id when Merge did not expand it (the candidate read by that id, not the empty ref)', async () => {
    const { api, fake } = mergeApi(() => ({ id: APP_IN_STATE, candidate: 'cand-uuid', job: JOB_IN_RULE, current_stage: TRIGGER_STAGE.id }));
    expect(await api.fetchApplication(ref)).toMatchObject({ candidateId: 'cand-uuid', candidate: { lastName: 'Lovelace' } });
    expect(fake.calls.map((c) => c.path)).toContain('/api/ats/v1/candidates/cand-uuid');
  });

  it('an application Merge holds without any candidate is refused for good (no one to call), not retried', async () => {
    const { api } = mergeApi(() => ({ id: APP_IN_STATE, candidate: null, job: JOB_IN_RULE, current_stage: TRIGGER_STAGE.id }));
    await expect(api.fetchApplication(ref)).rejects.toMatchObject({ retryable: false });
  });

  it('the processor starts the interview for the candidate read, and keeps their id for the write-back', async () => {
    const h = processorHarness({ config: testConfig((raw) => { raw.tenants[0].rules[0].source = 'merge'; }) });
    const { api } = mergeApi(() => ({ id: APP_IN_STATE, candidate, job: { id: JOB_IN_RULE }, current_stage: { ...TRIGGER_STAGE } }));
    h.deps.atsApis = () => api;
    await h.process({
      type: 'ats', source: 'merge', tenantId: PROCESS_TENANT, deliveryId: 'sha256-merge-1', kind: 'application.stage_changed',
      occurredAt: '2026-04-13T16:58:03.118Z', receivedAt: '2026-04-13T17:00:00.000Z', applicationId: APP_IN_STATE, candidateId: '',
      jobIds: [JOB_IN_RULE], jobLocations: [], stage: { ...TRIGGER_STAGE }, changeNotice: true, needsProfileFetch: true,
    });
    expect(h.provider.liveInterviews()).toHaveLength(1);
    expect((await h.state()).candidateId).toBe('cand-uuid');
  });
});
