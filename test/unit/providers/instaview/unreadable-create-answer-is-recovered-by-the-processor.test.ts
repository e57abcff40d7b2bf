import { describe, expect, it } from 'vitest';
import { createInstaViewProvider } from '#shared/providers/instaview/adapter';
import { atsEvent, processorHarness } from '../../../support/bridge.ts';
import { clientOn, envelope, type FakeRequest, type Reply } from './fake-fetch.ts';

/**
 * The processor with the real InstaView adapter (on a scripted API): the create answers 200
 * with a load balancer's HTML page although InstaView made the interview. The message is
 * retried (not a failed start while InstaView calls the candidate), and its redelivery finds
 * that interview by our key instead of creating a second one.
 */

describe('processor + InstaView: a create answered with an unreadable 200', () => {
  it('is retried and recovered: one interview, recorded, none failed', async () => {
    const h = processorHarness();
    const made: Record<string, unknown>[] = [];
    const candidates: Record<string, unknown>[] = [];
    const { client, calls } = clientOn((req: FakeRequest): Reply => {
      const key = `${req.method} ${req.path}`;
      if (key === 'GET /candidates') return envelope({ data: candidates, total: candidates.length });
      if (key === 'POST /candidates') {
        candidates.push({ ...(req.body as object), id: 'cand_1' });
        return envelope(candidates[0]);
      }
      if (key === 'POST /interviews') {
        const body = req.body as { metadata: Record<string, unknown>; scheduledAt?: string };
        made.push({ id: `int_${made.length + 1}`, candidateId: 'cand_1', status: 'SCHEDULED', scheduledAt: body.scheduledAt, metadata: body.metadata, callAttempts: [] });
        return { status: 200, raw: '<html><body>upstream answered</body></html>', headers: { 'content-type': 'text/html' } };
      }
      if (key === 'GET /interviews') return envelope({ items: made, pagination: { page: 1, totalPages: 1 } });
      if (key.startsWith('POST /interviews/') && key.endsWith('/call-attempts')) return envelope(null);
      throw new Error(`unexpected request ${key}`);
    }, { maxRetries: 0, rateLimiter: null });
    const instaview = createInstaViewProvider({ client, clock: h.clock });
    h.deps.providers = () => instaview;
    const event = atsEvent({ deliveryId: 's1' });

    await expect(h.process(event)).rejects.toMatchObject({ code: 'INVALID_RESPONSE', retryable: true });
    expect((await h.state()).interview?.phase).toBe('CREATING');

    await h.process(event); // SQS redelivery
    const state = await h.state();
    expect(state.interview).toMatchObject({ providerInterviewId: 'int_1' });
    expect(state.interview?.phase).not.toBe('FAILED');
    expect(calls.filter((c) => c.method === 'POST' && c.path === '/interviews')).toHaveLength(1);
  });
});
