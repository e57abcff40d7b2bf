import { describe, expect, it } from 'vitest';
import { atsSource } from '#shared/ats/registry';
import { acceptAtsWebhook } from '#shared/use-cases/accept-ats-webhook';
import { InMemoryQueue, InMemoryReplayGuard, RecordingTelemetry, StaticTenantSecrets } from '../../support/fakes.ts';
import { SECRET, TENANT, fixtureJson, ingressConfig, workableRequest } from './workable/helpers.ts';

/**
 * A numeric `fired_at` beyond a Date's range (> 8.64e15 ms) counts as "no time given", like an
 * unreadable ISO string (occurredAt falls back), instead of a RangeError: a 500 for a signed
 * delivery Workable would retry and that could never pass.
 */

describe('Workable webhook with a fired_at no date can hold', () => {
  it.each([8_700_000_000_000_000, 1e308])('answers fired_at %s with a 2xx or a 400, never a crash', async (firedAt) => {
    const body = { ...fixtureJson('candidate_moved'), fired_at: firedAt };
    const queue = new InMemoryQueue();
    const answer = await acceptAtsWebhook({ source: 'workable', tenantId: TENANT, request: workableRequest(body) }, {
      config: ingressConfig(),
      secrets: new StaticTenantSecrets({ [TENANT]: { workable: { webhookSecret: SECRET } } }),
      queue,
      sourceFor: atsSource,
      telemetry: new RecordingTelemetry(),
      replayGuard: new InMemoryReplayGuard(),
    }).catch((error: unknown) => ({ status: 500, body: { thrown: String(error) } }));
    expect([200, 400]).toContain(answer.status);
  });
});
