import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection, stageChange, startE2eStack, VANCOUVER_SATURDAY_NOON, type E2eStack } from './support/local-stack.ts';

/**
 * The spine on the local stack: a signed Greenhouse webhook → the real ingress handler →
 * SQS FIFO (fauxqs) → the real processor (Powertools batch + idempotency on dynalite) →
 * the InstaView sandbox, whose webhooks come back through the provider-webhook handler.
 */

/** Interviews the sandbox still holds for the application (a deleted one is gone from its API). */
const interviewsOf = (stack: E2eStack, applicationId: number) =>
  stack.sandboxInterviews().filter((i: any) => i.metadata?.externalInterviewId?.includes(`:${applicationId}:`) && !i.deletedAt && i.status !== 'CANCELLED');

describe('Greenhouse stage change to an InstaView phone interview (inside calling hours)', () => {
  let stack: E2eStack;
  beforeAll(async () => { stack = await startE2eStack(); });
  afterAll(async () => { await stack.stop(); });

  it('creates exactly one interview for a signed stage change into the trigger stage', async () => {
    const response = await stack.sendGreenhouse(stageChange(5001));
    expect(response.status).toBe(200);
    await stack.drain();

    const interviews = interviewsOf(stack, 5001);
    expect(interviews).toHaveLength(1);
    expect(interviews[0].agentId).toBe('agent-acme');
    expect(interviews[0].jobId).toBe('job-acme');
    const state = await stack.state('5001');
    expect(state?.interview?.providerInterviewId).toBe(interviews[0].id);
    expect(['SCHEDULED', 'IN_PROGRESS']).toContain(state?.interview?.phase);
    // The candidate's address (Vancouver, BC V6B 1A1) decides before the phone number.
    expect(state?.interview?.timeZone).toEqual({ zones: ['America/Vancouver'], source: 'address', countryCode: 'CA', region: 'BC' });
    const candidate = (stack.sandbox!.state() as any).candidates.find((c: any) => c.id === interviews[0].candidateId);
    expect(candidate.phoneNumber).toBe('+16045550199');
    expect(candidate.gdprExpiryDate).toBe('2027-03-02'); // 2026-12-02 + 90 days retention
  });

  it('still holds one interview when the same delivery arrives three times', async () => {
    const body = stageChange(5002);
    for (let i = 0; i < 3; i++) expect((await stack.sendGreenhouse(body, { eventId: 'same-delivery-5002' })).status).toBe(200);
    await stack.drain();
    expect(interviewsOf(stack, 5002)).toHaveLength(1);
  });

  it('does not create a second interview for the same change re-sent under a new delivery id', async () => {
    const body = stageChange(5003);
    await stack.sendGreenhouse(body, { eventId: 'first-5003' });
    await stack.drain();
    await stack.sendGreenhouse(body, { eventId: 'second-5003' });
    await stack.drain();
    expect(interviewsOf(stack, 5003)).toHaveLength(1);
    expect((await stack.state('5003'))?.interview?.callAttemptsRequested).toBe(0);
  });

  it('survives a crash between creating the interview and recording it while the call already started: still one interview', async () => {
    stack.faults.crashAfterInterviewCreated(1);
    await stack.sendGreenhouse(stageChange(5004));
    await stack.drain();

    expect(stack.faults.injected).toBeGreaterThan(0);
    expect(interviewsOf(stack, 5004)).toHaveLength(1);
    const state = await stack.state('5004');
    // Either the retried message found it at the provider, or the provider's "started" webhook was recognized by its key.
    expect(state?.interview?.providerInterviewId).toBe(interviewsOf(stack, 5004)[0].id);
  });

  it('keeps a completed interview (and its analysis) when the candidate is rejected afterwards', async () => {
    await stack.sendGreenhouse(stageChange(5005));
    await stack.drain();
    stack.clock.advance(5 * 60_000); // the call (60 s) ends and the analysis arrives
    await stack.drain();
    const before = await stack.state('5005');
    expect(before?.interview?.phase).toBe('COMPLETED');
    expect(before?.interview?.result).toBeDefined();

    expect((await stack.sendGreenhouse(rejection(5005, { lastActivityAt: '2026-12-02T19:00:00Z' }))).status).toBe(200);
    await stack.drain();

    const [interview] = interviewsOf(stack, 5005);
    expect(interview.status).toBe('COMPLETED');
    const after = await stack.state('5005');
    expect(after?.atsStatus).toBe('rejected');
    expect(after?.interview?.phase).toBe('COMPLETED');
  });
});

