import type { Clock } from '#shared/ports/clock';

/** Options and records of the Xobin sandbox (app.xobin.com/api/docs, AI interviews). */

/** What the simulated candidate does with an invite. */
export type CandidateBehaviour = 'complete' | 'start_only' | 'ignore';

export interface XobinSandboxKey {
  apiKey: string;
  /** Invites this account may send; the next one gets 403 limit_exceed. Default: unlimited. */
  inviteLimit?: number;
  rateLimitPerMinute?: number;
  /** This account's workflow URL (Start and Submission); overrides options.webhookUrl. */
  webhookUrl?: string;
}

export interface SandboxLogger {
  info(message: string, attributes?: Record<string, unknown>): void;
  warn(message: string, attributes?: Record<string, unknown>): void;
}

export interface XobinSandboxOptions {
  clock: Clock;
  keys: XobinSandboxKey[];
  port?: number;
  /** Requests per minute per key (undocumented at Xobin; default 60). */
  rateLimitPerMinute?: number;
  /** AI interviews that exist (ai_interview_id); default one: 101 "Sandbox AI interview". */
  aiInterviews?: { id: number; name?: string }[];
  /**
   * Where the "AI Interview Start / Submission" workflows POST. Xobin configures these in
   * its dashboard, so the sandbox takes them here (or per key, or POST /__sandbox/webhook).
   */
  webhookUrl?: string;
  /** Sandbox-clock seconds from the invite becoming active until the candidate starts (default 3600). */
  startAfterSeconds?: number;
  /** Sandbox-clock seconds from start until submission (default 1200). */
  completeAfterSeconds?: number;
  candidateBehaviour?: (invite: Invite) => CandidateBehaviour;
  /** Auto-tick interval in real milliseconds; 0 = only tick() / POST /__sandbox/tick. */
  tickMs?: number;
  logger?: SandboxLogger;
}

export type InviteStatus = 'Invited' | 'Started' | 'Completed' | 'Expired';

export interface Invite {
  responseId: string;
  keyId: string;
  aiInterviewId: number;
  aiInterviewName: string;
  candidateId: number;
  candidateName: string;
  candidateEmail: string;
  inviteFormat: 'getlink' | 'sendlink';
  inviteLink: string;
  customFieldId?: string;
  /** ISO instants (from the GMT "YYYY-MM-DD HH:MM" fields). */
  startDate?: string;
  expiryDate?: string;
  status: InviteStatus;
  createdAt: string;
  startedAt?: string;
  completedAt?: string;
  report?: Record<string, unknown>;
}

export interface Delivery {
  kind: 'start' | 'submission';
  responseId: string;
  url: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastHttpStatus?: number;
  payload: Record<string, unknown>;
}

export interface Fault {
  status: 429 | 500 | 503;
  remaining: number;
  path?: string;
  retryAfter: number;
}
