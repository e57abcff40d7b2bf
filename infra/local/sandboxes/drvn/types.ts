import type { Clock } from '#shared/ports/clock';

/** Options and records of the DRVN sandbox (drvn-test.click/api/docs, interviews). */

export interface DrvnSandboxUser {
  /** The Bearer token the sandbox accepts (any string; real DRVN issues a JWT with scp "user"). */
  jwt: string;
  userId: number;
  /** interviewer: /api/v1/interviews…; interviewee (driver): /api/v1/users/interviews… */
  role: 'interviewer' | 'interviewee';
  /** Overrides options.rateLimitPerMinute for this token. */
  rateLimitPerMinute?: number;
}

export interface SandboxLogger {
  info(message: string, attributes?: Record<string, unknown>): void;
  warn(message: string, attributes?: Record<string, unknown>): void;
}

export interface DrvnSandboxOptions {
  clock: Clock;
  users: DrvnSandboxUser[];
  /** Interviewer and interviewee ids that exist (default: the users' ids of that role). */
  interviewers?: { id: number; title?: string }[];
  interviewees?: { id: number; title?: string }[];
  port?: number;
  /** Requests per minute per token (undocumented at DRVN; default 60). */
  rateLimitPerMinute?: number;
  logger?: SandboxLogger;
}

export type DrvnStatus = 'pending' | 'scheduled' | 'amended' | 'rejected';

export interface DrvnRecord {
  id: number;
  kind: string;
  location: string | null;
  startAt: string;
  endAt: string;
  amendStartAt: string | null;
  amendEndAt: string | null;
  amendedBy: 'interviewer' | 'interviewee' | null;
  intervieweeId: number;
  interviewerId: number;
  status: DrvnStatus;
  /** The interviewer account that created it (its token sees it). */
  createdBy: number;
  /** How the create request was encoded (the sandbox accepts both). */
  encoding: 'json' | 'form';
  updatedAt: string;
}

export interface Fault {
  status: 429 | 500 | 503;
  remaining: number;
  path?: string;
  retryAfter: number;
}
