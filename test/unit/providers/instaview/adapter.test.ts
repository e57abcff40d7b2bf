import { callWindowSchema } from '#shared/config/schema';
import { CallWindow } from '#shared/domain/time/call-window';
import { describe, expect, it } from 'vitest';
import { ProviderError, type StartInterviewRequest } from '#shared/ports/interview-provider';
import { createInstaViewProvider, WEBHOOK_SUBSCRIPTION } from '#shared/providers/instaview/adapter';
import { apiError, clientOn, envelope, type FakeRequest, type Reply } from './fake-fetch.ts';

const NOW = new Date('2026-03-02T08:00:00.000Z');

const request = (overrides: Partial<StartInterviewRequest> = {}): StartInterviewRequest => ({
  externalKey: 'acme:app-1:screening:1',
  tenantId: 'acme',
  applicationId: 'app-1',
  atsCandidateId: 'gh-77',
  candidate: { firstName: 'Anna', lastName: 'Novak', emails: ['anna@example.com'], phones: [{ value: '+421905123456' }], addresses: [] },
  phoneE164: '+421905123456',
  email: 'anna@example.com',
  providerJobId: 'job_1',
  atsJobIds: ['4012345'],
  window: new CallWindow(callWindowSchema.parse({}), ['Europe/Bratislava']),
  now: new Date('2026-06-01T10:00:00Z'),
  retainUntil: '2026-08-29',
  scheduledAt: '2026-03-02T10:00:00+01:00',
  options: { agentId: 'agent_1', interviewType: 'PHONE', focus: 'SCREENING', isTest: false, jobMap: { gh: 'job_1' } },
  recovering: false,
  ...overrides,
});

const candidate = (overrides: Record<string, unknown> = {}) => ({
  id: 'cand_1', firstName: 'Anna', lastName: 'Novak', email: 'anna@example.com', phoneNumber: '+421905123456',
  jobIds: ['job_1'], gdprExpiryDate: '2026-12-31', metadata: {}, ...overrides,
});

const interview = (overrides: Record<string, unknown> = {}) => ({
  id: 'int_new', candidateId: 'cand_1', agentId: 'agent_1', status: 'SCHEDULED', scheduledAt: '2026-03-02T09:00:00.000Z',
  metadata: {}, callAttempts: [], analysis: null, ...overrides,
});

/** A scripted InstaView: `routes` answers `METHOD /path`; unknown requests fail the test. */
function provider(routes: Record<string, (req: FakeRequest) => Reply>) {
  const { client, calls } = clientOn((req) => {
    const key = `${req.method} ${req.path}`;
    const handler = routes[key];
    if (!handler) throw new Error(`unexpected request ${key}`);
    return handler(req);
  });
  const instaview = createInstaViewProvider({ client, clock: { now: () => NOW } });
  const sent = (method: string, path: string) => calls.filter((c) => c.method === method && c.path === path);
  return { instaview, calls, sent };
}

