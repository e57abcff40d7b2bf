import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { Context, SQSEvent } from 'aws-lambda';
import { createProcessEventsHandler } from '#functions/process-events';
import { createAtsApi } from '#shared/ats/api-registry';
import { dynamoDbStateStore } from '#shared/aws/dynamodb-state-store';
import { sqsDeadLetterQueue } from '#shared/aws/sqs-dead-letter-queue';
import { configFileTenantSecrets } from '#shared/config/config-file-tenant-secrets';
import { parseConfig } from '#shared/config/load-config';
import type { BridgeConfig } from '#shared/config/schema';
import type { ApplicationState } from '#shared/domain/application-state';
import { logger } from '#shared/observability/powertools';
import type { RateLimiter } from '#shared/ports/rate-limiter';
import { createInstaViewProvider } from '#shared/providers/instaview/index';
import { createProvider } from '#shared/providers/registry';
import { runWithDeadline } from '#shared/rate-limit/context';
import { localLambdaContext } from '#infra/local/lambda-context';
import type { LocalBridge } from '#infra/local/local-bridge';
import { LOCAL_REGION } from '#infra/local/emulators';
import { SqsPoller, type SqsBatchHandler } from '#infra/local/sqs-poller';

/**
 * Shared by the chaos end-to-end test and the burst benchmark: a one-tenant config on the
 * InstaView sandbox, Greenhouse deliveries with a distinct candidate per application, a
 * processor that can be killed mid-batch, and the checks of the delivery invariants.
 */

export const TENANT = 'acme';
export const GREENHOUSE_SECRET = 'chaos-greenhouse-secret-0123456789';
const INSTAVIEW_TOKEN = 'chaos-instaview-webhook-token-0123456789';
export const INSTAVIEW_API_KEY = `sk_local_${TENANT}_${'c'.repeat(30)}`;

/**
 * Friday 19:00 in Vancouver (Saturday 04:00 in Bratislava): outside every calling window,
 * so interviews are created for Monday and no call, and no provider webhook, interferes.
 */
export const OUTSIDE_CALLING_HOURS = new Date('2026-12-05T03:00:00Z');

