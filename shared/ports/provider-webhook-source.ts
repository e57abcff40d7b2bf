import type { TenantSecrets } from '../config/schema.ts';
import type { ProviderEventKind } from '../domain/messages.ts';
import type { WebhookRequest } from './ats-source.ts';

export type ParsedProviderWebhook = ParsedProviderEvent | ParsedIgnored | ParsedPing;

/**
 * A provider's connectivity test: answered 200 and not enqueued, so nothing in it is needed
 * (a refused ping fails the provider's webhook test and counts towards its circuit breaker).
 */
export interface ParsedPing {
  kind: 'ping';
  event?: string;
  deliveryId?: string;
  occurredAt?: string;
  /** An event's fields, never a ping's (readable on either without narrowing first). */
  interviewId?: never;
  callAttemptId?: never;
  candidateId?: never;
  status?: never;
  reason?: never;
}

/**
 * An event the bridge does not act on: answered 200 (a refusal would be retried and count
 * towards the provider's circuit breaker), counted and logged, never enqueued. So, as for a
 * ping, nothing in it is needed: what it carries of the event's fields is kept for the log.
 */
export interface ParsedIgnored {
  kind: 'ignored';
  /** The event (or status) as the provider named it: what an operator needs to see. */
  event?: string;
  deliveryId?: string;
  occurredAt?: string;
  interviewId?: string;
  callAttemptId?: string;
  candidateId?: string;
  status?: string;
  reason?: string;
}

/** An event the bridge enqueues: deliveryId is its FIFO deduplication key, occurredAt orders it. */
export interface ParsedProviderEvent {
  kind: ProviderEventKind;
  /** The event (or status) as the provider named it. */
  event?: string;
  deliveryId: string;
  occurredAt: string;
  interviewId?: string;
  callAttemptId?: string;
  /** The provider's candidate id, when the webhook carries it. */
  candidateId?: string;
  status?: string;
  reason?: string;
}

/** One interview provider on the way in: authenticate its webhook, read it. */
export interface ProviderWebhookSource {
  readonly provider: string;
  /** Throws SignatureError. */
  verify(request: WebhookRequest, secrets: TenantSecrets): void;
  /** Throws MalformedPayloadError. */
  parse(body: unknown): ParsedProviderWebhook;
}
