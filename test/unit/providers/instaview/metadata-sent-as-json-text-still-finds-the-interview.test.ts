import { describe, expect, it } from 'vitest';
import { callWindowSchema } from '#shared/config/schema';
import { CallWindow } from '#shared/domain/time/call-window';
import type { StartInterviewRequest } from '#shared/ports/interview-provider';
import { createInstaViewProvider } from '#shared/providers/instaview/adapter';
import { clientOn, envelope } from './fake-fetch.ts';

/**
 * The bridge finds an interrupted create again by `metadata.externalInterviewId`. InstaView
 * documents metadata as an object, but an API that stores it as a JSON column may hand it back
 * as its text. Read as `{}`, the key was not seen, recovery missed, and a second interview
 * (a second call to the candidate) was created.
 */

const KEY = 'aib:acme:app-1:screening:1';
const AT = '2026-03-02T10:00:00+01:00';

const request: StartInterviewRequest = {
  externalKey: KEY, tenantId: 'acme', applicationId: 'app-1', atsCandidateId: 'gh-77',
  candidate: { firstName: 'Anna', lastName: 'Novak', emails: ['anna@example.com'], phones: [{ value: '+421905123456' }], addresses: [] },
  phoneE164: '+421905123456', email: 'anna@example.com', providerJobId: 'job_1', atsJobIds: ['4012345'],
  window: new CallWindow(callWindowSchema.parse({}), ['Europe/Bratislava']), now: new Date('2026-03-02T08:00:00Z'),
  retainUntil: '2026-08-29', scheduledAt: AT,
  options: { agentId: 'agent_1', interviewType: 'PHONE', focus: 'SCREENING' }, recovering: true,
};

const candidate = { id: 'cand_1', email: 'anna@example.com', phoneNumber: '+421905123456', jobIds: ['job_1'], gdprExpiryDate: '2026-12-31', metadata: '{"externalCandidateId":"acme:gh-77"}' };
const earlier = { id: 'int_1', candidateId: 'cand_1', status: 'SCHEDULED', scheduledAt: AT, metadata: JSON.stringify({ externalInterviewId: KEY, externalApplicationId: 'acme:app-1' }), callAttempts: [] };

describe('InstaView metadata given as JSON text', () => {
  it('a recovering start finds the interview the interrupted one created, and creates none', async () => {
    const { client, calls } = clientOn((req) => {
      if (req.method === 'GET' && req.path === '/candidates') return envelope({ data: [candidate], total: 1 });
      if (req.method === 'GET' && req.path === '/interviews') return envelope({ data: [earlier], total: 1 });
      if (req.method === 'POST' && req.path === '/interviews') return envelope({ ...earlier, id: 'int_2' });
      throw new Error(`unexpected ${req.method} ${req.path}`);
    });
    const provider = createInstaViewProvider({ client });
    const started = await provider.startInterview(request);
    expect(started).toMatchObject({ providerInterviewId: 'int_1', recovered: true });
    expect(calls.filter((c) => c.method === 'POST' && c.path === '/interviews')).toHaveLength(0);
  });

  it('findInterview and getInterview report the bridge key read from the text', async () => {
    const { client } = clientOn((req) => {
      if (req.method === 'GET' && req.path === '/interviews') return envelope({ data: [earlier], total: 1 });
      if (req.method === 'GET' && req.path === '/interviews/int_1') return envelope(earlier);
      throw new Error(`unexpected ${req.method} ${req.path}`);
    });
    const provider = createInstaViewProvider({ client });
    expect(await provider.findInterview(KEY, { providerCandidateId: 'cand_1' } as never)).toMatchObject({ id: 'int_1', externalKey: KEY });
    expect((await provider.getInterview('int_1'))?.externalKey).toBe(KEY);
  });

  it('metadata text that is not a JSON object is still no metadata, not a failure', async () => {
    const { client } = clientOn(() => envelope({ ...earlier, metadata: 'not json' }));
    const provider = createInstaViewProvider({ client });
    expect(await provider.getInterview('int_1')).toMatchObject({ id: 'int_1', externalKey: undefined });
  });
});
