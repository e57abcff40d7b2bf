import type { Clock } from '#shared/ports/clock';
import type { SandboxStore } from './store.ts';
import type { CallAttempt, CallOutcome, Candidate, InstaViewSandboxOptions, Interview } from './types.ts';
import type { WebhookDispatcher } from './webhooks.ts';

/**
 * What InstaView does between API calls, advanced by tick(): place due call attempts,
 * finish calls after callDurationSeconds (by the sandbox clock), write the analysis,
 * and emit the webhooks. Everything happens on the injected clock, never on real time.
 */

const FAILURE_REASONS: Record<Exclude<CallOutcome, 'answered'>, { reasonCode: string; notes: string }> = {
  no_answer: { reasonCode: 'NO_ANSWER', notes: 'The candidate did not answer the call' },
  failed: { reasonCode: 'CALL_FAILED', notes: 'The call could not be connected' },
  no_answer_unreported: { reasonCode: 'NO_ANSWER', notes: 'The candidate did not answer the call' },
};

const FAKE_PDF_BASE64 = Buffer.from('%PDF-1.4\n% InstaView sandbox analysis\n').toString('base64');

export class CallSimulation {
  /** When the calls were last looked at: a call that fell due since then rang when it fell due. */
  private lookedAt: number | undefined;

  constructor(
    private readonly store: SandboxStore,
    private readonly webhooks: WebhookDispatcher,
    private readonly clock: Clock,
    private readonly options: Pick<InstaViewSandboxOptions, 'callOutcome' | 'callDurationSeconds'>,
  ) {}

  /** A new OUTBOUND attempt; the ones still scheduled are replaced (CANCELLED), as documented. */
  scheduleAttempt(interview: Interview, at: Date): CallAttempt {
    for (const a of interview.callAttempts) if (a.status === 'SCHEDULED') a.status = 'CANCELLED';
    const attempt: CallAttempt = {
      id: this.store.newId('att'),
      direction: 'OUTBOUND',
      status: 'SCHEDULED',
      retryNumber: interview.callAttempts.length,
      scheduledAt: at.toISOString(),
    };
    interview.callAttempts.push(attempt);
    interview.status = 'SCHEDULED';
    interview.scheduledAt = attempt.scheduledAt;
    interview.updatedAt = this.store.nowIso();
    return attempt;
  }

  /** DELETE: gone from the API at once; scheduled attempts CANCELLED; a call in progress runs out silently. */
  remove(interview: Interview): void {
    const now = this.store.nowIso();
    for (const a of interview.callAttempts) if (a.status === 'SCHEDULED') a.status = 'CANCELLED';
    Object.assign(interview, { deletedAt: now, updatedAt: now });
    if (interview.status === 'SCHEDULED') interview.status = 'CANCELLED';
  }

  /** isTest interviews complete at once, unbilled, with the same webhooks as a real one. */
  completeTestInterview(interview: Interview): void {
    const attempt = interview.callAttempts.find((a) => a.status === 'SCHEDULED');
    if (attempt) {
      attempt.status = 'IN_PROGRESS';
      attempt.calledAt = this.store.nowIso();
    }
    this.emit(interview, 'interview.started', { callAttemptId: attempt?.id, status: 'IN_PROGRESS' });
    this.finish(interview, attempt, 0);
  }

  advance(): void {
    const now = this.clock.now().getTime();
    const since = this.lookedAt ?? now;
    this.lookedAt = now;
    for (const interview of this.store.interviews.values()) {
      const inProgress = interview.callAttempts.find((a) => a.status === 'IN_PROGRESS');
      if (!inProgress && !interview.deletedAt) {
        const due = interview.callAttempts.find((a) => a.status === 'SCHEDULED' && Date.parse(a.scheduledAt) <= now);
        // A clock moved by ten minutes at once still rings the call at its time, not at the end of the jump.
        if (due) this.place(interview, due, new Date(Math.min(now, Math.max(since, Date.parse(due.scheduledAt)))).toISOString());
      }
      for (const attempt of interview.callAttempts) {
        if (attempt.status !== 'IN_PROGRESS' || !attempt.calledAt) continue;
        if (Date.parse(attempt.calledAt) + this.durationSeconds() * 1000 <= now) this.finish(interview, attempt, this.durationSeconds());
      }
    }
  }

