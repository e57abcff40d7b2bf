import { describe, expect, it } from 'vitest';
import { bridgeMessageSchema, type NormalizedAtsEvent } from '#shared/domain/messages';
import type { ListedApplication } from '#shared/ports/ops-ats-listing';
import { deduplicationIdOf } from '#shared/use-cases/accept-ats-webhook';
import { backfill, backfillStage } from '#shared/use-cases/ops/backfill';
import { OpsError } from '#shared/use-cases/ops/errors';
import { atsEvent, candidateProfile, processorHarness, testConfig, TENANT, TRIGGER_STAGE } from '../../support/bridge.ts';
import { FixedClock, InMemoryQueue, InMemoryStateStore } from '../../support/fakes.ts';
import { FakeApplicationListing, InMemoryCheckpointStore, RecordingProgress } from './fakes.ts';

const NOW = '2026-04-13T17:00:00Z';

function listed(applicationId: string, patch: Partial<ListedApplication> = {}): ListedApplication {
  return {
    applicationId,
    candidateId: `c-${applicationId}`,
    jobIds: ['4012345'],
    stage: { ...TRIGGER_STAGE },
    status: 'active',
    lastActivityAt: '2026-04-01T09:00:00.000Z',
    candidate: candidateProfile(),
    ...patch,
  };
}

function setup(pages: ListedApplication[][], options: { jobs?: string[] } = {}) {
  const config = testConfig((raw) => {
    if (options.jobs) raw.tenants[0].rules[0].jobs = options.jobs;
  });
  const tenant = config.tenants[0]!;
  const deps = {
    listing: new FakeApplicationListing(pages),
    queue: new InMemoryQueue(),
    store: new InMemoryStateStore(),
    checkpoints: new InMemoryCheckpointStore(),
    clock: new FixedClock(NOW),
    progress: new RecordingProgress(),
  };
  const run = (apply: boolean, extra: { restart?: boolean; stage?: string } = {}) =>
    backfill({ tenant, source: 'greenhouse', stage: extra.stage ?? 'ai phone screen', apply, ...(extra.restart ? { restart: true } : {}) }, deps);
  return { config, tenant, deps, run };
}

describe('which stage a backfill lists', () => {
  const { tenant } = setup([]);

  it('is the trigger stage of the tenant\'s rule named by the operator (names match case-insensitively; ids win)', () => {
    expect(backfillStage(tenant, 'greenhouse', 'AI PHONE SCREEN')).toEqual({ name: 'AI Phone Screen' });
    const withId = testConfig((raw) => { raw.tenants[0].rules[0].stage = { id: '9012399', name: 'AI Phone Screen' }; }).tenants[0]!;
    expect(backfillStage(withId, 'greenhouse', 'AI Phone Screen')).toEqual({ id: '9012399' });
    expect(backfillStage(withId, 'greenhouse', '9012399')).toEqual({ id: '9012399' });
  });

  it('refuses a stage no rule triggers on, naming the stages that do, and a source without rules', () => {
    expect(() => backfillStage(tenant, 'greenhouse', 'Onsite')).toThrow(expect.objectContaining({ name: 'OpsError', hint: 'trigger stages: "AI Phone Screen"' }));
    expect(() => backfillStage(tenant, 'lever', 'AI Phone Screen')).toThrow(/no rule for source lever/);
  });
});

describe('backfill dry run', () => {
  it('lists what it would enqueue and why it skips the others, and enqueues and saves nothing', async () => {
    const { deps, run } = setup([[
      listed('7001'),
      listed('7002', { status: 'rejected' }),
      listed('7003', { jobIds: ['9999'] }),
      listed('7004'),
    ]], { jobs: ['4012345'] });
    // 7004 is already known to the bridge: its webhook came and the processor started its interview.
    const processor = processorHarness();
    await processor.process(atsEvent({ applicationId: '7004' }));
    await deps.store.save({ ...(await processor.state('7004')), version: 0 });

    const report = await run(false);
    expect(report.mode).toBe('dry-run');
    expect(report.lines.map((l) => [l.applicationId, l.action, l.why ?? l.ruleId])).toEqual([
      ['7001', 'enqueue', 'ai-phone-screen'],
      ['7002', 'skip', 'application is rejected'],
      ['7003', 'skip', 'no rule for this stage and job(s) 9999'],
      ['7004', 'skip', 'already known to the bridge (interview SCHEDULED)'],
    ]);
    expect(report.counts).toEqual({ seen: 4, enqueued: 0, wouldEnqueue: 1, skipped: 3 });
    expect(deps.queue.sent).toEqual([]);
    expect(deps.checkpoints.saves).toEqual([]);
    expect(deps.listing.requests).toEqual([{ stage: { name: 'AI Phone Screen' } }]);
  });
});

