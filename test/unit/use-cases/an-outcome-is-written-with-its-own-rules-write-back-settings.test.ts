import { describe, expect, it } from 'vitest';
import { planWriteBack } from '#shared/ats/http/write-back';
import { OTHER_STAGE, atsEvent, processorHarness, providerEvent, testConfig } from '../../support/bridge.ts';
import { instaviewRule, minute as t } from '../../support/multi-rule.ts';

/**
 * A rule's writeBack (a threshold on its provider's scale) is merged over the source's for that
 * rule's interviews, through writeBackToAts. An outcome still owed for an earlier interview after
 * the candidate moved on to another rule's stage is written with the earlier interview's rule
 * settings, not the current rule's. The fake provider's result scores 82.
 */
const config = () => testConfig((raw) => {
  const acme = raw.tenants[0];
  acme.sources = { greenhouse: { writeBack: { tags: { pass: 'ai-pass', fail: 'ai-fail' }, moveStage: { threshold: 50, passStageId: 'pass-stage', failStageId: 'fail-stage' } } } };
  acme.rules[0].writeBack = { moveStage: { threshold: 85 } };
  acme.rules.push({ ...instaviewRule('second', OTHER_STAGE.name), writeBack: { moveStage: { threshold: 7, passStageId: 'second-pass' } } });
});

describe('the write-back settings an outcome is written with', () => {
  it('are its rule\'s writeBack merged over the source\'s', async () => {
    const h = processorHarness({ config: config() });
    await h.process(atsEvent({ deliveryId: 'in', occurredAt: t(0) }));
    const interviewId = (await h.state()).interview!.providerInterviewId!;
    await h.process(providerEvent({ interviewId, kind: 'analysis.completed', occurredAt: t(20) }));

    expect(h.ats.settingsSeen).toEqual([{ note: true, tags: { pass: 'ai-pass', fail: 'ai-fail' }, moveStage: { threshold: 85, passStageId: 'pass-stage', failStageId: 'fail-stage' } }]);
    // 82 under the rule's 85: fail (the source's 50 would have passed it).
    expect(planWriteBack(h.ats.writes[0]!.outcome, h.ats.settingsSeen[0]!)).toMatchObject({ tag: { value: 'ai-fail' }, moveStage: { stageId: 'fail-stage' } });
  });

  it('of an earlier interview owed after the candidate moved to another rule\'s stage, are the earlier rule\'s', async () => {
    const h = processorHarness({ config: config() });
    await h.process(atsEvent({ deliveryId: 'in', occurredAt: t(0) }));
    const first = (await h.state()).interview!.providerInterviewId!;
    await h.process(providerEvent({ interviewId: first, kind: 'interview.started', occurredAt: t(1) }));
    // Moved into the second rule's stage while the call goes on: the first interview is kept.
    await h.process(atsEvent({ deliveryId: 'moved', stage: { ...OTHER_STAGE }, occurredAt: t(2) }));
    await h.process(providerEvent({ interviewId: first, kind: 'analysis.completed', occurredAt: t(20) }));

    const state = await h.state();
    expect(state.interview?.ruleId).toBe('second');
    expect(h.ats.writes.map((w) => w.outcome.providerInterviewId)).toEqual([first]);
    expect(h.ats.settingsSeen[0]?.moveStage).toEqual({ threshold: 85, passStageId: 'pass-stage', failStageId: 'fail-stage' });
  });
});
