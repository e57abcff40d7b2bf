import { describe, expect, it } from 'vitest';
import { atsSource } from '#shared/ats/registry';
import { acceptAtsWebhook } from '#shared/use-cases/accept-ats-webhook';
import { InMemoryQueue, InMemoryReplayGuard, RecordingTelemetry, StaticTenantSecrets } from '../../../support/fakes.ts';
import { LEVER_TOKEN, TENANT, fixtureBytes, fixtureJson, ingressConfig, leverRequest } from './helpers.ts';

/**
 * Lever retries a delivery that was not answered 2xx with the same body: the same token and
 * triggeredAt. A 5-minute freshness window refused (401) every retry of a delivery answered 5xx
 * (a queue or secrets outage) that came later than that, and Lever does not retry a 401: the
 * event was lost. The default window now covers a retry schedule of hours; the replay guard
 * (token + triggeredAt, kept twice the window) still makes an accepted delivery single use.
 */
const json = fixtureJson('candidateStageChange');
const triggeredAt = new Date(json.triggeredAt);
const minutesAfter = (minutes: number) => new Date(triggeredAt.getTime() + minutes * 60_000);

function ingress() {
  let now = triggeredAt;
  const queue = new InMemoryQueue();
  const deps = {
    config: ingressConfig(), secrets: new StaticTenantSecrets({ [TENANT]: { lever: { signatureTokens: [LEVER_TOKEN] } } }), queue,
    sourceFor: atsSource, telemetry: new RecordingTelemetry(), replayGuard: new InMemoryReplayGuard({ now: () => now }),
  };
  const send = (at: Date) => {
    now = at;
    return acceptAtsWebhook({ source: 'lever', tenantId: TENANT, request: leverRequest(fixtureBytes('candidateStageChange'), at) }, deps);
  };
  return { queue, send };
}

describe('a Lever retry of a delivery that was never accepted', () => {
  it('30 minutes later is taken (was 401 stale past 5 minutes)', async () => {
    const { queue, send } = ingress();
    queue.failWith('SQS unavailable');
    expect((await send(minutesAfter(0.1))).status).toBe(503);
    queue.recover();
    const retry = await send(minutesAfter(30));
    expect(retry.status).toBe(200);
    expect(queue.messages).toHaveLength(1);
    expect(queue.messages[0]).toMatchObject({ applicationId: json.data.opportunityId });
  });

  it('a replay of the accepted token, hours later, is still a duplicate and enqueues nothing more', async () => {
    const { queue, send } = ingress();
    expect((await send(minutesAfter(0.1))).status).toBe(200);
    for (const minutes of [30, 6 * 60, 23 * 60]) {
      const replay = await send(minutesAfter(minutes));
      expect(replay.status).toBe(200);
      expect(replay.body).toMatchObject({ status: 'duplicate' });
    }
    expect(queue.messages).toHaveLength(1);
  });

  it('past the window (a day) it is refused as stale', async () => {
    const { queue, send } = ingress();
    const late = await send(minutesAfter(24 * 60 + 1));
    expect(late.status).toBe(401);
    expect((late.body as { message: string }).message).toMatch(/stale/);
    expect(queue.messages).toHaveLength(0);
  });
});
