import { describe, expect, it } from 'vitest';
import { callWindowSchema } from '#shared/config/schema';
import { CallWindow } from '#shared/domain/time/call-window';
import { createDrvnProvider } from '#shared/providers/drvn/adapter';
import type { DrvnClientOptions } from '#shared/providers/drvn/client';
import { toDrvnStatus } from '#shared/providers/drvn/schemas';
import { rejection, type FakeRequest, type Reply } from '../support/fake-http.ts';
import { startRequest } from '../support/request.ts';
import { drvnClientOn, drvnInterview } from './fake-drvn.ts';

const NOW = new Date('2026-03-02T08:00:00.000Z');
const RULE = { interviewerId: 3, kind: 'video_call', location: 'https://zoom.com', durationMinutes: 30, leadHours: 24, autoAccept: false, intervieweeMap: { 'gh-77': 7 } };

function provider(routes: Record<string, (req: FakeRequest) => Reply>, options: Partial<DrvnClientOptions> = {}) {
  const warnings: string[] = [];
  const { client, calls } = drvnClientOn((req) => {
    const handler = routes[`${req.method} ${req.path}`];
    if (!handler) throw new Error(`unexpected request ${req.method} ${req.path}`);
    return handler(req);
  }, options);
  const drvn = createDrvnProvider({ client, clock: { now: () => NOW }, logger: { warn: (m) => warnings.push(m) } });
  return { drvn, calls, warnings };
}
const created = (): Reply => ({ status: 200, body: drvnInterview() });

describe('DRVN startInterview', () => {
  it('books the first slot in the window after the lead time (sent in UTC, recorded in the candidate offset)', async () => {
    const { drvn, calls } = provider({ 'POST /api/v1/interviews/': created });
    const started = await drvn.startInterview(startRequest({ options: RULE, now: NOW }));
    expect(started).toEqual({ providerCandidateId: '7', providerInterviewId: '42', scheduledAt: '2026-03-03T09:00:00+00:00', recovered: false });
    expect(calls[0]?.body).toEqual({
      interview: { kind: 'video_call', start_at: '2026-03-03T09:00:00Z', end_at: '2026-03-03T09:30:00Z', interviewee_id: 7, interviewer_id: 3, location: 'https://zoom.com' },
    });
    expect(drvn.capabilities).toEqual({ calls: false, cancel: false, findByKey: false });
  });

  it('uses the request window (zone and hours) for the slot', async () => {
    const { drvn, calls } = provider({ 'POST /api/v1/interviews/': created });
    const window = new CallWindow(callWindowSchema.parse({ start: '13:00', end: '15:00' }), ['America/Vancouver']);
    await drvn.startInterview(startRequest({ options: { ...RULE, leadHours: 0, durationMinutes: 60 }, window, now: NOW }));
    expect((calls[0]?.body as { interview: { start_at: string } }).interview.start_at).toBe('2026-03-02T21:00:00Z'); // 13:00 in Vancouver
  });

  it("keeps DRVN's start when it differs from the requested slot", async () => {
    const { drvn } = provider({ 'POST /api/v1/interviews/': () => ({ status: 200, body: drvnInterview({ start_at: '2026-03-03T10:00:00.000Z' }) }) });
    expect((await drvn.startInterview(startRequest({ options: RULE }))).scheduledAt).toBe('2026-03-03T10:00:00.000Z');
  });

  it('an ATS candidate missing from intervieweeMap → INTERVIEWEE_NOT_MAPPED (not retryable), nothing sent', async () => {
    const { drvn, calls } = provider({});
    expect(await rejection(drvn.startInterview(startRequest({ options: RULE, atsCandidateId: 'gh-1' })))).toMatchObject({ code: 'INTERVIEWEE_NOT_MAPPED', retryable: false });
    expect(await rejection(drvn.startInterview(startRequest({ options: RULE, atsCandidateId: 'constructor' })))).toMatchObject({ code: 'INTERVIEWEE_NOT_MAPPED' });
    expect(calls).toHaveLength(0);
  });

  it('recovering → INTERVIEW_UNCERTAIN (no lookup exists; a second booking could not be cancelled)', async () => {
    const { drvn, calls } = provider({ 'POST /api/v1/interviews/': created });
    expect(await rejection(drvn.startInterview(startRequest({ options: RULE, recovering: true })))).toMatchObject({ code: 'INTERVIEW_UNCERTAIN', retryable: false });
    expect(calls).toHaveLength(0);
  });

  it('invalid options and no slot are start failures, not retryable', async () => {
    const { drvn } = provider({});
    expect(await rejection(drvn.startInterview(startRequest({ options: { intervieweeMap: { 'gh-77': 7 } } })))).toMatchObject({ code: 'INVALID_OPTIONS', retryable: false });
    const tiny = new CallWindow(callWindowSchema.parse({ start: '09:00', end: '09:20' }), ['Europe/London']);
    expect(await rejection(drvn.startInterview(startRequest({ options: RULE, window: tiny })))).toMatchObject({ code: 'NO_SLOT_IN_WINDOW', retryable: false });
  });

  it('autoAccept accepts right after creating; the status is then known as scheduled', async () => {
    const { drvn, calls } = provider({ 'POST /api/v1/interviews/': created, 'POST /api/v1/interviews/42/accept': () => ({ status: 200, body: drvnInterview({ status: 'scheduled' }) }) });
    await drvn.startInterview(startRequest({ options: { ...RULE, autoAccept: true } }));
    expect(calls.map((c) => c.path)).toEqual(['/api/v1/interviews/', '/api/v1/interviews/42/accept']);
    expect(await drvn.getInterview('42')).toMatchObject({ id: '42', status: 'SCHEDULED', candidateId: '7' });
  });

  it('a failed auto-accept leaves the created interview recorded (pending) and warns', async () => {
    const { drvn, warnings } = provider({ 'POST /api/v1/interviews/': created, 'POST /api/v1/interviews/42/accept': () => ({ status: 422, body: { errors: { status: ['is invalid'] } } }) });
    const started = await drvn.startInterview(startRequest({ options: { ...RULE, autoAccept: true } }));
    expect(started.providerInterviewId).toBe('42');
    expect(warnings).toHaveLength(1);
    await expect(drvn.getInterview('42')).resolves.toMatchObject({ id: '42', status: 'SCHEDULED' });
  });
});

