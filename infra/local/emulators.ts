import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { CreateTableCommand, DynamoDBClient, type CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';
import { buildApp } from 'fauxqs';
import { CANDIDATE_INDEX, INTERVIEW_INDEX } from '#shared/aws/dynamodb-state-store';

/**
 * Embedded AWS for one machine: dynalite (DynamoDB) and fauxqs (SQS), both in this
 * process and both on 127.0.0.1 only (candidate data must not be reachable from the
 * network; fauxqs's own startFauxqs() would listen on 0.0.0.0, so we build its app and
 * listen ourselves).
 */

export const LOCAL_REGION = 'eu-central-1';
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

export interface LocalAws {
  dynamoEndpoint: string;
  sqsEndpoint: string;
  dynamo: DynamoDBClient;
  documents: DynamoDBDocumentClient;
  sqs: SQSClient;
  tables: { state: string; idempotency: string };
  queues: { eventsUrl: string; eventsArn: string; dlqUrl: string; dlqArn: string };
  maxReceiveCount: number;
  stop(): Promise<void>;
}

export interface LocalAwsOptions {
  /** Seconds a received message stays invisible (Lambda: ≥ 6 × timeout; locally short so retries are quick). */
  visibilityTimeoutSeconds?: number;
  maxReceiveCount?: number;
}

export async function startLocalAws(options: LocalAwsOptions = {}): Promise<LocalAws> {
  const maxReceiveCount = options.maxReceiveCount ?? 5;
  const dynamoServer = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 }) as Server;
  await new Promise<void>((resolve, reject) => dynamoServer.listen(0, '127.0.0.1', () => resolve()).once('error', reject));
  const dynamoEndpoint = `http://127.0.0.1:${(dynamoServer.address() as AddressInfo).port}`;

  const sqsApp = buildApp({ logger: false, defaultRegion: LOCAL_REGION });
  await sqsApp.listen({ port: 0, host: '127.0.0.1' });
  const sqsEndpoint = `http://127.0.0.1:${(sqsApp.server.address() as AddressInfo).port}`;

  const dynamo = new DynamoDBClient({ endpoint: dynamoEndpoint, region: LOCAL_REGION, credentials });
  const documents = DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } });
  const sqs = new SQSClient({ endpoint: sqsEndpoint, region: LOCAL_REGION, credentials });

  const tables = { state: 'bridge-state', idempotency: 'bridge-idempotency' };
  await dynamo.send(new CreateTableCommand(stateTable(tables.state)));
  await dynamo.send(new CreateTableCommand({
    TableName: tables.idempotency,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
  }));

  const dlq = await sqs.send(new CreateQueueCommand({ QueueName: 'bridge-events-dlq.fifo', Attributes: { FifoQueue: 'true', MessageRetentionPeriod: '1209600' } }));
  const dlqArn = await queueArn(sqs, dlq.QueueUrl!);
  const events = await sqs.send(new CreateQueueCommand({
    QueueName: 'bridge-events.fifo',
    Attributes: {
      FifoQueue: 'true',
      // Scheduler deliveries carry no dedup id; explicit ids from the ingress still win.
      ContentBasedDeduplication: 'true',
      VisibilityTimeout: String(options.visibilityTimeoutSeconds ?? 5),
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount }),
    },
  }));

  return {
    dynamoEndpoint,
    sqsEndpoint,
    dynamo,
    documents,
    sqs,
    tables,
    queues: { eventsUrl: events.QueueUrl!, eventsArn: await queueArn(sqs, events.QueueUrl!), dlqUrl: dlq.QueueUrl!, dlqArn },
    maxReceiveCount,
    async stop() {
      sqs.destroy();
      dynamo.destroy();
      await sqsApp.close();
      await new Promise<void>((resolve) => dynamoServer.close(() => resolve()));
    },
  };
}

/** Same key schema and index as the CDK table (infra/constructs/stateful-resources.ts). */
function stateTable(name: string): CreateTableCommandInput {
  return {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'S' },
      { AttributeName: 'gsi1pk', AttributeType: 'S' },
      { AttributeName: 'gsi1sk', AttributeType: 'S' },
      { AttributeName: 'gsi2pk', AttributeType: 'S' },
      { AttributeName: 'gsi2sk', AttributeType: 'S' },
    ],
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
    GlobalSecondaryIndexes: [{
      IndexName: INTERVIEW_INDEX,
      KeySchema: [{ AttributeName: 'gsi1pk', KeyType: 'HASH' }, { AttributeName: 'gsi1sk', KeyType: 'RANGE' }],
      Projection: { ProjectionType: 'KEYS_ONLY' },
    }, {
      IndexName: CANDIDATE_INDEX,
      KeySchema: [{ AttributeName: 'gsi2pk', KeyType: 'HASH' }, { AttributeName: 'gsi2sk', KeyType: 'RANGE' }],
      Projection: { ProjectionType: 'KEYS_ONLY' },
    }],
  };
}

async function queueArn(sqs: SQSClient, url: string): Promise<string> {
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
  return Attributes!.QueueArn!;
}
