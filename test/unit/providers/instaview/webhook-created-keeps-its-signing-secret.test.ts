import { describe, expect, it } from 'vitest';
import { createInstaViewProvider } from '#shared/providers/instaview/adapter';
import { clientOn, envelope } from './fake-fetch.ts';

/**
 * POST /webhooks answers the new webhook with its signingSecret, the only time InstaView shows
 * it. An odd value in a field the bridge does not need (events as objects, isActive as text,
 * headers listed) must not make that answer unreadable: the webhook exists by then, and the
 * secret would be lost (a re-run registers a second webhook, every event arrives twice).
 */

const created = {
  id: 'wh_1', apiKeyId: 'key_1', companyId: 'comp_1', url: 'https://bridge.example/webhooks/providers/instaview/acme', name: 'ats-interview-bridge',
  headers: [{ name: 'X-Bridge-Webhook-Token', isMasked: true }], isActive: true, maxRetries: 3, timeoutMs: 30000, consecutiveFailures: 0, circuitOpenedAt: null,
  signingSecret: 'ab'.repeat(32), events: ['interview.failed', 'analysis.completed', 'analysis.failed', 'ping'],
};

describe('InstaView webhook registration answer with odd fields', () => {
  it.each([
    ['events as objects', { events: [{ name: 'INTERVIEW_FAILED' }, { name: 'ANALYSIS_COMPLETED' }] }],
    ['isActive as text and consecutiveFailures as text', { isActive: 'true', consecutiveFailures: '0' }],
    ['url null (echo left out)', { url: null }],
    ['circuitOpenedAt as epoch', { circuitOpenedAt: 0 }],
  ])('%s: the id and signing secret are kept', async (_, odd) => {
    const { client } = clientOn(() => ({ ...envelope({ ...created, ...odd }), status: 201 }), { maxRetries: 0 });
    const registered = await createInstaViewProvider({ client }).registerWebhook(created.url, 't'.repeat(20));
    expect(registered).toEqual({ id: 'wh_1', signingSecret: 'ab'.repeat(32) });
  });
});
