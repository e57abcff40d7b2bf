import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { systemClock, type Clock } from '../ports/clock.ts';
import type { AcquireOptions, RateLimitGrant, RateLimiter, RateLimitSignal } from '../ports/rate-limiter.ts';
import { lowerBoundFrom, maxWaitFor, shapeFor, type RateLimiterOptions } from '../rate-limit/in-memory-rate-limiter.ts';
import { latestStartFor, reserve, rescale, waitFor } from '../rate-limit/token-bucket.ts';

/**
 * The provider rate limit shared by every processor instance: one item per API key in
 * the state table,
 *
 *   pk = RATE#<provider>:<hash of the key>, sk = RATE
 *   fullAt          epoch ms at which the bucket would be full (token-bucket.ts)
 *   limitPerMinute  learned from X-RateLimit-Limit-Minute (absent: config or default)
 *   expiresAt       TTL: an idle bucket goes away
 *
 * acquire is one conditional UpdateItem in the common case, with no read and no version:
 * while the bucket is not full `SET fullAt = fullAt + :inc IF fullAt > :now` (an atomic
 * add, so any number of processors can reserve at once without conflicts), once it is
 * full `SET fullAt = :now + :inc IF fullAt <= :now`. The branch is guessed from the last
 * value this process saw; a wrong guess costs one more request. observe writes only when
 * the provider's headers change something (a new limit, a 429, fewer requests left than
 * the bucket thought).
 */

export interface DynamoDbRateLimiterOptions extends RateLimiterOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** An idle bucket (and the limit it learned) is dropped after this long. Default: 7 days. */
  ttlSeconds?: number;
}

interface Cached {
  fullAt: number;
  learned?: number;
  inEffect?: number;
}

const itemKey = (key: string) => ({ pk: `RATE#${key}`, sk: 'RATE' });
/** Branch flips between "add" and "set" a reservation may take before giving up. */
const MAX_ROUNDS = 4;

