import { describe, expect, it, vi } from 'vitest';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { createAtsWebhookHandler } from '#functions/ats-webhook';
import { localLambdaContext } from '#infra/local/lambda-context';
import { atsSource } from '#shared/ats/registry';
import { acceptAtsWebhook } from '#shared/use-cases/accept-ats-webhook';
import { FixedClock, InMemoryQueue, InMemoryReplayGuard, RecordingTelemetry, StaticTenantSecrets } from '../../../support/fakes.ts';
import { SECRET, TENANT, ashbyRequest, ashbySignature, fixtureBytes, ingressConfig } from './helpers.ts';
import { captureOutput } from '../../../support/captured-output.ts';

/**
 * Ashby's webhook secret token is optional on Ashby's side. A tenant who left it empty gets no
 * Ashby-Signature header on any delivery: every one is refused 401, and Ashby does not retry a
 * 401, so each event is lost. The refusal must say what to fix (set the token in Ashby), apart
 * from a token that is set but differs ("does not match"), in the answer, in the log line and in
 * the WebhooksRejected metric's Reason (the dashboard and the local /admin/metrics show it).
 */
vi.hoisted(() => { process.env.POWERTOOLS_LOG_LEVEL = 'INFO'; });

const body = fixtureBytes('candidateStageChange');

function deps() {
  return {
    config: ingressConfig({ ashby: {} }), secrets: new StaticTenantSecrets({ [TENANT]: { ashby: { webhookSecret: SECRET } } }),
    queue: new InMemoryQueue(), sourceFor: atsSource, telemetry: new RecordingTelemetry(), replayGuard: new InMemoryReplayGuard(),
  };
}

describe('an Ashby webhook refused for its signature says why', () => {
  it('no Ashby-Signature header: 401 telling to set the webhook\'s secret token in Ashby; Reason SignatureMissing', async () => {
    const d = deps();
    const answer = await acceptAtsWebhook({ source: 'ashby', tenantId: TENANT, request: ashbyRequest(body, { secret: null }) }, d);
    expect(answer.status).toBe(401);
    expect((answer.body as { message: string }).message).toContain('no Ashby-Signature header: set the webhook\'s secret token in Ashby');
    expect(d.telemetry.counts).toContainEqual({ metric: 'WebhooksRejected', dimensions: { Source: 'ashby', Reason: 'SignatureMissing' }, value: 1 });
  });

  it('a header made with another token: 401 "does not match", not "no header"', async () => {
    const d = deps();
    const answer = await acceptAtsWebhook({ source: 'ashby', tenantId: TENANT, request: ashbyRequest(body, { secret: 'another-token' }) }, d);
    expect(answer.status).toBe(401);
    const message = (answer.body as { message: string }).message;
    expect(message).toContain('does not match');
    expect(message).not.toContain('no Ashby-Signature header');
    expect(d.telemetry.counts).toContainEqual({ metric: 'WebhooksRejected', dimensions: { Source: 'ashby', Reason: 'SignatureError' }, value: 1 });
  });
});

describe('the ats-webhook function logs the reason of a refusal', () => {
  const output = captureOutput();

  const event = (headers: Record<string, string>): APIGatewayProxyEventV2 => ({
    version: '2.0', routeKey: 'POST /webhooks/ats/{source}/{tenantId}', rawPath: `/webhooks/ats/ashby/${TENANT}`, rawQueryString: '',
    headers: { 'content-type': 'application/json', ...headers }, pathParameters: { source: 'ashby', tenantId: TENANT },
    body: body.toString('base64'), isBase64Encoded: true,
  }) as unknown as APIGatewayProxyEventV2;

  it.each([
    ['unsigned', {}, 'no Ashby-Signature header: set the webhook\'s secret token in Ashby'],
    ['signed with another token', { 'ashby-signature': ashbySignature(body, 'another-token') }, 'does not match'],
  ])('%s: the "ats webhook answered" line carries the reason', async (_label, headers, reason) => {
    const handler = createAtsWebhookHandler(() => ({ ...deps(), clock: new FixedClock('2026-04-13T17:00:00.000Z') }));
    expect((await handler(event(headers), localLambdaContext('ats-webhook', 10_000))).statusCode).toBe(401);
    const lines = output.jsonLines();
    const answered = lines.find((l) => l.message === 'ats webhook answered');
    expect(answered).toMatchObject({ status: 401, reason: expect.stringContaining(reason) });
  });
});