async function rejection(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

describe('startInterview: find or create the candidate', () => {
  it('creates the candidate when the search finds no exact match, then the interview', async () => {
    const { instaview, sent } = provider({
      // A near miss: search is a substring match at InstaView, the adapter must not take it.
      'GET /candidates': () => envelope({ data: [candidate({ id: 'cand_other', email: 'anna@example.com.au', phoneNumber: '+421905123450' })], total: 1 }),
      'POST /candidates': () => envelope(candidate({ id: 'cand_created' })),
      'POST /interviews': () => envelope(interview({ candidateId: 'cand_created' })),
    });
    const started = await instaview.startInterview(request());
    expect(started).toEqual({ providerCandidateId: 'cand_created', providerInterviewId: 'int_new', scheduledAt: '2026-03-02T09:00:00.000Z', recovered: false });
    expect(sent('POST', '/candidates')[0]?.body).toEqual({
      firstName: 'Anna', lastName: 'Novak', email: 'anna@example.com', phoneNumber: '+421905123456', gdprExpiryDate: '2026-08-29',
      jobId: 'job_1', jobIds: ['job_1'], metadata: { externalCandidateId: 'acme:gh-77' },
    });
    expect(sent('POST', '/interviews')[0]?.body).toEqual({
      candidateId: 'cand_created', agentId: 'agent_1', jobId: 'job_1', scheduledAt: '2026-03-02T10:00:00+01:00',
      metadata: { externalApplicationId: 'acme:app-1', externalInterviewId: 'acme:app-1:screening:1' }, isTest: false,
    });
    // searched by email, then by phone
    expect(sent('GET', '/candidates').map((c) => c.query.get('search'))).toEqual(['anna@example.com', '+421905123456']);
  });

  it('a 409 on create (the candidate exists after all) finds it again and goes on; other 409s are not retried blindly', async () => {
    let searches = 0;
    const { instaview, sent } = provider({
      'GET /candidates': () => (++searches <= 2 ? envelope({ data: [], total: 0 }) : envelope({ data: [candidate({ id: 'cand_late' })], total: 1 })),
      'POST /candidates': () => apiError(409, 'DUPLICATE_CANDIDATE', 'Candidate with this email already exists'),
      'POST /interviews': () => envelope(interview({ candidateId: 'cand_late' })),
    });
    expect((await instaview.startInterview(request())).providerCandidateId).toBe('cand_late');
    expect(sent('POST', '/candidates')).toHaveLength(1);

    const none = provider({
      'GET /candidates': () => envelope({ data: [], total: 0 }),
      'POST /candidates': () => apiError(409, 'DUPLICATE_CANDIDATE', 'Candidate with this email already exists'),
    });
    expect(await rejection(none.instaview.startInterview(request()))).toMatchObject({ code: 'DUPLICATE_CANDIDATE', retryable: false });
  });

  it('reuses an exact email match (any case) without creating one', async () => {
    const { instaview, sent } = provider({
      'GET /candidates': () => envelope({ data: [candidate({ id: 'cand_near', email: 'xanna@example.com' }), candidate({ id: 'cand_1', email: 'Anna@Example.com' })], total: 2 }),
      'POST /interviews': () => envelope(interview()),
    });
    const started = await instaview.startInterview(request());
    expect(started.providerCandidateId).toBe('cand_1');
    expect(sent('POST', '/candidates')).toHaveLength(0);
    expect(sent('PATCH', '/candidates/cand_1')).toHaveLength(0);
  });

  it('prefers the match carrying our external candidate id', async () => {
    const { instaview } = provider({
      'GET /candidates': () => envelope([candidate({ id: 'cand_a' }), candidate({ id: 'cand_ours', metadata: { externalCandidateId: 'acme:gh-77' } })]),
      'POST /interviews': () => envelope(interview()),
    });
    expect((await instaview.startInterview(request())).providerCandidateId).toBe('cand_ours');
  });

  it('adds the job to a reused candidate that lacks it (InstaView requires it among the candidate jobs)', async () => {
    const { instaview, sent, calls } = provider({
      'GET /candidates': () => envelope([candidate({ jobIds: ['job_old'], jobId: 'job_old' })]),
      'PATCH /candidates/cand_1': () => envelope(candidate({ jobIds: ['job_old', 'job_1'] })),
      'POST /interviews': () => envelope(interview()),
    });
    await instaview.startInterview(request());
    expect(sent('PATCH', '/candidates/cand_1')[0]?.body).toEqual({ jobIds: ['job_old', 'job_1'] });
    const order = calls.map((c) => `${c.method} ${c.path}`);
    expect(order.indexOf('PATCH /candidates/cand_1')).toBeLessThan(order.indexOf('POST /interviews'));
  });

  it('updates a changed phone number and extends a shorter retention on a reused candidate', async () => {
    const { instaview, sent } = provider({
      'GET /candidates': () => envelope([candidate({ phoneNumber: '+421900000000', gdprExpiryDate: '2026-04-01' })]),
      'PATCH /candidates/cand_1': () => envelope(candidate()),
      'POST /interviews': () => envelope(interview()),
    });
    await instaview.startInterview(request());
    expect(sent('PATCH', '/candidates/cand_1')[0]?.body).toEqual({ phoneNumber: '+421905123456', gdprExpiryDate: '2026-08-29' });
  });

  it('finds the candidate by phone when there is no email', async () => {
    const { instaview, sent } = provider({
      'GET /candidates': () => envelope([candidate({ email: null, phoneNumber: '+421 905 123 456' })]),
      'POST /interviews': () => envelope(interview()),
    });
    await instaview.startInterview(request({ email: undefined }));
    expect(sent('GET', '/candidates').map((c) => c.query.get('search'))).toEqual(['+421905123456']);
    expect(sent('POST', '/candidates')).toHaveLength(0);
  });

  it('uses the known provider candidate without searching', async () => {
    const { instaview, sent } = provider({
      'GET /candidates/cand_known': () => envelope(candidate({ id: 'cand_known' })),
      'POST /interviews': () => envelope(interview({ candidateId: 'cand_known' })),
    });
    const started = await instaview.startInterview(request({ knownProviderCandidateId: 'cand_known' }));
    expect(started.providerCandidateId).toBe('cand_known');
    expect(sent('GET', '/candidates')).toHaveLength(0);
  });

  it('searches again when the known candidate is gone (404)', async () => {
    const { instaview, sent } = provider({
      'GET /candidates/cand_gone': () => apiError(404, 'RESOURCE_NOT_FOUND'),
      'GET /candidates': () => envelope([]),
      'POST /candidates': () => envelope(candidate({ id: 'cand_again' })),
      'POST /interviews': () => envelope(interview({ candidateId: 'cand_again' })),
    });
    expect((await instaview.startInterview(request({ knownProviderCandidateId: 'cand_gone' }))).providerCandidateId).toBe('cand_again');
    expect(sent('POST', '/candidates')).toHaveLength(1);
  });
});

describe('startInterview: the first call outside calling hours', () => {
  const routes = (created: Record<string, unknown>, callAttempt: () => Reply = () => envelope({ success: true, message: 'ok' })) => ({
    'GET /candidates': () => envelope({ data: [candidate()], total: 1 }),
    'POST /interviews': () => envelope(interview(created)),
    'POST /interviews/int_new/call-attempts': callAttempt,
  });

  it('takes the time InstaView echoes and asks nothing more', async () => {
    const { instaview, sent } = provider(routes({ scheduledAt: '2026-03-02T09:00:00.000Z' }));
    const started = await instaview.startInterview(request());
    expect(started.scheduledAt).toBe('2026-03-02T09:00:00.000Z');
    expect(sent('POST', '/interviews/int_new/call-attempts')).toHaveLength(0);
  });

  it('an interview that comes back without the time asked for (the "scheduleTime" spelling) gets its call placed at that time', async () => {
    const { instaview, sent } = provider(routes({ scheduledAt: null }));
    const started = await instaview.startInterview(request());
    expect(sent('POST', '/interviews/int_new/call-attempts').map((c) => c.body)).toEqual([{ scheduledAt: '2026-03-02T10:00:00+01:00' }]);
    expect(started).toMatchObject({ providerInterviewId: 'int_new', scheduledAt: '2026-03-02T10:00:00+01:00', recovered: false });
  });

  it('if InstaView refuses that call attempt because its call is already under way (409), the interview stands and no time is recorded for it', async () => {
    const { instaview } = provider(routes({ scheduledAt: undefined }, () => apiError(409, 'CALL_IN_PROGRESS', 'Call attempt in progress')));
    const started = await instaview.startInterview(request());
    expect(started).toMatchObject({ providerInterviewId: 'int_new', recovered: false });
    expect(started.scheduledAt).toBeUndefined();
  });

  it('an ONLINE interview takes no call attempt', async () => {
    const online = request({ options: { agentId: 'agent_1', interviewType: 'ONLINE', focus: 'SCREENING', isTest: false, jobMap: { gh: 'job_1' } } });
    const { instaview, sent } = provider(routes({ scheduledAt: null }));
    await instaview.startInterview(online);
    expect(sent('POST', '/interviews/int_new/call-attempts')).toHaveLength(0);
  });

  it('an ONLINE interview asks for a result poll (InstaView never expires it, and its analysis webhook may be lost); a PHONE one has the call watch instead', async () => {
    const online = request({ options: { agentId: 'agent_1', interviewType: 'ONLINE', focus: 'SCREENING', isTest: false, jobMap: { gh: 'job_1' } } });
    const started = await provider(routes({ scheduledAt: null })).instaview.startInterview(online);
    expect(started.resultDueBy).toBe('2026-06-02T10:00:00.000Z');
    expect(started.openUntil).toBe('2026-06-08T10:00:00.000Z');

    const phone = await provider(routes({})).instaview.startInterview(request());
    expect(phone.resultDueBy).toBeUndefined();
    expect(phone.openUntil).toBeUndefined();
  });

  it('an ONLINE interview stays open for the rule\'s onlineOpenDays (7 when the rule does not say)', async () => {
    const online = request({ options: { agentId: 'agent_1', interviewType: 'ONLINE', focus: 'SCREENING', isTest: false, jobMap: { gh: 'job_1' }, onlineOpenDays: 3 } });
    const started = await provider(routes({ scheduledAt: null })).instaview.startInterview(online);
    expect(started.openUntil).toBe('2026-06-04T10:00:00.000Z');
  });
});

describe('startInterview: recovery after an interrupted attempt', () => {
  it('returns the interview an earlier attempt created (matched by external key) instead of creating another', async () => {
    const { instaview, sent } = provider({
      'GET /candidates': () => envelope([candidate()]),
      'GET /interviews': () => envelope({
        items: [
          interview({ id: 'int_cancelled', status: 'CANCELED', metadata: { externalInterviewId: 'acme:app-1:screening:1' } }),
          interview({ id: 'int_other', metadata: { externalInterviewId: 'acme:app-1:screening:0' } }),
          interview({ id: 'int_mine', scheduledAt: '2026-03-02T09:05:00.000Z', metadata: { externalInterviewId: 'acme:app-1:screening:1' } }),
        ],
        pagination: { total: 3, page: 1, limit: 100, hasNextPage: false },
      }),
    });
    const started = await instaview.startInterview(request({ recovering: true }));
    expect(started).toEqual({ providerCandidateId: 'cand_1', providerInterviewId: 'int_mine', scheduledAt: '2026-03-02T09:05:00.000Z', recovered: true });
    expect(sent('GET', '/interviews')[0]?.query.get('candidateId')).toBe('cand_1');
    expect(sent('POST', '/interviews')).toHaveLength(0);
  });

  it('creates the interview when recovery finds only a cancelled one', async () => {
    const { instaview, sent } = provider({
      'GET /candidates': () => envelope([candidate()]),
      'GET /interviews': () => envelope({ items: [interview({ id: 'int_cancelled', status: 'CANCELLED', metadata: { externalInterviewId: 'acme:app-1:screening:1' } })] }),
      'POST /interviews': () => envelope(interview()),
    });
    const started = await instaview.startInterview(request({ recovering: true }));
    expect(started).toMatchObject({ providerInterviewId: 'int_new', recovered: false });
    expect(sent('POST', '/interviews')).toHaveLength(1);
  });

  it('does not look for interviews when not recovering', async () => {
    const { instaview, sent } = provider({
      'GET /candidates': () => envelope([candidate()]),
      'POST /interviews': () => envelope(interview()),
    });
    await instaview.startInterview(request());
    expect(sent('GET', '/interviews')).toHaveLength(0);
  });
});

describe('startInterview: rule options', () => {
  it('needs a job unless the focus is GENERIC (JOB_REQUIRED, not retryable, nothing sent)', async () => {
    const { instaview, calls } = provider({});
    const error = await rejection(instaview.startInterview(request({ providerJobId: undefined })));
    expect(error).toMatchObject({ code: 'JOB_REQUIRED', retryable: false });
    expect(calls).toHaveLength(0);
  });

  it('creates a GENERIC interview without a job', async () => {
    const { instaview, sent } = provider({
      'GET /candidates': () => envelope([]),
      'POST /candidates': () => envelope(candidate({ jobIds: [] })),
      'POST /interviews': () => envelope(interview()),
    });
    await instaview.startInterview(request({ providerJobId: undefined, options: { agentId: 'agent_g', focus: 'GENERIC' } }));
    const body = sent('POST', '/interviews')[0]?.body as Record<string, unknown>;
    expect(body).not.toHaveProperty('jobId');
    expect(body.agentId).toBe('agent_g');
    expect((sent('POST', '/candidates')[0]?.body as Record<string, unknown>).jobIds).toEqual([]);
  });

  it('refuses a PHONE interview without a phone number', async () => {
    const { instaview } = provider({});
    expect((await rejection(instaview.startInterview(request({ phoneE164: undefined })))).code).toBe('PHONE_REQUIRED');
  });

  it('refuses options without an agent', async () => {
    const { instaview } = provider({});
    expect(await rejection(instaview.startInterview(request({ options: { focus: 'SCREENING' } })))).toMatchObject({ code: 'INVALID_OPTIONS', retryable: false });
  });

  it('passes isTest through', async () => {
    const { instaview, sent } = provider({
      'GET /candidates': () => envelope([candidate()]),
      'POST /interviews': () => envelope(interview()),
    });
    await instaview.startInterview(request({ options: { agentId: 'agent_1', isTest: true } }));
    expect((sent('POST', '/interviews')[0]?.body as Record<string, unknown>).isTest).toBe(true);
  });
});

describe('other port operations', () => {
  it('getInterview maps both CANCELED and CANCELLED, and unknown statuses', async () => {
    const statuses: Record<string, string> = { int_a: 'CANCELED', int_b: 'CANCELLED', int_c: 'UNDEFINED', int_d: 'ARCHIVED', int_e: 'in_progress' };
    const { instaview } = provider(Object.fromEntries(Object.entries(statuses).map(([id, status]) => [`GET /interviews/${id}`, () => envelope(interview({ id, status }))])));
    const mapped = await Promise.all(Object.keys(statuses).map(async (id) => (await instaview.getInterview(id))?.status));
    expect(mapped).toEqual(['CANCELLED', 'CANCELLED', 'UNKNOWN', 'UNKNOWN', 'IN_PROGRESS']);
  });

  it('getInterview: 404 → undefined; the external key and attempts come through', async () => {
    const { instaview } = provider({
      'GET /interviews/int_gone': () => apiError(404, 'RESOURCE_NOT_FOUND'),
      'GET /interviews/int_1': () => envelope(interview({ id: 'int_1', metadata: { externalInterviewId: 'k1' }, callAttempts: [{ id: 'att_1', status: 'FAILED', reasonCode: 'NO_ANSWER', direction: 'OUTBOUND' }] })),
    });
    expect(await instaview.getInterview('int_gone')).toBeUndefined();
    expect(await instaview.getInterview('int_1')).toMatchObject({ externalKey: 'k1', callAttempts: [{ id: 'att_1', status: 'FAILED', reasonCode: 'NO_ANSWER' }] });
  });

  it('findInterview looks the candidate up by email when no provider id is known', async () => {
    const { instaview } = provider({
      'GET /candidates': () => envelope([candidate()]),
      'GET /interviews': () => envelope({ items: [interview({ id: 'int_k', metadata: { externalInterviewId: 'k1' } })] }),
    });
    expect((await instaview.findInterview('k1', { email: 'anna@example.com' }))?.id).toBe('int_k');
    expect(await instaview.findInterview('k2', { email: 'anna@example.com' })).toBeUndefined();
  });

  it('deleteInterview and eraseCandidate: 404 → not_found', async () => {
    const { instaview } = provider({
      'DELETE /interviews/int_1': () => ({ status: 200, body: true }),
      'DELETE /interviews/int_gone': () => apiError(404, 'RESOURCE_NOT_FOUND'),
      'DELETE /candidates/cand_1': () => envelope(true),
      'DELETE /candidates/cand_gone': () => apiError(404, 'RESOURCE_NOT_FOUND'),
    });
    expect(await instaview.deleteInterview('int_1')).toBe('deleted');
    expect(await instaview.deleteInterview('int_gone')).toBe('not_found');
    expect(await instaview.eraseCandidate('cand_1')).toBe('deleted');
    expect(await instaview.eraseCandidate('cand_gone')).toBe('not_found');
  });

  it('deleteInterview lets other errors through', async () => {
    const { instaview } = provider({ 'DELETE /interviews/int_1': () => apiError(403, 'RESOURCE_ACCESS_DENIED') });
    expect((await rejection(instaview.deleteInterview('int_1'))).code).toBe('RESOURCE_ACCESS_DENIED');
  });

  it('requestCallAttempt: now = null, later = the given time', async () => {
    const { instaview, sent } = provider({ 'POST /interviews/int_1/call-attempts': () => ({ status: 201, body: { success: true, message: 'ok' } }) });
    await instaview.requestCallAttempt('int_1');
    await instaview.requestCallAttempt('int_1', '2026-03-03T09:30:00+01:00');
    expect(sent('POST', '/interviews/int_1/call-attempts').map((c) => c.body)).toEqual([{ scheduledAt: null }, { scheduledAt: '2026-03-03T09:30:00+01:00' }]);
  });

  it('requestCallAttempt: call in progress (409) is retryable; a refused attempt (ONLINE) is not', async () => {
    const { instaview } = provider({
      'POST /interviews/int_busy/call-attempts': () => apiError(409, 'CONFLICT', 'A call is already in progress'),
      'POST /interviews/int_online/call-attempts': () => apiError(403, 'FORBIDDEN', 'Call attempts are not available for ONLINE interviews'),
      'POST /interviews/int_other/call-attempts': () => apiError(403, 'RESOURCE_ACCESS_DENIED'),
    });
    expect(await rejection(instaview.requestCallAttempt('int_busy'))).toMatchObject({ code: 'CALL_IN_PROGRESS', retryable: true });
    expect(await rejection(instaview.requestCallAttempt('int_online'))).toMatchObject({ code: 'CALL_ATTEMPT_NOT_ALLOWED', retryable: false });
    expect(await rejection(instaview.requestCallAttempt('int_other'))).toMatchObject({ code: 'RESOURCE_ACCESS_DENIED', retryable: false });
  });

  it('registerWebhook subscribes to the events that drive decisions and sends the token as a custom header', async () => {
    const { instaview, sent } = provider({ 'POST /webhooks': () => envelope({ id: 'wh_1', url: 'https://b/x', events: [], isActive: true, signingSecret: 'ab'.repeat(32) }) });
    const registered = await instaview.registerWebhook('https://bridge.example/webhooks/providers/instaview/acme', 'token-0123456789abcdef');
    expect(registered).toEqual({ id: 'wh_1', signingSecret: 'ab'.repeat(32) });
    const body = sent('POST', '/webhooks')[0]?.body as Record<string, unknown>;
    expect(body.events).toEqual([...WEBHOOK_SUBSCRIPTION]);
    // Call progress (started, completed) is opt-in: each delivery costs a request, a Lambda and a message.
    expect(new Set(body.events as string[])).toEqual(new Set(['interview.failed', 'analysis.completed', 'analysis.failed', 'ping']));
    expect(body.headers).toEqual([{ name: 'X-Bridge-Webhook-Token', value: 'token-0123456789abcdef' }]);
    expect(body.url).toBe('https://bridge.example/webhooks/providers/instaview/acme');
  });
});

describe('fetchResult', () => {
  const analysis = { general: { overallRating: 82, companyFitRating: 'HIGH', strongPoints: ['Clear'], weakPoints: 'Nervous', evaluation: 'Good fit' } };

  it('maps the analysis into the result', async () => {
    const { instaview } = provider({ 'GET /interviews/int_1': () => envelope(interview({ status: 'COMPLETED', analysis })) });
    expect(await instaview.fetchResult('int_1')).toEqual({
      outcome: 'completed', score: 82, rating: 'HIGH', summary: 'Good fit', strongPoints: ['Clear'], weakPoints: ['Nervous'], fetchedAt: NOW.toISOString(),
    });
  });

  it('a failed interview is a failed result with the last attempt reason', async () => {
    const { instaview } = provider({ 'GET /interviews/int_1': () => envelope(interview({ status: 'FAILED', callAttempts: [{ id: 'a1', status: 'FAILED', reasonCode: 'NO_ANSWER' }] })) });
    expect(await instaview.fetchResult('int_1')).toEqual({ outcome: 'failed', summary: 'NO_ANSWER', fetchedAt: NOW.toISOString() });
  });

  it('completed without analysis yet → retryable ANALYSIS_PENDING; not finished → retryable', async () => {
    const { instaview } = provider({
      'GET /interviews/int_done': () => envelope(interview({ status: 'COMPLETED', analysis: null })),
      'GET /interviews/int_live': () => envelope(interview({ status: 'IN_PROGRESS' })),
    });
    expect(await rejection(instaview.fetchResult('int_done'))).toMatchObject({ code: 'ANALYSIS_PENDING', retryable: true });
    expect(await rejection(instaview.fetchResult('int_live'))).toMatchObject({ code: 'INTERVIEW_NOT_FINISHED', retryable: true });
  });
});
