import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../ports/clock.ts';
import type { ReplayGuard } from '../ports/replay-guard.ts';

/**
 * A claim still in flight after this long belongs to a request that died (a function times out
 * after 10 s): the next request with the token may take it over.
 */
const ABANDONED_AFTER_MS = 60_000;

/**
 * Seen tokens as items of the state table (pk REPLAY#<key>, `state` in_flight | accepted |
 * released), gone by TTL. One conditional put per claim, one put when the request is accepted.
 */
export function dynamoDbReplayGuard(client: DynamoDBDocumentClient, tableName: string, clock: Clock): ReplayGuard {
  const key = (token: string) => ({ pk: `REPLAY#${token}`, sk: 'REPLAY' });
  return {
    async claim(token, ttlSeconds) {
      const nowMs = clock.now().getTime();
      const now = Math.floor(nowMs / 1000);
      try {
        await client.send(new PutCommand({
          TableName: tableName,
          Item: { ...key(token), state: 'in_flight', claimedAt: nowMs, expiresAt: now + ttlSeconds },
          // An expired item that TTL has not removed yet, or an abandoned claim, does not count as seen.
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now OR (#state = :inFlight AND claimedAt < :abandoned)',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':now': now, ':inFlight': 'in_flight', ':abandoned': nowMs - ABANDONED_AFTER_MS },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }));
        return 'claimed';
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException || (error as Error).name === 'ConditionalCheckFailedException')) throw error;
        // The item as it was: from the error (wire format: the document client does not unmarshall
        // errors), else read (emulators that do not return it).
        const old = (error as { Item?: { state?: { S?: string } } }).Item;
        const state = old ? old.state?.S : (await client.send(new GetCommand({ TableName: tableName, Key: key(token), ConsistentRead: true }))).Item?.state;
        return state === 'in_flight' ? 'in_flight' : 'accepted';
      }
    },
    async accept(token, ttlSeconds) {
      const now = Math.floor(clock.now().getTime() / 1000);
      await client.send(new PutCommand({ TableName: tableName, Item: { ...key(token), state: 'accepted', expiresAt: now + ttlSeconds } }));
    },
    async release(token) {
      // Expired at once rather than deleted: the webhook function may only put these items.
      await client.send(new PutCommand({ TableName: tableName, Item: { ...key(token), state: 'released', expiresAt: 0 } }));
    },
  };
}
