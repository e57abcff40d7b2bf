import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Clock } from '#shared/ports/clock';
import type { CandidateBehaviour, Delivery, Invite, XobinSandboxKey, XobinSandboxOptions } from './types.ts';

/**
 * The Xobin sandbox's data and what happens between API calls, on the injected clock:
 * a simulated candidate opens the invite `startAfterSeconds` after it becomes active
 * (Start webhook), submits `completeAfterSeconds` later (report + Submission webhook),
 * or lets it expire. Webhooks go to the account's workflow URL, without custom_field_id,
 * as in Xobin's documented samples.
 */

export interface KeyRecord extends XobinSandboxKey {
  id: string;
  invitesUsed: number;
}

export class XobinWorld {
  readonly keys: KeyRecord[];
  readonly aiInterviews: Map<number, string>;
  readonly invites = new Map<string, Invite>();
  /** Emails Xobin "sent" (sendlink): the sandbox's stand-in for the candidate's inbox. */
  readonly emails: { to: string; responseId: string; inviteLink: string; at: string }[] = [];
  readonly deliveries: Delivery[] = [];
  readonly shares: { responseId: string; expirationHours: number; at: string }[] = [];
  readonly behaviourByEmail = new Map<string, CandidateBehaviour>();
  webhookUrl: string | undefined;
  private readonly candidateIds = new Map<string, number>();
  private readonly pending: Delivery[] = [];

  constructor(private readonly options: XobinSandboxOptions, private readonly clock: Clock) {
    this.keys = options.keys.map((k, i) => ({ ...k, id: `key_${i + 1}`, invitesUsed: 0 }));
    this.aiInterviews = new Map((options.aiInterviews ?? [{ id: 101 }]).map((a) => [a.id, a.name ?? 'Sandbox AI interview']));
    this.webhookUrl = options.webhookUrl;
  }

  get pendingCount(): number {
    return this.pending.length;
  }

  now(): Date {
    return this.clock.now();
  }

  nowIso(): string {
    return this.clock.now().toISOString();
  }

  /** Xobin numbers candidates per account; the same email keeps its id. */
  candidateIdFor(keyId: string, email: string): number {
    const key = `${keyId}|${email.toLowerCase()}`;
    let id = this.candidateIds.get(key);
    if (id === undefined) {
      id = 5001 + this.candidateIds.size;
      this.candidateIds.set(key, id);
    }
    return id;
  }

  newResponseId(): string {
    return randomBytes(12).toString('hex');
  }

  advance(): void {
    const now = this.clock.now().getTime();
    for (const invite of this.invites.values()) {
      const behaviour = this.behaviourFor(invite);
      if (invite.status === 'Invited') {
        const activeFrom = Date.parse(invite.startDate ?? invite.createdAt);
        const startAt = activeFrom + (this.options.startAfterSeconds ?? 3600) * 1000;
        const expiresAt = invite.expiryDate ? Date.parse(invite.expiryDate) : Infinity;
        if (behaviour !== 'ignore' && startAt <= now && startAt < expiresAt) {
          invite.status = 'Started';
          invite.startedAt = new Date(startAt).toISOString();
          this.emit(invite, 'start');
        } else if (expiresAt <= now) {
          invite.status = 'Expired';
          continue;
        }
      }
      if (invite.status === 'Started' && behaviour === 'complete') {
        const completeAt = Date.parse(invite.startedAt!) + (this.options.completeAfterSeconds ?? 1200) * 1000;
        if (completeAt <= now) this.complete(invite, new Date(completeAt));
      }
    }
  }

  /** Report fields as documented for GET /ai-interviews/report (completed only). */
  reportOf(invite: Invite, downloadable = false): Record<string, unknown> {
    const report = structuredClone(invite.report ?? {});
    if (downloadable && report.interview_recording) {
      report.interview_recording = Object.fromEntries(Object.entries(report.interview_recording as Record<string, string>).map(([k, v]) => [k, `${v}?download=1`]));
    }
    return report;
  }

  async flush(): Promise<void> {
    for (const delivery of this.pending.splice(0)) await this.deliver(delivery);
  }

