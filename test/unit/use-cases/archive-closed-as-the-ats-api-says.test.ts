import { describe, expect, it } from 'vitest';
import { AtsApiError, type FetchedApplication } from '#shared/ports/ats-api';
import { atsEvent, candidateProfile, processorHarness } from '../../support/bridge.ts';

/**
 * Lever archives an opportunity for a hire, a rejection or a withdrawal alike, and its hook names
 * the archive reason by id only. The event comes as a rejection marked `closureToConfirm`: the
 * processor closes it at once (a rejection must never wait for the ATS), as "archived", then
 * names the closure as the ATS API says; when the API cannot say, it stays archived (a guess
 * such as "rejected" would be recorded as the truth for a hired candidate).
 */

const t = (minute: number) => `2026-04-13T16:${String(minute).padStart(2, '0')}:00Z`;

const archived = () => atsEvent({
  source: 'greenhouse', kind: 'application.rejected', applicationStatus: 'rejected', closureToConfirm: true, needsProfileFetch: true,
  candidate: undefined, stage: undefined, jobIds: [], jobLocations: [], deliveryId: 'archive-1', occurredAt: t(10),
});

const fetched = (applicationStatus: FetchedApplication['applicationStatus']): FetchedApplication => ({ candidate: candidateProfile(), applicationStatus });

async function scheduled() {
  const h = processorHarness();
  await h.process(atsEvent({ deliveryId: 'stage-1', occurredAt: t(0) }));
  expect(h.provider.liveInterviews()).toHaveLength(1);
  return h;
}

describe('an archive closed as the ATS API says', () => {
  it.each([['hired', 'hired'], ['withdrawn', 'withdrawn'], ['rejected', 'rejected']] as const)('the API reads %s: recorded %s, the interview cancelled', async (status, recorded) => {
    const h = await scheduled();
    h.ats.profile = fetched(status);
    await h.process(archived());
    const state = await h.state();
    expect(state.atsStatus).toBe(recorded);
    expect(state.interview).toMatchObject({ phase: 'CANCELLED', note: `deleted: ${recorded}` });
    expect(h.provider.liveInterviews()).toEqual([]);
  });

  it('the API cannot read it (no credentials, not found): closed as archived', async () => {
    const h = await scheduled();
    h.ats.fetchApplication = async () => { throw new AtsApiError('Opportunity not found', 'NOT_FOUND', false, 404); };
    await h.process(archived());
    expect((await h.state()).atsStatus).toBe('archived');
    expect(h.provider.liveInterviews()).toEqual([]);
  });

  it('the API fails for now: closed at once as archived, not redelivered until the ATS answers', async () => {
    const h = await scheduled();
    h.ats.fetchApplication = async () => { throw new AtsApiError('Lever 503', 'UNAVAILABLE', true, 503); };
    await expect(h.process(archived())).resolves.toMatchObject({ status: 'processed' });
    expect((await h.state()).atsStatus).toBe('archived');
    expect(h.provider.liveInterviews()).toEqual([]);
  });

  it('an opportunity unarchived since (the API reads it active) stays closed as archived; the unarchive comes as its own event', async () => {
    const h = await scheduled();
    h.ats.profile = fetched('active');
    await h.process(archived());
    expect((await h.state()).atsStatus).toBe('archived');
    expect(h.provider.liveInterviews()).toEqual([]);
  });

  it('a move whose application the API reads as withdrawn closes it as withdrawn', async () => {
    const h = await scheduled();
    h.ats.profile = fetched('withdrawn');
    await h.process(atsEvent({ kind: 'application.stage_changed', needsProfileFetch: true, candidate: undefined, applicationStatus: undefined, deliveryId: 'move-1', occurredAt: t(10) }));
    expect((await h.state()).atsStatus).toBe('withdrawn');
    expect(h.provider.liveInterviews()).toEqual([]);
  });

  it('a hire stays a hire when a later archive reads rejected', async () => {
    const h = await scheduled();
    await h.process(atsEvent({ kind: 'application.hired', applicationStatus: 'hired', deliveryId: 'hire-1', occurredAt: t(5) }));
    h.ats.profile = fetched('rejected');
    await h.process(archived());
    expect((await h.state()).atsStatus).toBe('hired');
  });
});
