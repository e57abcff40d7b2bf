import { describe, expect, it } from 'vitest';
import { normalizeWorkableWebhook } from '#shared/ats/workable/normalize';
import type { NormalizedAtsEvent } from '#shared/domain/messages';
import { processorHarness, testConfig } from '../../../support/bridge.ts';
import { TENANT, fixtureJson, workableRequest } from './helpers.ts';

/**
 * Workable documents `hired_at` as "the date the candidate was moved to the hired stage": a
 * date of the past, not where the candidate stands. A hire undone in Workable (the candidate
 * moved back out of Hired) may keep it, so reading every candidate_moved with hired_at as a hire
 * kept the application hired, and a move back into the interview stage started nothing. The
 * current stage says it: hired is the stage of kind "hired" (`stage_kind`, when sent; else the
 * stage whose slug is "hired"); hired_at alone decides only when the hook names no stage.
 */
function moved(change: (data: any) => void, base: 'candidate_moved' | 'candidate_moved.hired' = 'candidate_moved.hired', firedAt?: string): NormalizedAtsEvent {
  const body = fixtureJson(base);
  change(body.data);
  if (firedAt) body.fired_at = firedAt;
  const outcome = normalizeWorkableWebhook(workableRequest(body), body, TENANT);
  if (outcome.kind !== 'events') throw new Error(`expected events, got ${outcome.kind}`);
  return outcome.events[0]!;
}

describe('Workable: hired is the current stage, not a hired_at left from an undone hire', () => {
  it('in the hired stage (slug or name) → hired', () => {
    expect(moved(() => undefined)).toMatchObject({ kind: 'application.hired', applicationStatus: 'hired' });
    expect(moved((d) => { d.stage = 'Hired'; })).toMatchObject({ kind: 'application.hired' });
  });

  it('moved back to another stage with hired_at still set → a stage move, active', () => {
    expect(moved((d) => { d.stage = 'ai-phone-screen'; })).toMatchObject({
      kind: 'application.stage_changed', applicationStatus: 'active', stage: { id: 'ai-phone-screen' },
    });
  });

  it('stage_kind, when sent, decides: a renamed hired stage is hired, another kind is not', () => {
    expect(moved((d) => { d.stage = 'Onboarding'; d.stage_kind = 'hired'; })).toMatchObject({ kind: 'application.hired' });
    expect(moved((d) => { d.stage = 'ai-phone-screen'; d.stage_kind = 'phone-screen'; })).toMatchObject({ kind: 'application.stage_changed' });
  });

  it('no stage named: hired_at is all there is → hired', () => {
    expect(moved((d) => { delete d.stage; })).toMatchObject({ kind: 'application.hired' });
  });

  it('an undone hire then a move back to the trigger stage starts the interview', async () => {
    const h = processorHarness({
      config: testConfig((raw) => {
        raw.tenants[0].rules = [{ id: 'screen', source: 'workable', stage: { id: 'ai-phone-screen' }, instaview: { agentId: 'a', jobMap: { GROOV005: 'iv-job' } } }];
      }),
    });
    await h.process(moved(() => undefined, 'candidate_moved.hired', '2026-04-13T16:00:00Z'));
    expect((await h.state('ce4da98')).atsStatus).toBe('hired');

    await h.process(moved((d) => { d.stage = 'ai-phone-screen'; }, 'candidate_moved.hired', '2026-04-13T16:30:00Z'));
    const state = await h.state('ce4da98');
    expect(state.atsStatus).toBe('active');
    expect(h.provider.liveInterviews()).toHaveLength(1);
  });
});
