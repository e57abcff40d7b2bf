import { describe, expect, it } from 'vitest';
import { IdempotencyConfig, IdempotencyItemAlreadyExistsError, IdempotencyItemNotFoundError, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { BasePersistenceLayer, type IdempotencyRecord } from '@aws-lambda-powertools/idempotency/persistence';
import { DELIVERY_KEY_PATH } from '#functions/process-events';
import type { BridgeMessage, RetryDue } from '#shared/domain/messages';
import { ProviderError } from '#shared/ports/interview-provider';
import { atsEvent, processorHarness, providerEvent } from '../../support/bridge.ts';
import { pendingSchedules } from '../../support/multi-rule.ts';

/**
 * How a failed call ended is read again when the provider refused access (call_read). The
 * processor runs each delivery once (Powertools idempotency, keyed by the delivery id, 48 h).
 * The read's delivery id named only the interview and the read number, and the count starts
 * over once a read succeeds: when the ending of a later call of the same interview was refused
 * too, its read #1 had the first one's delivery id, was skipped as already processed, and the
 * candidate was never called again (nothing planned, nothing failed).
 */
class InMemoryPersistence extends BasePersistenceLayer {
  readonly records = new Map<string, IdempotencyRecord>();
  protected async _getRecord(key: string): Promise<IdempotencyRecord> {
    const record = this.records.get(key);
    if (!record) throw new IdempotencyItemNotFoundError();
    return record;
  }
  protected async _putRecord(record: IdempotencyRecord): Promise<void> {
    const existing = this.records.get(record.idempotencyKey);
    if (existing && !existing.isExpired()) throw new IdempotencyItemAlreadyExistsError('exists', existing);
    this.records.set(record.idempotencyKey, record);
  }
  protected async _updateRecord(record: IdempotencyRecord): Promise<void> {
    this.records.set(record.idempotencyKey, record);
  }
  protected async _deleteRecord(record: IdempotencyRecord): Promise<void> {
    this.records.delete(record.idempotencyKey);
  }
}

const refused = () => new ProviderError('InstaView 401', 'UNAUTHORIZED', false, 401);

describe('a later call of the same interview whose ending is refused too', () => {
  it('is read again as well: the candidate is called again after its no-answer', async () => {
    const h = processorHarness();
    const processOnce = makeIdempotent((message: BridgeMessage) => h.process(message),
      { persistenceStore: new InMemoryPersistence(), config: new IdempotencyConfig({ eventKeyJmesPath: DELIVERY_KEY_PATH }) });
    const fire = async (reason: RetryDue['reason']) => {
      const [due] = pendingSchedules(h, reason).filter((s) => s.at > h.clock.now());
      expect(due, `a ${reason} schedule`).toBeDefined();
      h.clock.set(due!.at.toISOString());
      await processOnce(due!.message as RetryDue);
    };
    await processOnce(atsEvent());
    const interviewId = (await h.state()).interview!.providerInterviewId!;

    // First call: unanswered, its ending refused once, then read.
    h.provider.failNext('getInterview', refused());
    await processOnce(providerEvent({ interviewId, kind: 'interview.failed', occurredAt: '2026-04-13T17:05:00Z' }));
    h.provider.lastCall(interviewId, { status: 'FAILED', reasonCode: 'NO_ANSWER', calledAt: '2026-04-13T17:00:00Z' });
    await fire('call_read');
    expect((await h.state()).interview?.calls).toHaveLength(1);

    // Second call: the same again.
    await fire('call_attempt');
    const secondAt = h.clock.now().toISOString();
    h.provider.failNext('getInterview', refused());
    await processOnce(providerEvent({ interviewId, kind: 'interview.failed', occurredAt: secondAt }));
    h.provider.lastCall(interviewId, { status: 'FAILED', reasonCode: 'NO_ANSWER', calledAt: secondAt });
    await fire('call_read');

    const state = await h.state();
    expect(state.interview?.calls).toHaveLength(2);
    expect(state.interview?.phase).toBe('WAITING_RETRY');
    expect(pendingSchedules(h, 'call_attempt').filter((s) => s.at > h.clock.now())).toHaveLength(1);
  });

  it('a read planned for an earlier call, due after that call was read, is skipped as nothing awaited (not as another interview\'s)', async () => {
    const h = processorHarness();
    await h.process(atsEvent());
    const interviewId = (await h.state()).interview!.providerInterviewId!;
    h.provider.failNext('getInterview', refused());
    await h.process(providerEvent({ interviewId, kind: 'interview.failed', occurredAt: '2026-04-13T17:05:00Z' }));
    const [read] = pendingSchedules(h, 'call_read');
    // The webhook is redelivered once access is back: the call is read and counted before the planned read is due.
    h.provider.lastCall(interviewId, { status: 'FAILED', reasonCode: 'NO_ANSWER', calledAt: '2026-04-13T17:00:00Z' });
    await h.process(providerEvent({ interviewId, kind: 'interview.failed', occurredAt: '2026-04-13T17:05:00Z' }));
    expect((await h.state()).interview?.calls).toHaveLength(1);

    h.clock.set(read!.at.toISOString());
    await h.process(read!.message as RetryDue);
    const skipped = (await h.state()).timeline.filter((e) => e.what === 'retry.skipped').map((e) => e.detail);
    expect(skipped).toEqual(['call_read #1: nothing awaited']);
  });
});
