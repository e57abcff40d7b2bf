import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { createAtsWebhookHandler } from '#functions/ats-webhook';
import { createProviderWebhookHandler } from '#functions/provider-webhook';
import { localLambdaContext } from '#infra/local/lambda-context';
import { testConfig } from '../../support/bridge.ts';
import { FixedClock, InMemoryQueue, InMemoryReplayGuard, InMemoryStateStore, RecordingTelemetry, StaticTenantSecrets } from '../../support/fakes.ts';

/**
 * The tenant segment of a webhook path is the sender's text until it names a configured tenant.
 * An operator who pastes Xobin's URL with its last two segments swapped puts the tenant's
 * webhookPathSecret where the tenant id belongs: the request is refused 404, and neither the
 * log keys nor the "answered" line may carry that segment (secrets are never logged).
 */
vi.hoisted(() => { process.env.POWERTOOLS_LOG_LEVEL = 'INFO'; });

const SECRET_IN_TENANT_SLOT = '9f2c4e7a1b3d5f6081a2c3e4f5061728394a5b6c7d8e9f0a1b2c3d4e5f607182';
const clock = new FixedClock('2026-04-13T17:00:00.000Z');

function event(routeKey: string, rawPath: string, pathParameters: Record<string, string>): APIGatewayProxyEventV2 {
  return {
    version: '2.0', routeKey, rawPath, rawQueryString: '', headers: { 'content-type': 'application/json' }, pathParameters,
    body: '{"candidate_name":"x"}', isBase64Encoded: false,
  } as unknown as APIGatewayProxyEventV2;
}

describe('a webhook path whose tenant segment names no tenant', () => {
  let written: string[] = [];
  beforeEach(() => {
    written = [];
    const capture = (chunk: unknown) => { written.push(String(chunk)); return true; };
    vi.spyOn(process.stdout, 'write').mockImplementation(capture as typeof process.stdout.write);
    vi.spyOn(process.stderr, 'write').mockImplementation(capture as typeof process.stderr.write);
  });
  afterEach(() => { vi.restoreAllMocks(); });

  const answeredLine = (message: string) => written.join('').split('\n').filter((l) => l.trim().startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.message === message);

  it('provider-webhook: 404, and the segment is in no log line', async () => {
    const handler = createProviderWebhookHandler(() => ({
      config: testConfig(), secrets: new StaticTenantSecrets({}), queue: new InMemoryQueue(), store: new InMemoryStateStore(), telemetry: new RecordingTelemetry(), clock,
    }));
    const swapped = event('POST /webhooks/providers/{provider}/{tenantId}/{token}', `/webhooks/providers/xobin/${SECRET_IN_TENANT_SLOT}/acme`, { provider: 'xobin', tenantId: SECRET_IN_TENANT_SLOT, token: 'acme' });

    expect((await handler(swapped, localLambdaContext('provider-webhook', 10_000))).statusCode).toBe(404);

    expect(answeredLine('provider webhook answered')).toMatchObject({ status: 404, reason: expect.stringContaining('unknown tenant') });
    expect(written.join('')).not.toContain(SECRET_IN_TENANT_SLOT);
  });

  it('ats-webhook: 404, and the segment is in no log line', async () => {
    const handler = createAtsWebhookHandler(() => ({
      config: testConfig(), secrets: new StaticTenantSecrets({}), queue: new InMemoryQueue(), telemetry: new RecordingTelemetry(), replayGuard: new InMemoryReplayGuard(), clock,
    }));
    const unknown = event('POST /webhooks/ats/{source}/{tenantId}', `/webhooks/ats/greenhouse/${SECRET_IN_TENANT_SLOT}`, { source: 'greenhouse', tenantId: SECRET_IN_TENANT_SLOT });

    expect((await handler(unknown, localLambdaContext('ats-webhook', 10_000))).statusCode).toBe(404);

    expect(answeredLine('ats webhook answered')).toMatchObject({ status: 404, reason: expect.stringContaining('unknown tenant') });
    expect(written.join('')).not.toContain(SECRET_IN_TENANT_SLOT);
  });
});
