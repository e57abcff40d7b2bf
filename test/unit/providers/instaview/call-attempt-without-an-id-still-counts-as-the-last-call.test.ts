import { describe, expect, it } from 'vitest';
import { classifyFailedCall, lastPlacedCall } from '#shared/domain/call-results';
import { createInstaViewProvider } from '#shared/providers/instaview/adapter';
import { clientOn, envelope } from './fake-fetch.ts';

/**
 * When InstaView says a call failed without saying how, the bridge reads the interview's
 * callAttempts and goes by the last one placed (inspectLastCall): no answer, or answered and
 * cut short, count against different budgets and read differently in the ATS. An attempt
 * listed without an id was dropped, so the bridge went by an older one: here the candidate
 * answered the latest call, yet it was counted as one more "never picked up".
 */

const interview = {
  id: 'int_1', candidateId: 'cand_1', status: 'FAILED', metadata: {},
  callAttempts: [
    { id: 'att_1', direction: 'OUTBOUND', status: 'FAILED', reasonCode: 'NO_ANSWER', scheduledAt: '2026-03-02T09:00:00Z', calledAt: '2026-03-02T09:00:05Z', retryNumber: 0 },
    { id: null, direction: 'OUTBOUND', status: 'COMPLETED', reasonCode: 'CALL_DROPPED', scheduledAt: '2026-03-02T13:00:00Z', calledAt: '2026-03-02T13:00:04Z', duration: 95, retryNumber: 1 },
  ],
};

function provider() {
  const { client } = clientOn((req) => {
    if (req.method === 'GET' && req.path === '/interviews/int_1') return envelope(interview);
    throw new Error(`unexpected ${req.method} ${req.path}`);
  });
  return createInstaViewProvider({ client });
}

describe('an InstaView call attempt listed without an id', () => {
  it('is still the last call placed: answered and cut short, not another no-answer', async () => {
    const read = await provider().getInterview('int_1');
    expect(read?.callAttempts).toHaveLength(2);
    const last = lastPlacedCall(read!.callAttempts);
    expect(last).toMatchObject({ status: 'COMPLETED', reasonCode: 'CALL_DROPPED', calledAt: '2026-03-02T13:00:04Z' });
    expect(classifyFailedCall(last!.reasonCode, last!.status === 'COMPLETED')).toBe('incomplete');
  });

  it('gives the failed interview\'s reason in its result', async () => {
    expect(await provider().fetchResult('int_1')).toMatchObject({ outcome: 'failed', summary: 'CALL_DROPPED' });
  });
});