export function chaosConfig(o: { timeoutMs?: number } = {}): BridgeConfig {
  return parseConfig({
    tenants: [{
      id: TENANT,
      defaultTimezone: 'Europe/Bratislava',
      defaultCountry: 'CA',
      retentionDays: 90,
      providers: { instaview: { baseUrl: 'sandbox', timeoutMs: o.timeoutMs ?? 3000 } },
      rules: [{
        id: 'phone-screen',
        source: 'greenhouse',
        stage: { name: 'AI Phone Screen' },
        instaview: { agentId: `agent-${TENANT}`, interviewType: 'PHONE', jobMap: { '4012345': `job-${TENANT}` } },
      }],
      secrets: {
        greenhouse: { webhookSecret: GREENHOUSE_SECRET },
        instaview: { apiKey: INSTAVIEW_API_KEY, webhookToken: INSTAVIEW_TOKEN },
      },
    }],
  });
}

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../fixtures/greenhouse/${name}.json`, import.meta.url), 'utf8'));

/** Contact details of application n: one candidate each, so the provider holds one candidate each. */
function candidateOf(n: number) {
  const exchange = 200 + Math.floor(n / 10_000);
  const line = String(n % 10_000).padStart(4, '0');
  return {
    id: 5_000_000 + n,
    email_addresses: [{ value: `candidate${n}@example.com`, type: 'personal' }],
    phone_numbers: [{ value: `+1 604-${exchange}-${line}`, type: 'mobile' }],
  };
}

/** Greenhouse candidate_stage_change of application n into the AI Phone Screen stage. */
export function stageChangeOf(n: number, occurredAt: string) {
  const body = fixture('candidate_stage_change');
  const app = body.payload.application;
  app.id = n;
  Object.assign(app.candidate, candidateOf(n));
  app.current_stage = { id: 9012399, name: 'AI Phone Screen', interviews: [] };
  app.last_activity_at = occurredAt;
  return body;
}

/** Greenhouse reject_candidate of application n. */
export function rejectionOf(n: number, occurredAt: string) {
  const body = fixture('reject_candidate');
  const app = body.payload.application;
  app.id = n;
  Object.assign(app.candidate, candidateOf(n));
  app.last_activity_at = occurredAt;
  app.rejected_at = occurredAt;
  return body;
}

/** POSTs a signed Greenhouse delivery; the same eventId is the same delivery (a Greenhouse retry). */
export async function sendGreenhouse(bridge: LocalBridge, body: unknown, eventId: string): Promise<number> {
  const raw = Buffer.from(JSON.stringify(body));
  const response = await fetch(bridge.webhookUrl('ats', 'greenhouse', TENANT), {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'greenhouse-event-id': eventId,
      signature: `sha256 ${createHmac('sha256', GREENHOUSE_SECRET).update(raw).digest('hex')}`,
    },
    body: raw,
  });
  await response.arrayBuffer();
  return response.status;
}

/** Runs `tasks` with at most `width` at a time. */
export async function inParallel<T>(items: T[], width: number, task: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      await task(items[i]!, i);
    }
  }));
}

/** Deterministic pseudo-random numbers (mulberry32): a failing run can be replayed by its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

// ------------------------------------------------------------------ the processor

export interface KillSwitch {
  /** Records of this batch to process before the processor dies, or undefined to let it live. */
  plan(batchSize: number): number | undefined;
}

/** Kills `times` batches, each after a random number of its records, while batches keep coming. */
export function randomKills(times: number, random: () => number, everyNthBatch = 7): KillSwitch & { readonly kills: number; readonly lostRecords: number } {
  let batches = 0;
  let kills = 0;
  let lostRecords = 0;
  return {
    get kills() { return kills; },
    get lostRecords() { return lostRecords; },
    plan(batchSize) {
      batches += 1;
      if (kills >= times || batchSize < 2 || batches % everyNthBatch !== 0) return undefined;
      kills += 1;
      const survive = Math.floor(random() * batchSize);
      lostRecords += batchSize - survive;
      return survive;
    },
  };
}

/**
 * What a Lambda crash looks like to the event source mapping: the first `n` records are
 * processed (their effects stay), then the invocation dies without answering, so nothing
 * of the batch is deleted and all of it comes back after the visibility timeout.
 */
export function killable(inner: SqsBatchHandler, kill: KillSwitch): SqsBatchHandler {
  return async (event: SQSEvent, context: Context) => {
    const survive = kill.plan(event.Records.length);
    if (survive === undefined) return inner(event, context);
    if (survive > 0) await inner({ Records: event.Records.slice(0, survive) }, context);
    throw new Error(`chaos: processor killed after ${survive} of ${event.Records.length} records`);
  };
}

export interface ChaosProcessor {
  start(): void;
  stop(): Promise<void>;
  readonly busy: boolean;
  /** One batch now (for a stack run with background: false). */
  pollOnce(): Promise<number>;
}

/**
 * The local stack's processor (the same handler factory and adapters as infra/local/local-bridge.ts),
 * with the provider transports on the shared rate limiter, each invocation under a 60 s
 * deadline, and a kill switch. The bridge itself runs with `background: false`, so this is
 * the only consumer of its queue.
 */
export function startChaosProcessor(bridge: LocalBridge, o: { limiter: RateLimiter; kill?: KillSwitch; concurrency?: number; batchSize?: number; timeoutMs?: number }): ChaosProcessor {
  const { aws, clock, config } = bridge;
  const secrets = configFileTenantSecrets(config);
  const store = bridge.faults.wrap(dynamoDbStateStore(aws.documents, aws.tables.state));
  const timeoutMs = o.timeoutMs ?? 60_000;
  const handler = createProcessEventsHandler(() => ({
    config,
    store,
    secrets,
    providers: (tenant, tenantSecrets, provider) => (provider === 'instaview' && tenant.providers.instaview && tenantSecrets.instaview?.apiKey
      ? createInstaViewProvider({ config: tenant.providers.instaview, apiKey: tenantSecrets.instaview.apiKey, clock, http: { rateLimiter: o.limiter } })
      : createProvider(tenant, tenantSecrets, provider, { clock })),
    atsApis: (tenant, tenantSecrets, source) => createAtsApi(tenant, tenantSecrets, source, clock),
    scheduler: bridge.scheduler,
    clock,
    telemetry: bridge.telemetry,
    logger,
    idempotencyStore: new DynamoDBPersistenceLayer({ tableName: aws.tables.idempotency, awsSdkV3Client: aws.dynamo }),
    deadLetter: sqsDeadLetterQueue(aws.sqs, aws.queues.dlqUrl, () => clock.now()),
    maxReceiveCount: aws.maxReceiveCount,
  })) as unknown as SqsBatchHandler;
  // The deadline the transports plan their waits against: the invocation's timeout.
  const withDeadline: SqsBatchHandler = (event, context) => runWithDeadline(Date.now() + context.getRemainingTimeInMillis(), () => handler(event, context));
  const poller = new SqsPoller({
    sqs: aws.sqs,
    queueUrl: aws.queues.eventsUrl,
    queueArn: aws.queues.eventsArn,
    region: LOCAL_REGION,
    handler: o.kill ? killable(withDeadline, o.kill) : withDeadline,
    context: () => localLambdaContext('process-events', timeoutMs),
    concurrency: o.concurrency ?? 2,
    batchSize: o.batchSize ?? 10,
    onError: (error) => {
      if (!(error instanceof Error && error.message.startsWith('chaos:'))) logger.error('chaos processor: batch failed', error as Error);
    },
  });
  return {
    start: () => poller.start(),
    stop: () => poller.stop(),
    get busy() { return poller.busy; },
    pollOnce: () => poller.pollOnce(0),
  };
}

// ------------------------------------------------------------------ observing the stack

export async function queueDepth(bridge: LocalBridge, queue: 'events' | 'dlq' = 'events'): Promise<number> {
  const { Attributes = {} } = await bridge.aws.sqs.send(new GetQueueAttributesCommand({
    QueueUrl: queue === 'events' ? bridge.aws.queues.eventsUrl : bridge.aws.queues.dlqUrl,
    AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'],
  }));
  return Number(Attributes.ApproximateNumberOfMessages ?? 0) + Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0) + Number(Attributes.ApproximateNumberOfMessagesDelayed ?? 0);
}

/** Every message in the DLQ (read with a long visibility, so each is seen once; the stack is discarded after). */
export async function readDeadLetters(bridge: LocalBridge): Promise<{ body: any; reasonCode?: string; reason?: string }[]> {
  const out: { body: any; reasonCode?: string; reason?: string }[] = [];
  for (;;) {
    const { Messages = [] } = await bridge.aws.sqs.send(new ReceiveMessageCommand({
      QueueUrl: bridge.aws.queues.dlqUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 600, MessageAttributeNames: ['All'],
    }));
    if (Messages.length === 0) return out;
    for (const m of Messages) {
      let body: unknown;
      try { body = JSON.parse(m.Body ?? ''); } catch { body = m.Body; }
      out.push({ body, reasonCode: m.MessageAttributes?.reasonCode?.StringValue, reason: m.MessageAttributes?.reason?.StringValue });
    }
  }
}

/** Puts a copy of a delivery straight on the queue under a new dedup id: a repeat that arrives after SQS's 5-minute dedup window. */
export async function enqueueLateCopy(bridge: LocalBridge, message: unknown, groupId: string, dedupId: string): Promise<void> {
  await bridge.aws.sqs.send(new SendMessageCommand({
    QueueUrl: bridge.aws.queues.eventsUrl, MessageBody: JSON.stringify(message), MessageGroupId: groupId, MessageDeduplicationId: dedupId,
  }));
}

export async function allStates(bridge: LocalBridge): Promise<Map<string, ApplicationState>> {
  const states = await dynamoDbStateStore(bridge.aws.documents, bridge.aws.tables.state).list(TENANT);
  return new Map(states.map((s) => [s.applicationId, s]));
}

interface SandboxInterview {
  id: string;
  status: string;
  deletedAt?: string;
  metadata?: Record<string, unknown>;
}

/** The sandbox's interviews per application (from the bridge's key aib:<tenant>:<application>:<rule>:<n>). */
export function sandboxInterviewsByApplication(bridge: LocalBridge): Map<string, SandboxInterview[]> {
  const byApp = new Map<string, SandboxInterview[]>();
  for (const interview of (bridge.sandbox!.state() as unknown as { interviews: SandboxInterview[] }).interviews) {
    const key = interview.metadata?.externalInterviewId;
    if (typeof key !== 'string') continue;
    const applicationId = key.split(':')[2]!;
    byApp.set(applicationId, [...(byApp.get(applicationId) ?? []), interview]);
  }
  return byApp;
}

export const isLive = (interview: SandboxInterview): boolean => !interview.deletedAt && interview.status !== 'CANCELLED';
