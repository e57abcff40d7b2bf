import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { createAtsWebhookHandler } from '#functions/ats-webhook';
import { localLambdaContext } from '#infra/local/lambda-context';
import type { EnqueueRequest } from '#shared/ports/event-queue';
import { GREENHOUSE_SECRET, OTHER_GREENHOUSE_SECRET, OTHER_TENANT, TENANT, testConfig } from '../../support/bridge.ts';
import { FixedClock, InMemoryQueue, InMemoryReplayGuard, RecordingTelemetry, StaticTenantSecrets } from '../../support/fakes.ts';
import { fixtureJson, greenhouseSignature } from '../../support/greenhouse.ts';

/**
 * The local stack runs every handler in one process, several invocations at once (the HTTP
 * server takes webhooks concurrently, the poller runs two processors). They share the one
 * Powertools Logger: its appended keys and Lambda context were one set for all, so a line of
 * application A carried application B's tenant and delivery id, and A's end-of-invocation
 * resetKeys wiped B's keys mid-flight. Each invocation's lines must carry its own ids.
 */

// vitest.config.ts sets WARN, and the middleware restores the logger's start level on every
// invocation: INFO (the line under test) must be set before the logger is made.
vi.hoisted(() => { process.env.POWERTOOLS_LOG_LEVEL = 'INFO'; });

let written: string[] = [];

beforeEach(() => {
  written = [];
  const capture = (chunk: unknown) => {
    written.push(String(chunk));
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture as typeof process.stdout.write);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture as typeof process.stderr.write);
});

afterEach(() => {
  vi.restoreAllMocks();
});

const lines = () => written.join('').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Record<string, unknown>);

/** A queue whose sends wait until the test opens the gate of that tenant's group. */
class GatedQueue extends InMemoryQueue {
  private readonly gates = new Map<string, { open(): void; opened: Promise<void> }>();
  readonly waiting = new Set<string>();

  gate(tenantId: string) {
    let open!: () => void;
    const opened = new Promise<void>((resolve) => { open = resolve; });
    this.gates.set(tenantId, { open, opened });
    return open;
  }

  override async send(requests: EnqueueRequest[]): Promise<void> {
    const tenantId = requests[0]!.groupId.split('#')[0]!;
    this.waiting.add(tenantId);
    await this.gates.get(tenantId)?.opened;
    return super.send(requests);
  }
}

/** The event API Gateway sends for a signed Greenhouse stage change of this application. */
function stageChange(tenantId: string, secret: string, applicationId: number, deliveryId: string): APIGatewayProxyEventV2 {
  const payload = fixtureJson('candidate_stage_change');
  payload.payload.application.id = applicationId;
  const body = Buffer.from(JSON.stringify(payload));
  return {
    version: '2.0', routeKey: 'POST /webhooks/ats/{source}/{tenantId}', rawPath: `/webhooks/ats/greenhouse/${tenantId}`, rawQueryString: '',
    headers: { 'content-type': 'application/json', signature: greenhouseSignature(body, secret), 'greenhouse-event-id': deliveryId },
    pathParameters: { source: 'greenhouse', tenantId },
    body: body.toString('base64'), isBase64Encoded: true,
  } as unknown as APIGatewayProxyEventV2;
}

const until = async (condition: () => boolean) => {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 1));
  expect(condition()).toBe(true);
};

describe('two ATS webhook invocations in flight at once (local mode: one process, one logger)', () => {
  it('each log line carries its own invocation\'s tenant, application, delivery and request id, and no contact data', async () => {
    const queue = new GatedQueue();
    const handler = createAtsWebhookHandler(() => ({
      config: testConfig((raw) => { raw.tenants[1].rules = raw.tenants[0].rules; }),
      secrets: new StaticTenantSecrets({
        [TENANT]: { greenhouse: { webhookSecret: GREENHOUSE_SECRET } },
        [OTHER_TENANT]: { greenhouse: { webhookSecret: OTHER_GREENHOUSE_SECRET } },
      }),
      queue,
      telemetry: new RecordingTelemetry(),
      clock: new FixedClock('2026-04-13T17:00:00.000Z'),
      replayGuard: new InMemoryReplayGuard(),
    }));
    const openAcme = queue.gate(TENANT);
    const openGlobex = queue.gate(OTHER_TENANT);
    const acmeContext = localLambdaContext('ats-webhook', 10_000);
    const globexContext = localLambdaContext('ats-webhook', 10_000);

    // acme's invocation starts and waits on SQS; globex's starts meanwhile; acme ends first.
    const acme = handler(stageChange(TENANT, GREENHOUSE_SECRET, 71234561, 'delivery-acme'), acmeContext);
    await until(() => queue.waiting.has(TENANT));
    const globex = handler(stageChange(OTHER_TENANT, OTHER_GREENHOUSE_SECRET, 71234562, 'delivery-globex'), globexContext);
    await until(() => queue.waiting.has(OTHER_TENANT));
    openAcme();
    expect((await acme).statusCode).toBe(200);
    openGlobex();
    expect((await globex).statusCode).toBe(200);

    const answered = lines().filter((l) => l.message === 'ats webhook answered');
    expect(answered).toHaveLength(2);
    expect(answered.map((l) => ({ tenantId: l.tenantId, applicationId: l.applicationId, deliveryId: l.deliveryId, function_request_id: l.function_request_id }))).toEqual([
      { tenantId: TENANT, applicationId: '71234561', deliveryId: 'delivery-acme', function_request_id: acmeContext.awsRequestId },
      { tenantId: OTHER_TENANT, applicationId: '71234562', deliveryId: 'delivery-globex', function_request_id: globexContext.awsRequestId },
    ]);
    const output = written.join('');
    // The payloads carry Ada's addresses and numbers (fixture): none of them in any line.
    for (const pii of ['ada.lovelace@example.com', '604-555-0199', '(604) 555-0142', '+16045550199']) expect(output).not.toContain(pii);
    expect(output).not.toMatch(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/);
  });
});
