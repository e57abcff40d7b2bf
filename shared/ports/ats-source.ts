import type { TenantConfig, TenantSecrets } from '../config/schema.ts';
import type { NormalizedAtsEvent } from '../domain/messages.ts';
import type { ReplayGuard } from './replay-guard.ts';

/** A webhook as it arrived: raw bytes (signatures are over these), lower-cased headers. */
export interface WebhookRequest {
  headers: Record<string, string>;
  rawBody: Buffer;
  query: Record<string, string>;
  /** Extra path segments of the route, e.g. a secret token for senders that cannot sign (Xobin). */
  pathToken?: string;
  receivedAt: Date;
}

export type IngressOutcome =
  | { kind: 'events'; events: NormalizedAtsEvent[] }
  | { kind: 'ignored'; reason: string }
  | { kind: 'ping' }
  /** The sender expects a specific answer (e.g. SmartRecruiters echoes X-Hook-Secret). */
  | { kind: 'reply'; status: number; headers: Record<string, string>; body: unknown };

export interface IngressContext {
  tenant: TenantConfig;
  secrets: TenantSecrets;
  /** The request's arrival time (freshness windows are checked against it). */
  now: Date;
  /** For sources with one-time tokens (Lever): a token seen before is a duplicate, not processed again. */
  replayGuard: ReplayGuard;
}

/**
 * One ATS on the way in: authenticate the webhook and turn it into normalized events.
 * verify throws SignatureError; normalize throws MalformedPayloadError.
 */
export interface AtsWebhookSource {
  readonly source: string;
  /**
   * The answer the sender counts as delivered, for every request taken (enqueued, ignored,
   * ping, duplicate); 200 when not set. SmartRecruiters takes only 202: anything else is a
   * failed delivery it replays and reports.
   */
  readonly takenStatus?: number;
  verify(request: WebhookRequest, context: IngressContext): void | Promise<void>;
  normalize(request: WebhookRequest, body: unknown, context: IngressContext): IngressOutcome;
}
