import type { TenantSecrets } from '../config/schema.ts';
import type { ProviderEventKind } from '../domain/messages.ts';
import type { WebhookRequest } from './ats-source.ts';

export type ParsedProviderWebhook = ParsedProviderEvent | ParsedPing;

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

export interface ParsedProviderEvent {
  kind: ProviderEventKind | 'ignored';
  /** The event (or status) as the provider named it: what an operator needs to see about an ignored one. */
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
