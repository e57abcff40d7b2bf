import { createHash } from 'node:crypto';
import { bridgeMessageSchema, messageGroupOf, type BridgeMessage } from '../../domain/messages.ts';
import { redactText } from '../../observability/redact.ts';
import type { DeadLetterInbox, HeldMessage, ParkedMessage, RawQueueSender } from '../../ports/ops-dead-letters.ts';
import { silentProgress, type ProgressReporter } from '../../ports/ops-progress.ts';
import { OpsError } from './errors.ts';

/**
 * `bridge dlq list|redrive`: what sits in a dead-letter queue and why, and moving it back
 * to the events queue in its own FIFO group once the cause is fixed. Only ids and reasons
 * are shown: a parked body may hold a candidate's contact details.
 */

export interface DeadLetterEntry {
  messageId: string;
  reasonCode: string;
  reason: string;
  failedAt?: string;
  receiveCount?: number;
  messageType?: string;
  kind?: string;
  tenantId?: string;
  applicationId?: string;
  deliveryId?: string;
  groupId?: string;
}

export interface DeadLetterListing {
  queue: string;
  /** Messages in the queue as it estimates; FIFO queues show only the first message of each application. */
  total: number;
  entries: DeadLetterEntry[];
}

export async function listDeadLetters(inbox: DeadLetterInbox, options: { limit?: number } = {}): Promise<DeadLetterListing> {
  const [total, parked] = await Promise.all([inbox.approximateCount(), inbox.peek(options.limit ?? 100)]);
  return { queue: inbox.name, total: Math.max(total, parked.length), entries: parked.map(describe) };
}

/** Ids and reasons of one parked message; never its body. */
export function describe(message: ParkedMessage): DeadLetterEntry {
  const a = message.attributes;
  const parsed = readBody(message.body);
  const reasonCode = a.reasonCode ?? a.ERROR_CODE ?? 'NO_REASON';
  const reason = a.reason ?? a.ERROR_MESSAGE ?? 'moved here by the queue after its last receive (no reason recorded)';
  const failedAt = a.failedAt ?? message.sentAt;
  return {
    messageId: message.messageId,
    reasonCode,
    reason: redactText(reason),
    ...(failedAt ? { failedAt } : {}),
    ...(message.receiveCount !== undefined ? { receiveCount: message.receiveCount } : {}),
    ...parsed,
    ...(message.groupId ? { groupId: message.groupId } : {}),
  };
}

function readBody(body: string): Pick<DeadLetterEntry, 'messageType' | 'kind' | 'tenantId' | 'applicationId' | 'deliveryId'> {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { messageType: 'unreadable (not JSON)' };
  }
  if (!json || typeof json !== 'object') return { messageType: 'unreadable' };
  const m = json as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : undefined);
  const applicationId = text(m.applicationId) ?? (text(m.interviewId) ? `(interview ${text(m.interviewId)})` : undefined);
  const kind = text(m.kind) ?? text(m.reason);
  const out: Pick<DeadLetterEntry, 'messageType' | 'kind' | 'tenantId' | 'applicationId' | 'deliveryId'> = {};
  if (text(m.type)) out.messageType = text(m.type)!;
  if (kind) out.kind = kind;
  if (text(m.tenantId)) out.tenantId = text(m.tenantId)!;
  if (applicationId) out.applicationId = applicationId;
  if (text(m.deliveryId)) out.deliveryId = text(m.deliveryId)!;
  return out;
}

export interface RedriveReport {
  queue: string;
  moved: DeadLetterEntry[];
  skipped: (DeadLetterEntry & { why: string })[];
  /** Not moved this time (the send or the delete failed): still in the DLQ, a re-run tries again. */
  failed: (DeadLetterEntry & { why: string })[];
  /** Set when the run gave up early because the events queue kept refusing. */
  stoppedEarly?: string;
  /** Ids asked for (--id) that were not found. */
  notFound: string[];
}

export interface RedriveOptions {
  all?: boolean;
  ids?: string[];
  progress?: ProgressReporter;
  /** How long a message stays out of sight while it is moved. */
  holdSeconds?: number;
}

/**
 * Moves parked messages back to the events queue, each into its own group (tenant#application),
 * then deletes it from the DLQ. Safe to re-run: the deduplication id is derived from the DLQ
 * message id, so a message sent but not yet deleted (interrupted run) is dropped by SQS when
 * sent again, and the processor is idempotent on its delivery id anyway. A message that is not
 * a bridge message would only be parked again: it is skipped and left in the DLQ.
 *
 * A message whose send fails stays in the DLQ and is reported; the run goes on with the other
 * applications, so one bad message does not hide the final count. Later messages of the same
 * application are not sent in this run (they would overtake it), and after a few failures in a
 * row the run stops: then the events queue itself is refusing.
 */
const MAX_FAILURES_IN_A_ROW = 5;

