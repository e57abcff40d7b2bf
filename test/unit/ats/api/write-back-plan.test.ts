import { describe, expect, it } from 'vitest';
import { planWriteBack, remainingSettings, runWriteBack, verdictOf } from '#shared/ats/http/write-back';
import { AtsWriteBackError } from '#shared/ats/http/errors';
import { AtsApiError, type InterviewOutcome } from '#shared/ports/ats-api';
import { completed, everything, gaveUp, settings } from './support.ts';

const base = { provider: 'instaview', providerInterviewId: 'iv_1', occurredAt: '2026-09-15T09:30:00Z' };

describe('planWriteBack', () => {
  it('by default only the note', () => {
    expect(planWriteBack(completed(82), settings())).toEqual({ note: true });
    expect(planWriteBack(completed(82), settings({ note: false }))).toEqual({ note: false });
  });

  it('completed above / at / below the threshold: pass or fail tag and stage', () => {
    expect(planWriteBack(completed(82), everything())).toEqual({
      note: true, tag: { kind: 'pass', value: 'ai-pass' }, customField: { id: '6001', value: 82 }, moveStage: { stageId: '4002', verdict: 'pass' },
    });
    expect(planWriteBack(completed(70), everything()).moveStage).toEqual({ stageId: '4002', verdict: 'pass' });
    expect(planWriteBack(completed(69.5), everything())).toMatchObject({ tag: { kind: 'fail', value: 'ai-fail' }, moveStage: { stageId: '4003', verdict: 'fail' } });
  });

  it('no stage move without a score, for other outcomes, or when the stage for that verdict is not configured', () => {
    expect(planWriteBack(completed(82, { score: undefined }), everything()).moveStage).toBeUndefined();
    expect(planWriteBack(gaveUp(), everything()).moveStage).toBeUndefined();
    expect(planWriteBack({ ...completed(90), kind: 'failed', reason: 'analysis failed' }, everything()).moveStage).toBeUndefined();
    expect(planWriteBack(completed(10), everything({ moveStage: { threshold: 70, passStageId: '4002' } })).moveStage).toBeUndefined();
  });

  it('noShow tag for an interview nobody answered; no pass/fail tag for failures or for a provider that could not start', () => {
    expect(planWriteBack(gaveUp(), everything()).tag).toEqual({ kind: 'noShow', value: 'ai-no-show' });
    expect(planWriteBack({ ...base, kind: 'failed', reason: 'x' }, everything()).tag).toBeUndefined();
    expect(planWriteBack({ ...base, kind: 'could_not_start', reason: 'x' }, everything()).tag).toBeUndefined();
    expect(planWriteBack(gaveUp(), everything({ tags: { pass: 'ai-pass' } })).tag).toBeUndefined();
  });

  it('no noShow tag, and "cut short" as outcome, for a candidate who picked up and whose calls were cut short', () => {
    const cutShort = { ...gaveUp(), cutShortCalls: 2 };
    expect(planWriteBack(cutShort, everything()).tag).toBeUndefined();
    expect(planWriteBack(cutShort, everything({ customField: { id: 'f', value: 'outcome' } })).customField).toEqual({ id: 'f', value: 'cut short' });
  });

  it('the custom field carries the score, the recommendation or the outcome, and is left out when that value is missing', () => {
    expect(planWriteBack(completed(82), everything({ customField: { id: 'f', value: 'recommendation' } })).customField).toEqual({ id: 'f', value: 'advance' });
    expect(planWriteBack(gaveUp(), everything({ customField: { id: 'f', value: 'outcome' } })).customField).toEqual({ id: 'f', value: 'no answer' });
    expect(planWriteBack(gaveUp(), everything({ customField: { id: 'f', value: 'score' } })).customField).toBeUndefined();
  });
});

describe('verdictOf', () => {
  const rec = (recommendation: string): InterviewOutcome => completed(82, { score: undefined, recommendation });
  it.each([['STRONG_YES', 'pass'], ['advance to onsite', 'pass'], ['not recommended', 'fail'], ['reject', 'fail'], ['maybe', undefined]])('recommendation "%s" without a threshold → %s', (text, verdict) => {
    expect(verdictOf(rec(text))).toBe(verdict);
  });
  it('the threshold wins over the recommendation', () => {
    expect(verdictOf(completed(40, { recommendation: 'hire' }), 50)).toBe('fail');
  });
});

describe('runWriteBack', () => {
  it('runs the steps in order and reports unsupported ones as skipped', async () => {
    const order: string[] = [];
    const receipt = await runWriteBack('Test ATS', completed(82), everything(), {
      note: async () => { order.push('note'); return 'n1'; },
      tag: async (t) => { order.push(`tag:${t}`); },
      moveStage: async (s) => { order.push(`move:${s}`); },
    });
    expect(order).toEqual(['note', 'tag:ai-pass', 'move:4002']);
    expect(receipt).toEqual({ noteId: 'n1', tags: ['ai-pass'], movedToStageId: '4002', skipped: ['customField: not supported by Test ATS'] });
  });

  it('a failing step becomes an AtsWriteBackError with the completed steps and what they wrote', async () => {
    const error = await runWriteBack('Test ATS', completed(82), everything(), {
      note: async () => 'n1',
      tag: async () => undefined,
      setCustomField: async () => { throw new AtsApiError('Test ATS 503', 'SERVER_ERROR', true, 503, 7); },
      moveStage: async () => { throw new Error('must not run'); },
    }).catch((e: unknown) => e) as AtsWriteBackError;
    expect(error).toBeInstanceOf(AtsWriteBackError);
    expect(error).toBeInstanceOf(AtsApiError);
    expect(error).toMatchObject({ code: 'SERVER_ERROR', retryable: true, httpStatus: 503, retryAfterSeconds: 7, failedStep: 'customField', completedSteps: ['note', 'tags'] });
    expect(error.partialReceipt).toEqual({ noteId: 'n1', tags: ['ai-pass'] });
    expect(error.message).toContain('failed at customField (done: note, tags)');
  });

  it('a bug in a step is not retryable', async () => {
    const error = await runWriteBack('Test ATS', completed(82), settings(), { note: async () => { throw new TypeError('boom'); } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'UNEXPECTED_ERROR', retryable: false, completedSteps: [] });
  });
});

describe('remainingSettings', () => {
  it('turns off the steps a previous attempt completed, keeping the rest', () => {
    const rest = remainingSettings(everything(), ['note', 'tags']);
    expect(rest).toMatchObject({ note: false, customField: { id: '6001' }, moveStage: { passStageId: '4002' } });
    expect(rest.tags).toBeUndefined();
    expect(planWriteBack(completed(82), rest)).toEqual({ note: false, customField: { id: '6001', value: 82 }, moveStage: { stageId: '4002', verdict: 'pass' } });
  });
});
