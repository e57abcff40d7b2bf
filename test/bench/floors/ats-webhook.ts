/**
 * Floor of the ats-webhook bundle: only the AWS SDK calls that function makes (tenant
 * secret, replay-guard put/get on the state table, SendMessageBatch to the FIFO queue),
 * bundled with the same esbuild options. Never deployed; test/bench/bundles.ts builds it.
 */
import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';

let clients: { secrets: SecretsManagerClient; documents: DynamoDBDocumentClient; sqs: SQSClient } | undefined;

export async function handler(event: { body?: string; token?: string }) {
  clients ??= { secrets: new SecretsManagerClient({}), documents: DynamoDBDocumentClient.from(new DynamoDBClient({})), sqs: new SQSClient({}) };
  const secret = await clients.secrets.send(new GetSecretValueCommand({ SecretId: 'tenant' }));
  if (event.token) {
    try {
      await clients.documents.send(new PutCommand({ TableName: 'state', Item: { pk: event.token, sk: 'REPLAY' }, ConditionExpression: 'attribute_not_exists(pk)' }));
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return { statusCode: 409 };
      await clients.documents.send(new GetCommand({ TableName: 'state', Key: { pk: event.token, sk: 'REPLAY' } }));
    }
  }
  await clients.sqs.send(new SendMessageBatchCommand({ QueueUrl: 'queue', Entries: [{ Id: '0', MessageBody: event.body ?? secret.SecretString ?? '', MessageGroupId: 'g' }] }));
  return { statusCode: 202 };
}
