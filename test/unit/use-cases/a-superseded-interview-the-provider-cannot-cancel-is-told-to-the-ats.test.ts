import { describe, expect, it } from 'vitest';
import { renderNote } from '#shared/ats/render-note';
import type { ApplicationState } from '#shared/domain/application-state';
import { OTHER_STAGE, TRIGGER_STAGE, atsEvent, processorHarness, providerEvent, testConfig, type ProcessorHarness } from '../../support/bridge.ts';
import { FakeInterviewProvider } from '../../support/fakes.ts';
import { fireSchedule, instaviewRule, minute as t, pendingSchedules, providerWithoutCancel, xobinRule } from '../../support/multi-rule.ts';

/**
 * An earlier interview of a rule completes late and stops the rule's newer one (superseded).
 * Xobin and DRVN cannot cancel: the newer one stays open there (a link the ATS note told the
 * recruiter to send, a booking with a human interviewer). The cancel ended "kept" silently and
 * the superseded one's later "failed" is not written, so the ATS never said it is not needed:
 * the recruiter could still send link #2 (a second completed note for the rule), the
 * interviewer still turns up. A move back into the rule's stage then resumed the superseded
 * interview as current (a DRVN one got a new slot), not the completed one.
 * Wanted: one not_cancelled note for it, while the application is active too (not twice);
 * none when it was kept because it is under way; a re-entry resumes the completed interview.
 */
const NOWHERE = { id: '999', name: 'Onsite' } as const;
const LINK = 'https://xobin.example/take/abc';
const drvnRule = (id: string, stageName: string) => ({ id, source: 'greenhouse', stage: { name: stageName }, provider: 'drvn', drvn: { interviewerId: 'int-9', intervieweeMap: { '*': 'ee-1' } } });

/** The rule "video" at the trigger stage through Xobin (a link for the recruiter to send) or DRVN; "phone" (InstaView) at the other stage. */
function tenantWith(name: 'xobin' | 'drvn') {
  const h = processorHarness({ config: testConfig((raw) => {
    raw.tenants[0].providers[name] = { baseUrl: 'sandbox' };
    raw.tenants[0].rules = [name === 'xobin' ? xobinRule('video', TRIGGER_STAGE.name) : drvnRule('video', TRIGGER_STAGE.name), instaviewRule('phone', OTHER_STAGE.name)];
  }) });
  const provider = providerWithoutCancel(h, name, name === 'xobin' ? { resultDueBy: t(24 * 60), inviteLink: LINK, nothingBeforeSubmission: true } : {});
  // The two fakes count ids alike ("iv-2" at both); real ids of two providers never meet.
  Object.assign(provider, { nextId: 100 });
  return { h, provider };
}

/** #1 ends without a result (a Xobin link expires, a DRVN booking fails); out of the stage and back in: #2 of the rule. */
async function secondInterviewOfTheRule(name: 'xobin' | 'drvn') {
  const { h, provider } = tenantWith(name);
  await h.process(atsEvent({ deliveryId: 'in-1', occurredAt: t(0) }));
  const first = (await h.state()).interview!.providerInterviewId!;
  if (name === 'xobin') await fireSchedule(h, pendingSchedules(h, 'poll_result')[0]!);
  else await h.process(providerEvent({ provider: 'drvn', interviewId: first, kind: 'interview.failed', reason: 'no show', occurredAt: t(60) }));
  expect((await h.state()).interview).toMatchObject({ generation: 1, phase: 'FAILED' });
  await h.process(atsEvent({ deliveryId: 'out-1', occurredAt: t(24 * 60 + 1), stage: { ...NOWHERE } }));
  await h.process(atsEvent({ deliveryId: 'in-2', occurredAt: t(24 * 60 + 2) }));
  const second = (await h.state()).interview!;
  expect(second).toMatchObject({ ruleId: 'video', generation: 2, phase: 'SCHEDULED' });
  return { h, provider, first, second };
}

/** As above, then on to the phone rule's stage: #2 cannot be cancelled, so it is kept among the earlier interviews. */
async function secondKeptAmongEarlier(name: 'xobin' | 'drvn') {
  const set = await secondInterviewOfTheRule(name);
  await set.h.process(atsEvent({ deliveryId: 'phone', occurredAt: t(24 * 60 + 3), stage: { ...OTHER_STAGE } }));
  const s = await set.h.state();
  expect(s.interview?.ruleId).toBe('phone');
  expect(videoOf(s, 2).phase).toBe('SCHEDULED');
  return set;
}

const videoOf = (s: ApplicationState, generation: number) => [s.interview, ...s.pastInterviews].find((i) => i?.ruleId === 'video' && i.generation === generation)!;
const notCancelled = (h: ReturnType<typeof processorHarness>) => h.ats.writes.filter((w) => w.outcome.kind === 'not_cancelled');
const lateCompletion = (name: 'xobin' | 'drvn', first: string) => providerEvent({ provider: name, interviewId: first, kind: 'analysis.completed', occurredAt: t(24 * 60 + 4) });

