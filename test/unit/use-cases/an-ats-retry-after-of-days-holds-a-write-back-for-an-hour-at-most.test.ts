import { describe, expect, it } from 'vitest';
import { AtsApiError } from '#shared/ports/ats-api';
import { atsEvent, processorHarness, providerEvent } from '../../support/bridge.ts';

/**
 * An ATS that answers a write-back 429 with a Retry-After of days (a date far ahead, a value
 * in the wrong unit) held the recruiter's result note back that long. The ATSs document
 * windows of seconds (Greenhouse: per 10 s): after an hour at most
 * the write-back is tried again, as a provider's Retry-After is.
 */
async function rateLimitedWriteBack(retryAfterSeconds: number) {
  const h = processorHarness();
  await h.process(atsEvent());
  const interviewId = (await h.state()).interview!.providerInterviewId!;
  h.ats.failWith(new AtsApiError('Greenhouse 429', 'RATE_LIMITED', true, 429, retryAfterSeconds));
  await h.process(providerEvent({ interviewId, kind: 'analysis.completed' }));
  const [retry] = h.scheduler.pending();
  return { h, retry: retry!, waitMs: retry!.at.getTime() - h.clock.now().getTime() };
}

describe('an ATS Retry-After on a write-back', () => {
  it('of three days holds the write-back for an hour at most, and the retry lands it', async () => {
    const { h, retry, waitMs } = await rateLimitedWriteBack(3 * 86_400);
    expect(retry.message).toMatchObject({ type: 'retry', reason: 'write_back' });
    expect(waitMs).toBeLessThanOrEqual(3_600_000);
    expect(waitMs).toBeGreaterThanOrEqual(60_000);

    h.clock.set(retry.at.toISOString());
    await h.process(retry.message);
    expect(h.ats.writes).toHaveLength(1);
    expect((await h.state()).interview?.writeBack?.status).toBe('DONE');
  });

  it('of a few minutes is still honoured as asked', async () => {
    const { waitMs } = await rateLimitedWriteBack(600);
    expect(waitMs).toBe(600_000);
  });
});
