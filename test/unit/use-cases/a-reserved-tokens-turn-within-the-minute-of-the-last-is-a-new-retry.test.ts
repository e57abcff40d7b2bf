import { describe, expect, it } from 'vitest';
import { emptyState, type ApplicationState } from '#shared/domain/application-state';
import type { RetryDue } from '#shared/domain/messages';
import { ProviderError } from '#shared/ports/interview-provider';
import { pacedRun } from '#shared/rate-limit/paced-command';
import { backoffFor } from '#shared/use-cases/provider-backoff';

/**
 * A start paced on a slow key comes back when its reserved token is due, which can be seconds
 * after its last turn. Its retry must be a new delivery: one with the same id as the last (the
 * same minute) would be dropped by SQS's deduplication and by the processed-once check, and the
 * start would wait for ever.
 */
const NOW = Date.parse('2026-04-13T17:00:05Z');

function creating(): ApplicationState {
  const state = emptyState('acme', '7301', 'cand-1', 'greenhouse', new Date(NOW).toISOString());
  return {
    ...state,
    interview: {
      ruleId: 'phone-screen', provider: 'instaview', generation: 1, externalKey: 'acme:7301:phone-screen:1', phase: 'CREATING',
      requestedBy: { deliveryId: 'd1', occurredAt: new Date(NOW).toISOString() }, callAttemptsRequested: 0,
      createdAt: new Date(NOW).toISOString(), updatedAt: new Date(NOW).toISOString(),
    },
  };
}

const refusal = () => new ProviderError('InstaView POST /candidates: API key\'s rate limit reached', 'RATE_LIMITED', true, undefined, 8);

describe('retries of a paced start', () => {
  it('come back at the reserved token, each as its own delivery even within one minute', async () => {
    const first = pacedRun({ now: () => NOW });
    first.reserved = { key: 'instaview:abc', at: NOW + 8_000 };
    const one = backoffFor({ type: 'start_interview', ruleId: 'phone-screen', recovering: false }, refusal(), creating(), new Date(NOW), first)!;
    expect(one.schedule.at.getTime()).toBe(NOW + 8_000);

    const later = NOW + 8_000;
    const second = pacedRun({ now: () => later });
    second.reserved = { key: 'instaview:abc', at: later + 20_000 };
    const two = backoffFor({ type: 'start_interview', ruleId: 'phone-screen', recovering: false }, refusal(), one.state, new Date(later), second)!;
    expect(two.schedule.at.getTime()).toBe(later + 20_000);

    expect(two.schedule.name).not.toBe(one.schedule.name);
    expect(two.schedule.deduplicationId).not.toBe(one.schedule.deduplicationId);
    expect((two.schedule.message as RetryDue).deliveryId).not.toBe((one.schedule.message as RetryDue).deliveryId);
    expect(two.state.interview?.pace?.token).toEqual({ key: 'instaview:abc', at: new Date(later + 20_000).toISOString() });
  });
});