describe('DRVN reschedule, status, result', () => {
  it('rescheduleInterview amends with the new slot; the proposed start becomes scheduledAt', async () => {
    const { drvn, calls } = provider({
      'POST /api/v1/interviews/42/amend': () => ({ status: 200, body: drvnInterview({ status: 'amended', amended_by: 'interviewer', amend_start_at: '2026-03-04T10:00:00.000Z', amend_end_at: '2026-03-04T10:30:00.000Z' }) }),
    });
    const slot = drvn.planSlot(new CallWindow(callWindowSchema.parse({ start: '10:00' }), ['Europe/London']), new Date('2026-03-03T10:00:00Z'), RULE);
    expect(slot.startAt).toBe('2026-03-04T10:00:00+00:00');
    const amended = await drvn.rescheduleInterview('42', slot);
    expect(amended).toMatchObject({ status: 'SCHEDULED', scheduledAt: '2026-03-04T10:00:00.000Z' });
    expect(calls[0]?.body).toEqual({ interview: { amend_start_at: '2026-03-04T10:00:00Z', amend_end_at: '2026-03-04T10:30:00Z' } });
  });

  it('refuses a slot that does not end after it starts, without a request', async () => {
    const { drvn, calls } = provider({});
    expect(await rejection(drvn.rescheduleInterview('42', { startAt: '2026-03-04T10:00:00Z', endAt: '2026-03-04T10:00:00Z' }))).toMatchObject({ code: 'INVALID_SLOT' });
    expect(await rejection(drvn.rescheduleInterview('42', { startAt: 'soon', endAt: 'later' }))).toMatchObject({ code: 'INVALID_SLOT' });
    expect(calls).toHaveLength(0);
  });

  it('maps DRVN statuses: pending/scheduled/amended → SCHEDULED, rejected → FAILED, unknown → UNKNOWN', () => {
    expect(['pending', 'scheduled', 'amended', 'rejected', 'Rejected', 'completed', 'archived', undefined].map(toDrvnStatus))
      .toEqual(['SCHEDULED', 'SCHEDULED', 'SCHEDULED', 'FAILED', 'FAILED', 'COMPLETED', 'UNKNOWN', 'UNKNOWN']);
  });

  it('without a show endpoint, getInterview knows only what this adapter saw; fetchResult has nothing to read', async () => {
    const { drvn, calls } = provider({});
    expect(await drvn.getInterview('99')).toBeUndefined();
    expect(await rejection(drvn.fetchResult('99'))).toMatchObject({ code: 'RESULT_NOT_AVAILABLE', retryable: false });
    expect(calls).toHaveLength(0);
  });

  it('with a show endpoint: status read from DRVN, 404 → undefined; outcome only when the status says it ended', async () => {
    const { drvn } = provider({
      'GET /api/v1/interviews/1': () => ({ status: 200, body: drvnInterview({ id: 1, status: 'rejected' }) }),
      'GET /api/v1/interviews/2': () => ({ status: 200, body: drvnInterview({ id: 2, status: 'completed' }) }),
      'GET /api/v1/interviews/3': () => ({ status: 200, body: drvnInterview({ id: 3, status: 'scheduled' }) }),
      'GET /api/v1/interviews/4': () => ({ status: 404, body: { error: 'Not Found' } }),
    }, { showPath: '/api/v1/interviews/{id}' });
    expect(await drvn.fetchResult('1')).toEqual({ outcome: 'failed', summary: 'DRVN interview rejected by the interviewee', fetchedAt: NOW.toISOString() });
    expect(await drvn.fetchResult('2')).toMatchObject({ outcome: 'completed' });
    expect(await rejection(drvn.fetchResult('3'))).toMatchObject({ code: 'INTERVIEW_NOT_FINISHED', retryable: true });
    expect(await drvn.getInterview('4')).toBeUndefined();
  });

  it('no calls, no cancel, no lookup by key', async () => {
    const { drvn, calls } = provider({});
    expect(await rejection(drvn.requestCallAttempt('42'))).toMatchObject({ code: 'CALLS_NOT_SUPPORTED', retryable: false });
    expect(await drvn.deleteInterview('42')).toBe('unsupported');
    expect(await drvn.eraseCandidate('7')).toBe('unsupported');
    expect(await drvn.findInterview('acme:app-1:r:1', {})).toBeUndefined();
    expect(calls).toHaveLength(0);
  });
});
