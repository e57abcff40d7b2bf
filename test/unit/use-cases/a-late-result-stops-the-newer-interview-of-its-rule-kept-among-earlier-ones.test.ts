import { describe, expect, it } from 'vitest';
import type { ApplicationState } from '#shared/domain/application-state';
import { OTHER_STAGE, TRIGGER_STAGE, atsEvent, processorHarness, providerEvent, testConfig } from '../../support/bridge.ts';
import { fireSchedule, instaviewRule, minute as t, pendingSchedules, providerWithoutCancel, xobinRule } from '../../support/multi-rule.ts';

/**
 * A late completion of an older interview of a rule stops the rule's newer live interview
 * (supersededBy, timeline interview.superseded). That was decided only when the newer one was
 * the current interview. A newer live one kept among the earlier interviews (a Xobin link kept
 * when the candidate moved on to another rule's stage) stayed open as if the candidate had not
 * done the rule's interview: its poll later told the ATS it "expired", a note about an interview
 * nobody needed, next to the result the recruiter has.
 */
const NOWHERE = { id: '999', name: 'Onsite' } as const;

/** Rule "video" (Xobin) at the trigger stage, rule "phone" (InstaView) at the other stage. */
async function newerVideoKeptWhileOnPhoneStage() {
  const h = processorHarness({ config: testConfig((raw) => {
    raw.tenants[0].providers.xobin = { baseUrl: 'sandbox' };
    raw.tenants[0].rules = [xobinRule('video', TRIGGER_STAGE.name), instaviewRule('phone', OTHER_STAGE.name)];
  }) });
  const xobin = providerWithoutCancel(h, 'xobin', { resultDueBy: t(24 * 60), nothingBeforeSubmission: true });
  // The two fakes count ids alike ("iv-2" at both); real Xobin and InstaView ids never meet.
  Object.assign(xobin, { nextId: 100 });
  await h.process(atsEvent({ deliveryId: 'in-1', occurredAt: t(0) }));
  const first = (await h.state()).interview!.providerInterviewId!;
  // #1's poll finds nothing submitted: the invitation is taken as expired (failed note).
  await fireSchedule(h, pendingSchedules(h, 'poll_result')[0]!);
  expect((await h.state()).interview).toMatchObject({ generation: 1, phase: 'FAILED' });
  // Out of the stage and back in: #2 of the same rule.
  await h.process(atsEvent({ deliveryId: 'out-1', occurredAt: t(24 * 60 + 1), stage: { ...NOWHERE } }));
  await h.process(atsEvent({ deliveryId: 'in-2', occurredAt: t(24 * 60 + 2) }));
  const second = (await h.state()).interview!;
  expect(second).toMatchObject({ ruleId: 'video', generation: 2, phase: 'SCHEDULED' });
  // On to the phone rule's stage: Xobin cannot cancel, so #2 is kept among the earlier interviews.
  await h.process(atsEvent({ deliveryId: 'phone', occurredAt: t(24 * 60 + 3), stage: { ...OTHER_STAGE } }));
  const s = await h.state();
  expect(s.interview?.ruleId).toBe('phone');
  expect(s.pastInterviews.find((p) => p.externalKey === second.externalKey)?.phase).toBe('SCHEDULED');
  return { h, xobin, first, second: second.externalKey, phone: s.interview!.externalKey };
}

const videoOf = (s: ApplicationState, generation: number) => [s.interview, ...s.pastInterviews].find((i) => i?.ruleId === 'video' && i.generation === generation)!;

