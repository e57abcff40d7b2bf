import { describe, expect, it } from 'vitest';
import { APPLICATION, JOB, TRIGGER_STAGE, atsEvent, processorHarness, testConfig } from '../../support/bridge.ts';

/**
 * The bridge keeps one record per tenant and application id, and application ids are each
 * ATS's own: a tenant fed by two sources can see the same id from both (tried locally: an Ashby
 * stage change for application 2001 cancelled the interview Lever's 2001 had started). An
 * erasure is the step that cannot be undone: another source's deletion of that id is another
 * person's, and must not delete the held application's interview and contact details. It is
 * dropped, visibly (MessagesDropped); so is any other event of another source for that id
 * (another-sources-event-for-a-held-application-id-is-dropped.test.ts).
 */

const t = (minute: number) => `2026-04-13T16:${String(minute).padStart(2, '0')}:00Z`;

function twoSources() {
  return processorHarness({
    config: testConfig((raw) => {
      raw.tenants[0].rules.push({
        id: 'generic-phone-screen', source: 'generic', stage: { name: TRIGGER_STAGE.name },
        instaview: { agentId: 'agent-1', jobMap: { [JOB]: 'iv-job-backend' } },
      });
    }),
  });
}

const genericStageChange = (minute: number) => atsEvent({ source: 'generic', applicationId: APPLICATION, deliveryId: `generic-${minute}`, occurredAt: t(minute) });
const deletion = (source: string, minute: number) => atsEvent({
  source, kind: 'application.deleted', stage: undefined, candidate: undefined, applicationStatus: undefined, deliveryId: `${source}-delete`, occurredAt: t(minute),
});

describe('an application id held for one source and another source\'s erasure of that id', () => {
  it('leaves the held application, its contact details and its interview alone', async () => {
    const h = twoSources();
    await h.process(genericStageChange(1));
    expect(h.provider.liveInterviews()).toHaveLength(1);

    const result = await h.process(deletion('greenhouse', 2));

    expect(result).toEqual({ status: 'dropped', reason: 'another source\'s application' });
    const state = await h.state(APPLICATION);
    expect(state.atsStatus).toBe('active');
    expect(state.candidate).toBeDefined();
    expect(h.provider.liveInterviews()).toHaveLength(1);
    expect(h.telemetry.counts).toContainEqual({ metric: 'MessagesDropped', dimensions: { Reason: 'another source\'s application' }, value: 1 });
  });

  it('the holding source\'s own erasure still erases it', async () => {
    const h = twoSources();
    await h.process(genericStageChange(1));

    await h.process(deletion('generic', 2));

    const state = await h.state(APPLICATION);
    expect(state.atsStatus).toBe('deleted');
    expect(state.candidate).toBeUndefined();
    expect(h.provider.liveInterviews()).toHaveLength(0);
  });
});
