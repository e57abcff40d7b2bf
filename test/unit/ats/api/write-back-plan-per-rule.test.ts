import { describe, expect, it } from 'vitest';
import { planWriteBack } from '#shared/ats/http/write-back';
import { writeBackSettingsFor } from '#shared/config/write-back-settings';
import { testConfig } from '../../../support/bridge.ts';
import { xobinRule } from '../../../support/multi-rule.ts';
import type { InterviewOutcome } from '#shared/ports/ats-api';
import { completed } from './support.ts';

/**
 * The providers' scores are on different scales (InstaView's overallRating and Xobin's score are
 * both undocumented), so one tenant-wide threshold is wrong for one of them. A rule's writeBack
 * is merged key by key over its source's settings for that rule's interviews.
 */
const tenant = testConfig((raw) => {
  const acme = raw.tenants[0];
  acme.providers.xobin = { baseUrl: 'sandbox' };
  acme.writeBack = { tags: { pass: 'tenant-pass' } };
  acme.sources = { greenhouse: { writeBack: {
    tags: { pass: 'ai-pass', fail: 'ai-fail', noShow: 'ai-no-show' },
    customField: { id: '6001' },
    moveStage: { threshold: 70, passStageId: 'pass-stage', failStageId: 'fail-stage' },
  } } };
  acme.rules[0].writeBack = { moveStage: { threshold: 7 } };
  acme.rules.push({ ...xobinRule('video', 'AI Video'), writeBack: { moveStage: { threshold: 60, failStageId: 'xobin-fail' }, tags: { pass: 'xobin-pass' } } });
  acme.rules.push({ ...xobinRule('plain', 'Plain Video') });
  acme.rules.push({ ...xobinRule('quiet', 'Quiet Video'), writeBack: { note: false, tags: null, moveStage: null, customField: { value: 'recommendation' } } });
}).tenants[0]!;

const providerOf = (ruleId: string) => tenant.rules.find((rule) => rule.id === ruleId)?.provider ?? 'instaview';
const settingsOf = (ruleId: string, provider = providerOf(ruleId)) => writeBackSettingsFor(tenant, 'greenhouse', { ruleId, provider });
const xobin = (score: number): InterviewOutcome => ({ ...completed(score), provider: 'xobin' });

describe('write-back settings of a rule with its own writeBack', () => {
  it('a rule giving only moveStage.threshold keeps the source\'s stage ids, tags and custom field', () => {
    expect(settingsOf('ai-phone-screen')).toEqual({
      note: true,
      tags: { pass: 'ai-pass', fail: 'ai-fail', noShow: 'ai-no-show' },
      customField: { id: '6001', value: 'score' },
      moveStage: { threshold: 7, passStageId: 'pass-stage', failStageId: 'fail-stage' },
    });
  });

  it('merges each object key field by field: a rule\'s pass tag and fail stage replace only those', () => {
    expect(settingsOf('video')).toMatchObject({
      tags: { pass: 'xobin-pass', fail: 'ai-fail', noShow: 'ai-no-show' },
      moveStage: { threshold: 60, passStageId: 'pass-stage', failStageId: 'xobin-fail' },
    });
  });

  it('a rule without a writeBack gets its source\'s settings unchanged', () => {
    expect(settingsOf('plain')).toEqual(tenant.sources.greenhouse!.writeBack);
  });

  it('null turns a step off for the rule; note replaces', () => {
    // moveStage: null keeps only the threshold (the tags' verdict); with the tags off it decides nothing.
    expect(settingsOf('quiet')).toEqual({ note: false, customField: { id: '6001', value: 'recommendation' }, moveStage: { threshold: 70 } });
  });

  it('moveStage: null turns the move off, not the pass and fail tags that go by its threshold', () => {
    const noMove = testConfig((raw) => {
      raw.tenants[0].sources = { greenhouse: { writeBack: { tags: { pass: 'ai-pass', fail: 'ai-fail' }, moveStage: { threshold: 70, passStageId: 'P', failStageId: 'F' } } } };
      raw.tenants[0].rules[0].writeBack = { moveStage: null };
    }).tenants[0]!;
    const plan = planWriteBack(completed(40), writeBackSettingsFor(noMove, 'greenhouse', { ruleId: 'ai-phone-screen', provider: 'instaview' }));
    expect(plan.tag).toEqual({ kind: 'fail', value: 'ai-fail' });
    expect(plan.moveStage).toBeUndefined();
  });

  it('an interview whose rule id now names another provider gets its source\'s settings, not a threshold on the other provider\'s scale', () => {
    // "video" is a Xobin rule (threshold 60); an owed InstaView interview of an earlier "video" rule.
    expect(settingsOf('video', 'instaview')).toEqual(tenant.sources.greenhouse!.writeBack);
  });

  it('an interview whose rule is no longer configured gets its source\'s settings', () => {
    expect(settingsOf('removed-rule')).toEqual(tenant.sources.greenhouse!.writeBack);
  });

  it('a source without writeBack: the rule merges over the tenant\'s', () => {
    expect(writeBackSettingsFor(tenant, 'lever', { ruleId: 'ai-phone-screen', provider: 'instaview' })).toEqual({ note: true, tags: { pass: 'tenant-pass' }, moveStage: { threshold: 7 } });
  });
});

describe('planning two rules with different providers and thresholds in one tenant', () => {
  it('the same score passes one rule and fails the other, by each rule\'s threshold', () => {
    // InstaView rule: threshold 7 (a 1–10 reading); Xobin rule: 60.
    expect(planWriteBack(completed(8), settingsOf('ai-phone-screen'))).toMatchObject({
      tag: { kind: 'pass', value: 'ai-pass' }, customField: { id: '6001', value: 8 }, moveStage: { stageId: 'pass-stage', verdict: 'pass' },
    });
    expect(planWriteBack(xobin(8), settingsOf('video'))).toMatchObject({
      tag: { kind: 'fail', value: 'ai-fail' }, moveStage: { stageId: 'xobin-fail', verdict: 'fail' },
    });
    expect(planWriteBack(xobin(65), settingsOf('video'))).toMatchObject({ tag: { kind: 'pass', value: 'xobin-pass' }, moveStage: { stageId: 'pass-stage', verdict: 'pass' } });
    // The rule without an override still uses the source's 70.
    expect(planWriteBack(xobin(65), settingsOf('plain'))).toMatchObject({ tag: { kind: 'fail' }, moveStage: { stageId: 'fail-stage', verdict: 'fail' } });
  });

  it('a rule that turned the stage move and tags off plans neither; its verdict-free custom field stays', () => {
    expect(planWriteBack(xobin(95), settingsOf('quiet'))).toEqual({ note: false, customField: { id: '6001', value: 'advance' } });
  });
});
