import { describe, expect, it } from 'vitest';
import { atsSource } from '#shared/ats/registry';
import { acceptAtsWebhook } from '#shared/use-cases/accept-ats-webhook';
import { InMemoryQueue, InMemoryReplayGuard, RecordingTelemetry, StaticTenantSecrets } from '../../support/fakes.ts';
import { LEVER_TOKEN, TENANT, arrivalOf, fixtureJson, ingressConfig, leverRequest } from './lever/helpers.ts';

/**
 * PENDING (the fix is in shared/ats/lever/schemas.ts, outside this review's files): Lever's
 * `data` is not covered by the signature (only token + triggeredAt are), and `epochMs` accepts
 * any non-negative safe integer and any string of digits. An `archivedAt` beyond a Date's range (> 8.64e15 ms) passes the
 * schema, then `new Date(archivedAt).toISOString()` in normalize.ts throws a RangeError: the
 * function fails with a 500 and Lever retries a delivery that can never pass, instead of a 400
 * naming `data.toArchived.archivedAt`. Fix: `epochMs` with `.max(8.64e15)` (both branches).
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