  private place(interview: Interview, attempt: CallAttempt, at: string): void {
    const candidate = this.store.candidates.get(interview.candidateId);
    const outcome = candidate ? this.outcomeFor(candidate) : 'failed';
    attempt.calledAt = at;
    interview.updatedAt = attempt.calledAt;
    if (outcome === 'answered') {
      attempt.status = 'IN_PROGRESS';
      interview.status = 'IN_PROGRESS';
      this.emit(interview, 'interview.started', { callAttemptId: attempt.id, status: 'IN_PROGRESS' });
      return;
    }
    const { reasonCode, notes } = FAILURE_REASONS[outcome];
    Object.assign(attempt, { status: 'FAILED', reasonCode, notes, duration: 0 });
    interview.status = 'FAILED';
    if (outcome === 'no_answer_unreported') return;
    this.emit(interview, 'interview.failed', { callAttemptId: attempt.id, status: 'FAILED', reasonCode, error: notes });
  }

  /** The call ends; a deleted interview's call ends too, but leaves no transcript, analysis or webhook. */
  private finish(interview: Interview, attempt: CallAttempt | undefined, durationSeconds: number): void {
    const now = this.store.nowIso();
    if (attempt) Object.assign(attempt, { status: 'COMPLETED', duration: durationSeconds, recordingUrl: `https://sandbox.instaview.invalid/recordings/${attempt.id}.mp3` });
    const minutes = Math.ceil(durationSeconds / 60);
    if (!interview.isTest) this.store.usage.push({ companyId: interview.companyId, interviewId: interview.id, minutes, at: now });
    if (interview.deletedAt) return;

    Object.assign(interview, { status: 'COMPLETED', finishedDate: now, durationMinutes: minutes, updatedAt: now });
    interview.transcript = [
      { role: 'agent', text: 'Hello, this is the InstaView sandbox interviewer.' },
      { role: 'candidate', text: 'Hello.' },
    ];
    interview.analysis = {
      id: this.store.newId('ana'),
      general: {
        overallRating: 78,
        companyFitRating: 'HIGH',
        education: 'MASTER_LEVEL',
        experience: 'THREE_TO_5_YEARS',
        strongPoints: ['Clear communication', 'Relevant experience'],
        weakPoints: ['Limited leadership examples'],
        evaluation: 'Simulated interview: the candidate answered every question.',
        status: 3,
        createdAt: now,
        updatedAt: now,
      },
      specific: {},
    };
    this.emit(interview, 'interview.completed', { callAttemptId: attempt?.id, status: 'COMPLETED' });
    this.emit(interview, 'analysis.completed', { callAttemptId: attempt?.id, status: 'COMPLETED', analysis: interview.analysis, analysisPdfBase64: FAKE_PDF_BASE64 });
  }

  analysisPdf(): string {
    return FAKE_PDF_BASE64;
  }

  private emit(interview: Interview, event: 'interview.started' | 'interview.completed' | 'interview.failed' | 'analysis.completed', extra: Record<string, unknown>): void {
    this.webhooks.emit(interview.companyId, event, {
      interviewId: interview.id,
      candidateId: interview.candidateId,
      jobId: interview.jobId ?? null,
      ...extra,
    });
  }

  private outcomeFor(candidate: Candidate): CallOutcome {
    return this.store.outcomesByCandidate.get(candidate.id)
      ?? (candidate.phoneNumber ? this.store.outcomesByPhone.get(candidate.phoneNumber) : undefined)
      ?? this.options.callOutcome?.(candidate)
      ?? 'answered';
  }

  private durationSeconds(): number {
    return this.options.callDurationSeconds ?? 300;
  }
}
