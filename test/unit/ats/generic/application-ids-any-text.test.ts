import { describe, expect, it } from 'vitest';
import { atsSource } from '#shared/ats/registry';
import { acceptAtsWebhook } from '#shared/use-cases/accept-ats-webhook';
import { messageGroupOf } from '#shared/domain/messages';
import { InMemoryQueue, InMemoryReplayGuard, RecordingTelemetry, StaticTenantSecrets, assertSqsFifoIds } from '../../../support/fakes.ts';
import { SECRET, TENANT, fixtureJson, genericRequest, ingressConfig } from './helpers.ts';

/**
 * The generic contract allows any id of 1–256 characters, but the FIFO message group id
 * (tenant#application) is what SQS takes: 1–128 ASCII letters, digits and punctuation.
 * Before, such an application's every delivery was refused by SQS (503 to the sender on
 * every retry, then lost) — the local emulator does not check, real SQS does.
 */
const ids = [
  'app 42',                       // a space
  'Bewerbung-Müller-7',           // non-ASCII
  'x'.repeat(256),                // the contract's longest
  'app\u00a0nbsp',
];

async function accept(applicationId: string, queue: InMemoryQueue) {
  const body = { ...fixtureJson('stage_changed'), applicationId };
  const deps = {
    config: ingressConfig(), secrets: new StaticTenantSecrets({ [TENANT]: { generic: { webhookSecret: SECRET } } }), queue,
    sourceFor: atsSource, telemetry: new RecordingTelemetry(), replayGuard: new InMemoryReplayGuard(),
  };
  return acceptAtsWebhook({ source: 'generic', tenantId: TENANT, request: genericRequest(body) }, deps);
}

describe('generic source: application ids the contract allows reach the queue', () => {
  it.each(ids)('%j is enqueued with a group id SQS accepts', async (applicationId) => {
    const queue = new InMemoryQueue();
    const answer = await accept(applicationId, queue);
    expect(answer.status).toBe(200);
    expect(queue.sent).toHaveLength(1);
    expect(queue.sent[0]!.message).toMatchObject({ applicationId });
  });

  it('group ids stay readable when SQS takes them as they are, and distinct ids keep distinct groups', () => {
    expect(messageGroupOf('acme', '71234560')).toBe('acme#71234560');
    const groups = new Set([...ids, 'x'.repeat(255), 'app 43'].map((id) => messageGroupOf('acme', id)));
    expect(groups.size).toBe(ids.length + 2);
    for (const groupId of groups) assertSqsFifoIds({ groupId, deduplicationId: 'd' });
    expect(messageGroupOf('acme', 'app 42')).toBe(messageGroupOf('acme', 'app 42'));
  });
});