export function dynamoDbRateLimiter(options: DynamoDbRateLimiterOptions): RateLimiter & { peek(key: string): Promise<{ fullAt: number; limitPerMinute?: number } | undefined> } {
  const { client, tableName } = options;
  const clock: Clock = options.clock ?? systemClock;
  const ttlSeconds = options.ttlSeconds ?? 7 * 86_400;
  const cache = new Map<string, Cached>();
  const cached = (key: string): Cached => {
    let entry = cache.get(key);
    if (!entry) {
      entry = { fullAt: 0 };
      cache.set(key, entry);
    }
    return entry;
  };
  const expiresAt = (now: number) => Math.floor(now / 1000) + ttlSeconds;
  const remember = (entry: Cached, item: Record<string, unknown> | undefined) => {
    entry.fullAt = typeof item?.fullAt === 'number' ? item.fullAt : 0;
    if (typeof item?.limitPerMinute === 'number') entry.learned = item.limitPerMinute;
  };
  const read = async (key: string) => {
    const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: itemKey(key), ConsistentRead: true }));
    return Item;
  };
  /** The item as it was when a condition failed: from the error when DynamoDB returns it, else read. */
  const itemAfterConflict = async (key: string, error: unknown) => oldItemOf(error) ?? (await read(key));

  return {
    async acquire(key: string, cost = 1, acquireOptions: AcquireOptions = {}): Promise<RateLimitGrant> {
      const entry = cached(key);
      // One instant for all rounds: after "set" failed (fullAt > now), "add" (fullAt > now) cannot fail for the
      // same reason, so two processors cannot flip each other between the branches. A slightly old now only
      // makes the wait a few ms longer than needed.
      const now = clock.now().getTime();
      for (let round = 0; round < MAX_ROUNDS; round++) {
        const shape = shapeFor(entry.learned, options, acquireOptions);
        entry.inEffect = shape.limitPerMinute;
        const maxWaitMs = maxWaitFor(acquireOptions, cost, shape);
        const inc = reserve(0, 0, cost, shape).fullAt;
        if (entry.fullAt > now) {
          // Not full. fullAt only grows, so a value too far ahead here is too far ahead in the table too.
          const latest = latestStartFor(now, cost, shape, maxWaitMs);
          if (entry.fullAt > latest) return { granted: false, waitMs: waitFor(entry.fullAt + inc, now, shape) };
          try {
            const { Attributes } = await client.send(new UpdateCommand({
              TableName: tableName,
              Key: itemKey(key),
              UpdateExpression: 'SET fullAt = fullAt + :inc, expiresAt = :exp',
              ConditionExpression: Number.isFinite(latest) ? 'fullAt > :now AND fullAt <= :latest' : 'fullAt > :now',
              ExpressionAttributeValues: { ':inc': inc, ':now': now, ':exp': expiresAt(now), ...(Number.isFinite(latest) ? { ':latest': latest } : {}) },
              ReturnValues: 'ALL_NEW',
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            }));
            remember(entry, Attributes);
            return { granted: true, waitMs: waitFor(entry.fullAt, now, shape) };
          } catch (error) {
            if (!isConditionFailure(error)) throw error;
            remember(entry, await itemAfterConflict(key, error));
          }
        } else {
          const reservation = reserve(now, now, cost, shape, maxWaitMs);
          if (!reservation.granted) return { granted: false, waitMs: reservation.waitMs };
          try {
            const { Attributes } = await client.send(new UpdateCommand({
              TableName: tableName,
              Key: itemKey(key),
              UpdateExpression: 'SET fullAt = :next, expiresAt = :exp',
              ConditionExpression: 'attribute_not_exists(fullAt) OR fullAt <= :now',
              ExpressionAttributeValues: { ':next': reservation.fullAt, ':now': now, ':exp': expiresAt(now) },
              ReturnValues: 'ALL_NEW',
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            }));
            remember(entry, Attributes);
            return { granted: true, waitMs: reservation.waitMs };
          } catch (error) {
            if (!isConditionFailure(error)) throw error;
            remember(entry, await itemAfterConflict(key, error));
          }
        }
      }
      // Only a bucket rescaled under us while we tried gets here: decline, the caller backs off.
      const shape = shapeFor(entry.learned, options, acquireOptions);
      return { granted: false, waitMs: Math.max(Math.ceil(shape.intervalMs), waitFor(entry.fullAt, now, shape)) };
    },

    async observe(key: string, signal: RateLimitSignal): Promise<void> {
      const entry = cached(key);
      const now = clock.now().getTime();
      const limit = signal.limitPerMinute;
      if (limit !== undefined && limit > 0 && Number.isFinite(limit) && limit !== entry.learned) {
        const from = shapeFor(entry.inEffect, options);
        const to = shapeFor(limit, options);
        const rescaled = rescale(entry.fullAt, now, from, to);
        const base = { TableName: tableName, Key: itemKey(key) };
        let moved = false;
        if (rescaled !== entry.fullAt) {
          // Only if nobody reserved since we looked; otherwise the limit alone changes.
          try {
            await client.send(new UpdateCommand({
              ...base,
              UpdateExpression: 'SET limitPerMinute = :limit, fullAt = :rescaled, expiresAt = :exp',
              ConditionExpression: 'fullAt = :seen',
              ExpressionAttributeValues: { ':limit': limit, ':rescaled': rescaled, ':seen': entry.fullAt, ':exp': expiresAt(now) },
            }));
            moved = true;
          } catch (error) {
            if (!isConditionFailure(error)) throw error;
          }
        }
        if (!moved) {
          await client.send(new UpdateCommand({
            ...base,
            UpdateExpression: 'SET limitPerMinute = :limit, expiresAt = :exp',
            ExpressionAttributeValues: { ':limit': limit, ':exp': expiresAt(now) },
          }));
        }
        entry.learned = limit;
        entry.inEffect = limit;
        if (moved) entry.fullAt = rescaled;
      }
      const shape = shapeFor(entry.inEffect, options);
      const bound = lowerBoundFrom(signal, now, shape);
      // Binding by less than one token's time changes nothing worth a write.
      if (bound === undefined || bound <= Math.max(entry.fullAt, now) + shape.intervalMs) return;
      try {
        await client.send(new UpdateCommand({
          TableName: tableName,
          Key: itemKey(key),
          UpdateExpression: 'SET fullAt = :bound, expiresAt = :exp',
          ConditionExpression: 'attribute_not_exists(fullAt) OR fullAt < :bound',
          ExpressionAttributeValues: { ':bound': bound, ':exp': expiresAt(now) },
        }));
        entry.fullAt = bound;
      } catch (error) {
        // Someone pushed the bucket further already: that is at least as strict.
        if (!isConditionFailure(error)) throw error;
      }
    },

    async peek(key: string) {
      const item = await read(key);
      if (!item) return undefined;
      return { fullAt: item.fullAt as number, ...(typeof item.limitPerMinute === 'number' ? { limitPerMinute: item.limitPerMinute } : {}) };
    },
  };
}

function isConditionFailure(error: unknown): boolean {
  return error instanceof ConditionalCheckFailedException || (error as Error | undefined)?.name === 'ConditionalCheckFailedException';
}

/** ReturnValuesOnConditionCheckFailure: the old item, in DynamoDB's wire format (the document client does not unmarshall errors). */
function oldItemOf(error: unknown): Record<string, unknown> | undefined {
  const item = (error as { Item?: Record<string, { N?: string } | number> }).Item;
  if (!item) return undefined;
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(item)) {
    if (typeof value === 'number') out[name] = value;
    else if (value && typeof value === 'object' && typeof value.N === 'string') out[name] = Number(value.N);
  }
  return out;
}
