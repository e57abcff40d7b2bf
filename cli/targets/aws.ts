import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamoDbStateStore } from '#shared/aws/dynamodb-state-store';
import { secretsManagerTenantSecrets } from '#shared/aws/secrets-manager-tenant-secrets';
import { sqsEventQueue } from '#shared/aws/sqs-event-queue';
import { describeJsonSyntaxError, withoutByteOrderMark } from '#shared/config/json-syntax-error';
import { ConfigError, loadConfigFile } from '#shared/config/load-config';
import type { BridgeConfig } from '#shared/config/schema';
import { systemClock } from '#shared/ports/clock';
import { DEFAULT_SECRET_PREFIX } from '#shared/runtime-env';
import { eventBridgeScheduleListing } from '../adapters/eventbridge-schedules.ts';
import { sqsDeadLetterInbox, sqsRawSender } from '../adapters/sqs-dead-letters.ts';
import type { OptionValues } from '../support/command.ts';
import { CliError, EXIT } from '../support/errors.ts';
import type { CliIo } from '../support/io.ts';
import { tenantOf, type Target } from '../target.ts';

/**
 * A deployment in AWS. Region and credentials come from the environment (AWS_REGION,
 * AWS_PROFILE, …; AWS_ENDPOINT_URL points the SDK elsewhere); the table, queues and schedule
 * group from the stack outputs file (`cdk deploy --outputs-file cdk-outputs.json`) or flags;
 * the config from --config, BRIDGE_CONFIG or cdk.json's "config" context; tenant secrets
 * from Secrets Manager.
 */

/** Stack output keys (infra/bridge-stack.ts addOutputs) and the flags that override them. */
const names = {
  stateTable: { output: 'StateTableName', flag: 'state-table', env: 'BRIDGE_STATE_TABLE', what: 'the state table' },
  eventsQueue: { output: 'EventsQueueName', flag: 'events-queue', env: 'BRIDGE_EVENTS_QUEUE', what: 'the events queue' },
  eventsDlq: { output: 'EventsDlqName', flag: 'events-dlq', env: 'BRIDGE_EVENTS_DLQ', what: 'the events DLQ' },
  schedulerDlq: { output: 'SchedulerDlqName', flag: 'scheduler-dlq', env: 'BRIDGE_SCHEDULER_DLQ', what: 'the scheduler DLQ' },
  scheduleGroup: { output: 'ScheduleGroupName', flag: 'schedule-group', env: 'BRIDGE_SCHEDULE_GROUP', what: 'the schedule group' },
  webhookBase: { output: 'WebhookBaseUrl', flag: 'webhook-base', env: 'BRIDGE_WEBHOOK_BASE', what: 'the webhook base URL' },
} as const;
type NameKey = keyof typeof names;

