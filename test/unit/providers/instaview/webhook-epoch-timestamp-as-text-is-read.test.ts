import { describe, expect, it } from 'vitest';
import { MalformedPayloadError } from '#shared/domain/errors';
import { parseInstaViewWebhook } from '#shared/providers/instaview/webhook-events';

/**
 * An InstaView delivery's timestamp is read as ISO text or as epoch seconds/milliseconds. The
 * same epoch sent as text ("1772442900", as JSON encoders of 64-bit numbers and many webhook
 * senders write it) was refused 400 "timestamp: not a date-time": the analysis.completed of
 * every such delivery was lost (InstaView retries a 400 a few times, then opens its circuit),
 * for a time that can be read. Digits only are never an ISO date, so nothing else changes.
 */
const delivery = (timestamp: unknown) => ({ event: 'analysis.completed', timestamp, deliveryId: 'dlv_1', data: { interviewId: 'iv_1' } });

describe('InstaView webhook timestamp given as epoch digits in text', () => {
  it.each([
    ['seconds', '1772442900'],
    ['milliseconds', '1772442900000'],
    ['seconds, padded', ' 1772442900 '],
  ])('(%s) is read as that instant', (_, timestamp) => {
    expect(parseInstaViewWebhook(delivery(timestamp)).occurredAt).toBe('2026-03-02T09:15:00.000Z');
  });

  it('text that is no time stays a 400 naming timestamp', () => {
    expect(() => parseInstaViewWebhook(delivery('soon'))).toThrow(MalformedPayloadError);
    expect(() => parseInstaViewWebhook(delivery('99999999999999999999999'))).toThrow(MalformedPayloadError);
  });

  it.each(['20261126', '202611261000', '7'])('digits that are no epoch (%s) are a 400 naming timestamp, not a day in 1970', (timestamp) => {
    expect(() => parseInstaViewWebhook(delivery(timestamp))).toThrow(MalformedPayloadError);
  });
});
