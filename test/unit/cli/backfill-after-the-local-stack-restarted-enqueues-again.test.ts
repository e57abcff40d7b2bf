import { describe, expect, it } from 'vitest';
import type { ListedApplication } from '#shared/ports/ops-ats-listing';
import { backfill } from '#shared/use-cases/ops/backfill';
import { candidateProfile, testConfig, TRIGGER_STAGE } from '../../support/bridge.ts';
import { FixedClock, InMemoryQueue, InMemoryStateStore } from '../../support/fakes.ts';
import { FakeApplicationListing, InMemoryCheckpointStore } from './fakes.ts';

/**
 * The local stack keeps its state and queue in memory. A newcomer runs `backfill --apply`,
 * stops `npm start`, starts it again (nothing of the earlier run is left) and backfills again:
 * the checkpoint in .bridge/ still listed the applications as "enqueued by an earlier run of
 * this backfill", so they were skipped and never got an interview, with nothing to say why.
 * A checkpoint speaks for the bridge it enqueued into, not for another one.
 */
const listed = (applicationId: string): ListedApplication => ({
  applicationId, candidateId: `c-${applicationId}`, jobIds: ['4012345'], stage: { ...TRIGGER_STAGE }, status: 'active', candidate: candidateProfile(),
});

describe('a backfill checkpoint written for another bridge', () => {
  const tenant = testConfig().tenants[0]!;
  const checkpoints = new InMemoryCheckpointStore();
  const run = (bridge: string, queue = new InMemoryQueue(), store = new InMemoryStateStore()) => backfill(
    { tenant, source: 'greenhouse', stage: 'AI Phone Screen', apply: true },
    { listing: new FakeApplicationListing([[listed('7001'), listed('7002')]]), queue, store, checkpoints, clock: new FixedClock('2026-11-26T16:00:00Z'), bridge },
  );

  it('does not keep applications from a restarted local stack, which never heard of them', async () => {
    const first = await run('local stack started 2026-11-26T15:30:00Z');
    expect(first.counts.enqueued).toBe(2);

    const queue = new InMemoryQueue();
    const again = await run('local stack started 2026-11-26T16:10:00Z', queue);
    expect(again.lines.map((l) => [l.applicationId, l.action])).toEqual([['7001', 'enqueued'], ['7002', 'enqueued']]);
    expect(queue.sent).toHaveLength(2);
  });

  it('still skips them when run again against the same bridge', async () => {
    const queue = new InMemoryQueue();
    const same = await run('local stack started 2026-11-26T16:10:00Z', queue);
    expect(same.lines.map((l) => l.why)).toEqual(['enqueued by an earlier run of this backfill', 'enqueued by an earlier run of this backfill']);
    expect(queue.sent).toHaveLength(0);
  });
});
