import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INSTAVIEW_TOKEN, stageChange, startE2eStack, VANCOUVER_SATURDAY_NOON, type E2eStack } from './support/local-stack.ts';

const live = (stack: E2eStack, applicationId: number) =>
  stack.sandboxInterviews().filter((i: any) => i.metadata?.externalInterviewId?.includes(`:${applicationId}:`) && !i.deletedAt && i.status !== 'CANCELLED');

describe('a recruiter asks for another try, an ATS erases a candidate', () => {
  let stack: E2eStack;
  beforeAll(async () => { stack = await startE2eStack({ startAt: VANCOUVER_SATURDAY_NOON }); });
  afterAll(async () => { await stack.stop(); });

  it('turns a new move into the trigger stage of a still-scheduled interview into a call attempt, not a second interview', async () => {
    await stack.sendGreenhouse(stageChange(9301, { lastActivityAt: '2026-12-05T19:59:00Z' }));
    await stack.drain();
    await stack.sendGreenhouse(stageChange(9301, { lastActivityAt: '2026-12-05T20:03:00Z' }));
    await stack.drain();

    const interviews = live(stack, 9301);
    expect(interviews).toHaveLength(1);
    const scheduled = interviews[0].callAttempts.filter((a: any) => a.status === 'SCHEDULED');
    expect(scheduled).toHaveLength(1); // the new attempt replaced the first one
    expect(scheduled[0].scheduledAt.startsWith('2026-12-07T17:00:00')).toBe(true); // Monday 09:00 in Vancouver
    expect((await stack.state('9301'))?.interview?.callAttemptsRequested).toBe(1);
  });

  it('erases the provider\'s interview and our copy of the contact details when Greenhouse deletes the application', async () => {
    await stack.sendGreenhouse(stageChange(9302, { candidateId: 77_9302, lastActivityAt: '2026-12-05T19:59:00Z' }));
    await stack.drain();
    expect(live(stack, 9302)).toHaveLength(1);

    await stack.sendGreenhouse({ action: 'delete_application', payload: { application: { id: 9302, candidate_id: 77_9302, job_id: 4012345 } } });
    await stack.drain();

    expect(live(stack, 9302)).toHaveLength(0);
    const state = await stack.state('9302');
    expect(state?.atsStatus).toBe('deleted');
    expect(state?.candidate).toBeUndefined();
    expect(state?.interview?.phase).toBe('ERASED');
    // A late retry of the old stage change does not bring it back.
    await stack.sendGreenhouse(stageChange(9302, { candidateId: 77_9302, lastActivityAt: '2026-12-05T19:59:00Z' }), { eventId: 'late-retry-9302' });
    await stack.drain();
    expect(live(stack, 9302)).toHaveLength(0);
  });

  it('deletes the provider\'s candidate too when Greenhouse deletes the candidate', async () => {
    await stack.sendGreenhouse(stageChange(9303, { candidateId: 77_9303, phone: '+1 604-555-0177', lastActivityAt: '2026-12-05T19:59:00Z' }));
    await stack.drain();
    const [interview] = live(stack, 9303);
    const providerCandidate = interview.candidateId;

    await stack.sendGreenhouse({ action: 'delete_candidate', payload: { person: { id: 77_9303, first_name: 'Ada', last_name: 'Lovelace', deleted_application_ids: [9303] } } });
    await stack.drain();

    expect(live(stack, 9303)).toHaveLength(0);
    const candidates = (stack.sandbox!.state() as any).candidates.filter((c: any) => c.id === providerCandidate && !c.deletedAt);
    expect(candidates).toHaveLength(0);
  });
});

describe('provider webhooks are authenticated per tenant', () => {
  let stack: E2eStack;
  beforeAll(async () => { stack = await startE2eStack({ startAt: VANCOUVER_SATURDAY_NOON }); });
  afterAll(async () => { await stack.stop(); });

  const post = (tenant: string, token: string | undefined, body: unknown) => fetch(stack.webhookUrl('providers', 'instaview', tenant), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { 'x-bridge-webhook-token': token } : {}) },
    body: JSON.stringify(body),
  });

  it('refuses a delivery without the tenant\'s token, or with another tenant\'s token, and enqueues nothing', async () => {
    const body = { event: 'interview.started', timestamp: '2026-12-05T20:00:00Z', deliveryId: 'd-1', data: { interviewId: 'int-x' } };
    expect((await post('acme', undefined, body)).status).toBe(401);
    expect((await post('acme', `${INSTAVIEW_TOKEN}-globex`, body)).status).toBe(401);
    expect(await stack.queueDepth()).toBe(0);
  });

  it('does not let tenant B\'s delivery touch tenant A\'s interview', async () => {
    await stack.sendGreenhouse(stageChange(9401, { lastActivityAt: '2026-12-05T19:59:00Z' }));
    await stack.drain();
    const [interview] = live(stack, 9401);
    const response = await post('globex', `${INSTAVIEW_TOKEN}-globex`, { event: 'ANALYSIS_COMPLETED', timestamp: '2026-12-05T20:00:00Z', deliveryId: 'd-2', data: { interviewId: interview.id } });
    expect(response.status).toBe(200);
    await stack.drain();
    expect((await stack.state('9401'))?.interview?.phase).toBe('SCHEDULED');
    expect(await stack.state('9401', 'globex')).toBeUndefined();
  });

  it('accepts the numeric event spelling and moves the interview on', async () => {
    const [interview] = live(stack, 9401);
    // 4 = interview.failed (documented order): the call was not answered, the next one is planned.
    const response = await post('acme', `${INSTAVIEW_TOKEN}-acme`, { event: 4, timestamp: '2026-12-05T20:01:00Z', deliveryId: 'd-3', data: { interviewId: interview.id, reasonCode: 'NO_ANSWER' } });
    expect(response.status).toBe(200);
    await stack.drain();
    expect((await stack.state('9401'))?.interview?.phase).toBe('WAITING_RETRY');
  });

  it('answers call-progress events 200 "ignored" unless the tenant tracks call progress, and enqueues nothing', async () => {
    const [interview] = live(stack, 9401);
    const response = await post('acme', `${INSTAVIEW_TOKEN}-acme`, { event: 'interview.started', timestamp: '2026-12-05T20:02:00Z', deliveryId: 'd-4', data: { interviewId: interview.id } });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { status: string }).status).toBe('ignored');
    expect(await stack.queueDepth()).toBe(0);
  });
});
