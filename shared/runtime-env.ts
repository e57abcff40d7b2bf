/**
 * Environment variables the functions read. CDK sets them on each Lambda; the local
 * runtime (infra/local) sets the same names before building the handlers.
 */
export const env = {
  /** Path of the bridge config JSON (bundled next to the handler in AWS). */
  configPath: 'BRIDGE_CONFIG',
  /** 'secretsmanager' (AWS) or 'config' (local: secrets inline in the config file). */
  secretsSource: 'BRIDGE_SECRETS',
  /** Secrets Manager name prefix; a tenant's secret is `${prefix}${tenantId}`. */
  secretPrefix: 'BRIDGE_SECRET_PREFIX',
  stateTable: 'STATE_TABLE',
  idempotencyTable: 'IDEMPOTENCY_TABLE',
  eventsQueueUrl: 'EVENTS_QUEUE_URL',
  eventsQueueArn: 'EVENTS_QUEUE_ARN',
  /** The events DLQ: the processor parks a message there itself, with the reason, on its last try. */
  eventsDlqUrl: 'EVENTS_DLQ_URL',
  /** Same number as the queue's redrive policy. */
  maxReceiveCount: 'MAX_RECEIVE_COUNT',
  scheduleGroup: 'SCHEDULE_GROUP',
  schedulerRoleArn: 'SCHEDULER_ROLE_ARN',
  schedulerDlqArn: 'SCHEDULER_DLQ_ARN',
} as const;

export function requireEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`environment variable ${name} is not set`);
  return value;
}

export const DEFAULT_SECRET_PREFIX = 'ats-interview-bridge/tenants/';
