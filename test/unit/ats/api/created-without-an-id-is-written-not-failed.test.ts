import { describe, expect, it } from 'vitest';
import { GreenhouseApi } from '#shared/ats/greenhouse/api';
import { SmartRecruitersApi } from '#shared/ats/smartrecruiters/api';
import { completed, fakeFetch, ManualClock, noSleep, refOf, routes, settings, type Reply } from './support.ts';

/**
 * A 2xx to a create means the ATS wrote it. The id in the answer is only for the receipt:
 * an answer without one must not turn a written note into a FAILED write-back (non-retryable,
 * alarm), whose manual retry would then write the note a second time.
 */

const pdf = { load: async () => ({ filename: 'report.pdf', contentType: 'application/pdf', content: new Uint8Array([37, 80, 68, 70]) }) };

describe('a create answered 2xx without an id', () => {
  it('SmartRecruiters: the message object as documented (content, createdOn, visibility, authorId, context; no id) is a written note', async () => {
    const documented: Reply = {
      status: 201,
      body: { content: '#[CANDIDATE:cand-1] …', createdOn: '2026-09-15T10:00:00.000Z', visibility: 'DIRECT', authorId: 'user-1', context: { applications: [{ candidateId: 'cand-1', jobId: 'job-9' }] } },
    };
    const fake = fakeFetch(routes({ 'POST /messages/shares': documented }));
    const api = new SmartRecruitersApi({ apiBaseUrl: 'https://api.sr.test', freshnessSeconds: 300 }, { webhookSecrets: ['s'], apiKey: 'sr-token' }, { fetch: fake.fetch, sleep: noSleep });

    const receipt = await api.writeBack(refOf({ applicationId: 'cand-1:job-9', candidateId: 'cand-1', jobIds: ['job-9'] }), completed(82), settings());

    expect(fake.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['POST /messages/shares']);
    expect(receipt).toEqual({});
  });

  it('Greenhouse: a note and an attachment answered 201 with an empty body or without an id are written', async () => {
    const clock = new ManualClock();
    const fake = fakeFetch(routes({
      'POST /token': { body: { access_token: 'token-1', expires_in: 3600 } },
      'POST /v3/notes': { status: 201 },
      'POST /v3/attachments': { status: 201, body: { filename: 'report.pdf', type: 'other' } },
    }));
    const api = new GreenhouseApi(
      { harvestBaseUrl: 'https://harvest.test/v3', tokenUrl: 'https://auth.test/token', onBehalfOfUserId: '7001' },
      { webhookSecret: 'hook', clientId: 'id', clientSecret: 'secret' },
      { fetch: fake.fetch, clock, sleep: clock.sleep, random: () => 0.5 },
    );

    const receipt = await api.writeBack(refOf(), completed(82), settings(), pdf);

    expect(fake.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['POST /token', 'POST /v3/notes', 'POST /v3/attachments']);
    expect(receipt).toEqual({});
  });
});
