import { processPartialResponse, SqsFifoPartialProcessorAsync } from '@aws-lambda-powertools/batch';
import { IdempotencyAlreadyInProgressError, IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { sqsDeadLetterQueue } from '#shared/aws/sqs-dead-letter-queue';
import { bridgeMessageSchema, type BridgeMessage } from '#shared/domain/messages';
import { logger } from '#shared/observability/powertools';
import { systemClock } from '#shared/ports/clock';
import type { DeadLetterQueue } from '#shared/ports/dead-letter';
import { ProviderError } from '#shared/ports/interview-provider';
import { createProvider } from '#shared/providers/registry';
import { createAtsApi } from '#shared/ats/api-registry';
import { processBridgeMessage, type ProcessDeps, type ProcessResult } from '#shared/use-cases/process-bridge-message';
import { env, requireEnv } from '#shared/runtime-env';
import { dynamoDbClient, lambdaConfig, lambdaRateLimiter, lambdaScheduler, lambdaSecrets, lambdaStore, lambdaTelemetry, sqsClient } from './commons/lambda-dependencies.ts';
import { runWithDeadline } from '#shared/rate-limit/context';
import { withPowertools } from './commons/middleware.ts';

export interface ProcessEventsDeps extends ProcessDeps {
  idempotencyStore: BasePersistenceLayer;
  deadLetter: DeadLetterQueue;
  /** The queue's maxReceiveCount: on that try a failing message is parked with its reason. */
  maxReceiveCount: number;
}

/**
 * One delivery is processed once: the same (tenant, kind, sender, id) seen again is a repeat.
 * The sender (ATS source or provider) is part of it: two ATS sources of one tenant, or two
 * providers, may use the same delivery id for different events (numeric ids, the generic
 * contract's own ids), as the queue's dedup id already assumes.
 */
export const DELIVERY_KEY_PATH = '[tenantId, type, source, provider, deliveryId]';

/** ATS deliveries are retried by the ATS for ~15 h (Greenhouse): remember processed ones for 48 h. */
const IDEMPOTENCY_TTL_SECONDS = 48 * 3600;

/**
 * SQS FIFO batch → one application's state machine per message, in order per message
 * group. A failing message skips the rest of its group only (skipGroupOnError), is
 * retried by SQS, and on its last try is parked in the DLQ with the reason.
 */
export function createProcessEventsHandler(getDeps: () => ProcessEventsDeps) {
  let wired: { deps: ProcessEventsDeps; idempotency: IdempotencyConfig; process: (message: BridgeMessage) => Promise<ProcessResult> } | undefined;
  const wire = () => {
    const deps = getDeps();
    // One delivery is processed once, whatever the queue or the ATS repeats.
    const idempotency = new IdempotencyConfig({ eventKeyJmesPath: DELIVERY_KEY_PATH, expiresAfterSeconds: IDEMPOTENCY_TTL_SECONDS });
    const process = makeIdempotent((message: BridgeMessage) => processBridgeMessage(message, deps), { persistenceStore: deps.idempotencyStore, config: idempotency });
    return { deps, idempotency, process };
  };

  return withPowertools(async (event: SQSEvent, context: Context) => {
    wired ??= wire();
    wired.idempotency.registerLambdaContext(context);
    const current = wired;
    // Provider clients never plan to wait past this invocation's deadline (they back off instead).
    return runWithDeadline(Date.now() + context.getRemainingTimeInMillis(), () =>
      processPartialResponse(event, (record: SQSRecord) => handleRecord(record, current), new SqsFifoPartialProcessorAsync(), { context, skipGroupOnError: true }));
  });
}

async function handleRecord(record: SQSRecord, wired: { deps: ProcessEventsDeps; process: (message: BridgeMessage) => Promise<ProcessResult> }): Promise<ProcessResult | undefined> {
  const { deps } = wired;
  const raw = { body: record.body, groupId: record.attributes.MessageGroupId ?? 'unknown', messageId: record.messageId };
  const message = parseMessage(record.body);
  if (!message.ok) {
    // A message that can never be processed is parked at once, not retried.
    await deps.deadLetter.park(raw, { code: 'MALFORMED_MESSAGE', message: message.reason });
    deps.telemetry.count('MessagesDeadLettered', { Code: 'MALFORMED_MESSAGE' });
    logger.error('malformed message parked in the DLQ', { messageId: record.messageId, groupId: raw.groupId, reason: message.reason });
    return undefined;
  }
  const v = message.value;
  // Correlation ids on every line of this record: tenant, application (or interview), delivery.
  const keys = {
    tenantId: v.tenantId, deliveryId: v.deliveryId, messageType: v.type, messageId: record.messageId,
    ...(v.type === 'provider' ? { interviewId: v.interviewId, ...(v.applicationId ? { applicationId: v.applicationId } : {}) } : { applicationId: v.applicationId }),
  };
  logger.appendKeys(keys);
  try {
    return await wired.process(message.value);
  } catch (error) {
    const receiveCount = Number(record.attributes.ApproximateReceiveCount ?? '1');
    if (receiveCount >= deps.maxReceiveCount && !(error instanceof IdempotencyAlreadyInProgressError)) {
      const code = error instanceof ProviderError ? error.code : (error as Error).name;
      await deps.deadLetter.park(raw, { code, message: (error as Error).message });
      deps.telemetry.count('MessagesDeadLettered', { Code: code });
      logger.error('message parked in the DLQ after its last try', { code, receiveCount });
      return undefined;
    }
    throw error;
  } finally {
    logger.removeKeys(Object.keys(keys));
  }
}

function parseMessage(body: string): { ok: true; value: BridgeMessage } | { ok: false; reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, reason: 'body is not JSON' };
  }
  const parsed = bridgeMessageSchema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0]!;
  return { ok: false, reason: `${issue.path.join('.') || '(message)'}: ${issue.message}` };
}

export const handler = createProcessEventsHandler(() => ({
  config: lambdaConfig(),
  store: lambdaStore(),
  secrets: lambdaSecrets(),
  providers: (tenant, secrets, provider) => createProvider(tenant, secrets, provider, { rateLimiter: lambdaRateLimiter() }),
  atsApis: createAtsApi,
  scheduler: lambdaScheduler(),
  clock: systemClock,
  telemetry: lambdaTelemetry(),
  logger,
  idempotencyStore: new DynamoDBPersistenceLayer({ tableName: requireEnv(env.idempotencyTable), awsSdkV3Client: dynamoDbClient() }),
  deadLetter: sqsDeadLetterQueue(sqsClient(), requireEnv(env.eventsDlqUrl)),
  maxReceiveCount: Number(process.env[env.maxReceiveCount] ?? 5),
}));
