import { describe, expect, it } from 'vitest';
import type { DeadLetterInbox, HeldMessage, ParkedMessage, RawQueueSender } from '#shared/ports/ops-dead-letters';
import { redriveDeadLetters } from '#shared/use-cases/ops/dead-letters';
import { dlqRedrive } from '../../../cli/commands/dlq.ts';
import { captureIo, runCli } from '../../../cli/main.ts';
import type { Target } from '../../../cli/target.ts';
import { atsEvent } from '../../support/bridge.ts';

/**
 * `bridge dlq redrive` where some messages cannot be sent: the others still go back, each
 * failed one stays in the DLQ (visible again for the next run), the report and the exit code
 * say so, and no message of an application overtakes an earlier one of the same application.
 */

function parked(id: string, applicationId: string, fifo = true): ParkedMessage {
  return {
    messageId: id,
    body: JSON.stringify(atsEvent({ applicationId, deliveryId: `gh-${id}` })),
    ...(fifo ? { groupId: `acme#${applicationId}` } : {}),
    attributes: { reasonCode: 'SERVER_ERROR', reason: 'InstaView 503' },
  };
}

/**
 * A DLQ as SQS serves it: a FIFO receive may return several messages of one group in one
 * batch (in order), never one of a group that has a message in flight.
 */
class SqsLikeInbox implements DeadLetterInbox {
  readonly name = 'events DLQ';
  readonly messages: { message: ParkedMessage; held?: string }[] = [];
  private handles = 0;
  private removeFailures = new Set<string>();
  constructor(messages: ParkedMessage[]) {
    for (const message of messages) this.messages.push({ message });
  }
  ids(): string[] {
    return this.messages.map((m) => m.message.messageId);
  }
  failRemoveOf(messageId: string): this {
    this.removeFailures.add(messageId);
    return this;
  }
  async approximateCount() {
    return this.messages.length;
  }
  private available() {
    const busy = new Set(this.messages.filter((m) => m.held && m.message.groupId).map((m) => m.message.groupId));
    return this.messages.filter((m) => !m.held && !(m.message.groupId && busy.has(m.message.groupId)));
  }
  async peek(max: number) {
    return this.available().slice(0, max).map((m) => ({ ...m.message }));
  }
  async hold(max: number): Promise<HeldMessage[]> {
    return this.available().slice(0, Math.min(10, max)).map((m) => {
      m.held = `h${++this.handles}`;
      return { ...m.message, handle: m.held };
    });
  }
  async release(message: HeldMessage) {
    const found = this.messages.find((m) => m.held === message.handle);
    if (found) delete found.held;
  }
  async remove(message: HeldMessage) {
    if (this.removeFailures.delete(message.messageId)) throw new Error('receipt handle expired');
    const i = this.messages.findIndex((m) => m.held === message.handle);
    if (i >= 0) this.messages.splice(i, 1);
  }
}

/** The events queue, refusing the messages of some applications. */
class PickySender implements RawQueueSender {
  readonly sent: string[] = [];
  constructor(private readonly refusedGroups: string[]) {}
  async sendRaw(message: { body: string; groupId: string; deduplicationId: string }) {
    if (this.refusedGroups.includes(message.groupId)) throw new Error('KMS.AccessDenied for this message');
    this.sent.push((JSON.parse(message.body) as { deliveryId: string }).deliveryId);
  }
}

describe('dlq redrive where some messages fail', () => {
  it('moves the others, keeps the failed one in the DLQ visible again, and reports it', async () => {
    const inbox = new SqsLikeInbox([parked('m-1', '7001', false), parked('m-2', '7002', false), parked('m-3', '7003', false)]);
    const sender = new PickySender(['acme#7001']);
    const report = await redriveDeadLetters(inbox, sender, { all: true });
    expect(sender.sent).toEqual(['gh-m-2', 'gh-m-3']);
    expect(report.moved.map((m) => m.messageId)).toEqual(['m-2', 'm-3']);
    expect(report.failed).toEqual([expect.objectContaining({ messageId: 'm-1', why: expect.stringContaining('KMS.AccessDenied') })]);
    expect(inbox.ids()).toEqual(['m-1']);
    expect((await inbox.peek(10)).map((m) => m.messageId)).toEqual(['m-1']);
  });

  it('sends no later message of an application whose earlier message failed (FIFO order kept)', async () => {
    const inbox = new SqsLikeInbox([parked('a-1', '7001'), parked('a-2', '7001'), parked('b-1', '7002')]);
    let sends = 0;
    const sender: RawQueueSender & { sent: string[] } = {
      sent: [],
      async sendRaw(message) {
        sends += 1;
        // The first send (a-1) fails for now; anything else goes through.
        if (sends === 1) throw new Error('connection reset');
        this.sent.push((JSON.parse(message.body) as { deliveryId: string }).deliveryId);
      },
    };
    const report = await redriveDeadLetters(inbox, sender, { all: true });
    expect(sender.sent).toEqual(['gh-b-1']);
    expect(report.moved.map((m) => m.messageId)).toEqual(['b-1']);
    expect(report.failed.map((m) => m.messageId)).toEqual(['a-1', 'a-2']);
    expect(report.failed[1]!.why).toMatch(/earlier message of its application/);
    expect(inbox.ids()).toEqual(['a-1', 'a-2']);
  });

  it('reports a message sent but not deleted from the DLQ, and goes on', async () => {
    const inbox = new SqsLikeInbox([parked('m-1', '7001', false), parked('m-2', '7002', false)]).failRemoveOf('m-1');
    const sender = new PickySender([]);
    const report = await redriveDeadLetters(inbox, sender, { all: true });
    expect(sender.sent).toEqual(['gh-m-1', 'gh-m-2']);
    expect(report.moved.map((m) => m.messageId)).toEqual(['m-2']);
    expect(report.failed).toEqual([expect.objectContaining({ messageId: 'm-1', why: expect.stringMatching(/sent, but still in the DLQ/) })]);
  });

  it('prints the final count with the failed ones and exits 1', async () => {
    const inbox = new SqsLikeInbox([parked('m-1', '7001', false), parked('m-2', '7002', false)]);
    const sender = new PickySender(['acme#7001']);
    const target = {
      kind: 'local', description: 'test stack', deadLetters: async () => inbox, rawSender: async () => sender, close: () => undefined,
    } as unknown as Target;
    const io = captureIo();
    const code = await runCli(['dlq', 'redrive', '--all'], io, [{ ...dlqRedrive, run: (ctx) => dlqRedrive.run({ ...ctx, target: async () => target }) }]);
    expect(code).toBe(1);
    expect(io.out()).toMatch(/^moved 1 message\(s\) from events DLQ back to the events queue, 1 failed \(still in the DLQ\)/);
    expect(io.out()).toMatch(/failed +m-1 .*KMS\.AccessDenied/);
  });
});
