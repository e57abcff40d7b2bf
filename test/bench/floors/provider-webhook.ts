/**
 * Floor of the provider-webhook bundle: only the AWS SDK calls that function makes (tenant
 * secret, the interview → application query on the state table's index, SendMessageBatch
 * to the FIFO queue), bundled with the same esbuild options. Never deployed.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';

let clients: { secrets: SecretsManagerClient; documents: DynamoDBDocumentClient; sqs: SQSClient } | undefined;

export async function handler(event: { body?: string; interviewId?: string }) {
  clients ??= { secrets: new SecretsManagerClient({}), documents: DynamoDBDocumentClient.from(new DynamoDBClient({})), sqs: new SQSClient({}) };
  const secret = await clients.secrets.send(new GetSecretValueCommand({ SecretId: 'tenant' }));
  const { Items } = await clients.documents.send(new QueryCommand({
    TableName: 'state', IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :k', ExpressionAttributeValues: { ':k': event.interviewId }, Limit: 1,
  }));
  await clients.sqs.send(new SendMessageBatchCommand({
    QueueUrl: 'queue', Entries: [{ Id: '0', MessageBody: event.body ?? secret.SecretString ?? '', MessageGroupId: String(Items?.[0]?.pk ?? 'g') }],
  }));
  return { statusCode: 202 };
}
