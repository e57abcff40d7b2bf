import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callWindowSchema } from '#shared/config/schema';
import { CallWindow } from '#shared/domain/time/call-window';
import { ProviderError, type StartInterviewRequest } from '#shared/ports/interview-provider';
import { createDrvnProvider, type DrvnProvider } from '#shared/providers/drvn/adapter';
import { startDrvnSandbox, type DrvnSandbox } from '#infra/local/sandboxes/drvn/index';

/** The real DRVN client and adapter against the DRVN sandbox. */

const now = new Date('2026-03-02T08:00:00.000Z');
const clock = { now: () => now };

let sandbox: DrvnSandbox;

beforeAll(async () => {
  sandbox = await startDrvnSandbox({
    clock,
    users: [
      { jwt: 'jwt_recruiter', userId: 3, role: 'interviewer' },
      { jwt: 'jwt_other_recruiter', userId: 4, role: 'interviewer' },
      { jwt: 'jwt_limited', userId: 5, role: 'interviewer', rateLimitPerMinute: 2 },
      { jwt: 'jwt_driver', userId: 7, role: 'interviewee' },
      { jwt: 'jwt_driver_8', userId: 8, role: 'interviewee' },
    ],
    rateLimitPerMinute: 100_000,
  });
});

afterAll(async () => {
  await sandbox?.stop();
});

const providerFor = (jwt: string, http: Record<string, unknown> = {}): DrvnProvider => createDrvnProvider({
  config: { baseUrl: sandbox.url, timeoutMs: 5000 },
  jwt,
  clock,
  http: { sleep: async () => undefined, maxInlineWaitSeconds: 0, ...http },
});

const RULE = { interviewerId: '3', kind: 'video_call', location: 'https://zoom.com/j/1', durationMinutes: 45, leadHours: 24, autoAccept: false, intervieweeMap: { 'gh-7': '7', 'gh-8': 8, 'gh-ghost': 999 } };
const window = new CallWindow(callWindowSchema.parse({ start: '09:00', end: '17:00' }), ['Europe/London']);

function request(overrides: Partial<StartInterviewRequest> = {}): StartInterviewRequest {
  return {
    externalKey: 'acme:app-1:drvn-rule:1',
    tenantId: 'acme',
    applicationId: 'app-1',
    atsCandidateId: 'gh-7',
    candidate: { firstName: 'Dan', lastName: 'Driver', emails: [], phones: [], addresses: [] },
    atsJobIds: [],
    window,
    now,
    retainUntil: '2026-08-29',
    options: RULE,
    recovering: false,
    ...overrides,
  };
}

