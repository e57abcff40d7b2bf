import { describe, expect, it } from 'vitest';
import { atsSource } from '#shared/ats/registry';
import { acceptAtsWebhook } from '#shared/use-cases/accept-ats-webhook';
import { InMemoryQueue, InMemoryReplayGuard, RecordingTelemetry, StaticTenantSecrets } from '../../support/fakes.ts';
import { LEVER_TOKEN, TENANT, arrivalOf, fixtureJson, ingressConfig, leverRequest } from './lever/helpers.ts';

/**
 * Lever's `data` is not covered by the signature (only token + triggeredAt are). An
 * `archivedAt` beyond a Date's range (> 8.64e15 ms) must be a 400 naming
 * `data.toArchived.archivedAt`, not a RangeError in normalize (a 500 Lever retries forever).
 */

describe('Lever candidateArchiveChange with an archivedAt no date can hold', () => {
  // A safe integer past a Date's range, and a numeric string (the string branch has no bound at all).
  it.each([8_700_000_000_000_000, '100000000000000000'])('answers archivedAt %s with 400 naming data.toArchived.archivedAt, enqueues nothing', async (archivedAt) => {
    const body = fixtureJson('candidateArchiveChange');
    body.data.toArchived.archivedAt = archivedAt; // the signature still matches: data is not signed
    const queue = new InMemoryQueue();
    const answer = await acceptAtsWebhook({ source: 'lever', tenantId: TENANT, request: leverRequest(body, arrivalOf(body)) }, {
      config: ingressConfig(),
      secrets: new StaticTenantSecrets({ [TENANT]: { lever: { signatureTokens: [LEVER_TOKEN] } } }),
      queue,
      sourceFor: atsSource,
      telemetry: new RecordingTelemetry(),
      replayGuard: new InMemoryReplayGuard(),
    }).catch((error: unknown) => ({ status: 500, body: { thrown: String(error) } }));
    expect(answer).toMatchObject({ status: 400, body: { field: 'data.toArchived.archivedAt' } });
    expect(queue.sent).toHaveLength(0);
  });
});
