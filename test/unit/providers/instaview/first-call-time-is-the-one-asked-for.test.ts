import { describe, expect, it } from 'vitest';
import { callWindowSchema } from '#shared/config/schema';
import { CallWindow } from '#shared/domain/time/call-window';
import type { StartInterviewRequest } from '#shared/ports/interview-provider';
import { createInstaViewProvider } from '#shared/providers/instaview/adapter';
import { apiError, clientOn, envelope, type FakeRequest, type Reply } from './fake-fetch.ts';

/**
 * InstaView's docs spell the interview's start two ways: the changelog `scheduledAt` (sent),
 * the create-interview reference sample `scheduleTime`. An InstaView that reads only the other
 * spelling creates the interview "now" (its resource always carries a scheduledAt), and the
 * phone rings outside the candidate's hours unless the bridge notices.
 */

const ASKED = '2026-03-02T10:00:00+01:00';
const NOW_AT_PROVIDER = '2026-03-02T03:00:00.000Z';

const request = (): StartInterviewRequest => ({
  externalKey: 'aib:acme:app-1:screening:1', tenantId: 'acme', applicationId: 'app-1', atsCandidateId: 'gh-77',
  candidate: { firstName: 'Anna', lastName: 'Novak', emails: ['anna@example.com'], phones: [{ value: '+421905123456' }], addresses: [] },
  phoneE164: '+421905123456', email: 'anna@example.com', providerJobId: 'job_1', atsJobIds: ['4012345'],
  window: new CallWindow(callWindowSchema.parse({}), ['Europe/Bratislava']), now: new Date('2026-03-02T03:00:00Z'),
  retainUntil: '2026-08-29', scheduledAt: ASKED,
  options: { agentId: 'agent_1', interviewType: 'PHONE', focus: 'SCREENING' }, recovering: false,
});

const candidate = { id: 'cand_1', firstName: 'Anna', lastName: 'Novak', email: 'anna@example.com', phoneNumber: '+421905123456', jobIds: ['job_1'], gdprExpiryDate: '2026-12-31', metadata: {} };
const interview = (scheduledAt: string) => ({ id: 'int_new', candidateId: 'cand_1', agentId: 'agent_1', status: 'SCHEDULED', scheduledAt, metadata: {}, callAttempts: [], analysis: null });

function instaViewReading(createInterview: (req: FakeRequest) => Reply) {
  const { client, calls } = clientOn((req) => {
    if (req.method === 'GET' && req.path === '/candidates') return envelope({ data: [candidate], total: 1 });
    if (req.method === 'POST' && req.path === '/interviews') return createInterview(req);
    if (req.method === 'POST' && req.path === '/interviews/int_new/call-attempts') return envelope({ success: true, message: 'ok' });
    throw new Error(`unexpected ${req.method} ${req.path}`);
  });
  const instaview = createInstaViewProvider({ client, clock: { now: () => new Date('2026-03-02T03:00:00Z') } });
  return { instaview, sent: (method: string, path: string) => calls.filter((c) => c.method === method && c.path === path) };
}

describe('InstaView first call: at the time the bridge asked for, whichever spelling InstaView reads', () => {
  it('an interview created for another time (the field was not read) gets its call placed at the time asked for', async () => {
    const { instaview, sent } = instaViewReading(() => envelope(interview(NOW_AT_PROVIDER)));
    const started = await instaview.startInterview(request());
    expect(sent('POST', '/interviews/int_new/call-attempts').map((c) => c.body)).toEqual([{ scheduledAt: ASKED }]);
    expect(started.scheduledAt).toBe(ASKED);
  });

  it('the same instant written in UTC is the time asked for: no extra call attempt', async () => {
    const { instaview, sent } = instaViewReading(() => envelope(interview('2026-03-02T09:00:00.000Z')));
    await instaview.startInterview(request());
    expect(sent('POST', '/interviews/int_new/call-attempts')).toHaveLength(0);
  });

  it('a create refused because of the scheduledAt field is sent again once with scheduleTime (nothing was created)', async () => {
    const { instaview, sent } = instaViewReading((req) => ('scheduledAt' in (req.body as object)
      ? { status: 400, body: { statusCode: 400, message: ['property scheduledAt should not exist'], error: 'Bad Request' } }
      : envelope(interview((req.body as { scheduleTime: string }).scheduleTime))));
    const started = await instaview.startInterview(request());
    const bodies = sent('POST', '/interviews').map((c) => c.body as Record<string, unknown>);
    expect(bodies).toHaveLength(2);
    expect(bodies[1]).toMatchObject({ scheduleTime: ASKED });
    expect(bodies[1]).not.toHaveProperty('scheduledAt');
    expect(started).toMatchObject({ providerInterviewId: 'int_new', scheduledAt: ASKED });
  });

  it.each([
    ['outside its own call time interval', 'scheduledAt 2026-03-02T10:00:00+01:00 is outside the allowed call time interval'],
    ['an unreadable date', 'Invalid date format for scheduledAt: unexpected character at position 19'],
    ['in the past', 'scheduledAt must be in the future'],
    ['in the past, in words a validator uses for unknown fields too', 'scheduledAt is not allowed in the past'],
    ['outside its hours, in those words', 'A scheduledAt outside the calling hours (08:00-20:00) is not permitted'],
  ])('a create refused for the time it asks (%s) is not sent again without it: no interview that calls at once', async (_, message) => {
    // An InstaView that checks every time it is given (the create's and a call attempt's) and
    // ignores fields it does not know: a create without scheduledAt calls at once.
    const created: string[] = [];
    const { client } = clientOn((req) => {
      const body = req.body as Record<string, unknown> | undefined;
      if (req.method === 'GET' && req.path === '/candidates') return envelope({ data: [candidate], total: 1 });
      if (req.method === 'POST' && (req.path === '/interviews' || req.path === '/interviews/int_new/call-attempts') && body?.scheduledAt) {
        return apiError(400, 'VALIDATION_ERROR', message);
      }
      if (req.method === 'POST' && req.path === '/interviews') {
        created.push(NOW_AT_PROVIDER);
        return envelope(interview(NOW_AT_PROVIDER));
      }
      throw new Error(`unexpected ${req.method} ${req.path}`);
    });
    const instaview = createInstaViewProvider({ client, clock: { now: () => new Date('2026-03-02T03:00:00Z') } });
    await expect(instaview.startInterview(request())).rejects.toMatchObject({ httpStatus: 400, retryable: false });
    expect(created).toEqual([]);
  });

  it('another 400 on create is not repeated', async () => {
    const { instaview, sent } = instaViewReading(() => apiError(400, 'VALIDATION_ERROR', 'agentId must be a valid id'));
    await expect(instaview.startInterview(request())).rejects.toMatchObject({ httpStatus: 400 });
    expect(sent('POST', '/interviews')).toHaveLength(1);
  });
});
