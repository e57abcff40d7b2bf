import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoDbReplayGuard } from '#shared/aws/dynamodb-replay-guard';
import type { ReplayGuard } from '#shared/ports/replay-guard';
import { startLocalAws, type LocalAws } from '#infra/local/emulators';

/**
 * Lever's one-time tokens (against dynalite): the first request claims a token, a repeat is
 * "in flight" until the first one is accepted and a duplicate after; a claim whose request
 * died is taken over after a minute; an expired token is new again; a release forgets it.
 */
describe('DynamoDB replay guard (against dynalite)', () => {
  let aws: LocalAws;
  let now = Date.parse('2026-12-02T10:00:00Z');
  let guard: ReplayGuard;
  beforeAll(async () => {
    aws = await startLocalAws();
    guard = dynamoDbReplayGuard(aws.documents, aws.tables.state, { now: () => new Date(now) });
  });
  afterAll(async () => { await aws.stop(); });

  it('claimed, then in flight while the first request is being accepted, then a duplicate', async () => {
    expect(await guard.claim('lever:acme:t1', 600)).toBe('claimed');
    expect(await guard.claim('lever:acme:t1', 600)).toBe('in_flight');
    await guard.accept('lever:acme:t1', 600);
    expect(await guard.claim('lever:acme:t1', 600)).toBe('accepted');
  });

  it('a claim left in flight for over a minute (its request died) is taken over', async () => {
    expect(await guard.claim('lever:acme:t2', 600)).toBe('claimed');
    now += 30_000;
    expect(await guard.claim('lever:acme:t2', 600)).toBe('in_flight');
    now += 31_000;
    expect(await guard.claim('lever:acme:t2', 600)).toBe('claimed');
  });

  it('an accepted token is never taken over while it lasts; after its TTL it is new again', async () => {
    expect(await guard.claim('lever:acme:t3', 120)).toBe('claimed');
    await guard.accept('lever:acme:t3', 120);
    now += 90_000;
    expect(await guard.claim('lever:acme:t3', 120)).toBe('accepted');
    now += 31_000;
    expect(await guard.claim('lever:acme:t3', 120)).toBe('claimed');
  });

  it('a released token (its request was not accepted) can be claimed again at once', async () => {
    expect(await guard.claim('lever:acme:t4', 600)).toBe('claimed');
    await guard.release('lever:acme:t4');
    expect(await guard.claim('lever:acme:t4', 600)).toBe('claimed');
  });
});