/**
 * The candidate moves back into the video stage: the completed #1 is current again, #2 stays
 * superseded, and nothing is asked of the provider for #2 (no new DRVN slot), no new interview
 * starts and nothing new goes to the ATS.
 */
async function backIntoTheStage(h: ProcessorHarness, provider: FakeInterviewProvider) {
  const rescheduled: string[] = [];
  Object.assign(provider, { reschedule: async (id: string) => { rescheduled.push(id); return {}; } });
  const starts = provider.startRequests.length + h.provider.startRequests.length;
  const writes = h.ats.writes.length;

  await h.process(atsEvent({ deliveryId: 'in-3', occurredAt: t(24 * 60 + 20) }));

  const s = await h.state();
  expect(s.interview).toMatchObject({ ruleId: 'video', generation: 1, phase: 'COMPLETED' });
  expect(videoOf(s, 2).supersededBy).toBe(1);
  expect(rescheduled).toEqual([]);
  expect(provider.startRequests.length + h.provider.startRequests.length).toBe(starts);
  expect(h.ats.writes.length).toBe(writes);
  return s;
}

describe('a superseded interview the provider cannot cancel', () => {
  it.each(['xobin', 'drvn'] as const)('%s, kept among the earlier ones: the ATS is told once that it is still open and not needed, while the application is active', async (name) => {
    const { h, first, second } = await secondKeptAmongEarlier(name);

    const late = lateCompletion(name, first);
    await h.process(late);
    await h.process(late); // SQS delivers it again

    expect((await h.state()).atsStatus).toBe('active');
    const told = notCancelled(h);
    expect(told).toHaveLength(1);
    expect(told[0]!.outcome).toMatchObject({ provider: name, providerInterviewId: second.providerInterviewId });
    const text = renderNote(told[0]!.outcome).text;
    expect(text).toMatch(/not needed/i);
    expect(text).toMatch(/#1/);
    // Told after the result it is superseded by.
    const kinds = h.ats.writes.map((w) => w.outcome.kind);
    expect(kinds.indexOf('not_cancelled')).toBeGreaterThan(kinds.indexOf('completed'));

    // Rejected later: its cancel is not asked again, and the ATS not told a second time.
    await h.process(atsEvent({ kind: 'application.rejected', applicationStatus: 'rejected', deliveryId: 'rej', occurredAt: t(24 * 60 + 10) }));
    expect(notCancelled(h)).toHaveLength(1);
  });

  it.each(['xobin', 'drvn'] as const)('%s, the current interview: the ATS is told it is still open and not needed', async (name) => {
    const { h, first, second } = await secondInterviewOfTheRule(name);

    await h.process(lateCompletion(name, first));

    const s = await h.state();
    expect(videoOf(s, 2).supersededBy).toBe(1);
    expect(notCancelled(h).map((w) => w.outcome.providerInterviewId)).toEqual([second.providerInterviewId]);
  });

  it('kept because the candidate has it under way (not because the provider cannot cancel): no note, its own result is still to come', async () => {
    const { h, provider, first, second } = await secondKeptAmongEarlier('xobin');
    // The candidate opened link #2 meanwhile: Xobin reports it in progress.
    provider.getInterview = FakeInterviewProvider.prototype.getInterview.bind(provider);
    provider.setStatus(second.providerInterviewId!, 'IN_PROGRESS');

    await h.process(lateCompletion('xobin', first));

    expect(videoOf(await h.state(), 2)).toMatchObject({ supersededBy: 1, phase: 'IN_PROGRESS', note: expect.stringMatching(/kept: .*in progress/) });
    expect(notCancelled(h)).toHaveLength(0);
  });

  it.each(['xobin', 'drvn'] as const)('%s: a move back into the rule\'s stage resumes the completed interview, not the superseded one', async (name) => {
    const { h, provider, first } = await secondKeptAmongEarlier(name);
    await h.process(lateCompletion(name, first));

    const s = await backIntoTheStage(h, provider);

    expect(s.timeline.filter((e) => e.what === 'interview.resumed').at(-1)?.detail).toMatch(/#1 \(COMPLETED\)/);
  });
});

describe('a superseded interview that stayed current (the candidate was in its stage when the late result came)', () => {
  it.each(['xobin', 'drvn'] as const)('%s: out of the stage and back in, the completed interview is current; the superseded one is not asked again', async (name) => {
    const { h, provider, first } = await secondInterviewOfTheRule(name);
    await h.process(lateCompletion(name, first));
    await h.process(atsEvent({ deliveryId: 'out-2', occurredAt: t(24 * 60 + 10), stage: { ...NOWHERE } }));

    await backIntoTheStage(h, provider);
  });
});
