import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../ports/clock.ts';
import type { ReplayGuard } from '../ports/replay-guard.ts';

/** Seen tokens as items of the state table (pk REPLAY#<key>), gone by TTL. One conditional put per check. */
export function dynamoDbReplayGuard(client: DynamoDBDocumentClient, tableName: string, clock: Clock): ReplayGuard {
  return {
    async firstSeen(key, ttlSeconds) {
      const now = Math.floor(clock.now().getTime() / 1000);
      try {
        await client.send(new PutCommand({
          TableName: tableName,
          Item: { pk: `REPLAY#${key}`, sk: 'REPLAY', expiresAt: now + ttlSeconds },
          // An expired item that TTL has not removed yet does not count as seen.
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
          ExpressionAttributeValues: { ':now': now },
        }));
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException || (error as Error).name === 'ConditionalCheckFailedException') return false;
        throw error;
      }
    },
    async release(key) {
      await client.send(new DeleteCommand({ TableName: tableName, Key: { pk: `REPLAY#${key}`, sk: 'REPLAY' } }));
    },
  };
}
