import { describe, expect, it } from 'vitest';
import { atsEvent, candidateProfile, processorHarness, testConfig } from '../../support/bridge.ts';

/**
 * A candidate whose number says "Adelaide or Perth" (+61 8) is called only in hours valid
 * in both; with the rule's hours 09:00–10:00 they never overlap (Perth 09:00 is Adelaide
 * 10:30). The retry planner gives up visibly in that case (no_calling_hours); the first
 * call must too: the interview ends FAILED (NO_CALLING_HOURS) with an ATS note, instead of a
 * message SQS redelivers until it lands in the DLQ with no state and no note.
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
    expect(h.ats.writes.map((w) => w.outcome.kind)).toEqual(['could_not_start']);
  });
});
