import { describe, expect, it } from 'vitest';
import { createInstaViewProvider } from '#shared/providers/instaview/adapter';
import { INSTAVIEW_WEBHOOK_EVENTS } from '#shared/providers/instaview/webhook-events';
import { apiError, clientOn, envelope } from './fake-fetch.ts';

/**
 * InstaView documents the webhook events three ways: dotted (older page), UPPER_SNAKE (newer page)
 * and as numbers 0–5 in the older page's order. Registration must succeed with an InstaView that
 * takes only one of them, and subscribe to the same events whichever it is.
 */
describe('registering the webhook with an InstaView that takes only numeric events', () => {
  it('is sent a third time with the event numbers, the same events', async () => {
    const seen: unknown[][] = [];
    const { client } = clientOn((req) => {
      const events = (req.body as { events: unknown[] }).events;
      seen.push(events);
      return events.every((e) => typeof e === 'number')
        ? envelope({ id: 'wh_1', url: 'https://x', events, isActive: true, signingSecret: 'ab'.repeat(32) })
        : apiError(400, 'VALIDATION_ERROR', 'each value in events must be a valid enum value');
    });
    const instaview = createInstaViewProvider({ client });
    await expect(instaview.registerWebhook('https://bridge.example/webhooks/providers/instaview/acme', 't'.repeat(20))).resolves.toMatchObject({ id: 'wh_1' });
    expect(seen).toHaveLength(3);
    expect(seen[2]!.map((n) => INSTAVIEW_WEBHOOK_EVENTS[n as number])).toEqual(seen[0]);
  });
});
