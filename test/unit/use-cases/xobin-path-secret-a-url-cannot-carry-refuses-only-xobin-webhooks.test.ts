import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { createProviderWebhookHandler } from '#functions/provider-webhook';
import { localLambdaContext } from '#infra/local/lambda-context';
import { secretsManagerTenantSecrets } from '#shared/aws/secrets-manager-tenant-secrets';
import type { TenantSecretsSource } from '#shared/ports/tenant-secrets';
import { WEBHOOK_TOKEN_HEADER } from '#shared/providers/instaview/webhook-events';
import { providerWebhookSource } from '#shared/providers/webhook-sources';
import { acceptProviderWebhook } from '#shared/use-cases/accept-provider-webhook';
import { TENANT, testConfig } from '../../support/bridge.ts';
import { FixedClock, InMemoryQueue, InMemoryStateStore, RecordingLogger, RecordingTelemetry } from '../../support/fakes.ts';
import { captureOutput } from '../../support/captured-output.ts';

/**
 * In AWS a tenant's secrets are its Secrets Manager secret, which no config check sees. A Xobin
 * webhookPathSecret with characters a URL cannot carry as they are ("/", "?", "#", "%", a space)
 * never matches the token Xobin sends back, and the refusal said only "does not match". Such a
 * secret must not fail the whole tenant (its ATS and other providers' webhooks keep working); its
 * Xobin webhooks are refused saying which key and why, under their own metric Reason and in the
 * provider-webhook function's log line.
 */
vi.hoisted(() => { process.env.POWERTOOLS_LOG_LEVEL = 'INFO'; });

const TOKEN = 'instaview-token-0123456789';
const BAD_SECRET = 'xobin/path?secret 0123456789abcdef';
const secretsJson = { instaview: { apiKey: 'sk_test', webhookToken: TOKEN }, xobin: { apiKey: 'x', webhookPathSecret: BAD_SECRET } };

const secretsManager = mockClient(SecretsManagerClient);
let tenantSecrets: TenantSecretsSource;
let prefix = 0;
beforeEach(() => {
  secretsManager.reset();
  secretsManager.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify(secretsJson) });
  // A prefix per test: Powertools caches a secret by name.
  tenantSecrets = secretsManagerTenantSecrets(`bridge-${++prefix}/`);
});

const config = () => testConfig((raw) => { raw.tenants[0].providers.xobin = { baseUrl: 'sandbox' }; });
const xobinBody = { response_id: 98765, invite_status: 'Completed', completed_date: 'Jul 05, 2025, 4:42:45 AM', score: 80 };
const instaviewBody = { event: 'analysis.completed', timestamp: '2026-04-13T17:59:00Z', deliveryId: 'dlv-1', data: { interviewId: 'iv-1' } };

function send(provider: 'instaview' | 'xobin', pathToken?: string) {
  const queue = new InMemoryQueue();
  const telemetry = new RecordingTelemetry();
  const answer = acceptProviderWebhook({
    provider,
    tenantId: TENANT,
    request: {
      headers: { [WEBHOOK_TOKEN_HEADER]: TOKEN },
      rawBody: Buffer.from(JSON.stringify(provider === 'xobin' ? xobinBody : instaviewBody)),
      query: {},
      receivedAt: new Date('2026-04-13T18:00:00.000Z'),
      ...(pathToken !== undefined ? { pathToken } : {}),
    },
  }, { config: config(), secrets: tenantSecrets, queue, store: new InMemoryStateStore(), sourceFor: providerWebhookSource, telemetry, logger: new RecordingLogger() });
  return { answer, queue, telemetry };
}

describe('a tenant whose Xobin webhookPathSecret (Secrets Manager) a URL cannot carry', () => {
  it.each([
    ['the secret as stored (e.g. decoded on the way)', BAD_SECRET],
    ['the secret cut at "/" or "?"', 'xobin'],
    ['no token at all', undefined],
  ])('gets its Xobin webhooks refused naming the key and why (%s), counted under their own Reason', async (_, pathToken) => {
    const { answer, queue, telemetry } = send('xobin', pathToken);
    const { status, body } = await answer;
    expect(status).toBe(401);
    const message = (body as { message: string }).message;
    expect(message).toContain('secrets.xobin.webhookPathSecret');
    expect(message).toContain('not URL-safe');
    expect(message).toContain("A–Z a–z 0–9 - . _ ~ ! $ & ' ( ) * + , ; = : @");
    expect(message).not.toContain(BAD_SECRET);
    expect(queue.sent).toEqual([]);
    expect(telemetry.counts).toContainEqual({ metric: 'ProviderWebhooksRejected', dimensions: { Provider: 'xobin', Reason: 'WebhookPathSecretUnusable' }, value: 1 });
  });

  it('keeps the tenant\'s other webhooks working: its InstaView event is accepted and enqueued', async () => {
    const { answer, queue } = send('instaview');
    expect((await answer).status).toBe(200);
    expect(queue.sent).toHaveLength(1);
  });
});

describe('the provider-webhook function logs the reason of a refusal', () => {
  const output = captureOutput();

  it('the "provider webhook answered" line says the webhookPathSecret is not URL-safe', async () => {
    const handler = createProviderWebhookHandler(() => ({
      config: config(), secrets: tenantSecrets, queue: new InMemoryQueue(), store: new InMemoryStateStore(), telemetry: new RecordingTelemetry(), clock: new FixedClock('2026-04-13T18:00:00.000Z'),
    }));
    const event = {
      version: '2.0', routeKey: 'POST /webhooks/providers/{provider}/{tenantId}/{token}', rawPath: `/webhooks/providers/xobin/${TENANT}/xobin`, rawQueryString: 'path',
      headers: { 'content-type': 'application/json' }, pathParameters: { provider: 'xobin', tenantId: TENANT, token: 'xobin' },
      body: JSON.stringify(xobinBody), isBase64Encoded: false,
    } as unknown as APIGatewayProxyEventV2;
    expect((await handler(event, localLambdaContext('provider-webhook', 10_000))).statusCode).toBe(401);
    const lines = output.jsonLines();
    expect(lines.find((l) => l.message === 'provider webhook answered')).toMatchObject({
      status: 401, reason: expect.stringContaining('secrets.xobin.webhookPathSecret is not URL-safe'),
    });
    expect(output.text()).not.toContain(BAD_SECRET);
  });
});
