import { describe, expect, it } from 'vitest';
import { APPLICATION, JOB, TRIGGER_STAGE, atsEvent, processorHarness, testConfig } from '../../support/bridge.ts';

/**
 * The bridge keeps one record per tenant and application id, and application ids are each
 * ATS's own: a tenant fed by two sources can see the same id from both (tried locally: an Ashby
 * stage change for application 2001 cancelled the interview Lever's 2001 had started). Until
 * records are kept per source, an event of another source for an application held for one
 * source is dropped, visibly (MessagesDropped), instead of cancelling, closing or erasing
 * another person's application.
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

describe('an application id held for one source and an event of another source with that id', () => {
  it('a move out of the stage in the other source does not cancel the held application\'s interview', async () => {
    const h = twoSources();
    await h.process(genericStageChange(1));
    expect(h.provider.liveInterviews()).toHaveLength(1);

    const result = await h.process(atsEvent({ stage: { id: '1', name: 'Offer' }, deliveryId: 'gh-move', occurredAt: t(2) }));

    expect(result).toEqual({ status: 'dropped', reason: 'another source\'s application' });
    expect(h.provider.liveInterviews()).toHaveLength(1);
    expect((await h.state(APPLICATION)).source).toBe('generic');
  });

  it('an erasure in the other source leaves the held application and its contact details alone', async () => {
    const h = twoSources();
    await h.process(genericStageChange(1));

    await h.process(atsEvent({ kind: 'application.deleted', stage: undefined, candidate: undefined, applicationStatus: undefined, deliveryId: 'gh-delete', occurredAt: t(2) }));

    const state = await h.state(APPLICATION);
    expect(state.atsStatus).toBe('active');
    expect(state.candidate).toBeDefined();
    expect(h.provider.liveInterviews()).toHaveLength(1);
  });

  it('the holding source\'s own events still act on it', async () => {
    const h = twoSources();
    await h.process(genericStageChange(1));

    await h.process(atsEvent({ source: 'generic', kind: 'application.rejected', applicationStatus: 'rejected', deliveryId: 'generic-reject', occurredAt: t(2) }));

    expect(h.provider.liveInterviews()).toHaveLength(0);
  });
});
