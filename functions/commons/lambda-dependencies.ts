import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { configFileTenantSecrets } from '#shared/config/config-file-tenant-secrets';
import { loadConfigFile } from '#shared/config/load-config';
import type { BridgeConfig } from '#shared/config/schema';
import { dynamoDbReplayGuard } from '#shared/aws/dynamodb-replay-guard';
import { eventBridgeRetryScheduler } from '#shared/aws/eventbridge-retry-scheduler';
import type { RetryScheduler } from '#shared/ports/retry-scheduler';
import { dynamoDbStateStore } from '#shared/aws/dynamodb-state-store';
import { systemClock } from '#shared/ports/clock';
import type { ReplayGuard } from '#shared/ports/replay-guard';
import { secretsManagerTenantSecrets } from '#shared/aws/secrets-manager-tenant-secrets';
import { sqsEventQueue } from '#shared/aws/sqs-event-queue';
import { metrics } from '#shared/observability/powertools';
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

export const lambdaConfig = once((): BridgeConfig => loadConfigFile(requireEnv(env.configPath)));

export const lambdaSecrets = once((): TenantSecretsSource =>
  process.env[env.secretsSource] === 'config'
    ? configFileTenantSecrets(lambdaConfig())
    : secretsManagerTenantSecrets(process.env[env.secretPrefix] ?? DEFAULT_SECRET_PREFIX));

export const sqsClient = once(() => new SQSClient({}));
export const schedulerClient = once(() => new SchedulerClient({}));
export const documentClient = once(() => DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } }));

export const lambdaQueue = once((): EventQueue => sqsEventQueue(sqsClient(), requireEnv(env.eventsQueueUrl)));
export const lambdaScheduler = once((): RetryScheduler => eventBridgeRetryScheduler(schedulerClient(), {
  groupName: requireEnv(env.scheduleGroup),
  queueArn: requireEnv(env.eventsQueueArn),
  roleArn: requireEnv(env.schedulerRoleArn),
  deadLetterArn: requireEnv(env.schedulerDlqArn),
}, lambdaQueue(), systemClock));
export const lambdaStore = once((): StateStore => dynamoDbStateStore(documentClient(), requireEnv(env.stateTable)));
export const lambdaTelemetry = once((): Telemetry => powertoolsTelemetry(metrics));

/** Built on first use only: most sources never need it, and it costs a DynamoDB client. */
export const lambdaReplayGuard: ReplayGuard = {
  firstSeen: (key, ttl) => dynamoDbReplayGuard(documentClient(), requireEnv(env.stateTable), systemClock).firstSeen(key, ttl),
  release: (key) => dynamoDbReplayGuard(documentClient(), requireEnv(env.stateTable), systemClock).release(key),
};