describe('a late completion of an older interview when the newer one of its rule is kept among the earlier interviews', () => {
  it('stops the newer one (superseded, on the timeline), leaves the current interview of the other rule alone, and writes the result once', async () => {
    const { h, first, phone } = await newerVideoKeptWhileOnPhoneStage();
    const startsBefore = h.provider.startRequests.length;

    // The candidate submits #1 after all: Xobin's submission webhook.
    await h.process(providerEvent({ provider: 'xobin', interviewId: first, kind: 'analysis.completed', occurredAt: t(24 * 60 + 4) }));

    const s = await h.state();
    expect(videoOf(s, 1)).toMatchObject({ phase: 'COMPLETED', result: { outcome: 'completed' } });
    expect(videoOf(s, 2).supersededBy).toBe(1);
    expect(s.timeline.filter((e) => e.what === 'interview.superseded').map((e) => e.detail)).toEqual([expect.stringMatching(/#1 completed late: #2/)]);
    // The phone rule's interview is untouched, and no other interview was started.
    expect(s.interview).toMatchObject({ externalKey: phone, phase: 'SCHEDULED' });
    expect(h.provider.startRequests.length).toBe(startsBefore);
    // Xobin cannot cancel #2: the ATS is told it stays open, not needed (see a-superseded-interview-the-provider-cannot-cancel-…).
    expect(h.ats.writes.map((w) => w.outcome.kind)).toEqual(['failed', 'completed', 'not_cancelled']);
  });

  it('the superseded one\'s poll later finding it not taken writes no "failed" note (the ATS has #1\'s result)', async () => {
    const { h, first } = await newerVideoKeptWhileOnPhoneStage();
    await h.process(providerEvent({ provider: 'xobin', interviewId: first, kind: 'analysis.completed', occurredAt: t(24 * 60 + 4) }));

    for (const poll of pendingSchedules(h, 'poll_result').filter((p) => p.name.includes('.video.2.'))) await fireSchedule(h, poll);

    expect(h.ats.writes.map((w) => w.outcome.kind)).toEqual(['failed', 'completed', 'not_cancelled']);
    expect(videoOf(await h.state(), 2).phase).not.toBe('SCHEDULED');
  });
});

describe('a newer InstaView online interview kept among the earlier ones (opened when the candidate moved on)', () => {
  it('is deleted at the provider once an older one of its rule completes late, if the candidate left it unstarted; the current interview is untouched', async () => {
    const online = { ...instaviewRule('online', TRIGGER_STAGE.name), instaview: { ...instaviewRule('online', TRIGGER_STAGE.name).instaview, interviewType: 'ONLINE' } };
    const h = processorHarness({ config: testConfig((raw) => { raw.tenants[0].rules = [online, instaviewRule('phone', OTHER_STAGE.name)]; }) });
    await h.process(atsEvent({ deliveryId: 'in-1', occurredAt: t(0) }));
    const first = (await h.state()).interview!.providerInterviewId!;
    await h.process(providerEvent({ interviewId: first, kind: 'interview.failed', reason: 'ABANDONED', occurredAt: t(1) }));
    await h.process(atsEvent({ deliveryId: 'out-1', occurredAt: t(2), stage: { ...NOWHERE } }));
    await h.process(atsEvent({ deliveryId: 'in-2', occurredAt: t(3) }));
    const second = (await h.state()).interview!;
    expect(second).toMatchObject({ ruleId: 'online', generation: 2 });
    // The candidate has #2 open as they move on: kept (it is under way), the phone rule's interview starts.
    h.provider.setStatus(second.providerInterviewId!, 'IN_PROGRESS');
    await h.process(atsEvent({ deliveryId: 'phone', occurredAt: t(4), stage: { ...OTHER_STAGE } }));
    const phone = (await h.state()).interview!;
    expect(phone.ruleId).toBe('phone');
    expect(h.provider.interviews.has(second.providerInterviewId!)).toBe(true);

    // They closed #2 unfinished (back to scheduled at InstaView); #1 turns out completed after all.
    h.provider.setStatus(second.providerInterviewId!, 'SCHEDULED');
    await h.process(providerEvent({ interviewId: first, kind: 'analysis.completed', occurredAt: t(5) }));

    const s = await h.state();
    expect(h.provider.interviews.has(second.providerInterviewId!)).toBe(false);
    expect(s.pastInterviews.find((p) => p.externalKey === second.externalKey)).toMatchObject({ phase: 'CANCELLED', supersededBy: 1 });
    expect(s.interview).toMatchObject({ externalKey: phone.externalKey, phase: phone.phase });
    expect(h.provider.interviews.has(phone.providerInterviewId!)).toBe(true);
    expect(h.provider.startRequests).toHaveLength(3);
    expect(h.ats.writes.map((w) => w.outcome.kind)).toEqual(['failed', 'completed']);
  });
});
