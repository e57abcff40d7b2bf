import { describe, expect, it } from 'vitest';
import { atsEvent, candidateProfile, processorHarness, testConfig } from '../../support/bridge.ts';

/**
 * A candidate whose number says "Adelaide or Perth" (+61 8) is called only in hours valid
 * in both; with the rule's hours 09:00–10:00 they never overlap (Perth 09:00 is Adelaide
 * 10:30). The retry planner gives up visibly in that case (no_calling_hours); the first
 * call does not: planFirstCall throws a plain Error outside run-command's try, the message
 * fails, and SQS redelivers it until it lands in the DLQ, with no state, no note in the
 * ATS, and the same failure on every redelivery.
 *
 * Needed fix (shared/use-cases/run-command.ts, startInterview and requestCallAttempt): when
 * the window has no opening (planFirstCall's "no calling hours" — better, have it return
 * undefined or a typed NoCallingHours result), answer `startFailed('NO_CALLING_HOURS', …)`
 * for a start, and `call_attempt_refused` with that code for a requested call, so the
 * interview ends FAILED with its reason and the ATS is told.
 */
const config = testConfig((raw) => {
  raw.tenants[0].rules[0].callWindow = { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '10:00' };
});

describe('a first call whose calling hours never open', () => {
  it('ends the interview visibly instead of failing the message', async () => {
    const h = processorHarness({ config });
    const event = atsEvent({ candidate: candidateProfile({ phones: [{ value: '+61 8 9123 4567', type: 'mobile' }] }), jobLocations: [] });
    await h.process(event); // must not reject: a rejection is an SQS redelivery
    const iv = (await h.state()).interview!;
    expect(iv.phase).toBe('FAILED');
    expect(iv.lastError?.code).toBe('NO_CALLING_HOURS');
    expect(h.provider.startRequests).toHaveLength(0);
  });
});
