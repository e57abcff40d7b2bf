import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stageChange, startE2eStack, type E2eStack } from './support/local-stack.ts';

/**
 * An InstaView key allowed fewer requests per minute than the bridge waits for inline (5 s a
 * token: under ~12/min), as the README's `POST limits {"perMinute": 10}` sets up. Starting an
 * interview takes several calls; the bridge paces them one token apart instead of backing
 * the whole start off on its second call, which then came back to the same wall for ever.
 */
describe('a provider key slower than one request per 5 s', () => {
  let stack: E2eStack;
  beforeAll(async () => {
    stack = await startE2eStack();
    stack.sandbox!.setRateLimits({ perMinute: 10 });
  });
  afterAll(async () => { await stack.stop(); });

  it('still starts the interview, its calls paced at the key\'s limit', async () => {
    expect((await stack.sendGreenhouse(stageChange(7101))).status).toBe(200);
    await stack.drain(90_000);
    // The first answer says 10/min where the bucket assumed 60: the tokens lent out at 60 are
    // worth six times as long now, so the first try may back off once. The next one goes through.
    stack.clock.advance(3 * 60_000);
    await stack.drain(90_000);

    const state = await stack.state('7101');
    expect(state?.interview?.phase).toBe('SCHEDULED');
    expect(state?.interview?.providerInterviewId).toBeDefined();
    expect(stack.sandboxInterviews().filter((i: any) => i.metadata?.externalInterviewId?.includes(':7101:'))).toHaveLength(1);
  }, 120_000);
});
