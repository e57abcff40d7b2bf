/**
 * Floor of the process-events bundle: only the AWS SDK calls that function makes (tenant
 * secret; idempotency records Get/Put/Update/DeleteItem; state Get/Put/Query through the
 * document client; CreateSchedule/DeleteSchedule; SendMessageBatch for retries due within a
 * minute; SendMessage to park in the DLQ), bundled with the same esbuild options. Never deployed.
 */
import { ConditionalCheckFailedException, DeleteItemCommand, DynamoDBClient, GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { ConflictException, CreateScheduleCommand, DeleteScheduleCommand, ResourceNotFoundException, SchedulerClient } from '@aws-sdk/client-scheduler';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';

type Clients = { secrets: SecretsManagerClient; dynamo: DynamoDBClient; documents: DynamoDBDocumentClient; scheduler: SchedulerClient; sqs: SQSClient };
let clients: Clients | undefined;

export async function handler(event: { Records: { body: string; messageId: string }[] }) {
  const dynamo = new DynamoDBClient({});
  clients ??= { secrets: new SecretsManagerClient({}), dynamo, documents: DynamoDBDocumentClient.from(dynamo), scheduler: new SchedulerClient({}), sqs: new SQSClient({}) };
  const c = clients;
  await c.secrets.send(new GetSecretValueCommand({ SecretId: 'tenant' }));
  const failures: { itemIdentifier: string }[] = [];
  for (const record of event.Records) {
    const key = { id: { S: record.messageId } };
    try {
      await c.dynamo.send(new PutItemCommand({ TableName: 'idempotency', Item: { ...key, status: { S: 'INPROGRESS' } }, ConditionExpression: 'attribute_not_exists(id)' }));
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      await c.dynamo.send(new GetItemCommand({ TableName: 'idempotency', Key: key }));
      continue;
    }
    try {
      const { Item } = await c.documents.send(new GetCommand({ TableName: 'state', Key: { pk: record.body, sk: 'STATE' }, ConsistentRead: true }));
      const { Items } = await c.documents.send(new QueryCommand({ TableName: 'state', IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :k', ExpressionAttributeValues: { ':k': record.body } }));
      await c.documents.send(new PutCommand({ TableName: 'state', Item: { pk: record.body, sk: 'STATE', version: (Item?.version ?? 0) + 1, n: Items?.length ?? 0 } }));
      try {
        await c.scheduler.send(new CreateScheduleCommand({ Name: record.messageId, ScheduleExpression: 'at(2030-01-01T00:00:00)', FlexibleTimeWindow: { Mode: 'OFF' }, Target: { Arn: 'queue', RoleArn: 'role', Input: record.body } }));
        await c.scheduler.send(new DeleteScheduleCommand({ Name: record.messageId }));
      } catch (error) {
        if (!(error instanceof ConflictException) && !(error instanceof ResourceNotFoundException)) throw error;
      }
      await c.sqs.send(new SendMessageBatchCommand({ QueueUrl: 'queue', Entries: [{ Id: '0', MessageBody: record.body, MessageGroupId: 'g' }] }));
      await c.dynamo.send(new UpdateItemCommand({ TableName: 'idempotency', Key: key, UpdateExpression: 'SET #s = :s', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':s': { S: 'COMPLETED' } } }));
    } catch {
      await c.dynamo.send(new DeleteItemCommand({ TableName: 'idempotency', Key: key }));
      await c.sqs.send(new SendMessageCommand({ QueueUrl: 'dlq', MessageBody: record.body, MessageGroupId: 'g' }));
      failures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures: failures };
}