  private complete(invite: Invite, at: Date): void {
    invite.status = 'Completed';
    invite.completedAt = at.toISOString();
    invite.report = {
      ai_interview_id: invite.aiInterviewId,
      ai_interview_name: invite.aiInterviewName,
      candidate_email: invite.candidateEmail,
      candidate_id: invite.candidateId,
      candidate_name: invite.candidateName,
      candidate_summary: 'Simulated AI interview: the candidate answered every question clearly.',
      completed_date: DateTime.fromJSDate(at, { zone: 'UTC' }).setLocale('en-US').toFormat('MMM dd, yyyy, h:mm:ss a'),
      integrity_score: 9.2,
      invite_status: 'Completed',
      pdf_link: `https://sandbox.xobin.invalid/reports/${invite.responseId}.pdf`,
      recommendation: 'Recommended',
      response_id: invite.responseId,
      custom_field_id: invite.customFieldId ?? null,
      score: 72,
      report_link: `https://sandbox.xobin.invalid/reports/${invite.responseId}`,
      interview_recording: { session1: `https://sandbox.xobin.invalid/recordings/${invite.responseId}.webm` },
      skill_wise_scores: { must_haves: [{ skill_name: 'Communication', score: 8 }, { skill_name: 'Safety awareness', score: 7 }], nice_to_haves: [{ skill_name: 'Leadership', score: 5 }] },
      conversation: [
        { role: 'assistant', mode: 'voice', content: 'Tell me about your last role.', timestamp: invite.startedAt },
        { role: 'user', mode: 'voice', content: 'I led a team of four.', timestamp: invite.completedAt },
      ],
    };
    this.emit(invite, 'submission');
  }

  private emit(invite: Invite, kind: 'start' | 'submission'): void {
    const url = this.keys.find((k) => k.id === invite.keyId)?.webhookUrl ?? this.webhookUrl;
    if (!url) return;
    const base = {
      ai_interview_id: invite.aiInterviewId,
      ai_interview_name: invite.aiInterviewName,
      candidate_email: invite.candidateEmail,
      candidate_id: invite.candidateId,
      candidate_name: invite.candidateName,
      invite_status: kind === 'start' ? 'Started' : 'Completed',
      response_id: invite.responseId,
    };
    let payload: Record<string, unknown> = base;
    if (kind === 'submission') {
      // The documented Submission sample: the report's fields, without custom_field_id.
      const { custom_field_id: _omit, conversation: _c, pdf_link: _p, ...report } = invite.report ?? {};
      payload = { ...base, ...report };
    }
    const delivery: Delivery = { kind, responseId: invite.responseId, url, status: 'pending', attempts: 0, payload };
    this.deliveries.push(delivery);
    this.pending.push(delivery);
  }

  /** One try plus two retries; Xobin documents no retry policy. */
  private async deliver(delivery: Delivery): Promise<void> {
    for (let attempt = 0; attempt < 3; attempt++) {
      delivery.attempts += 1;
      try {
        const response = await fetch(delivery.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'user-agent': 'Xobin-Workflows (sandbox)' },
          body: JSON.stringify(delivery.payload),
          signal: AbortSignal.timeout(5_000),
        });
        await response.arrayBuffer();
        delivery.lastHttpStatus = response.status;
        if (response.ok) {
          delivery.status = 'delivered';
          return;
        }
      } catch {
        delivery.lastHttpStatus = undefined;
      }
    }
    delivery.status = 'failed';
    this.options.logger?.warn('xobin sandbox: webhook delivery failed', { kind: delivery.kind, attempts: delivery.attempts, status: delivery.lastHttpStatus });
  }

  private behaviourFor(invite: Invite): CandidateBehaviour {
    return this.behaviourByEmail.get(invite.candidateEmail.toLowerCase()) ?? this.options.candidateBehaviour?.(invite) ?? 'complete';
  }

  snapshot() {
    return structuredClone({
      now: this.nowIso(),
      keys: this.keys.map(({ apiKey: _a, ...k }) => k),
      invites: [...this.invites.values()],
      emails: this.emails,
      deliveries: this.deliveries,
      shares: this.shares,
      webhookUrl: this.webhookUrl,
    });
  }
}

export type XobinSandboxSnapshot = ReturnType<XobinWorld['snapshot']>;
