import { describe, expect, it } from 'vitest';
import { atsSource } from '#shared/ats/registry';
import type { ReplayGuard } from '#shared/ports/replay-guard';
import { acceptAtsWebhook } from '#shared/use-cases/accept-ats-webhook';
import { InMemoryQueue, RecordingTelemetry, StaticTenantSecrets } from '../../support/fakes.ts';
import { LEVER_TOKEN, TENANT, arrivalOf, fixtureBytes, fixtureJson, ingressConfig, leverRequest } from './lever/helpers.ts';

/**
 * Lever's single-use tokens are claimed in DynamoDB. When that store cannot be reached the
 * delivery is neither a duplicate nor refused: it is "try again", a 503 like a queue or secrets
 * outage (README: 503 when a dependency is unavailable), counted as a rejection, with nothing
 * enqueued. Before, the SDK's error escaped the use case: the function crashed (API Gateway's
 * bare 500, the Lambda runtime's unredacted error log, no metric).
 */

const unreachable: ReplayGuard = {
  claim: async () => { throw Object.assign(new Error('connect ETIMEDOUT dynamodb.eu-central-1.amazonaws.com'), { name: 'TimeoutError' }); },
  accept: async () => undefined,
  release: async () => undefined,
};

describe('Lever webhook while the replay guard is unreachable', () => {
  it('answers 503, enqueues nothing and counts the rejection', async () => {
    const queue = new InMemoryQueue();
    const telemetry = new RecordingTelemetry();
    const body = fixtureJson('candidateStageChange');
    const answer = await acceptAtsWebhook({ source: 'lever', tenantId: TENANT, request: leverRequest(fixtureBytes('candidateStageChange'), arrivalOf(body)) }, {
      config: ingressConfig(),
      secrets: new StaticTenantSecrets({ [TENANT]: { lever: { signatureTokens: [LEVER_TOKEN] } } }),
      queue,
      sourceFor: atsSource,
      telemetry,
      replayGuard: unreachable,
    });
    expect(answer.status).toBe(503);
    expect(answer.body).toMatchObject({ error: 'ServiceUnavailableError' });
    expect(JSON.stringify(answer.body)).not.toContain('amazonaws');
    expect(queue.sent).toHaveLength(0);
    expect(telemetry.counts).toContainEqual({ metric: 'WebhooksRejected', dimensions: { Source: 'lever', Reason: 'ServiceUnavailableError' }, value: 1 });
  });
});
