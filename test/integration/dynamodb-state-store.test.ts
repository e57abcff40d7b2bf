import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoDbStateStore } from '#shared/aws/dynamodb-state-store';
import { emptyState, type ApplicationState } from '#shared/domain/application-state';
import { VersionConflictError, type StateStore } from '#shared/ports/state-store';
import { startLocalAws, type LocalAws } from '#infra/local/emulators';

describe('DynamoDB state store (against dynalite)', () => {
  let aws: LocalAws;
  let store: StateStore;
  beforeAll(async () => {
    aws = await startLocalAws();
    store = dynamoDbStateStore(aws.documents, aws.tables.state);
  });
  afterAll(async () => { await aws.stop(); });

  const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;
  const fresh = (app: string): ApplicationState => emptyState('acme', app, 'c-1', 'greenhouse', '2026-12-02T10:00:00.000Z');

  it('stores a new application as version 1 and reads it back whole', async () => {
    const saved = await store.save({ ...fresh('a1'), stage: { id: '1', name: 'AI Phone Screen' }, expiresAt: 1_900_000_000 });
    expect(saved.version).toBe(1);
    const read = await store.get('acme', 'a1');
    expect(read).toEqual(saved);
  });

  it('refuses to create an application that already exists (two first writers)', async () => {
    await store.save(fresh('a2'));
    await expect(store.save(fresh('a2'))).rejects.toBeInstanceOf(VersionConflictError);
  });

  it('refuses a write based on a stale version and keeps the newer one', async () => {
    const v1 = await store.save(fresh('a3'));
    const v2 = await store.save({ ...v1, atsStatus: 'rejected' });
    await expect(store.save({ ...v1, atsStatus: 'hired' })).rejects.toBeInstanceOf(VersionConflictError);
    expect((await store.get('acme', 'a3'))?.atsStatus).toBe('rejected');
    expect(v2.version).toBe(2);
  });

  it('finds the application that owns a provider interview, per tenant', async () => {
    const state = fresh('a4');
    await store.save({
      ...state,
      interview: {
        ruleId: 'r', provider: 'instaview', generation: 1, externalKey: 'aib:acme:a4:r:1', phase: 'SCHEDULED', providerInterviewId: 'int-42',
        requestedBy: { deliveryId: 'd', occurredAt: 't' }, callAttemptsRequested: 0, createdAt: 't', updatedAt: 't',
      },
    });
    expect(await store.findApplicationByInterview('acme', 'instaview', 'int-42')).toBe('a4');
    expect(await store.findApplicationByInterview('globex', 'instaview', 'int-42')).toBeUndefined();
    expect(await store.findApplicationByInterview('acme', 'instaview', 'int-43')).toBeUndefined();
  });

  it('remembers an erased candidate per tenant, and lists no such marker as an application', async () => {
    await store.recordCandidateErased('acme', 'greenhouse', 'c-erased', inAnHour());
    expect(await store.wasCandidateErased('acme', 'greenhouse', 'c-erased')).toBe(true);
    expect((await store.candidateFate('acme', 'greenhouse', 'c-erased')).erased).toBe(true);
    expect(await store.wasCandidateErased('globex', 'greenhouse', 'c-erased')).toBe(false);
    expect(await store.wasCandidateErased('acme', 'greenhouse', 'c-1')).toBe(false);
    expect((await store.list()).every((s) => typeof s.applicationId === 'string' && s.applicationId.length > 0)).toBe(true);
  });

  it('remembers which candidate a merged-away one went into, per tenant', async () => {
    await store.recordCandidateMerged('acme', 'greenhouse', 'c-away', 'c-kept', inAnHour());
    expect(await store.candidateMergedInto('acme', 'greenhouse', 'c-away')).toBe('c-kept');
    expect(await store.candidateMergedInto('globex', 'greenhouse', 'c-away')).toBeUndefined();
    expect(await store.candidateMergedInto('acme', 'greenhouse', 'c-kept')).toBeUndefined();
    expect(await store.wasCandidateErased('acme', 'greenhouse', 'c-away')).toBe(false);
  });

  it('keeps each source\'s erasures and merges of the same candidate id apart', async () => {
    await store.recordCandidateErased('acme', 'greenhouse', 'c-same', inAnHour());
    await store.recordCandidateMerged('acme', 'generic', 'c-same', 'c-other', inAnHour());
    expect(await store.wasCandidateErased('acme', 'generic', 'c-same')).toBe(false);
    expect(await store.candidateFate('acme', 'generic', 'c-same')).toEqual({ erased: false, mergedInto: 'c-other' });
    expect(await store.candidateFate('acme', 'greenhouse', 'c-same')).toEqual({ erased: true });
    await store.recordCandidateErased('acme', 'generic', 'c-same', inAnHour());
    expect(await store.wasCandidateErased('acme', 'generic', 'c-same')).toBe(true);
    expect(await store.wasCandidateErased('acme', 'greenhouse', 'c-same')).toBe(true);
    expect(await store.wasCandidateErased('acme', 'ashby', 'c-same')).toBe(false);
  });

  it('reads records written before sources were recorded as any source\'s', async () => {
    const legacy = (candidateId: string, sk: string, fields: Record<string, unknown>) => aws.documents.send(new PutCommand({
      TableName: aws.tables.state, Item: { pk: `T#acme#C#${candidateId}`, sk, tenantId: 'acme', expiresAt: inAnHour(), ...fields },
    }));
    await legacy('c-old-erased', 'ERASED', {});
    await legacy('c-old-erased', 'MERGED', { erased: true });
    await legacy('c-old-merged', 'MERGED', { into: 'c-old-kept' });
    expect(await store.wasCandidateErased('acme', 'ashby', 'c-old-erased')).toBe(true);
    expect((await store.candidateFate('acme', 'ashby', 'c-old-erased')).erased).toBe(true);
    expect(await store.candidateMergedInto('acme', 'generic', 'c-old-merged')).toBe('c-old-kept');
    // A later record of one source leaves the old facts standing.
    await store.recordCandidateMerged('acme', 'greenhouse', 'c-old-erased', 'c-new', inAnHour());
    expect(await store.candidateFate('acme', 'ashby', 'c-old-erased')).toEqual({ erased: true });
  });

  it('keeps an erasure written before sources were recorded as any source\'s when one source erases the same id again', async () => {
    await aws.documents.send(new PutCommand({ TableName: aws.tables.state, Item: { pk: 'T#acme#C#c-old-twice', sk: 'ERASED', tenantId: 'acme', expiresAt: inAnHour() } }));
    await store.recordCandidateErased('acme', 'greenhouse', 'c-old-twice', inAnHour());
    expect(await store.wasCandidateErased('acme', 'greenhouse', 'c-old-twice')).toBe(true);
    // The old marker may be another source's erasure: a merge into that candidate there still finds it erased.
    expect(await store.wasCandidateErased('acme', 'ashby', 'c-old-twice')).toBe(true);
  });

  it('records only the erasing source on an old marker that had expired (its TTL not yet run)', async () => {
    const past = Math.floor(Date.now() / 1000) - 60;
    await aws.documents.send(new PutCommand({ TableName: aws.tables.state, Item: { pk: 'T#acme#C#c-old-expired', sk: 'ERASED', tenantId: 'acme', expiresAt: past } }));
    await store.recordCandidateErased('acme', 'greenhouse', 'c-old-expired', inAnHour());
    expect(await store.wasCandidateErased('acme', 'greenhouse', 'c-old-expired')).toBe(true);
    expect(await store.wasCandidateErased('acme', 'ashby', 'c-old-expired')).toBe(false);
  });

  it('lists a tenant\'s applications only', async () => {
    await store.save(emptyState('globex', 'g1', 'c', 'greenhouse', 't'));
    const acme = await store.list('acme');
    expect(acme.length).toBeGreaterThanOrEqual(4);
    expect(acme.every((s) => s.tenantId === 'acme')).toBe(true);
    expect((await store.list('globex')).map((s) => s.applicationId)).toEqual(['g1']);
  });
});
