import { describe, expect, it } from 'vitest';
import { createInstaViewProvider } from '#shared/providers/instaview/adapter';
import { clientOn, envelope } from './fake-fetch.ts';

/**
 * The interview status is read in any case (toProviderStatus); a call attempt's status must be
 * too, because the bridge tells a call that connected (COMPLETED / IN_PROGRESS) from one that
 * never did by it: a "completed" attempt read as-is counted a dropped call as "never answered",
 * against the stricter retry budget.
 */

describe('InstaView call attempt statuses', () => {
  it.each([['completed', 'COMPLETED'], [' In_Progress ', 'IN_PROGRESS'], ['failed', 'FAILED'], ['Canceled', 'CANCELED']])('%j is read as %s', async (status, expected) => {
    const { client } = clientOn(() => envelope({ id: 'int_1', status: 'FAILED', metadata: {}, callAttempts: [{ id: 'att_1', status, reasonCode: 'CALL_DROPPED', calledAt: '2026-03-02T09:00:05Z' }] }));
    const interview = await createInstaViewProvider({ client }).getInterview('int_1');
    expect(interview?.callAttempts[0]?.status).toBe(expected);
  });
});
