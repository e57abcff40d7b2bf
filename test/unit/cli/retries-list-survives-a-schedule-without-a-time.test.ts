import { describe, expect, it } from 'vitest';
import { listRetries } from '#shared/use-cases/ops/list-retries';
import { FakeScheduleListing } from './fakes.ts';

/**
 * The EventBridge adapter hands on a schedule's expression when it is not `at(…)` (someone's
 * rate or cron schedule in the group, or none at all). One such schedule must not make
 * `bridge retries list` fail as a whole ("unexpected error: Invalid time value").
 */
describe('retries list with a schedule whose time cannot be read', () => {
  it('lists it as it is, after the others, and still lists the others', async () => {
    const listing = new FakeScheduleListing([
      { name: 'cleanup', at: 'rate(5 minutes)' },
      { name: 'acme.7001.call.1.2', at: '2026-12-03T09:30:00Z', message: { type: 'retry', tenantId: 'acme', applicationId: '7001', deliveryId: 'd', reason: 'call_attempt', attempt: 2, dueAt: '2026-12-03T09:30:00Z' } },
    ]);
    const lines = await listRetries(listing);
    expect(lines.map((l) => [l.name, l.at])).toEqual([['acme.7001.call.1.2', '2026-12-03T09:30:00.000Z'], ['cleanup', 'rate(5 minutes)']]);
  });
});
