import { describe, expect, it } from 'vitest';
import { APPLICATION, atsEvent } from '../../support/bridge.ts';
import { greenhouseAndGenericHarness } from '../../support/multi-rule.ts';

/**
 * The bridge keeps one record per tenant and application id, and application ids are each
 * ATS's own: a tenant fed by two sources can see the same id from both (tried locally: an Ashby
 * stage change for application 2001 cancelled the interview Lever's 2001 had started). Until
 * records are kept per source, an event of another source for an application held for one
 * source is dropped, visibly (MessagesDropped), instead of cancelling, closing, erasing or
 * overwriting another person's application.
 */

const t = (minute: number) => `2026-04-13T16:${String(minute).padStart(2, '0')}:00Z`;
const genericStageChange = (minute: number) => atsEvent({ source: 'generic', applicationId: APPLICATION, deliveryId: `generic-${minute}`, occurredAt: t(minute) });
const deletion = (source: string, minute: number) => atsEvent({
  source, kind: 'application.deleted', stage: undefined, candidate: undefined, applicationStatus: undefined, deliveryId: `${source}-delete`, occurredAt: t(minute),
});
const DROPPED = { status: 'dropped', reason: 'application of another source' };

describe('an application id held for one source and an event of another source with that id', () => {
  it('a move out of the stage in the other source does not cancel the held application\'s interview', async () => {
    const h = greenhouseAndGenericHarness();
    await h.process(genericStageChange(1));
    expect(h.provider.liveInterviews()).toHaveLength(1);

    const result = await h.process(atsEvent({ stage: { id: '1', name: 'Offer' }, deliveryId: 'gh-move', occurredAt: t(2) }));

    expect(result).toEqual(DROPPED);
    expect(h.provider.liveInterviews()).toHaveLength(1);
    expect((await h.state(APPLICATION)).source).toBe('generic');
    expect(h.telemetry.counts).toContainEqual({ metric: 'MessagesDropped', dimensions: { Reason: 'application of another source' }, value: 1 });
  });

  it('an erasure in the other source leaves the held application, its contact details and its interview alone', async () => {
    const h = greenhouseAndGenericHarness();
    await h.process(genericStageChange(1));

    expect(await h.process(deletion('greenhouse', 2))).toEqual(DROPPED);

    const state = await h.state(APPLICATION);
    expect(state.atsStatus).toBe('active');
    expect(state.candidate).toBeDefined();
    expect(h.provider.liveInterviews()).toHaveLength(1);
  });

  it('the holding source\'s own events still act on it: a rejection cancels, an erasure erases', async () => {
    const rejected = greenhouseAndGenericHarness();
    await rejected.process(genericStageChange(1));
    await rejected.process(atsEvent({ source: 'generic', kind: 'application.rejected', applicationStatus: 'rejected', deliveryId: 'generic-reject', occurredAt: t(2) }));
    expect(rejected.provider.liveInterviews()).toHaveLength(0);

    const erased = greenhouseAndGenericHarness();
    await erased.process(genericStageChange(1));
    await erased.process(deletion('generic', 2));
    const state = await erased.state(APPLICATION);
    expect(state.atsStatus).toBe('deleted');
    expect(state.candidate).toBeUndefined();
    expect(erased.provider.liveInterviews()).toHaveLength(0);
  });
});