export async function redriveDeadLetters(inbox: DeadLetterInbox, sender: RawQueueSender, options: RedriveOptions): Promise<RedriveReport> {
  const ids = options.ids?.filter((id) => id.trim() !== '') ?? [];
  if (options.all && ids.length) throw new OpsError('give either --all or --id, not both', 'bad_command_line');
  if (!options.all && !ids.length) throw new OpsError('say which messages: --all, or --id <messageId> (repeatable; `bridge dlq list` shows the ids)', 'bad_command_line');

  const progress = options.progress ?? silentProgress;
  const wanted = options.all ? undefined : new Set(ids);
  const report: RedriveReport = { queue: inbox.name, moved: [], skipped: [], failed: [], notFound: [] };
  // Applications with a message left behind: their later messages wait for the next run.
  const blockedGroups = new Set<string>();
  let failuresInARow = 0;
  // Every message taken out of sight and not (yet) deleted: made visible again at the end,
  // also when the run fails half-way, so the next run sees it at once.
  const held = new Map<string, HeldMessage>();
  const seen = new Set<string>();
  const total = wanted ? wanted.size : await inbox.approximateCount();
  progress.start(`redriving ${inbox.name}`, total);
  try {
    for (;;) {
      if (wanted && wanted.size === 0) break;
      if (report.stoppedEarly) break;
      const received = await inbox.hold(10, options.holdSeconds ?? 120);
      if (received.length === 0) break;
      // One that was set aside earlier and became visible again is now held again: not a new one.
      const batch = received.filter((m) => {
        held.set(m.messageId, m);
        if (seen.has(m.messageId)) return false;
        seen.add(m.messageId);
        return true;
      });
      for (const message of batch) {
        if (report.stoppedEarly) break;
        if (wanted && !wanted.has(message.messageId)) continue;
        wanted?.delete(message.messageId);
        const entry = describe(message);
        const bridgeMessage = parseBridgeMessage(message.body);
        const groupId = message.groupId ?? (bridgeMessage ? groupOf(bridgeMessage) : undefined);
        if (!bridgeMessage || !groupId) {
          report.skipped.push({ ...entry, why: 'not a bridge message: it would be parked again at once; inspect it and delete it from the DLQ' });
          progress.advance(1);
          continue;
        }
        if (blockedGroups.has(groupId)) {
          report.failed.push({ ...entry, why: 'not sent: an earlier message of its application is still in the DLQ (sent after it, it would overtake it)' });
          progress.advance(1);
          continue;
        }
        try {
          await sender.sendRaw({ body: message.body, groupId, deduplicationId: redriveDeduplicationId(message.messageId) });
        } catch (error) {
          blockedGroups.add(groupId);
          report.failed.push({ ...entry, why: `not sent: ${errorText(error)}` });
          progress.advance(1);
          if (++failuresInARow >= MAX_FAILURES_IN_A_ROW) report.stoppedEarly = `${failuresInARow} sends failed in a row: the events queue is refusing; stopped`;
          continue;
        }
        failuresInARow = 0;
        try {
          await inbox.remove(message);
        } catch (error) {
          // Sent, so the application goes on; the copy left here is a duplicate SQS or the processor drops.
          blockedGroups.add(groupId);
          report.failed.push({ ...entry, why: `sent, but still in the DLQ (delete failed: ${errorText(error)}); a re-run sends it again, the processor ignores the repeat` });
          progress.advance(1);
          continue;
        }
        held.delete(message.messageId);
        report.moved.push(entry);
        progress.advance(1);
      }
    }
  } finally {
    await Promise.all([...held.values()].map((m) => inbox.release(m).catch(() => undefined)));
    progress.finish();
  }
  report.notFound = wanted ? [...wanted] : [];
  return report;
}

/** An error's message for the report (an SDK error's name too); contact details masked. */
function errorText(error: unknown): string {
  const e = error as Error;
  const text = e?.message ? (e.name && e.name !== 'Error' ? `${e.name}: ${e.message}` : e.message) : String(error);
  return redactText(text);
}

/** Stable per DLQ message: a repeat of an interrupted redrive is a duplicate SQS drops. */
export function redriveDeduplicationId(dlqMessageId: string): string {
  return createHash('sha256').update(`redrive\n${dlqMessageId}`).digest('hex');
}

function parseBridgeMessage(body: string): BridgeMessage | undefined {
  try {
    const parsed = bridgeMessageSchema.safeParse(JSON.parse(body));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The scheduler DLQ is a standard queue (no group): the group is the application's, as everywhere. */
function groupOf(message: BridgeMessage): string | undefined {
  // Same groups as the ingress: a provider event not yet mapped to its application has its own.
  if (message.type === 'provider') return messageGroupOf(message.tenantId, message.applicationId ?? `${message.provider}-interview-${message.interviewId}`);
  return messageGroupOf(message.tenantId, message.applicationId);
}
