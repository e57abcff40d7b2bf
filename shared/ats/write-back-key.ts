import { createHash } from 'node:crypto';
import type { AtsApplicationRef, InterviewOutcome } from '../ports/ats-api.ts';

/**
 * One write-back's identity: the same for every retry of an outcome (the outcome, with the
 * instant it was queued, is stored and re-sent as is), different for the next outcome. It is
 * the generic callback's Idempotency-Key, and the reference printed in every note, so a retry
 * whose earlier try's answer was lost can find the note that try wrote.
 */
export function writeBackKeyOf(ref: AtsApplicationRef, outcome: InterviewOutcome): string {
  const key = [ref.tenantId, ref.applicationId, outcome.provider, outcome.providerInterviewId ?? '', outcome.kind, outcome.occurredAt].join('|');
  return `wb_${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;
}

/**
 * Whether a listed note/comment/message row carries `mark` anywhere: the field that holds a
 * note's text in a list is unconfirmed for several ATSs, and the mark (`wb_` + hex) is unique,
 * so looking through the whole row makes a wrong guess of that field cost nothing.
 */
export function rowHoldsMark(row: unknown, mark: string): boolean {
  return JSON.stringify(row ?? null).includes(mark);
}
