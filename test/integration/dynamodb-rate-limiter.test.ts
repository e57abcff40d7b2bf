import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { startLocalAws, type LocalAws } from '#infra/local/emulators';
import { dynamoDbRateLimiter } from '#shared/aws/dynamodb-rate-limiter';
import { bucketShape } from '#shared/rate-limit/token-bucket';

/** The shared provider bucket in the state table, against dynalite: one conditional update per request, no lost slots. */

describe('DynamoDB rate limiter', () => {
  let aws: LocalAws;
  const sent: string[] = [];
  beforeAll(async () => {
    aws = await startLocalAws();
    aws.documents.middlewareStack.add((next, context) => async (args) => {
      sent.push(context.commandName ?? 'unknown');
      return next(args);
    }, { step: 'initialize', name: 'countCommands' });
  });
  afterAll(async () => { await aws.stop(); });

  const fixedClock = (at: number) => ({ now: () => new Date(at) });
  const limiterAt = (at: number, o: { limit?: number } = {}) =>
    dynamoDbRateLimiter({ client: aws.documents, tableName: aws.tables.state, clock: fixedClock(at), defaultLimitPerMinute: o.limit ?? 600 });

  it('takes one UpdateItem per acquire, whether the bucket is full or not', async () => {
    const limiter = limiterAt(1_000_000);
    sent.length = 0;
    for (let i = 0; i < 30; i++) await limiter.acquire('instaview:one-update');
    expect(sent).toEqual(Array(30).fill('UpdateItemCommand'));
  });

  it('hands every processor its own slot: 8 processors × 25 requests at one instant get 200 distinct, evenly spaced slots', async () => {
    const now = 2_000_000;
    const shape = bucketShape({ limitPerMinute: 600 });
    const processors = Array.from({ length: 8 }, () => limiterAt(now));
    const waits = (await Promise.all(processors.map(async (p) => {
      const mine: number[] = [];
      for (let i = 0; i < 25; i++) mine.push((await p.acquire('instaview:shared')).waitMs);
      return mine;
    }))).flat().sort((a, b) => a - b);
    expect(waits.slice(0, shape.burst)).toEqual(Array(shape.burst).fill(0));
    const paced = waits.slice(shape.burst);
    paced.forEach((wait, i) => expect(Math.abs(wait - (i + 1) * shape.intervalMs)).toBeLessThanOrEqual(1));
  });

  it('never declines for contention: processors racing on a bucket with tokens to spare all get them', async () => {
    // Time moves on between every read of the clock, so "full" and "not full" keep trading places.
    let now = 2_500_000;
    const clock = { now: () => new Date((now += 3)) };
    const processors = Array.from({ length: 8 }, () => dynamoDbRateLimiter({ client: aws.documents, tableName: aws.tables.state, clock, defaultLimitPerMinute: 30_000 }));
    const grants = (await Promise.all(processors.map(async (p) => {
      const mine = [];
      for (let i = 0; i < 30; i++) mine.push(await p.acquire('instaview:race', 1, { maxWaitMs: 5_000 }));
      return mine;
    }))).flat();
    expect(grants.filter((g) => !g.granted)).toEqual([]);
  });

  it('declines without reserving when the wait would be longer than maxWaitMs, and says how long', async () => {
    const now = 3_000_000;
    const limiter = limiterAt(now);
    for (let i = 0; i < 60; i++) await limiter.acquire('instaview:decline');
    const before = await limiter.peek('instaview:decline');
    const other = limiterAt(now);
    const declined = await other.acquire('instaview:decline', 1, { maxWaitMs: 2_000 });
    expect(declined.granted).toBe(false);
    expect(declined.waitMs).toBeGreaterThan(4_000);
    expect(await limiter.peek('instaview:decline')).toEqual(before);
  });

  it('grants a wait of one token at the bucket\'s pace (maxPacedWaitMs) when the pace is slower than maxWaitMs', async () => {
    const now = 3_500_000;
    const shape = bucketShape({ limitPerMinute: 10 });
    const limiter = limiterAt(now, { limit: 10 });
    const options = { maxWaitMs: 5_000, maxPacedWaitMs: 50_000 };
    expect(await limiter.acquire('instaview:slow-key', 1, options)).toEqual({ granted: true, waitMs: 0 });
    const second = await limiter.acquire('instaview:slow-key', 1, options);
    expect(second.granted).toBe(true);
    expect(Math.abs(second.waitMs - shape.intervalMs)).toBeLessThanOrEqual(1);
    // Beyond one token's interval it is a queue: declined as before.
    expect((await limiter.acquire('instaview:slow-key', 1, options)).granted).toBe(false);
    // And never past maxPacedWaitMs (the invocation's deadline).
    expect((await limiterAt(now + 1_000_000, { limit: 10 }).acquire('instaview:slow-key-2', 2, { maxWaitMs: 5_000, maxPacedWaitMs: 6_000 })).granted).toBe(false);
  });

  it('a 429 seen by one processor holds back the others (Retry-After is stored)', async () => {
    const now = 4_000_000;
    const a = limiterAt(now);
    const b = limiterAt(now);
    await a.acquire('instaview:blocked');
    await a.observe('instaview:blocked', { blockSeconds: 30 });
    const grant = await b.acquire('instaview:blocked', 1, { maxWaitMs: 5_000 });
    expect(grant).toMatchObject({ granted: false });
    expect(grant.waitMs).toBeGreaterThanOrEqual(30_000);
  });

  it('learns the limit once, for every processor, and keeps the tokens already taken', async () => {
    const now = 5_000_000;
    const a = limiterAt(now, { limit: 60 });
    await a.acquire('instaview:learn');
    await a.acquire('instaview:learn');
    sent.length = 0;
    await a.observe('instaview:learn', { limitPerMinute: 600, remaining: 590, resetSeconds: 50 });
    expect(sent).toEqual(['UpdateItemCommand']);
    // The same headers again: nothing to write.
    sent.length = 0;
    await a.observe('instaview:learn', { limitPerMinute: 600, remaining: 589, resetSeconds: 50 });
    expect(sent).toEqual([]);
    expect(await a.peek('instaview:learn')).toMatchObject({ limitPerMinute: 600 });
    // Another processor, still configured for 60/min, reads the learned limit with its first update.
    const b = limiterAt(now, { limit: 60 });
    await b.acquire('instaview:learn');
    const waits: number[] = [];
    for (let i = 0; i < 12; i++) waits.push((await b.acquire('instaview:learn')).waitMs);
    expect(Math.max(...waits)).toBe(0);
  });

  it('stores a hashed key and a TTL, nothing else', async () => {
    const limiter = limiterAt(Date.parse('2026-03-02T09:00:00Z'));
    await limiter.acquire('instaview:0123456789abcdef01234567');
    const { Item } = await aws.documents.send(new GetCommand({ TableName: aws.tables.state, Key: { pk: 'RATE#instaview:0123456789abcdef01234567', sk: 'RATE' } }));
    expect(Object.keys(Item!).sort()).toEqual(['expiresAt', 'fullAt', 'pk', 'sk']);
    expect(Item!.expiresAt).toBe(Math.floor(Date.parse('2026-03-09T09:00:00Z') / 1000));
  });

  it('refills with time: an idle bucket bursts again', async () => {
    let now = 6_000_000;
    const limiter = dynamoDbRateLimiter({ client: aws.documents, tableName: aws.tables.state, clock: { now: () => new Date(now) }, defaultLimitPerMinute: 600 });
    for (let i = 0; i < 40; i++) await limiter.acquire('instaview:refill');
    now += 60_000;
    const waits: number[] = [];
    for (let i = 0; i < 15; i++) waits.push((await limiter.acquire('instaview:refill')).waitMs);
    expect(waits).toEqual(Array(15).fill(0));
  });
});
