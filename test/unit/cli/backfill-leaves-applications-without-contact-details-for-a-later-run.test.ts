import { describe, expect, it } from 'vitest';
import type { BridgeMessage } from '#shared/domain/messages';
import type { ListedApplication } from '#shared/ports/ops-ats-listing';
import { backfill } from '#shared/use-cases/ops/backfill';
import { candidateProfile, processorHarness, testConfig, TRIGGER_STAGE } from '../../support/bridge.ts';
import { FixedClock, InMemoryQueue, InMemoryStateStore } from '../../support/fakes.ts';
import { FakeApplicationListing, InMemoryCheckpointStore } from './fakes.ts';

/**
 * Greenhouse events must carry the candidate's contact details: the processor cannot read them
 * afterwards (Greenhouse's ATS API has no fetchApplication). When the Harvest listing gives an
 * application without them (the candidate lookup missed it), enqueueing it only ends in
 * "application unavailable": the candidate gets no interview, and every later backfill run
 * skips them as "already known". The backfill must leave such an application for a later run.
 */

function listed(applicationId: string, patch: Partial<ListedApplication> = {}): ListedApplication {
  return {
    applicationId, candidateId: `c-${applicationId}`, jobIds: ['4012345'], stage: { ...TRIGGER_STAGE }, status: 'active',
    candidate: candidateProfile(), ...patch,
  };
}

function setup(pages: ListedApplication[][]) {
  const tenant = testConfig().tenants[0]!;
  const deps = {
    listing: new FakeApplicationListing(pages),
    queue: new InMemoryQueue(),
    store: new InMemoryStateStore(),
    checkpoints: new InMemoryCheckpointStore(),
    clock: new FixedClock('2026-04-13T17:00:00Z'),
  };
  const run = () => backfill({ tenant, source: 'greenhouse', stage: 'AI Phone Screen', apply: true }, deps);
  return { deps, run };
}

/** The processor as it runs for Greenhouse: no API to read an application's contact details. */
function greenhouseProcessor() {
  const processor = processorHarness();
  const { ats } = processor;
  processor.deps.atsApis = () => ({ source: ats.source, writeBack: ats.writeBack.bind(ats) });
  return processor;
}

describe('backfill of an application the ATS listed without contact details', () => {
  it('is not enqueued (it could not start), is reported, and is not remembered as enqueued', async () => {
    const { deps, run } = setup([[listed('7001', { candidate: undefined }), listed('7002')]]);
    const report = await run();
    expect(deps.queue.messages.map((m) => (m as { applicationId: string }).applicationId)).toEqual(['7002']);
    expect(report.counts).toMatchObject({ seen: 2, enqueued: 1, skipped: 1 });
    expect(report.lines[0]).toMatchObject({ applicationId: '7001', action: 'skip', why: expect.stringMatching(/contact details/) });
    expect(deps.checkpoints.current?.enqueued).toEqual(['7002']);
  });

  it('is enqueued by a later run once the ATS gives the details, and the interview starts', async () => {
    const { deps, run } = setup([[listed('7001', { candidate: undefined })]]);
    await run();
    deps.listing.pages = [[listed('7001')]];
    await run();
    expect(deps.queue.messages).toHaveLength(1);
    const processor = greenhouseProcessor();
    await processor.process(deps.queue.messages[0] as BridgeMessage);
    expect((await processor.state('7001')).interview).toMatchObject({ phase: 'SCHEDULED' });
  });
});
