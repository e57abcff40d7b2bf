/**
 * Errors the ingress can answer with. Each carries the HTTP status it maps to, so
 * adapters (API Gateway handler, local server) map them the same way.
 */
export abstract class IngressError extends Error {
  abstract readonly status: number;
  /** Safe to return to the caller: never contains payload values. */
  toBody(): Record<string, unknown> {
    return { error: this.name, message: this.message };
  }
}

export class SignatureError extends IngressError {
  readonly status = 401;
  constructor(message = 'missing or invalid signature') {
    super(message);
    this.name = 'SignatureError';
  }
}

/**
 * No signature header at all: the sender signs nothing, most likely because no secret is set
 * on its side (Ashby's secret token is optional). Its own Reason in WebhooksRejected, apart from
 * a signature that does not match, since the fix is in the ATS's settings, not in the bridge's.
 */
export class SignatureMissingError extends SignatureError {
  constructor(message: string) {
    super(message);
    this.name = 'SignatureMissing';
  }
}

/**
 * The tenant's own secret that a webhook URL ends in (Xobin's webhookPathSecret) cannot stand in
 * a URL, so no delivery can ever match it. Its own Reason in ProviderWebhooksRejected, apart from
 * a token that does not match: the fix is a new secret on the bridge's side (and in the URL set
 * at the provider), not a sender's mistake.
 */
export class WebhookPathSecretUnusableError extends SignatureError {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookPathSecretUnusable';
  }
}

/**
 * A delivery already accepted, sent again (Lever's token is single use): answered 200 so the
 * sender stops retrying, and nothing is enqueued a second time.
 */
export class DuplicateDeliveryError extends IngressError {
  readonly status = 200;
  constructor(message: string) {
    super(message);
    this.name = 'DuplicateDeliveryError';
  }
  override toBody(): Record<string, unknown> {
    return { status: 'duplicate', reason: this.message };
  }
}

export class MalformedPayloadError extends IngressError {
  readonly status = 400;
  constructor(readonly field: string, readonly reason: string) {
    super(`${field}: ${reason}`);
    this.name = 'MalformedPayloadError';
  }
  override toBody(): Record<string, unknown> {
    return { error: this.name, field: this.field, reason: this.reason, message: this.message };
  }
}

/**
 * A name the sender gave (an event type, a tenant id in the path), fit to echo back: an
 * event or tenant name is short and plain, so anything longer or odder is cut and masked
 * rather than returned (a payload value could be anything, contact data included).
 */
export function echoedName(value: string): string {
  const plain = value.slice(0, 64).replace(/[^\w.:\-/ ]/g, '?');
  return value.length > 64 ? `${plain}…` : plain;
}

export class UnknownEventError extends IngressError {
  readonly status = 400;
  constructor(readonly event: string) {
    super(`unknown event "${echoedName(event)}"`);
    this.name = 'UnknownEventError';
  }
}

export class UnknownTenantError extends IngressError {
  readonly status = 404;
  constructor(tenantId: string) {
    super(`unknown tenant "${echoedName(tenantId)}"`);
    this.name = 'UnknownTenantError';
  }
}

export class UnknownSourceError extends IngressError {
  readonly status = 404;
  constructor(source: string, tenantId?: string) {
    super(tenantId ? `source "${source}" is not set up for tenant "${tenantId}"` : `unknown source "${source}"`);
    this.name = 'UnknownSourceError';
  }
}

export class PayloadTooLargeError extends IngressError {
  readonly status = 413;
  constructor(readonly limit: number) {
    super(`body larger than ${limit} bytes`);
    this.name = 'PayloadTooLargeError';
  }
}

export class ServiceUnavailableError extends IngressError {
  readonly status = 503;
  constructor(message = 'queue unavailable, retry later') {
    super(message);
    this.name = 'ServiceUnavailableError';
  }
}
