import { createHmac } from 'node:crypto';
import { INSTAVIEW_WEBHOOK_EVENTS, type InstaViewWebhookEvent } from '#shared/providers/instaview/webhook-events';
import type { SandboxStore } from './store.ts';
import type { Delivery, InstaViewSandboxOptions, SandboxLogger, Webhook } from './types.ts';

/**
 * Webhook deliveries: one per (event, subscribed webhook), each with its own deliveryId,
 * POSTed with the webhook's custom headers, retried up to maxRetries, counted into
 * consecutiveFailures, and cut off by the circuit breaker.
 *
 * X-InstaView-Signature: InstaView returns a signingSecret but documents no signature
 * header or format. The sandbox signs `sha256=<hex HMAC-SHA256 of the raw body>` under
 * that made-up name; the bridge authenticates deliveries by its own custom header instead.
 */
export const SIGNATURE_HEADER = 'X-InstaView-Signature';
/** Undocumented threshold: failed deliveries in a row that open the circuit. */
export const CIRCUIT_BREAKER_THRESHOLD = 5;
/** Cap of a delivery's wait for the receiver in the sandbox (the resource says 30 s). */
const MAX_DELIVERY_TIMEOUT_MS = 5_000;

export interface TestResult {
  success: boolean;
  deliveryId?: string;
  httpStatus?: number;
  durationMs?: number;
  message: string;
}

export class WebhookDispatcher {
  private readonly pending: Delivery[] = [];

  constructor(
    private readonly store: SandboxStore,
    private readonly options: Pick<InstaViewSandboxOptions, 'webhookEventSpelling' | 'webhookRetryDelayMs'>,
    private readonly logger?: SandboxLogger,
  ) {}

  get pendingCount(): number {
    return this.pending.length;
  }

  /** Queues the event for every active webhook of the company subscribed to it; sent by flush(). */
  emit(companyId: string, event: InstaViewWebhookEvent, data: Record<string, unknown>): void {
    for (const webhook of this.store.webhooks.values()) {
      if (!webhook.isActive || !webhook.events.includes(event) || !this.reaches(webhook, companyId)) continue;
      const delivery = this.newDelivery(webhook, event, data);
      this.pending.push(delivery);
    }
  }

  async flush(): Promise<void> {
    const batch = this.pending.splice(0);
    for (const delivery of batch) {
      const webhook = this.store.webhooks.get(delivery.webhookId);
      if (!webhook?.isActive) {
        delivery.status = 'failed';
        delivery.lastError = 'webhook deleted or disabled';
        continue;
      }
      await this.deliver(webhook, delivery, webhook.maxRetries);
    }
  }

  /** POST /webhooks/{id}/test: one ping, sent now, one try. */
  async test(webhook: Webhook): Promise<TestResult> {
    if (!webhook.events.includes('ping')) {
      return { success: false, message: 'Webhook is not subscribed to ping events. Add "ping" to the events to test it.' };
    }
    if (!webhook.isActive) {
      return { success: false, message: 'No delivery was created. This may indicate the webhook is disabled or circuit breaker is open.' };
    }
    const delivery = this.newDelivery(webhook, 'ping', { message: 'Test webhook from InstaView sandbox' });
    const started = Date.now();
    await this.deliver(webhook, delivery, 0);
    const durationMs = Date.now() - started;
    const success = delivery.status === 'delivered';
    return {
      success,
      deliveryId: delivery.deliveryId,
      httpStatus: delivery.lastHttpStatus,
      durationMs,
      message: success ? 'Webhook test delivered' : `Webhook test failed: ${delivery.lastError ?? 'unknown error'}`,
    };
  }

  private reaches(webhook: Webhook, companyId: string): boolean {
    if (webhook.companyId !== null) return webhook.companyId === companyId;
    const key = this.store.keys.find((k) => k.id === webhook.apiKeyId);
    return !!key && this.store.canActFor(key, companyId);
  }

  private newDelivery(webhook: Webhook, event: InstaViewWebhookEvent, data: Record<string, unknown>): Delivery {
    const deliveryId = this.store.newId('dlv');
    const delivery: Delivery = {
      deliveryId,
      webhookId: webhook.id,
      event,
      status: 'pending',
      attempts: 0,
      payload: { event: this.spell(event), timestamp: this.store.nowIso(), deliveryId, data },
    };
    this.store.deliveries.push(delivery);
    return delivery;
  }

  private async deliver(webhook: Webhook, delivery: Delivery, maxRetries: number): Promise<void> {
    const raw = JSON.stringify(delivery.payload);
    const headers: Record<string, string> = {};
    for (const h of webhook.headers) headers[h.name] = h.value;
    headers['content-type'] = 'application/json';
    headers['user-agent'] = 'InstaView-Webhooks (sandbox)';
    headers[SIGNATURE_HEADER] = `sha256=${createHmac('sha256', webhook.signingSecret).update(raw).digest('hex')}`;

    for (let attempt = 0; attempt <= maxRetries; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, (this.options.webhookRetryDelayMs ?? 50) * attempt));
      delivery.attempts += 1;
      try {
        const response = await fetch(webhook.url, {
          method: 'POST',
          headers,
          body: raw,
          signal: AbortSignal.timeout(Math.min(webhook.timeoutMs, MAX_DELIVERY_TIMEOUT_MS)),
        });
        await response.arrayBuffer();
        delivery.lastHttpStatus = response.status;
        if (response.ok) {
          delivery.status = 'delivered';
          delivery.lastError = undefined;
          webhook.consecutiveFailures = 0;
          return;
        }
        delivery.lastError = `HTTP ${response.status}`;
      } catch (error) {
        delivery.lastError = error instanceof Error && error.name === 'TimeoutError' ? 'Connection timeout' : 'Connection failed';
      }
    }
    delivery.status = 'failed';
    webhook.consecutiveFailures += 1;
    this.logger?.warn('instaview sandbox: webhook delivery failed', { webhookId: webhook.id, event: delivery.event, attempts: delivery.attempts, error: delivery.lastError });
    if (webhook.consecutiveFailures >= CIRCUIT_BREAKER_THRESHOLD && webhook.circuitOpenedAt === null) {
      webhook.circuitOpenedAt = this.store.nowIso();
      webhook.isActive = false;
    }
  }

  private spell(event: InstaViewWebhookEvent): string | number {
    switch (this.options.webhookEventSpelling) {
      case 'UPPER_SNAKE': return event.toUpperCase().replace(/\./g, '_');
      case 'numeric': return INSTAVIEW_WEBHOOK_EVENTS.indexOf(event);
      default: return event;
    }
  }
}
