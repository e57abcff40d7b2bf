import type { Clock } from '#shared/ports/clock';
import type { InstaViewWebhookEvent } from '#shared/providers/instaview/webhook-events';

/** Records of the InstaView sandbox, as documented (docs.instaview.sk) plus the owner company. */

/**
 * no_answer_unreported: the call rings out like no_answer, but no webhook tells anyone (InstaView
 * documents none for an unanswered call; or its deliveries gave up): only GET /interviews/{id} shows it.
 */
export type CallOutcome = 'answered' | 'no_answer' | 'failed' | 'no_answer_unreported';
export type AgentType = 'PHONE' | 'ONLINE';
export type InterviewStatus = 'SCHEDULED' | 'IN_PROGRESS' | 'COMPLETED' | 'FAILED' | 'CANCELLED';
export type AttemptStatus = 'SCHEDULED' | 'IN_PROGRESS' | 'COMPLETED' | 'FAILED' | 'CANCELLED';

export interface SandboxKey {
  apiKey: string;
  companyId: string;
  /** ATS partner key: must pass ?companyId= and may act for the companies it created or was given. */
  ats?: boolean;
  rateLimitPerMinute?: number;
  rateLimitPerHour?: number;
}

export interface SandboxLogger {
  info(message: string, attributes?: Record<string, unknown>): void;
  warn(message: string, attributes?: Record<string, unknown>): void;
}

export interface InstaViewSandboxOptions {
  clock: Clock;
  keys: SandboxKey[];
  port?: number;
  rateLimitPerMinute?: number;
  rateLimitPerHour?: number;
  callOutcome?: (candidate: Candidate) => CallOutcome;
  callDurationSeconds?: number;
  /** Auto-tick interval in real milliseconds; 0 = only `tick()` / POST /__sandbox/tick. */
  tickMs?: number;
  seed?: {
    agents?: { id: string; type: AgentType; focus: string; companyId: string; name?: string }[];
    jobs?: { id: string; companyId: string; title: string }[];
  };
  /** Spelling of `event` in delivered payloads (the docs show all three). */
  webhookEventSpelling?: 'dotted' | 'UPPER_SNAKE' | 'numeric';
  /** Real-time pause before webhook retry n (× n). */
  webhookRetryDelayMs?: number;
  /** Companies billed in credits (billing guide); every other company is billed in minutes. */
  billing?: Record<string, CreditPricing>;
  logger?: SandboxLogger;
}

/** Credits pricing of a company (billing guide: baseCost, includedMinutes, costPerMinute). */
export interface CreditPricing {
  baseCost: number;
  includedMinutes: number;
  costPerMinute: number;
}

export interface Company {
  id: string;
  name: string;
  website?: string;
  industry?: string;
  description?: string;
  ownerEmail?: string;
  metadata: Record<string, unknown>;
  /** apiKey ids allowed to act for this company besides its own regular keys (ATS keys that created it). */
  atsKeyIds: string[];
  createdAt: string;
  updatedAt: string;
}

export interface Agent {
  id: string;
  companyId: string;
  name: string;
  type: AgentType;
  focus: string;
  language?: string;
  createdAt: string;
}

export interface Job {
  id: string;
  companyId: string;
  title: string;
  status: 'OPEN';
  createdAt: string;
}

export interface Candidate {
  id: string;
  companyId: string;
  firstName: string;
  lastName: string;
  email?: string;
  phoneNumber?: string;
  gdprExpiryDate: string;
  jobId?: string;
  jobIds: string[];
  metadata: Record<string, unknown>;
  status: string;
  createdAt: string;
  updatedAt: string;
  deletedAt?: string;
}

export interface CallAttempt {
  id: string;
  direction: 'OUTBOUND';
  status: AttemptStatus;
  reasonCode?: string;
  notes?: string;
  retryNumber: number;
  scheduledAt: string;
  calledAt?: string;
  duration?: number;
  recordingUrl?: string;
}

export interface Interview {
  id: string;
  companyId: string;
  candidateId: string;
  agentId: string;
  jobId?: string;
  status: InterviewStatus;
  scheduledAt: string;
  durationMinutes?: number;
  finishedDate?: string;
  metadata: Record<string, unknown>;
  callAttempts: CallAttempt[];
  analysis: Record<string, unknown> | null;
  transcript?: { role: string; text: string }[];
  isTest: boolean;
  createdAt: string;
  updatedAt: string;
  /** Deleted: gone from the API (404), but a call in progress still finishes (silently). */
  deletedAt?: string;
}

export interface Webhook {
  id: string;
  apiKeyId: string;
  /** null: a global webhook of an ATS key (all its companies). */
  companyId: string | null;
  url: string;
  name: string;
  description?: string;
  headers: { name: string; value: string }[];
  events: InstaViewWebhookEvent[];
  isActive: boolean;
  maxRetries: number;
  timeoutMs: number;
  consecutiveFailures: number;
  circuitOpenedAt: string | null;
  signingSecret: string;
  createdAt: string;
  updatedAt: string;
}

export interface Delivery {
  deliveryId: string;
  webhookId: string;
  event: InstaViewWebhookEvent;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastHttpStatus?: number;
  lastError?: string;
  payload: { event: string | number; timestamp: string; deliveryId: string; data: Record<string, unknown> };
}
