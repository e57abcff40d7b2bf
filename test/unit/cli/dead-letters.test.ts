import { describe, expect, it } from 'vitest';
import { bridgeMessageSchema } from '#shared/domain/messages';
import type { ParkedMessage } from '#shared/ports/ops-dead-letters';
import { describe as describeParked, listDeadLetters, redriveDeadLetters, redriveDeduplicationId } from '#shared/use-cases/ops/dead-letters';
import { OpsError } from '#shared/use-cases/ops/errors';
import { atsEvent, candidateProfile } from '../../support/bridge.ts';
import { FakeDeadLetterInbox, RecordingProgress, RecordingRawSender } from './fakes.ts';

/** A message the processor parked on its last try, with its reason attributes. */
function parked(id: string, applicationId: string, patch: Partial<ParkedMessage> = {}): ParkedMessage {
  const event = atsEvent({ applicationId, deliveryId: `gh-${applicationId}`, candidate: candidateProfile({ emails: ['ada@example.com'], phones: [{ value: '+1 604-555-0199' }] }) });
  return {
    messageId: id,
    body: JSON.stringify(event),
    groupId: `acme#${applicationId}`,
    attributes: { reasonCode: 'SERVER_ERROR', reason: 'InstaView POST /interviews → 503: call ada@example.com later', failedAt: '2026-12-02T18:05:00.000Z' },
    receiveCount: 5,
    ...patch,
  };
}

describe('dlq list', () => {
  it('shows reason code, reason, failedAt, tenant, application and delivery id, never the body or contact details', async () => {
    const inbox = new FakeDeadLetterInbox().add(parked('m-1', '7001'));
    const listing = await listDeadLetters(inbox);
    expect(listing).toEqual({
      queue: 'events DLQ',
      total: 1,
      entries: [{
        messageId: 'm-1', reasonCode: 'SERVER_ERROR', reason: 'InstaView POST /interviews → 503: call [redacted] later', failedAt: '2026-12-02T18:05:00.000Z',
        receiveCount: 5, messageType: 'ats', kind: 'application.stage_changed', tenantId: 'acme', applicationId: '7001', deliveryId: 'gh-7001', groupId: 'acme#7001',
      }],
    });
    const text = JSON.stringify(listing);
    expect(text).not.toContain('ada@example.com');
    expect(text).not.toContain('604');
    expect(text).not.toContain('Lovelace');
  });

  it('reads the scheduler DLQ\'s attributes, and says so when the queue moved a message without a reason', () => {
    const retry = JSON.stringify({ type: 'retry', tenantId: 'acme', applicationId: '7002', deliveryId: 'aib:acme:7002:r:1:call:2', reason: 'call_attempt', attempt: 2, dueAt: '2026-12-03T17:00:00Z' });
    expect(describeParked({ messageId: 's-1', body: retry, attributes: { ERROR_CODE: 'AWS.SimpleQueueService.NonExistentQueue', ERROR_MESSAGE: 'queue gone' }, sentAt: '2026-12-03T17:00:05.000Z' }))
      .toMatchObject({ reasonCode: 'AWS.SimpleQueueService.NonExistentQueue', reason: 'queue gone', failedAt: '2026-12-03T17:00:05.000Z', messageType: 'retry', kind: 'call_attempt', applicationId: '7002' });
    expect(describeParked({ messageId: 'q-1', body: 'not json {', attributes: {} }))
      .toMatchObject({ reasonCode: 'NO_REASON', reason: expect.stringContaining('no reason recorded'), messageType: 'unreadable (not JSON)' });
  });

  it('counts the messages behind the first one of an application (FIFO shows heads only)', async () => {
    const inbox = new FakeDeadLetterInbox().add(parked('m-1', '7001'), parked('m-2', '7001'), parked('m-3', '7003'));
    const listing = await listDeadLetters(inbox);
    expect(listing.total).toBe(3);
    expect(listing.entries.map((e) => e.messageId)).toEqual(['m-1', 'm-3']);
  });
});

