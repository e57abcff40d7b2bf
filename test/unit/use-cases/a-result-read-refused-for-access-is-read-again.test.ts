import { describe, expect, it } from 'vitest';
import type { RetryDue } from '#shared/domain/messages';
import { ProviderError } from '#shared/ports/interview-provider';
import { atsEvent, processorHarness, providerEvent } from '../../support/bridge.ts';

/**
 * A result read refused with 401/403 (a rotated or revoked API key) is not the provider
 * refusing this result for good: it wrote every completed interview back to the ATS as
 * "failed" and never read it again. It is read again on the result-read schedule
 * (2 … 120 minutes), so fixing the key in time still brings the result to the ATS.
 */
describe('a result read refused for access (401/403)', () => {
  it.each([401, 403])('HTTP %i: nothing is written back yet, the read is planned again, and the result lands once access is back', async (status) => {
    const h = processorHarness();
    await h.process(atsEvent());
    const interviewId = (await h.state()).interview!.providerInterviewId!;
    h.provider.failNext('fetchResult', new ProviderError(`InstaView ${status}`, status === 401 ? 'UNAUTHORIZED' : 'FORBIDDEN', false, status));

    await h.process(providerEvent({ interviewId, kind: 'analysis.completed' }));

    expect(h.ats.writes).toEqual([]);
    const read = h.scheduler.pending().find((p) => (p.message as RetryDue).reason === 'result_read');
    expect(read).toBeDefined();
    expect((await h.state()).interview?.lastError).toMatchObject({ code: status === 401 ? 'UNAUTHORIZED' : 'FORBIDDEN' });

    h.clock.set(read!.at.toISOString());
    await h.process(read!.message as RetryDue);
    expect(h.ats.writes.map((w) => w.outcome.kind)).toEqual(['completed']);
  });

  it('a result the provider refuses for good otherwise (410 gone) is still written back as failed at once', async () => {
    const h = processorHarness();
    await h.process(atsEvent());
    const interviewId = (await h.state()).interview!.providerInterviewId!;
    h.provider.failNext('fetchResult', new ProviderError('InstaView 410', 'GONE', false, 410));
    await h.process(providerEvent({ interviewId, kind: 'analysis.completed' }));
    expect(h.ats.writes.map((w) => w.outcome.kind)).toEqual(['failed']);
  });
});
