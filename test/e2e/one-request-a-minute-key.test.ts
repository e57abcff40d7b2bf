import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { peekDeadLetters } from '#infra/local/local-bridge';
import { stageChange, startE2eStack, type E2eStack } from './support/local-stack.ts';

/**
 * An InstaView key allowed one request a minute: one token's wait (~62 s) is longer than the
 * processor can wait within its invocation (60 s locally), so no start can pace its calls
 * inline. Each start still gets through, in the order the candidates arrived, without the
 * DLQ and without a storm of 429s.
 */
describe('a provider key at one request a minute', () => {
  let stack: E2eStack;
  beforeAll(async () => {
    stack = await startE2eStack();
    stack.sandbox!.setRateLimits({ perMinute: 1 });
  });
  afterAll(async () => { await stack.stop(); });

  it('starts every interview of a burst of candidates, in order', async () => {
    const ids = [7301, 7302, 7303];
    for (const id of ids) {
      expect((await stack.sendGreenhouse(stageChange(id, { phone: `+1604555${String(id).padStart(4, '0')}` }))).status).toBe(200);
      await stack.drain(90_000);
    }
    // A few calls each, a minute apart: an hour of the key's time is plenty.
    const started = async () => (await Promise.all(ids.map((id) => stack.state(String(id))))).every((s) => s?.interview?.providerInterviewId);
    for (let minute = 0; minute < 60 && !(await started()); minute++) {
      stack.clock.advance(60_000);
      await stack.drain(90_000);
    }

    for (const id of ids) {
      const state = await stack.state(String(id));
      expect(state?.interview?.providerInterviewId, `application ${id}: ${state?.interview?.phase}`).toBeDefined();
      expect(stack.sandboxInterviews().filter((i: any) => i.metadata?.externalInterviewId?.includes(`:${id}:`))).toHaveLength(1);
    }
    const created = stack.sandboxInterviews()
      .filter((i: any) => ids.some((id) => i.metadata?.externalInterviewId?.includes(`:${id}:`)))
      .sort((a: any, b: any) => Date.parse(a.createdAt) - Date.parse(b.createdAt))
      .map((i: any) => ids.find((id) => i.metadata.externalInterviewId.includes(`:${id}:`)));
    expect(created).toEqual(ids);
    expect(await peekDeadLetters(stack.aws)).toEqual([]);
    // The bucket keeps the key under its limit: the provider refuses at most a stray request.
    expect(stack.sandbox!.stats().rateLimited).toBeLessThanOrEqual(2);
  }, 600_000);
});
