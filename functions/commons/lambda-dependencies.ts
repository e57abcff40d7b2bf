import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { configFileTenantSecrets } from '#shared/config/config-file-tenant-secrets';
import { loadConfigFile } from '#shared/config/load-config';
import type { BridgeConfig } from '#shared/config/schema';
import { dynamoDbRateLimiter } from '#shared/aws/dynamodb-rate-limiter';
import { dynamoDbReplayGuard } from '#shared/aws/dynamodb-replay-guard';
import type { RateLimiter } from '#shared/ports/rate-limiter';
import { eventBridgeRetryScheduler } from '#shared/aws/eventbridge-retry-scheduler';
import type { RetryScheduler } from '#shared/ports/retry-scheduler';
import { dynamoDbStateStore } from '#shared/aws/dynamodb-state-store';
import { systemClock } from '#shared/ports/clock';
import type { ReplayGuard } from '#shared/ports/replay-guard';
import { secretsManagerTenantSecrets } from '#shared/aws/secrets-manager-tenant-secrets';
import { sqsEventQueue } from '#shared/aws/sqs-event-queue';
import { metrics, tracer } from '#shared/observability/powertools';
import { powertoolsTelemetry } from '#shared/observability/powertools-telemetry';
import type { EventQueue } from '#shared/ports/event-queue';
import type { StateStore } from '#shared/ports/state-store';
import type { TenantSecretsSource } from '#shared/ports/tenant-secrets';
import type { Telemetry } from '#shared/ports/telemetry';
import { DEFAULT_SECRET_PREFIX, env, requireEnv } from '#shared/runtime-env';

/**
 * The AWS adapters, built once per container on first use (nothing happens at import,
 * so the local runtime can import the handler factories without AWS settings).
 */
const once = <T>(build: () => T): (() => T) => {
  let value: T | undefined;
  return () => (value ??= build());
};

export const lambdaConfig = /* @__PURE__ */ once((): BridgeConfig => loadConfigFile(requireEnv(env.configPath)));

export const lambdaSecrets = /* @__PURE__ */ once((): TenantSecretsSource =>
  process.env[env.secretsSource] === 'config'
    ? configFileTenantSecrets(lambdaConfig())
    : secretsManagerTenantSecrets(process.env[env.secretPrefix] ?? DEFAULT_SECRET_PREFIX));

/** Every AWS call becomes an X-Ray subsegment under the handler's (a no-op while tracing is off, as locally). */
export const traced = <T>(client: T): T => tracer.captureAWSv3Client(client);

export const sqsClient = /* @__PURE__ */ once(() => traced(new SQSClient({})));
export const schedulerClient = /* @__PURE__ */ once(() => traced(new SchedulerClient({})));
export const dynamoDbClient = /* @__PURE__ */ once(() => traced(new DynamoDBClient({})));
export const documentClient = /* @__PURE__ */ once(() => DynamoDBDocumentClient.from(dynamoDbClient(), { marshallOptions: { removeUndefinedValues: true } }));

export const lambdaQueue = /* @__PURE__ */ once((): EventQueue => sqsEventQueue(sqsClient(), requireEnv(env.eventsQueueUrl)));
export const lambdaScheduler = /* @__PURE__ */ once((): RetryScheduler => eventBridgeRetryScheduler(schedulerClient(), {
  groupName: requireEnv(env.scheduleGroup),
  queueArn: requireEnv(env.eventsQueueArn),
  roleArn: requireEnv(env.schedulerRoleArn),
  deadLetterArn: requireEnv(env.schedulerDlqArn),
}, lambdaQueue(), systemClock));
export const lambdaStore = /* @__PURE__ */ once((): StateStore => dynamoDbStateStore(documentClient(), requireEnv(env.stateTable)));
export const lambdaTelemetry = /* @__PURE__ */ once((): Telemetry => powertoolsTelemetry(metrics));
/** Each provider API key's token bucket, shared by every processor instance (items in the state table). */
export const lambdaRateLimiter = /* @__PURE__ */ once((): RateLimiter => dynamoDbRateLimiter({ client: documentClient(), tableName: requireEnv(env.stateTable) }));

/** Built on first use only: most sources never need it, and it costs a DynamoDB client. */
const replayGuard = /* @__PURE__ */ once((): ReplayGuard => dynamoDbReplayGuard(documentClient(), requireEnv(env.stateTable), systemClock));
export const lambdaReplayGuard: ReplayGuard = {
  claim: (key, ttl) => replayGuard().claim(key, ttl),
  accept: (key, ttl) => replayGuard().accept(key, ttl),
  release: (key) => replayGuard().release(key),
};
