import { describe, expect, it } from 'vitest';
import { CANDIDATE, atsEvent, processorHarness } from '../../support/bridge.ts';

/**
 * Xobin and DRVN document no way to delete an interview or a candidate: when the ATS erases a
 * candidate, the bridge erases its own copy, but the provider keeps the invite, the report or the
 * booking with the candidate's name and email. That must not pass for a done erasure: the
 * operator is told which provider still holds what (metric, warning, timeline), to erase it there.
 */

const erase = () => atsEvent({
  kind: 'application.deleted', applicationId: `candidate:${CANDIDATE}`, candidateId: CANDIDATE, candidateDeleted: true,
  stage: undefined, candidate: undefined, applicationStatus: undefined, jobIds: [], jobLocations: [], deliveryId: 'erase-1', occurredAt: '2026-04-13T16:30:00Z',
});

describe('an erasure the provider cannot perform', () => {
  it('is counted, logged with the provider and its interview id, and on the timeline', async () => {
    const h = processorHarness();
    await h.process(atsEvent({ deliveryId: 'stage-1' }));
    const interviewId = (await h.state()).interview!.providerInterviewId!;
    h.provider.deleteInterview = async () => 'unsupported' as never;
    h.provider.eraseCandidate = async () => 'unsupported' as never;

    await h.process(erase());

    const state = await h.state();
    expect(state.candidate).toBeUndefined();
    expect(h.telemetry.counts).toContainEqual(expect.objectContaining({ metric: 'ProviderErasuresUnsupported', dimensions: { Provider: 'instaview' } }));
    const warning = h.logger.entries.find((e) => e.level === 'warn' && /erase/i.test(e.message));
    expect(warning, 'a warning naming what the provider still holds').toBeDefined();
    expect(JSON.stringify(warning!.attributes)).toContain(interviewId);
    expect(state.timeline.at(-1)?.detail).toMatch(/instaview.*by hand/);
    expect(JSON.stringify(h.logger.entries)).not.toMatch(/ada\.lovelace|555-0199/i);
  });

  it('an erasure the provider performed raises no such warning', async () => {
    const h = processorHarness();
    await h.process(atsEvent({ deliveryId: 'stage-1' }));
    await h.process(erase());

    expect(h.telemetry.counts.map((c) => c.metric)).not.toContain('ProviderErasuresUnsupported');
    expect(h.provider.liveInterviews()).toEqual([]);
  });
});
