import { describe, expect, it } from 'vitest';
import { AtsApiError } from '#shared/ports/ats-api';
import { atsEvent, processorHarness, providerEvent } from '../../support/bridge.ts';

/**
 * A write-back counts its sends so that a retry after an answer lost looks for the note first.
 * A 429 is no answer lost: the ATS refused the request, nothing was written. Counted all the
 * same, every retry after a rate limit listed the candidate's notes before writing (an extra,
 * possibly paged, read against the very limit that refused it).
 */
async function completedInterview() {
  const h = processorHarness();
  await h.process(atsEvent());
  const interviewId = (await h.state()).interview!.providerInterviewId!;
  return { h, result: providerEvent({ interviewId, kind: 'analysis.completed' }) };
}

async function fireWriteBackRetry(h: Awaited<ReturnType<typeof completedInterview>>['h']) {
  const retry = h.scheduler.pending().filter((s) => (s.message as { reason?: string }).reason === 'write_back').at(-1);
  h.clock.set(retry!.at.toISOString());
  await h.process(retry!.message);
}

describe('a write-back refused by the ATS\'s rate limit', () => {
  it('is retried without looking for a note it never wrote', async () => {
    const { h, result } = await completedInterview();
    h.ats.failWith(new AtsApiError('Greenhouse 429', 'RATE_LIMITED', true, 429, 10));
    await h.process(result);

    await fireWriteBackRetry(h);

    expect(h.ats.writes.map((w) => w.options)).toEqual([undefined]);
    expect((await h.state()).interview?.writeBack?.status).toBe('DONE');
  });

  it('still looks when an earlier try\'s answer was lost (a 5xx), though a 429 came between', async () => {
    const { h, result } = await completedInterview();
    h.ats.failWith(new AtsApiError('Greenhouse 504', 'SERVER_ERROR', true, 504), new AtsApiError('Greenhouse 429', 'RATE_LIMITED', true, 429, 10));
    await h.process(result);
    await fireWriteBackRetry(h);

    await fireWriteBackRetry(h);

    expect(h.ats.writes.map((w) => w.options)).toEqual([{ noteMayExist: true }]);
  });
});
