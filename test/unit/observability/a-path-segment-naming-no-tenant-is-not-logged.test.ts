import { describe, expect, it, vi } from 'vitest';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { createAtsWebhookHandler } from '#functions/ats-webhook';
import { createProviderWebhookHandler } from '#functions/provider-webhook';
import { localLambdaContext } from '#infra/local/lambda-context';
import { testConfig } from '../../support/bridge.ts';
import { FixedClock, InMemoryQueue, InMemoryReplayGuard, InMemoryStateStore, RecordingTelemetry, StaticTenantSecrets } from '../../support/fakes.ts';
import { captureOutput } from '../../support/captured-output.ts';

/**
 * The tenant segment of a webhook path is the sender's text until it names a configured tenant.
 * An operator who pastes Xobin's URL with its last two segments swapped puts the tenant's
 * webhookPathSecret where the tenant id belongs: the request is refused 404, and neither the
 * log keys nor the "answered" line may carry that segment (secrets are never logged).
 */
vi.hoisted(() => { process.env.POWERTOOLS_LOG_LEVEL = 'INFO'; });

/** Shaped like `openssl rand -hex 32`; not a real secret. */
const SECRET_IN_TENANT_SLOT = '0123456789abcdef'.repeat(4);
const clock = new FixedClock('2026-04-13T17:00:00.000Z');

function event(routeKey: string, rawPath: string, pathParameters: Record<string, string>): APIGatewayProxyEventV2 {
  return {
    version: '2.0', routeKey, rawPath, rawQueryString: '', headers: { 'content-type': 'application/json' }, pathParameters,
    body: '{"candidate_name":"x"}', isBase64Encoded: false,
  } as unknown as APIGatewayProxyEventV2;
}

describe('a webhook path whose tenant segment names no tenant', () => {
  const output = captureOutput();

  const answeredLine = (message: string) => output.jsonLines().find((l) => l.message === message);

  it('provider-webhook: 404, and the segment is in no log line', async () => {
    const handler = createProviderWebhookHandler(() => ({
      config: testConfig(), secrets: new StaticTenantSecrets({}), queue: new InMemoryQueue(), store: new InMemoryStateStore(), telemetry: new RecordingTelemetry(), clock,
    }));
    const swapped = event('POST /webhooks/providers/{provider}/{tenantId}/{token}', `/webhooks/providers/xobin/${SECRET_IN_TENANT_SLOT}/acme`, { provider: 'xobin', tenantId: SECRET_IN_TENANT_SLOT, token: 'acme' });

    expect((await handler(swapped, localLambdaContext('provider-webhook', 10_000))).statusCode).toBe(404);

    expect(answeredLine('provider webhook answered')).toMatchObject({ status: 404, reason: expect.stringContaining('unknown tenant') });
    expect(output.text()).not.toContain(SECRET_IN_TENANT_SLOT);
  });

  it('ats-webhook: 404, and the segment is in no log line', async () => {
    const handler = createAtsWebhookHandler(() => ({
      config: testConfig(), secrets: new StaticTenantSecrets({}), queue: new InMemoryQueue(), telemetry: new RecordingTelemetry(), replayGuard: new InMemoryReplayGuard(), clock,
    }));
    const unknown = event('POST /webhooks/ats/{source}/{tenantId}', `/webhooks/ats/greenhouse/${SECRET_IN_TENANT_SLOT}`, { source: 'greenhouse', tenantId: SECRET_IN_TENANT_SLOT });

    expect((await handler(unknown, localLambdaContext('ats-webhook', 10_000))).statusCode).toBe(404);

    expect(answeredLine('ats webhook answered')).toMatchObject({ status: 404, reason: expect.stringContaining('unknown tenant') });
    expect(output.text()).not.toContain(SECRET_IN_TENANT_SLOT);
  });
});
