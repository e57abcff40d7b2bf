import { describe, expect, it } from 'vitest';
import { AtsApiError } from '#shared/ports/ats-api';
import { applicationStatus, statusView } from '#shared/use-cases/ops/application-status';
import { OpsError } from '#shared/use-cases/ops/errors';
import { APPLICATION, atsEvent, processorHarness, providerEvent, TENANT } from '../../support/bridge.ts';
import { FakeScheduleListing } from './fakes.ts';

/**
 * `bridge status` on states the real state machine produced (processor with fakes):
 * Monday 2026-04-13 10:00 in Vancouver, the candidate's number is +1 604 (Vancouver).
 */
async function unansweredCall() {
  const h = processorHarness();
  await h.process(atsEvent({ deliveryId: 'gh-stage-1' }));
  const interviewId = (await h.state()).interview!.providerInterviewId!;
  h.clock.advance(10 * 60_000);
  await h.process(providerEvent({ interviewId, kind: 'interview.failed', reason: 'NO_ANSWER', occurredAt: '2026-04-13T17:05:00Z', applicationId: APPLICATION }));
  return { h, state: await h.state() };
}

describe('bridge status', () => {
  it('tells phase, zone and who decided it, and the timeline in UTC and the candidate\'s time', async () => {
    const { state } = await unansweredCall();
    const view = statusView(state, { tenantDefaultZone: 'America/Vancouver' });
    expect(view).toMatchObject({ tenantId: TENANT, applicationId: APPLICATION, source: 'greenhouse', atsStatus: 'active', phase: 'WAITING_RETRY', stage: { name: 'AI Phone Screen' }, stageDeliveryId: 'gh-stage-1' });
    expect(view.timeZone).toMatchObject({ zones: ['America/Vancouver'], source: 'phone', explanation: expect.stringContaining('phone number') });
    expect(view.timeline.map((t) => t.label)).toEqual(['webhook received', 'interview requested', 'interview created', 'call attempt', 'retry planned']);
    const received = view.timeline[0]!;
    expect(received.at).toBe('2026-04-13T17:00:00.000Z');
    expect(received.atLocal).toBe('2026-04-13T10:00:00-07:00');
    expect(view.interview).toMatchObject({ ruleId: 'ai-phone-screen', calls: [{ at: '2026-04-13T17:05:00Z', atLocal: '2026-04-13T10:05:00-07:00', result: 'no_answer', reasonCode: 'NO_ANSWER' }] });
  });

  it('lists the planned call and checks it against the scheduler: found, missing, or not asked', async () => {
    const { h, state } = await unansweredCall();
    const planned = state.interview!.pendingRetry!;
    const schedule = h.scheduler.pending()[0]!;
    expect(schedule.name).toBe(planned.name);

    const found = statusView(state, { scheduled: [{ name: schedule.name, at: schedule.at.toISOString(), message: schedule.message }] });
    expect(found.pending).toEqual([{ kind: 'call', name: planned.name, at: schedule.at.toISOString(), atLocal: expect.stringMatching(/-07:00$/), attempt: 2, why: 'no_answer', inScheduler: true }]);
    expect(found.otherSchedules).toEqual([]);
    expect(statusView(state, { scheduled: [] }).pending[0]!.inScheduler).toBe(false);
    expect(statusView(state).pending[0]!.inScheduler).toBeUndefined();

    // A schedule the state does not mention (a rate-limit backoff) is shown too.
    const other = statusView(state, { scheduled: [{ name: 'acme.71234560.backoff.29600000', at: '2026-04-13T17:30:00Z', message: { type: 'retry', reason: 'provider_backoff', attempt: 1 } }] });
    expect(other.otherSchedules).toEqual([expect.objectContaining({ name: 'acme.71234560.backoff.29600000', why: 'provider_backoff #1', inScheduler: true })]);
  });

  it('asks the scheduler for this application only, through applicationStatus', async () => {
    const { h } = await unansweredCall();
    const listing = new FakeScheduleListing();
    const view = await applicationStatus({ tenantId: TENANT, applicationId: APPLICATION }, { store: h.store, schedules: listing });
    expect(listing.filters).toEqual([{ tenantId: TENANT, applicationId: APPLICATION }]);
    expect(view.pending[0]!.inScheduler).toBe(false);
  });

  it('shows a write-back that failed for good, with its error (contact details redacted)', async () => {
    const h = processorHarness();
    await h.process(atsEvent());
    const interviewId = (await h.state()).interview!.providerInterviewId!;
    h.ats.failWith(new AtsApiError('Greenhouse POST /notes → 422: no candidate ada.lovelace@example.com', 'INVALID_REQUEST', false, 422));
    await h.process(providerEvent({ interviewId, kind: 'interview.completed', applicationId: APPLICATION }));
    await h.process(providerEvent({ interviewId, kind: 'analysis.completed', applicationId: APPLICATION }));
    const view = statusView(await h.state());
    expect(view.phase).toBe('COMPLETED');
    expect(view.writeBack).toMatchObject({ status: 'FAILED', outcome: 'completed', attempts: 1, lastError: { code: 'INVALID_REQUEST', message: 'Greenhouse POST /notes → 422: no candidate [redacted]' } });
    expect(view.timeline.map((t) => t.what)).toContain('write_back.failed');
  });

  it('never contains the candidate\'s contact details', async () => {
    const { state } = await unansweredCall();
    expect(state.candidate?.emails).toEqual(['ada.lovelace@example.com']);
    const text = JSON.stringify(statusView(state));
    for (const pii of ['ada.lovelace@example.com', '604-555-0199', '6045550199', 'Lovelace']) expect(text).not.toContain(pii);
  });

  it('says when the bridge has no record of the application', async () => {
    const h = processorHarness();
    const error = await applicationStatus({ tenantId: TENANT, applicationId: 'nope' }, { store: h.store }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpsError);
    expect(error).toMatchObject({ kind: 'not_found', message: 'no record of application nope for tenant acme' });
  });
});
