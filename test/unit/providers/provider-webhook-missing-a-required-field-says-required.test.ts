import { describe, expect, it } from 'vitest';
import { MalformedPayloadError } from '#shared/domain/errors';
import { parseInstaViewWebhook } from '#shared/providers/instaview/webhook-events';
import { parseXobinWebhook } from '#shared/providers/xobin/webhook-events';

/**
 * A newcomer posts a provider webhook by hand (or a provider changes its payload) and leaves a
 * field out: the 400 said "timestamp: Invalid input" (zod's words for a union that got
 * nothing), which does not say what is wrong. Ingress answers name the field and why, as the
 * ATS webhooks do: "required", or the wrong type found.
 */
const refusal = (parse: () => unknown) => {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(MalformedPayloadError);
    return (error as Error).message;
  }
  throw new Error('accepted');
};

describe('a provider webhook that lacks a field the bridge needs', () => {
  it('InstaView without a timestamp: "timestamp: required"', () => {
    expect(refusal(() => parseInstaViewWebhook({ event: 'analysis.completed', deliveryId: 'd1', data: { interviewId: 'int_1' } }))).toBe('timestamp: required');
  });

  it('InstaView with a timestamp of the wrong type: says which type it got', () => {
    expect(refusal(() => parseInstaViewWebhook({ event: 'analysis.completed', timestamp: true, deliveryId: 'd1', data: { interviewId: 'int_1' } }))).toBe('timestamp: has the wrong type (a boolean)');
  });

  it('Xobin without response_id: "response_id: required"', () => {
    expect(refusal(() => parseXobinWebhook({ invite_status: 'Completed', candidate_name: 'Grace Hopper' }))).toBe('response_id: required');
  });
});
