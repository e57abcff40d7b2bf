import { describe, expect, it } from 'vitest';
import { outcomeInWords, renderNote } from '#shared/ats/render-note';
import type { InterviewOutcome } from '#shared/ports/ats-api';
import { CANDIDATE_EMAIL, completed, gaveUp } from './support.ts';

const base = { provider: 'instaview', providerInterviewId: 'iv_1', occurredAt: '2026-09-15T09:30:00Z' };

describe('renderNote', () => {
  it('a completed interview: score, recommendation, summary, points, report link, interview id and time', () => {
    const note = renderNote(completed(82));
    expect(note.subject).toBe('AI interview (InstaView): completed, score 82');
    expect(note.text).toContain('Score: 82\nRecommendation: advance');
    expect(note.text).toContain('Summary:\nClear communicator');
    expect(note.text).toContain('Strong points:\n- structured answers\n- knows TypeScript');
    expect(note.text).toContain('Weak points:\n- little AWS experience');
    expect(note.text).toContain('Full report in InstaView: https://app.instaview.sk/reports/iv_123');
    expect(note.text).toContain('InstaView interview iv_123 · 2026-09-15 09:30 UTC');
  });

  it('never carries the candidate\'s email or phone, even when the provider\'s text quotes them', () => {
    const note = renderNote(completed(82, { strongPoints: [`reachable at ${CANDIDATE_EMAIL}`], weakPoints: ['call (604) 555-0199 after 5'] }));
    for (const body of [note.text, note.html, note.subject]) {
      expect(body).not.toContain(CANDIDATE_EMAIL);
      expect(body).not.toMatch(/555.?0199/);
    }
    expect(note.text).toContain('[redacted]');
  });

  it.each<[InterviewOutcome, string]>([
    [{ ...base, kind: 'failed', reason: 'the call dropped twice' }, 'AI interview (InstaView): failed: the call dropped twice'],
    [gaveUp(4), 'AI interview (InstaView): never answered after 4 calls'],
    [{ ...gaveUp(1) }, 'AI interview (InstaView): never answered after 1 call'],
    [{ ...base, kind: 'could_not_start', reason: 'the candidate has no valid phone number' }, 'AI interview (InstaView): could not start: the candidate has no valid phone number'],
    [{ ...base, provider: 'xobin', kind: 'invited', inviteLink: 'https://xobin.test/t/abc', linkSentToCandidate: true }, 'AI interview (Xobin): invited to an online interview'],
    [{ ...base, provider: 'xobin', kind: 'invited', inviteLink: 'https://xobin.test/t/abc' }, 'AI interview (Xobin): interview link ready, to send to the candidate'],
    [{ ...gaveUp(3), cutShortCalls: 3 }, 'AI interview (InstaView): cut short 3 times'],
    [{ ...base, provider: 'drvn', kind: 'not_cancelled', reason: 'the application was rejected' }, 'AI interview (DRVN): still open at DRVN: cancel it there if it should not take place'],
    [{ ...gaveUp(4), cutShortCalls: 1 }, 'AI interview (InstaView): not finished after 4 calls (1 cut short)'],
  ])('says what happened in words: %#', (outcome, subject) => {
    const note = renderNote(outcome);
    expect(note.subject).toBe(subject);
    expect(note.text.startsWith(subject)).toBe(true);
  });

  it('an invitation the provider sent carries the link the candidate got', () => {
    const note = renderNote({ ...base, provider: 'xobin', kind: 'invited', inviteLink: 'https://xobin.test/t/abc', linkSentToCandidate: true });
    expect(note.text).toContain('Interview link sent to the candidate: https://xobin.test/t/abc');
    expect(note.html).toContain('<a href="https://xobin.test/t/abc">');
  });

  it('an invitation nobody sent (Xobin getlink) asks the recruiter to send the link', () => {
    const note = renderNote({ ...base, provider: 'xobin', kind: 'invited', inviteLink: 'https://xobin.test/t/abc', linkSentToCandidate: false });
    expect(note.text).toContain('Interview link (Xobin did not send it: send it to the candidate): https://xobin.test/t/abc');
    expect(note.text).not.toMatch(/sent to the candidate/);
  });

  it('the HTML variant escapes provider text and drops non-http links', () => {
    const note = renderNote(completed(82, { summary: '<script>alert(1)</script> & more', reportUrl: 'javascript:alert(1)' }));
    expect(note.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; more');
    expect(note.html).not.toContain('<script>');
    expect(note.html).not.toContain('javascript:');
    expect(note.text).not.toContain('javascript:');
  });

  it('an unknown provider is named as configured; a failed outcome without reason says so', () => {
    expect(outcomeInWords({ ...base, provider: 'acme-ai', kind: 'failed' })).toBe('failed: the provider reported a failure');
    expect(renderNote({ ...base, provider: 'acme-ai', kind: 'failed' }).subject).toBe('AI interview (acme-ai): failed: the provider reported a failure');
  });
});