async function rejection(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

const stored = (id: string) => sandbox.state().interviews.find((i) => String(i.id) === id)!;
const asDriver = (id: string, action: 'accept' | 'reject' | 'amend', body?: unknown, jwt = 'jwt_driver') => fetch(`${sandbox.url}/api/v1/users/interviews/${id}/${action}`, {
  method: 'POST', headers: { authorization: `Bearer ${jwt}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
});

describe('DRVN sandbox: booking', () => {
  it('creates a pending interview in the first 45-minute slot after 24 h, inside London hours', async () => {
    const drvn = providerFor('jwt_recruiter');
    const started = await drvn.startInterview(request());
    expect(started).toMatchObject({ providerCandidateId: '7', scheduledAt: '2026-03-03T09:00:00+00:00', recovered: false });
    expect(stored(started.providerInterviewId)).toMatchObject({
      status: 'pending', startAt: '2026-03-03T09:00:00.000Z', endAt: '2026-03-03T09:45:00.000Z', intervieweeId: 7, interviewerId: 3, kind: 'video_call', location: 'https://zoom.com/j/1', encoding: 'json',
    });
    expect(await drvn.getInterview(started.providerInterviewId)).toMatchObject({ status: 'SCHEDULED', candidateId: '7', scheduledAt: '2026-03-03T09:00:00.000Z' });
  });

  it('autoAccept leaves it scheduled', async () => {
    const drvn = providerFor('jwt_recruiter');
    const { providerInterviewId: id } = await drvn.startInterview(request({ options: { ...RULE, autoAccept: true } }));
    expect(stored(id).status).toBe('scheduled');
  });

  it('form encoding books the same interview (the sandbox reads interview[...] params)', async () => {
    const drvn = providerFor('jwt_recruiter', { encoding: 'form' });
    const { providerInterviewId: id } = await drvn.startInterview(request({ atsCandidateId: 'gh-8' }));
    expect(stored(id)).toMatchObject({ encoding: 'form', intervieweeId: 8, status: 'pending', startAt: '2026-03-03T09:00:00.000Z' });
  });

  it('an unmapped candidate fails before DRVN; an unknown interviewee is 422 → not retryable', async () => {
    const drvn = providerFor('jwt_recruiter');
    const before = sandbox.state().interviews.length;
    expect(await rejection(drvn.startInterview(request({ atsCandidateId: 'gh-unknown' })))).toMatchObject({ code: 'INTERVIEWEE_NOT_MAPPED', retryable: false });
    expect(await rejection(drvn.startInterview(request({ atsCandidateId: 'gh-ghost' })))).toMatchObject({ code: 'INVALID_REQUEST', retryable: false, httpStatus: 422 });
    expect(sandbox.state().interviews).toHaveLength(before);
  });
});

describe('DRVN sandbox: amend, accept, reject', () => {
  it('reschedule amends (amended_by interviewer); accepting moves the interview to the new slot', async () => {
    const drvn = providerFor('jwt_recruiter');
    const { providerInterviewId: id } = await drvn.startInterview(request());
    const slot = drvn.planSlot(window, new Date('2026-03-04T08:00:00Z'), RULE);
    const amended = await drvn.rescheduleInterview(id, slot);
    expect(amended).toMatchObject({ status: 'SCHEDULED', scheduledAt: '2026-03-05T09:00:00.000Z' });
    expect(stored(id)).toMatchObject({ status: 'amended', amendedBy: 'interviewer', amendStartAt: '2026-03-05T09:00:00.000Z', startAt: '2026-03-03T09:00:00.000Z' });
    await drvn.acceptInterview(id);
    expect(stored(id)).toMatchObject({ status: 'scheduled', startAt: '2026-03-05T09:00:00.000Z', endAt: '2026-03-05T09:45:00.000Z' });
  });

  it('the driver rejects (users endpoint): the interview is FAILED for the bridge, and accept/amend are refused (422)', async () => {
    const drvn = providerFor('jwt_recruiter');
    const { providerInterviewId: id } = await drvn.startInterview(request());
    const response = await asDriver(id, 'reject');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ interview: { id: Number(id), status: 'rejected', interviewee: { kind: 'rejected' } } });
    expect(await rejection(drvn.acceptInterview(id))).toMatchObject({ code: 'INVALID_REQUEST', httpStatus: 422, retryable: false });
    expect(await rejection(drvn.rescheduleInterview(id, { startAt: '2026-03-06T09:00:00Z', endAt: '2026-03-06T09:30:00Z' }))).toMatchObject({ httpStatus: 422 });
  });

  it('the driver can amend too (amended_by interviewee), and only their own interviews', async () => {
    const drvn = providerFor('jwt_recruiter');
    const { providerInterviewId: id } = await drvn.startInterview(request());
    expect((await asDriver(id, 'amend', { interview: { amend_start_at: '2026-03-06T10:00:00+00:00', amend_end_at: '2026-03-06T10:45:00+00:00' } })).status).toBe(200);
    expect(stored(id)).toMatchObject({ status: 'amended', amendedBy: 'interviewee' });
    expect((await asDriver(id, 'accept', undefined, 'jwt_driver_8')).status).toBe(404);
  });

  it('another interviewer sees 404 NOT_FOUND on our interview', async () => {
    const { providerInterviewId: id } = await providerFor('jwt_recruiter').startInterview(request());
    expect(await rejection(providerFor('jwt_other_recruiter').acceptInterview(id))).toMatchObject({ code: 'NOT_FOUND', httpStatus: 404, retryable: false });
  });
});

describe('DRVN sandbox: auth, limits, faults', () => {
  it('a wrong token is 401 UNAUTHORIZED with the Devise message', async () => {
    const error = await rejection(providerFor('jwt_wrong').startInterview(request()));
    expect(error).toMatchObject({ code: 'UNAUTHORIZED', httpStatus: 401, retryable: false });
    expect(error.message).toContain('sign in');
  });

  it('past the per-minute limit: 429 with Retry-After → RATE_LIMITED retryable', async () => {
    const limited = providerFor('jwt_limited');
    await rejection(limited.acceptInterview('1'));
    await rejection(limited.acceptInterview('1'));
    const error = await rejection(limited.acceptInterview('1'));
    expect(error).toMatchObject({ code: 'RATE_LIMITED', retryable: true, httpStatus: 429 });
    expect(error.retryAfterSeconds).toBeGreaterThan(0);
  });

  it('an injected 503 on accept is retried; on create it is thrown retryable and nothing is booked', async () => {
    const drvn = providerFor('jwt_recruiter');
    const { providerInterviewId: id } = await drvn.startInterview(request());
    const fault = (body: unknown) => fetch(`${sandbox.adminUrl}/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await fault({ status: 503, count: 2, path: `/api/v1/interviews/${id}/accept` });
    await drvn.acceptInterview(id);
    expect(stored(id).status).toBe('scheduled');

    const before = sandbox.state().interviews.length;
    await fault({ status: 500, count: 1, path: '/api/v1/interviews' });
    expect(await rejection(drvn.startInterview(request()))).toMatchObject({ code: 'SERVER_ERROR', retryable: true });
    expect(sandbox.state().interviews).toHaveLength(before);
  });
});