describe('dlq redrive', () => {
  it('moves every message back to the events queue in its own group, unchanged, then deletes it from the DLQ', async () => {
    const messages = [parked('m-1', '7001'), parked('m-2', '7001'), parked('m-3', '7003')];
    const inbox = new FakeDeadLetterInbox().add(...messages);
    const sender = new RecordingRawSender();
    const progress = new RecordingProgress();
    const report = await redriveDeadLetters(inbox, sender, { all: true, progress });

    expect(report.moved.map((m) => m.messageId).sort()).toEqual(['m-1', 'm-2', 'm-3']);
    expect(inbox.ids()).toEqual([]);
    expect(sender.sent.map((s) => [s.groupId, s.body])).toEqual(expect.arrayContaining(messages.map((m) => [m.groupId, m.body])));
    // Within a group, order is kept.
    expect(sender.sent.filter((s) => s.groupId === 'acme#7001').map((s) => s.deduplicationId)).toEqual([redriveDeduplicationId('m-1'), redriveDeduplicationId('m-2')]);
    expect(progress.events[0]).toBe('start redriving events DLQ /3');
    expect(progress.events.at(-1)).toBe('finish');
    expect(progress.events.filter((e) => e.startsWith('+'))).toHaveLength(3);
  });

  it('is safe to re-run after an interruption: a message sent but not deleted goes again with the same deduplication id', async () => {
    const inbox = new FakeDeadLetterInbox(false).add(parked('m-1', '7001'), parked('m-2', '7002')).failRemoveOnce();
    const sender = new RecordingRawSender();
    const first = await redriveDeadLetters(inbox, sender, { all: true });
    expect(first.failed.map((m) => m.messageId)).toEqual(['m-1']);
    expect(first.moved.map((m) => m.messageId)).toEqual(['m-2']);
    expect(sender.sent.map((s) => s.deduplicationId)).toEqual([redriveDeduplicationId('m-1'), redriveDeduplicationId('m-2')]);
    // Visible again at once (not only after the visibility timeout).
    expect((await inbox.peek(10)).map((m) => m.messageId)).toEqual(['m-1']);

    const again = await redriveDeadLetters(inbox, sender, { all: true });
    expect(again.moved.map((m) => m.messageId)).toEqual(['m-1']);
    expect(inbox.ids()).toEqual([]);
    // The repeat of m-1 carries the same id: SQS drops it (and the processor is idempotent on its delivery id).
    expect(sender.sent.map((s) => s.deduplicationId)).toEqual([redriveDeduplicationId('m-1'), redriveDeduplicationId('m-2'), redriveDeduplicationId('m-1')]);
    expect(new Set(sender.sent.map((s) => s.body)).size).toBe(2);
    // A third run finds nothing and sends nothing.
    const third = await redriveDeadLetters(inbox, sender, { all: true });
    expect(third.moved).toEqual([]);
    expect(sender.sent).toHaveLength(3);
  });

  it('leaves a message whose send failed in the DLQ and reports it (see redrive-keeps-failed-messages-and-moves-the-rest)', async () => {
    const inbox = new FakeDeadLetterInbox(false).add(parked('m-1', '7001'), parked('m-2', '7002'));
    const sender = new RecordingRawSender().crashAfter(1);
    const report = await redriveDeadLetters(inbox, sender, { all: true });
    expect(report.failed).toEqual([expect.objectContaining({ messageId: 'm-2', why: 'not sent: connection reset' })]);
    expect(inbox.ids()).toEqual(['m-2']);
  });

  it('keeps what is not a bridge message in the DLQ (it would be parked again) and reports it', async () => {
    const inbox = new FakeDeadLetterInbox().add(parked('bad', 'x', { body: '{"hello":1}', groupId: 'unknown' }), parked('m-1', '7001'));
    const sender = new RecordingRawSender();
    const report = await redriveDeadLetters(inbox, sender, { all: true });
    expect(report.moved.map((m) => m.messageId)).toEqual(['m-1']);
    expect(report.skipped).toEqual([expect.objectContaining({ messageId: 'bad', why: expect.stringContaining('not a bridge message') })]);
    expect(inbox.ids()).toEqual(['bad']);
    // Released: the next run sees it again.
    expect((await inbox.peek(10)).map((m) => m.messageId)).toEqual(['bad']);
  });

  it('moves only the given ids, leaves the others visible, and reports ids it could not find', async () => {
    const inbox = new FakeDeadLetterInbox().add(parked('m-1', '7001'), parked('m-2', '7002'), parked('m-3', '7003'));
    const sender = new RecordingRawSender();
    const report = await redriveDeadLetters(inbox, sender, { ids: ['m-2', 'gone'] });
    expect(report.moved.map((m) => m.messageId)).toEqual(['m-2']);
    expect(report.notFound).toEqual(['gone']);
    expect(inbox.ids()).toEqual(['m-1', 'm-3']);
    expect((await inbox.peek(10)).map((m) => m.messageId)).toEqual(['m-1', 'm-3']);
  });

  it('gives a scheduler DLQ message (no group) the application\'s group, as the ingress would', async () => {
    const body = JSON.stringify({ type: 'retry', tenantId: 'acme', applicationId: '7002', deliveryId: 'd', reason: 'call_attempt', attempt: 2, dueAt: '2026-12-03T17:00:00Z' });
    expect(bridgeMessageSchema.safeParse(JSON.parse(body)).success).toBe(true);
    const inbox = new FakeDeadLetterInbox(false).add({ messageId: 's-1', body, attributes: {} });
    const sender = new RecordingRawSender();
    await redriveDeadLetters(inbox, sender, { all: true });
    expect(sender.sent).toEqual([{ body, groupId: 'acme#7002', deduplicationId: redriveDeduplicationId('s-1') }]);
  });

  it('needs exactly one of --all and --id', async () => {
    const inbox = new FakeDeadLetterInbox().add(parked('m-1', '7001'));
    await expect(redriveDeadLetters(inbox, new RecordingRawSender(), {})).rejects.toThrow(OpsError);
    await expect(redriveDeadLetters(inbox, new RecordingRawSender(), { all: true, ids: ['m-1'] })).rejects.toThrow('either --all or --id');
    expect(inbox.ids()).toEqual(['m-1']);
  });
});
