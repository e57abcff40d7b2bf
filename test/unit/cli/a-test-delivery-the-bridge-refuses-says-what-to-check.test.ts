import { describe, expect, it } from 'vitest';
import { testProviderWebhook } from '#shared/use-cases/ops/provider-webhooks';
import { FakeProviderAdmin } from './fakes.ts';

/**
 * InstaView returns a signingSecret but documents no signature header or scheme, so the bridge
 * verifies the ones it can guess, and refuses (401) a signature it can read that does not match.
 * Were its guess of what is signed wrong, every delivery would be refused once the operator
 * stores the secret (as `register` asks). `provider webhooks test` is where that shows first:
 * its 401 now says what the bridge checked and how to fall back to the token header alone,
 * so a wrong guess costs one command, not lost deliveries and an open circuit.
 */

const url = 'https://bridge.example.com/webhooks/providers/instaview/acme';

async function testAnswered(answer: { success: boolean; httpStatus?: number; message?: string }, verifiesSignature: boolean) {
  const admin = new FakeProviderAdmin();
  await admin.registerWebhook(url, 'a-token-of-16-chars-or-more');
  (admin as { testWebhook: (id: string) => Promise<typeof answer> }).testWebhook = async () => answer;
  return testProviderWebhook(admin, { url, verifiesSignature });
}

describe('provider webhooks test: a delivery the bridge refused', () => {
  it('401 with a signingSecret stored: names the signature and how to go on without it', async () => {
    const { hint } = await testAnswered({ success: false, httpStatus: 401, message: 'Webhook test failed' }, true);
    expect(hint).toMatch(/signingSecret/);
    expect(hint).toMatch(/remove/i);
    expect(hint).toMatch(/token/);
  });

  it('401 without one: the token header is what did not match', async () => {
    const { hint } = await testAnswered({ success: false, httpStatus: 401 }, false);
    expect(hint).toMatch(/webhookToken/);
    expect(hint).not.toMatch(/signingSecret/);
  });

  it('a delivered test, or another failure, gets no such hint', async () => {
    expect((await testAnswered({ success: true, httpStatus: 200 }, true)).hint).toBeUndefined();
    expect((await testAnswered({ success: false, message: 'Webhook test failed: Connection timeout' }, true)).hint).toBeUndefined();
  });
});
