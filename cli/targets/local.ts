import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamoDbStateStore } from '#shared/aws/dynamodb-state-store';
import { sqsEventQueue } from '#shared/aws/sqs-event-queue';
import { configFileTenantSecrets } from '#shared/config/config-file-tenant-secrets';
import { ConfigError, parseConfig } from '#shared/config/load-config';
import type { LocalDiscovery } from '#infra/local/discovery';
import { adminScheduleListing } from '../adapters/admin-schedules.ts';
import { sqsDeadLetterInbox, sqsRawSender } from '../adapters/sqs-dead-letters.ts';
import { CliError, EXIT } from '../support/errors.ts';
import type { CliIo } from '../support/io.ts';
import { tenantOf, type Target } from '../target.ts';

/** The local stack: its embedded DynamoDB and SQS, its admin routes, its config as it runs it. */
export function localTarget(discovery: LocalDiscovery, stateDir: string, io: CliIo): Target {
  const config = configOf(discovery);
  // The emulators accept any credentials; these keep the SDK from looking for real ones.
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  let dynamo: DynamoDBClient | undefined;
  let sqs: SQSClient | undefined;
  const documents = () => DynamoDBDocumentClient.from(dynamo ??= new DynamoDBClient({ endpoint: discovery.dynamodb.endpoint, region: discovery.region, credentials }), { marshallOptions: { removeUndefinedValues: true } });
  const queues = () => (sqs ??= new SQSClient({ endpoint: discovery.sqs.endpoint, region: discovery.region, credentials }));

  return {
    kind: 'local',
    description: `local stack at ${discovery.url} (pid ${discovery.pid})`,
    stateDir,
    config: () => config,
    tenant: (id) => tenantOf(config, id),
    secrets: () => configFileTenantSecrets(config),
    store: () => dynamoDbStateStore(documents(), discovery.dynamodb.tables.state),
    async deadLetters(queue) {
      if (queue === 'scheduler') throw new CliError('the local stack has no scheduler DLQ (its scheduler delivers straight to the events queue)', 2);
      return sqsDeadLetterInbox(queues(), discovery.sqs.dlqUrl, 'events DLQ');
    },
    rawSender: async () => sqsRawSender(queues(), discovery.sqs.eventsUrl),
    eventQueue: async () => sqsEventQueue(queues(), discovery.sqs.eventsUrl),
    schedules: () => adminScheduleListing(discovery.adminUrl, io.fetch),
    webhookUrl: (kind, name, tenantId) => `${discovery.webhookBase}/${kind}/${name}/${tenantId}`,
    // Its queue and tables live in memory: each start is a new, empty bridge.
    instance: async () => `local stack at ${discovery.url}, started ${discovery.startedAt}`,
    async clock() {
      // The stack's clock may have been moved (admin route): run on its time.
      const response = await io.fetch(`${discovery.adminUrl}/clock`).catch((error: unknown) => {
        throw new CliError(`the local stack does not answer at ${discovery.adminUrl} (${(error as Error).message})`, 1, 'is `npm start` still running?');
      });
      const { now } = (await response.json()) as { now: string };
      const offset = Date.parse(now) - Date.now();
      return { now: () => new Date(Date.now() + offset) };
    },
    close() {
      dynamo?.destroy();
      sqs?.destroy();
    },
  };
}

/** The stack's config as it runs it; refused, the hint names the file it was started with. */
function configOf(discovery: LocalDiscovery) {
  try {
    return parseConfig(discovery.config, `the local stack's config (${discovery.configPath ?? 'given in code'})`);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const hint = discovery.configPath ? `check it with: bridge config validate ${discovery.configPath}` : 'fix the config given in code and start the stack again';
    throw new CliError(error.message, EXIT.failed, hint);
  }
}
