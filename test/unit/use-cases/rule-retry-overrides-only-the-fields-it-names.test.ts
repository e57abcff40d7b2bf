import { describe, expect, it } from 'vitest';
import type { InterviewRecord } from '#shared/domain/application-state';
import { retryPlanner } from '#shared/use-cases/retry-planner';
import { testConfig } from '../../support/bridge.ts';

/**
 * README: `retry` is set per tenant, "or partly per rule". A rule that only raises
 * maxAttempts must keep the tenant's gap and span. (Parsed with zod 4's
 * retryPolicySchema.partial(), every field kept its default, so the rule block was a whole
 * policy that overwrote every tenant value.)
 */
const config = testConfig((raw) => {
  raw.tenants[0].retry = { minGapMinutes: 240, maxSpanDays: 10, jitterMinutes: 0 };
  raw.tenants[0].rules[0].retry = { maxAttempts: 8 };
});
const tenant = config.tenants[0]!;

const interview: InterviewRecord = {
  ruleId: 'ai-phone-screen',
  provider: 'instaview',
  generation: 1,
  externalKey: 'acme:71234560:ai-phone-screen:1',
  phase: 'SCHEDULED',
  requestedBy: { deliveryId: 'd-1', occurredAt: '2026-04-13T16:00:00Z' },
  callAttemptsRequested: 0,
  // Mon 13 Apr 2026 11:00 in Vancouver (-07:00): unanswered.
  calls: [{ at: '2026-04-13T18:00:00Z', result: 'no_answer' }],
  timeZone: { zones: ['America/Vancouver'], source: 'phone' },
  createdAt: '2026-04-13T16:00:00Z',
  updatedAt: '2026-04-13T16:30:00Z',
};

describe('a rule that overrides part of the retry policy', () => {
  it('keeps the tenant\'s minimum gap of 4 hours', () => {
    const plan = retryPlanner(tenant, new Date('2026-04-13T18:01:00Z'))(interview, 'no_answer');
    if ('giveUp' in plan) throw new Error(`gave up: ${plan.reason}`);
    // Not 13:30 (the afternoon half after 2 h, the default gap) but 15:00 or later.
    expect(plan.at.getTime()).toBeGreaterThanOrEqual(Date.parse('2026-04-13T22:00:00Z'));
  });

  it('keeps the tenant\'s span of 10 days', () => {
    const history = Array.from({ length: 3 }, (_, i) => ({ at: new Date(Date.parse('2026-04-13T18:00:00Z') + i * 2 * 86_400_000).toISOString(), result: 'no_answer' as const }));
    // Six days after the first call: inside the tenant's 10-day span, past the default 5.
    const plan = retryPlanner(tenant, new Date('2026-04-19T17:00:00Z'))({ ...interview, calls: history }, 'no_answer');
    expect(plan).not.toHaveProperty('giveUp');
  });
});
