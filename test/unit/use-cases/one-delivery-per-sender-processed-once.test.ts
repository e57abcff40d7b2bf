import { describe, expect, it } from 'vitest';
import { IdempotencyConfig, IdempotencyItemAlreadyExistsError, IdempotencyItemNotFoundError, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { BasePersistenceLayer, type IdempotencyRecord } from '@aws-lambda-powertools/idempotency/persistence';
import { DELIVERY_KEY_PATH } from '#functions/process-events';
import type { BridgeMessage } from '#shared/domain/messages';

/**
 * The processor runs each delivery once (Powertools idempotency keyed by DELIVERY_KEY_PATH).
 * A repeat of a delivery is skipped; but two ATS sources of one tenant (or two providers)
 * that happen to use the same delivery id send different events, and both must be processed.
 * Before, the key was [tenant, type, deliveryId]: the second event was taken for a repeat and
 * silently dropped (the queue's dedup id already included the sender).
 */

/** Powertools' persistence contract, in memory (the real one is DynamoDB). */
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

function processorCountingRuns() {
  const runs: BridgeMessage[] = [];
  const process = makeIdempotent(async (message: BridgeMessage) => {
    runs.push(message);
    return { ok: true };
  }, { persistenceStore: new InMemoryPersistence(), config: new IdempotencyConfig({ eventKeyJmesPath: DELIVERY_KEY_PATH }) });
  return { runs, process };
}

const atsEvent = (source: string, deliveryId: string, applicationId: string): BridgeMessage => ({
  type: 'ats', source, tenantId: 'acme', deliveryId, kind: 'application.stage_changed',
  occurredAt: '2026-11-26T10:00:00.000Z', receivedAt: '2026-11-26T10:00:01.000Z',
  applicationId, candidateId: `c-${applicationId}`, jobIds: [], jobLocations: [],
});

const providerEvent = (provider: string, deliveryId: string): BridgeMessage => ({
  type: 'provider', provider, tenantId: 'acme', deliveryId, kind: 'interview.completed',
  occurredAt: '2026-11-26T10:00:00.000Z', receivedAt: '2026-11-26T10:00:01.000Z', interviewId: `${provider}-int-1`,
});

describe('each delivery is processed once, per sender', () => {
  it('processes the same delivery id from two ATS sources of one tenant, each once', async () => {
    const { runs, process } = processorCountingRuns();
    await process(atsEvent('generic', '1001', 'app-a'));
    await process(atsEvent('workable', '1001', 'app-b'));
    await process(atsEvent('generic', '1001', 'app-a'));
    expect(runs.map((m) => m.type === 'ats' && m.applicationId)).toEqual(['app-a', 'app-b']);
  });

  it('processes the same delivery id from two providers, each once', async () => {
    const { runs, process } = processorCountingRuns();
    await process(providerEvent('instaview', '42'));
    await process(providerEvent('xobin', '42'));
    await process(providerEvent('xobin', '42'));
    expect(runs.map((m) => m.type === 'provider' && m.provider)).toEqual(['instaview', 'xobin']);
  });
});