describe('Greenhouse changes before the call (outside calling hours)', () => {
  let stack: E2eStack;
  beforeAll(async () => { stack = await startE2eStack({ startAt: VANCOUVER_SATURDAY_NOON }); });
  afterAll(async () => { await stack.stop(); });

  it('schedules the first call for the next opening of the window in the candidate\'s zone', async () => {
    await stack.sendGreenhouse(stageChange(6001, { lastActivityAt: '2026-12-05T19:59:00Z' }));
    await stack.drain();
    const state = await stack.state('6001');
    expect(state?.interview?.phase).toBe('SCHEDULED');
    // Monday 7 Dec 2026, 09:00–09:30 in Vancouver (UTC−8), with the candidate's offset.
    expect(state?.interview?.scheduledAt).toMatch(/^2026-12-07T09:[0-2]\d:00-08:00$/);
  });

  it('survives a crash between creating the interview and recording it: the retry finds it at the provider', async () => {
    const before = stack.faults.injected;
    stack.faults.crashAfterInterviewCreated(1);
    await stack.sendGreenhouse(stageChange(6006, { lastActivityAt: '2026-12-05T19:59:00Z' }));
    await stack.drain();

    expect(stack.faults.injected).toBe(before + 1);
    expect(interviewsOf(stack, 6006)).toHaveLength(1);
    const state = await stack.state('6006');
    expect(state?.interview?.providerInterviewId).toBe(interviewsOf(stack, 6006)[0].id);
    expect(state?.timeline.map((t) => t.what)).toContain('interview.recovered');
  });

  it('deletes the scheduled interview when the candidate is rejected before the call', async () => {
    await stack.sendGreenhouse(stageChange(6002, { lastActivityAt: '2026-12-05T19:59:00Z' }));
    await stack.drain();
    expect(interviewsOf(stack, 6002)).toHaveLength(1);

    await stack.sendGreenhouse(rejection(6002, { lastActivityAt: '2026-12-05T20:05:00Z' }));
    await stack.drain();

    expect(interviewsOf(stack, 6002)).toHaveLength(0);
    const state = await stack.state('6002');
    expect(state?.atsStatus).toBe('rejected');
    expect(state?.interview?.phase).toBe('CANCELLED');
  });

  it('deletes the scheduled interview when the candidate withdraws', async () => {
    await stack.sendGreenhouse(stageChange(6003, { lastActivityAt: '2026-12-05T19:59:00Z' }));
    await stack.drain();
    await stack.sendGreenhouse(rejection(6003, { withdrawn: true, lastActivityAt: '2026-12-05T20:05:00Z' }));
    await stack.drain();
    expect(interviewsOf(stack, 6003)).toHaveLength(0);
    expect((await stack.state('6003'))?.atsStatus).toBe('withdrawn');
  });

  it('starts no interview when the rejection is processed before an older stage change', async () => {
    await stack.sendGreenhouse(rejection(6004, { lastActivityAt: '2026-12-05T20:05:00Z' }));
    await stack.drain();
    await stack.sendGreenhouse(stageChange(6004, { lastActivityAt: '2026-12-05T19:59:00Z' }));
    await stack.drain();
    expect(interviewsOf(stack, 6004)).toHaveLength(0);
    expect((await stack.state('6004'))?.interview).toBeUndefined();
  });

  it('cancels the interview when the candidate is moved out of the trigger stage', async () => {
    await stack.sendGreenhouse(stageChange(6005, { lastActivityAt: '2026-12-05T19:59:00Z' }));
    await stack.drain();
    await stack.sendGreenhouse(stageChange(6005, { stage: 'Onsite', stageId: 777, lastActivityAt: '2026-12-05T20:10:00Z' }));
    await stack.drain();
    expect(interviewsOf(stack, 6005)).toHaveLength(0);
    expect((await stack.state('6005'))?.interview?.phase).toBe('CANCELLED');
  });
});

describe('Requests the ingress refuses leave the queue empty', () => {
  let stack: E2eStack;
  beforeAll(async () => { stack = await startE2eStack(); });
  afterAll(async () => { await stack.stop(); });

  it.each([
    ['a tampered signature', { signature: `sha256 ${'0'.repeat(64)}` }, 401],
    ['a missing signature', { signature: null }, 401],
    ['a signature made with another tenant\'s secret', { secret: 'e2e-greenhouse-secret-0123456789-globex' }, 401],
    ['an unknown tenant', { tenant: 'initech' }, 404],
  ] as const)('answers %s with %i', async (_name, options, status) => {
    const response = await stack.sendGreenhouse(stageChange(7001), options as never);
    expect(response.status).toBe(status);
    expect(await stack.queueDepth()).toBe(0);
  });

  it('answers a malformed payload with 400 naming the field, and enqueues nothing', async () => {
    const body = stageChange(7002);
    delete body.payload.application.id;
    const response = await stack.sendGreenhouse(body);
    expect(response.status).toBe(400);
    expect(response.body.field).toBe('payload.application.id');
    expect(await stack.queueDepth()).toBe(0);
  });

  it('answers a body that is not JSON with 400', async () => {
    const response = await stack.sendGreenhouse(undefined, { raw: Buffer.from('{"action": "candidate_stage_change",') });
    expect(response.status).toBe(400);
    expect(await stack.queueDepth()).toBe(0);
  });

  it('answers a ping with 200 and enqueues nothing', async () => {
    const response = await stack.sendGreenhouse({ action: 'ping', payload: { web_hook_id: 1 } });
    expect(response.status).toBe(200);
    expect(await stack.queueDepth()).toBe(0);
  });

  it('answers a body over the size limit with 413', async () => {
    const big = stageChange(7003);
    big.payload.application.candidate.title = 'x'.repeat(1_100_000);
    const response = await stack.sendGreenhouse(big);
    expect(response.status).toBe(413);
    expect(await stack.queueDepth()).toBe(0);
  });
});