describe('backfill --apply', () => {
  it('enqueues one normalized stage change per application, in its FIFO group with the ingress\'s deduplication', async () => {
    const { deps, run } = setup([[listed('7001'), listed('7002', { status: 'hired' })], [listed('7005', { lastActivityAt: undefined })]]);
    const report = await run(true);

    expect(report.counts).toEqual({ seen: 3, enqueued: 2, wouldEnqueue: 0, skipped: 1 });
    expect(deps.queue.sent.map((s) => s.groupId)).toEqual(['acme#7001', 'acme#7005']);
    for (const request of deps.queue.sent) {
      const event = bridgeMessageSchema.parse(request.message) as NormalizedAtsEvent;
      expect(request.deduplicationId).toBe(deduplicationIdOf('greenhouse', TENANT, event.deliveryId));
      expect(event).toMatchObject({ type: 'ats', source: 'greenhouse', tenantId: TENANT, kind: 'application.stage_changed', stage: TRIGGER_STAGE, applicationStatus: 'active', receivedAt: '2026-04-13T17:00:00.000Z' });
      expect(event.candidate).toEqual(candidateProfile());
    }
    const [first, second] = deps.queue.sent.map((s) => s.message as NormalizedAtsEvent);
    expect(first!.deliveryId).toBe('backfill-9012399-7001');
    expect(first!.occurredAt).toBe('2026-04-01T09:00:00.000Z');
    // No activity date from the ATS: it happened "now".
    expect(second!.occurredAt).toBe('2026-04-13T17:00:00.000Z');
    expect(deps.checkpoints.current).toMatchObject({ complete: true, enqueued: ['7001', '7005'], pagesRead: 2, tenantId: TENANT, source: 'greenhouse' });
    expect(deps.checkpoints.current?.cursor).toBeUndefined();
    expect(deps.progress.events).toEqual(['start backfilling greenhouse applications in "AI Phone Screen"', '+2 page 1', '+1 page 2', 'finish']);
  });

  it('starts the interview in the processor exactly as the webhook would have', async () => {
    const { deps, run } = setup([[listed('7001')]]);
    await run(true);
    const processor = processorHarness();
    await processor.process(deps.queue.messages[0]!);
    const state = await processor.state('7001');
    expect(state.interview).toMatchObject({ phase: 'SCHEDULED', ruleId: 'ai-phone-screen', requestedBy: { deliveryId: 'backfill-9012399-7001' } });
    expect(processor.provider.startRequests).toHaveLength(1);
    expect(state.timeline[0]).toMatchObject({ what: 'webhook.received', detail: 'greenhouse application.stage_changed → AI Phone Screen' });
  });

  it('marks an application whose contact details the ATS did not give for a profile fetch (a source whose processor reads them)', async () => {
    const { deps, run } = setup([[listed('7001', { candidate: undefined })]]);
    Object.assign(deps.listing, { processorFetchesProfiles: true });
    await run(true);
    expect(deps.queue.messages[0]).toMatchObject({ needsProfileFetch: true });
    expect(deps.queue.messages[0]).not.toHaveProperty('candidate');
  });

  it('adds nothing when run again, and nothing for applications the bridge already knows after --restart', async () => {
    const { deps, run } = setup([[listed('7001'), listed('7002')]]);
    await run(true);
    expect(deps.queue.sent).toHaveLength(2);

    const again = await run(true);
    expect(deps.queue.sent).toHaveLength(2);
    expect(again.counts.enqueued).toBe(0);
    expect(again.lines.map((l) => l.why)).toEqual(['enqueued by an earlier run of this backfill', 'enqueued by an earlier run of this backfill']);

    // The processor handled them meanwhile; a restart forgets the checkpoint but the state store still says no.
    const processor = processorHarness();
    for (const m of deps.queue.messages) await processor.process(m);
    for (const id of ['7001', '7002']) await deps.store.save({ ...(await processor.state(id)), version: 0 });
    const restarted = await run(true, { restart: true });
    expect(restarted.counts.enqueued).toBe(0);
    expect(restarted.lines.every((l) => l.why?.startsWith('already known to the bridge'))).toBe(true);
    expect(deps.queue.sent).toHaveLength(2);
  });

  it('resumes after an interruption from the saved cursor, without reading or sending the first pages again', async () => {
    const { deps, run } = setup([[listed('7001'), listed('7002')], [listed('7003')], [listed('7004')]]);
    deps.listing.failOnce(1);
    await expect(run(true)).rejects.toThrow('page 1 unavailable');
    expect(deps.checkpoints.current).toMatchObject({ cursor: '1', pagesRead: 1, complete: false, enqueued: ['7001', '7002'] });
    expect(deps.progress.events.at(-1)).toBe('finish');

    deps.listing.requests.length = 0;
    const resumed = await run(true);
    expect(resumed.resumedAtPage).toBe(2);
    expect(deps.listing.requests.map((r) => r.cursor)).toEqual(['1', '2']);
    expect(deps.queue.sent.map((s) => (s.message as NormalizedAtsEvent).applicationId)).toEqual(['7001', '7002', '7003', '7004']);
    expect(deps.checkpoints.current).toMatchObject({ complete: true, enqueued: ['7001', '7002', '7003', '7004'], pagesRead: 3 });
  });

  it('refuses an unknown stage before it reads anything', async () => {
    const { deps, run } = setup([[listed('7001')]]);
    await expect(run(true, { stage: 'Offer' })).rejects.toBeInstanceOf(OpsError);
    expect(deps.listing.requests).toEqual([]);
  });
});