export async function awsTarget(options: OptionValues, stateDir: string, io: CliIo): Promise<Target> {
  const context = cdkContext(io.cwd);
  const { outputs, stack, file } = stackOutputs(options, io, context);
  const sqs = new SQSClient({});
  let region: string;
  try {
    region = await sqs.config.region();
  } catch {
    sqs.destroy();
    throw new CliError('no AWS region for --target aws', EXIT.usage, 'set AWS_REGION (or AWS_PROFILE with a region); start a local stack with `npm start` to work locally');
  }
  const name = (key: NameKey): string => {
    const spec = names[key];
    const value = text(options[spec.flag]) ?? text(io.env[spec.env]) ?? outputs[spec.output];
    if (!value) {
      throw new CliError(`the AWS target needs ${spec.what}`, EXIT.usage,
        `pass --${spec.flag}, or --outputs <file> written by \`cdk deploy --outputs-file cdk-outputs.json\`${file ? ` (${file} has no ${spec.output}${stack ? ` for stack ${stack}` : ''})` : ''}`);
    }
    return value;
  };
  const queueUrls = new Map<string, Promise<string>>();
  const queueUrl = (key: NameKey): Promise<string> => {
    const value = name(key);
    if (/^https?:\/\//.test(value)) return Promise.resolve(value);
    if (!queueUrls.has(value)) {
      queueUrls.set(value, sqs.send(new GetQueueUrlCommand({ QueueName: value })).then((r) => r.QueueUrl!, (error: unknown) => {
        throw new CliError(`cannot find ${names[key].what} "${value}" in ${region}: ${(error as Error).name}`, EXIT.failed, 'check the region, the credentials and the stack outputs');
      }));
    }
    return queueUrls.get(value)!;
  };

  const configPath = text(options.config) ?? text(io.env.BRIDGE_CONFIG) ?? text(context.config);
  let config: BridgeConfig | undefined;
  const loadConfig = (): BridgeConfig => {
    if (!configPath) throw new CliError('the AWS target needs the deployed bridge config', EXIT.usage, 'pass --config <file> (the file you deployed with -c config=…)');
    try {
      return (config ??= loadConfigFile(resolve(io.cwd, configPath)));
    } catch (error) {
      if (error instanceof ConfigError) throw new CliError(error.message, EXIT.failed, `check it with: bridge config validate ${configPath}`);
      throw error;
    }
  };
  const secretPrefix = text(options['secret-prefix']) ?? text(io.env.BRIDGE_SECRET_PREFIX) ?? text(context.secretPrefix) ?? DEFAULT_SECRET_PREFIX;
  let dynamo: DynamoDBClient | undefined;
  let scheduler: SchedulerClient | undefined;

  return {
    kind: 'aws',
    description: `AWS ${region}${stack ? `, stack ${stack}` : ''}`,
    stateDir,
    config: loadConfig,
    tenant: (id) => tenantOf(loadConfig(), id),
    secrets: () => secretsManagerTenantSecrets(secretPrefix),
    store: () => dynamoDbStateStore(DynamoDBDocumentClient.from(dynamo ??= new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } }), name('stateTable')),
    deadLetters: async (queue) => (queue === 'events'
      ? sqsDeadLetterInbox(sqs, await queueUrl('eventsDlq'), 'events DLQ')
      : sqsDeadLetterInbox(sqs, await queueUrl('schedulerDlq'), 'scheduler DLQ')),
    rawSender: async () => sqsRawSender(sqs, await queueUrl('eventsQueue')),
    eventQueue: async () => sqsEventQueue(sqs, await queueUrl('eventsQueue')),
    instance: async () => `AWS ${await queueUrl('eventsQueue')}`,
    schedules: () => eventBridgeScheduleListing(scheduler ??= new SchedulerClient({}), name('scheduleGroup')),
    webhookUrl: (kind, source, tenantId) => `${name('webhookBase').replace(/\/+$/, '')}/webhooks/${kind}/${source}/${tenantId}`,
    clock: async () => systemClock,
    close() {
      sqs.destroy();
      dynamo?.destroy();
      scheduler?.destroy();
    },
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** cdk.json's context (config path, stackName, secretPrefix), when run from the repository. */
function cdkContext(cwd: string): Record<string, unknown> {
  const path = resolve(cwd, 'cdk.json');
  if (!existsSync(path)) return {};
  try {
    return ((JSON.parse(readFileSync(path, 'utf8')) as { context?: Record<string, unknown> }).context) ?? {};
  } catch {
    return {};
  }
}

/** `cdk deploy --outputs-file` writes { "<stack>": { "<OutputKey>": "<value>" } }. */
function stackOutputs(options: OptionValues, io: CliIo, context: Record<string, unknown>): { outputs: Record<string, string>; stack?: string; file?: string } {
  const given = text(options.outputs) ?? text(io.env.BRIDGE_OUTPUTS);
  const file = resolve(io.cwd, given ?? 'cdk-outputs.json');
  if (!existsSync(file)) {
    if (given) throw new CliError(`stack outputs file ${given} not found`, EXIT.usage, 'write it with `cdk deploy --outputs-file cdk-outputs.json`');
    return { outputs: {} };
  }
  // A file that is there but cannot be read is a broken file, as a broken config is: exit 1 (exit 2 is a wrong command line).
  let content: string;
  try {
    content = withoutByteOrderMark(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, EXIT.failed);
  }
  let all: unknown;
  try {
    all = JSON.parse(content);
  } catch (error) {
    throw new CliError(`${file} is not valid JSON: ${describeJsonSyntaxError(content, error as Error)}`, EXIT.failed, 'write it again with `cdk deploy --outputs-file cdk-outputs.json`');
  }
  if (!isObject(all) || !Object.values(all).every(isObject)) {
    throw new CliError(`${file} is not a stack outputs file: expected { "<stack>": { "<OutputKey>": "<value>" } }`, EXIT.failed, 'write it with `cdk deploy --outputs-file cdk-outputs.json`');
  }
  const stacks = Object.keys(all);
  const wanted = text(options.stack) ?? (stacks.length === 1 ? stacks[0] : text(context.stackName) ?? 'AtsInterviewBridge');
  const outputs = wanted ? (all[wanted] as Record<string, string> | undefined) : undefined;
  if (!outputs) throw new CliError(`no stack "${wanted}" in ${file}`, EXIT.usage, `stacks there: ${stacks.join(', ') || 'none'}; pass --stack`);
  return { outputs, ...(wanted ? { stack: wanted } : {}), file };
}
