import { describe, expect, it } from 'vitest';
import { AtsApiError } from '#shared/ports/ats-api';
import { atsEvent, candidateProfile, processorHarness, TRIGGER_STAGE, testConfig, type RawConfig } from '../../support/bridge.ts';

/**
 * A Lever archive whose reason could not be read is recorded as `archived` (closed, which closure
 * not known). A later read of the opportunity that names the closure replaces it, whichever event
 * asked for the read: the archive's own read, or a stage change's (Lever hooks carry ids only, so
 * every candidateStageChange reads the opportunity, status included). Left `archived`, the status
 * says "not known" about a candidate the ATS plainly says was hired or rejected.
 */

const t = (minute: number) => `2026-04-13T16:${String(minute).padStart(2, '0')}:00Z`;

/** The application is Lever's from its first event (a record is one source's: another source's events for it are dropped). */
const fromLever = (raw: RawConfig) => { for (const rule of raw.tenants[0].rules) rule.source = 'lever'; };

describe('an archive whose closure a later stage-change read names', () => {
  it.each(['rejected', 'hired', 'withdrawn'] as const)('is recorded as %s, not left archived', async (closure) => {
    const h = processorHarness({ config: testConfig(fromLever) });
    await h.process(atsEvent({ source: 'lever', deliveryId: 'stage-1', occurredAt: t(0) }));
    // The archive's reason cannot be read now: closed as archived.
    h.ats.fetchApplication = async () => { throw new AtsApiError('lever 503', 'SERVER_ERROR', true, 503); };
    await h.process(atsEvent({
      source: 'lever', kind: 'application.rejected', applicationStatus: 'rejected', closureToConfirm: true, needsProfileFetch: true,
      candidate: undefined, stage: undefined, jobIds: [], jobLocations: [], deliveryId: 'archive-1', occurredAt: t(10),
    }));
    expect((await h.state()).atsStatus).toBe('archived');

    // A stage change (ids only) comes next; the opportunity read now names the closure.
    h.ats.profile = { candidate: candidateProfile(), stage: { id: 'offer', name: 'Offer' }, applicationStatus: closure };
    h.ats.fetchApplication = async () => structuredClone(h.ats.profile!);
    await h.process(atsEvent({
      source: 'lever', kind: 'application.stage_changed', needsProfileFetch: true, candidate: undefined,
      stage: { ...TRIGGER_STAGE }, applicationStatus: undefined, deliveryId: 'stage-2', occurredAt: t(20),
    }));

    const state = await h.state();
    expect(state.atsStatus).toBe(closure);
    expect(h.provider.liveInterviews()).toEqual([]);
    // The interview the archive cancelled says which closure cancelled it.
    expect(state.interview?.note).toBe(`deleted: ${closure}`);
  });
});
