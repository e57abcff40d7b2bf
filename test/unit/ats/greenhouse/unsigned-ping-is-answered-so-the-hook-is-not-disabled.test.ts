import { describe, expect, it } from 'vitest';
import { atsSource } from '#shared/ats/registry';
import { acceptAtsWebhook } from '#shared/use-cases/accept-ats-webhook';
import type { WebhookRequest } from '#shared/ports/ats-source';
import { GREENHOUSE_SECRET, TENANT, testConfig } from '../../../support/bridge.ts';
import { InMemoryQueue, InMemoryReplayGuard, RecordingTelemetry, StaticTenantSecrets } from '../../../support/fakes.ts';
import { fixtureBytes, greenhouseRequest } from '../../../support/greenhouse.ts';

/**
 * Greenhouse pings the endpoint when a web hook is saved, and creates the hook DISABLED when
 * the ping fails, until someone re-enables it by hand (greenhouse-api-docs webhooks
 * "_introduction.md"). Its docs do not say whether the ping carries a Signature (the only
 * public capture, zulip's fixture, is shown without headers). A ping does nothing here, so an
 * unsigned one is answered 200: were Greenhouse not to sign it, the bridge's hook would otherwise
 * be created disabled. A ping signed with another secret stays a 401 (a wrong secret shows when
 * the hook is saved), and nothing else is taken unsigned.
 */
function ingress() {
  const queue = new InMemoryQueue();
  const deps = {
    config: testConfig(), secrets: new StaticTenantSecrets({ [TENANT]: { greenhouse: { webhookSecret: GREENHOUSE_SECRET } } }), queue,
    sourceFor: atsSource, telemetry: new RecordingTelemetry(), replayGuard: new InMemoryReplayGuard(),
  };
  const send = (request: WebhookRequest) => acceptAtsWebhook({ source: 'greenhouse', tenantId: TENANT, request }, deps);
  return { queue, send };
}

describe('Greenhouse ping on saving the web hook', () => {
  it('answers an unsigned ping 200 (pong) and enqueues nothing', async () => {
    const { queue, send } = ingress();
    const answer = await send(greenhouseRequest(fixtureBytes('ping')));
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ status: 'ok', pong: true });
    expect(queue.sent).toEqual([]);
  });

  it('answers a signed ping 200 as before', async () => {
    const { send } = ingress();
    expect((await send(greenhouseRequest(fixtureBytes('ping'), { secret: GREENHOUSE_SECRET }))).status).toBe(200);
  });

  it('refuses a ping signed with another secret (401): a wrong secret shows when the hook is saved', async () => {
    const { send } = ingress();
    expect((await send(greenhouseRequest(fixtureBytes('ping'), { secret: 'not-the-tenants-secret' }))).status).toBe(401);
  });

  it.each(['candidate_stage_change', 'delete_candidate'] as const)('still refuses an unsigned %s (401), enqueuing nothing', async (name) => {
    const { queue, send } = ingress();
    expect((await send(greenhouseRequest(fixtureBytes(name)))).status).toBe(401);
    expect(queue.sent).toEqual([]);
  });

  it('still refuses an unsigned body that only mentions ping somewhere else (401)', async () => {
    const { send } = ingress();
    const body = JSON.parse(fixtureBytes('candidate_stage_change').toString());
    body.payload.note = { action: 'ping' };
    expect((await send(greenhouseRequest(body))).status).toBe(401);
  });
});
