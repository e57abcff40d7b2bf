import type { TenantSecrets } from '../config/schema.ts';
import type { ProviderEventKind } from '../domain/messages.ts';
import type { WebhookRequest } from './ats-source.ts';

export interface ParsedProviderWebhook {
  kind: ProviderEventKind | 'ping' | 'ignored';
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
