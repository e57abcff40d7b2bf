import { describe, expect, it } from 'vitest';
import { createXobinProvider } from '#shared/providers/xobin/adapter';
import { xobinClientOn } from './fake-xobin.ts';

/**
 * Xobin serves a report only for a completed interview, so a report without invite_status is a
 * completed one: its result is read as completed (toXobinResult). The interview itself was read
 * as in an UNKNOWN status, so when the application was then rejected the bridge did not see that
 * the interview already took place, and told the ATS it was still open at Xobin (or of unknown
 * status) instead of keeping it for its result like any completed interview.
 */

const report = (inviteStatus: unknown) => ({ response_id: 'resp_1', custom_field_id: 'aib:acme:app-1:ai-video:1', score: 40, ...(inviteStatus === undefined ? {} : { invite_status: inviteStatus }) });

const providerAnswering = (body: unknown) => {
  const { client } = xobinClientOn(() => ({ status: 200, body }), { maxRetries: 0 });
  return createXobinProvider({ client, clock: { now: () => new Date('2026-03-02T08:00:00Z') } });
};

describe('a Xobin report without an invite_status', () => {
  it.each([[undefined], [null], ['']])('(%j) is a completed interview, as its result says', async (status) => {
    const xobin = providerAnswering(report(status));
    expect((await xobin.getInterview('resp_1'))?.status).toBe('COMPLETED');
    expect((await xobin.findInterview('aib:acme:app-1:ai-video:1', {}))?.status).toBe('COMPLETED');
    expect(await xobin.fetchResult('resp_1')).toMatchObject({ outcome: 'completed' });
  });

  it('one with a status the bridge does not know stays UNKNOWN (unchanged)', async () => {
    expect((await providerAnswering(report('Under Review')).getInterview('resp_1'))?.status).toBe('UNKNOWN');
    expect((await providerAnswering(report({ state: 'x' })).getInterview('resp_1'))?.status).toBe('UNKNOWN');
  });
});
