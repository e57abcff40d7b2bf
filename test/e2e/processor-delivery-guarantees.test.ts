import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { parseConfig } from '#shared/config/load-config';
import type { NormalizedAtsEvent } from '#shared/domain/messages';
import { peekDeadLetters } from '#infra/local/local-bridge';
import { e2eConfig, stageChange, startE2eStack, type E2eStack } from './support/local-stack.ts';

/** Invariant 1: every accepted message is processed once, or sits in the DLQ with its reason. */

const atsEvent = (applicationId: string, deliveryId: string): NormalizedAtsEvent => ({
  type: 'ats', source: 'greenhouse', tenantId: 'acme', deliveryId, kind: 'application.stage_changed',
  occurredAt: '2026-12-02T17:59:00Z', receivedAt: '2026-12-02T18:00:00Z', applicationId, candidateId: `c-${applicationId}`,
  jobIds: ['4012345'], jobLocations: [], stage: { id: '9012399', name: 'AI Phone Screen' }, applicationStatus: 'active',
  candidate: { firstName: 'Grace', lastName: 'Hopper', emails: ['grace@example.com'], phones: [{ value: '+1 604-555-0123', type: 'mobile' }], addresses: [] },
});

describe('the processor, fed through the queue', () => {
  let stack: E2eStack;
  beforeAll(async () => { stack = await startE2eStack(); });
  afterAll(async () => { await stack.stop(); });

  const enqueueRaw = (body: string, groupId: string, deduplicationId: string) =>
    stack.aws.sqs.send(new SendMessageCommand({ QueueUrl: stack.aws.queues.eventsUrl, MessageBody: body, MessageGroupId: groupId, MessageDeduplicationId: deduplicationId }));

  it('runs one delivery through the state machine once, even when the queue hands it over twice', async () => {
    const message = JSON.stringify(atsEvent('9101', 'delivery-9101'));
    // Two copies that SQS does not deduplicate (different dedup ids, e.g. > 5 minutes apart).
    await enqueueRaw(message, 'acme#9101', 'copy-1');
    await enqueueRaw(message, 'acme#9101', 'copy-2');
    await stack.drain();
    const state = await stack.state('9101');
    expect(state?.timeline.filter((t) => t.what === 'webhook.received')).toHaveLength(1);
    expect(stack.sandboxInterviews().filter((i: any) => i.metadata?.externalInterviewId === 'aib:acme:9101:phone-screen:1')).toHaveLength(1);
  });

  it('parks a message that is not a bridge message in the DLQ at once, with the reason', async () => {
    await enqueueRaw('{"type":"ats","tenantId":"acme"}', 'acme#9102', 'bad-1');
    await stack.drain();
    const parked = (await peekDeadLetters(stack.aws)).find((m) => (m.body as any)?.tenantId === 'acme' && !(m.body as any).deliveryId);
    expect(parked?.reasonCode).toBe('MALFORMED_MESSAGE');
    expect(parked?.reason).toMatch(/deliveryId|source|kind/);
  });
});

describe('a provider that stays unreachable', () => {
  let stack: E2eStack;
  beforeAll(async () => {
    const config = e2eConfig();
    const acme = config.tenants[0]!;
    // Port 9 (discard) on loopback: connection refused on every call.
    const broken = parseConfig({ ...config, tenants: [{ ...acme, providers: { instaview: { baseUrl: 'http://127.0.0.1:9/v1', timeoutMs: 500 } } }] });
    stack = await startE2eStack({ config: broken, maxReceiveCount: 3 });
  });
  afterAll(async () => { await stack.stop(); });

  it('retries the message, then parks it in the DLQ with the provider error as its reason, and records the error', async () => {
    expect((await stack.sendGreenhouse(stageChange(9201))).status).toBe(200);
    await stack.drain(60_000);

    const parked = (await peekDeadLetters(stack.aws)).find((m) => (m.body as any)?.applicationId === '9201');
    expect(parked?.reasonCode).toBe('NETWORK_ERROR');
    expect(await stack.queueDepth()).toBe(0);
    const state = await stack.state('9201');
    expect(state?.interview?.phase).toBe('CREATING');
    expect(state?.interview?.lastError).toMatchObject({ code: 'NETWORK_ERROR', retryable: true });
    expect(stack.telemetry.snapshot()['MessagesDeadLettered{Code=NETWORK_ERROR}']).toBe(1);
  });
});
