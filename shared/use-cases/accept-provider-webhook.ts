import type { BridgeConfig } from '../config/schema.ts';
import { IngressError, MalformedPayloadError, ServiceUnavailableError, UnknownSourceError, UnknownTenantError, PayloadTooLargeError } from '../domain/errors.ts';
import { messageGroupOf, type ProviderEvent } from '../domain/messages.ts';
import type { WebhookRequest } from '../ports/ats-source.ts';
import { QueueUnavailableError, type EventQueue } from '../ports/event-queue.ts';
import type { ProviderWebhookSource } from '../ports/provider-webhook-source.ts';
import type { StateStore } from '../ports/state-store.ts';
import type { TenantSecretsSource } from '../ports/tenant-secrets.ts';
import type { Telemetry } from '../ports/telemetry.ts';
import { redactText } from '../observability/redact.ts';
import { deduplicationIdOf, WEBHOOK_TAKEN, type WebhookAnswer } from './accept-ats-webhook.ts';

/**
 * Call-progress events of providers that let the tenant opt out of them (InstaView's
 * `trackCallProgress`): they change no decision (cancel asks the provider first; an analysis
 * implies completion). Other providers' starts (Xobin: the candidate opened the interview) count.
 */
const INFORMATIONAL = new Set(['interview.started', 'interview.completed']);

export interface AcceptProviderWebhookDeps {
  config: BridgeConfig;
  secrets: TenantSecretsSource;
  queue: EventQueue;
  store: StateStore;
  sourceFor: (provider: string) => ProviderWebhookSource | undefined;
  telemetry: Telemetry;
  logger: { warn(message: string, attributes: Record<string, unknown>): void };
}

/**
 * Ingress for provider webhooks (interview started, completed, analysis ready, ...).
 * The interview is routed to its application's FIFO group so it is ordered with the
 * ATS events of that application; an interview we cannot map yet (its creation is still
 * being recorded) goes to a group of its own and the processor resolves it.
 */
export async function acceptProviderWebhook(
  input: { provider: string; tenantId: string; request: WebhookRequest },
  deps: AcceptProviderWebhookDeps,
): Promise<WebhookAnswer> {
  try {
    return await accept(input, deps);
  } catch (error) {
    if (error instanceof IngressError) {
      deps.telemetry.count('ProviderWebhooksRejected', { Provider: input.provider, Reason: error.name });
      return { status: error.status, body: error.toBody() };
    }
    throw error;
  }
}

async function accept({ provider, tenantId, request }: { provider: string; tenantId: string; request: WebhookRequest }, deps: AcceptProviderWebhookDeps): Promise<WebhookAnswer> {
  const tenant = deps.config.tenants.find((t) => t.id === tenantId);
  if (!tenant) throw new UnknownTenantError(tenantId);
  const source = deps.sourceFor(provider);
  if (!source) throw new UnknownSourceError(provider);
  if (request.rawBody.length > deps.config.maxProviderWebhookBytes) throw new PayloadTooLargeError(deps.config.maxProviderWebhookBytes);
  const secrets = await deps.secrets.forTenant(tenant.id).catch((error: unknown) => {
    throw new ServiceUnavailableError(`tenant secrets unavailable: ${(error as Error).name}`);
  });
  source.verify(request, secrets);

  let body: unknown;
  try {
    body = JSON.parse(request.rawBody.toString('utf8'));
  } catch {
    throw new MalformedPayloadError('(body)', 'not valid JSON');
  }
  const parsed = source.parse(body);
  if (parsed.kind === 'ping') {
    deps.telemetry.count('ProviderWebhooksAccepted', { Provider: provider, Event: 'ping' });
    return { status: 200, body: { status: 'ok', pong: true } };
  }
  if (parsed.kind === 'ignored') {
    // Answered 200 (a refusal would be retried and open InstaView's circuit), but seen: a new event
    // type or status means the provider changed. Its name is logged (redacted: Xobin's is free text).
    deps.telemetry.count('ProviderWebhooksAccepted', { Provider: provider, Event: 'ignored' });
    deps.logger.warn('provider webhook ignored: an event the bridge does not act on', {
      provider, tenantId: tenant.id, event: redactText(parsed.event ?? '(none)').slice(0, 100), deliveryId: parsed.deliveryId,
    });
    return { status: 200, body: { status: 'ignored' } };
  }
  const progress = (tenant.providers as Record<string, { trackCallProgress?: boolean } | undefined>)[provider];
  if (INFORMATIONAL.has(parsed.kind) && progress && 'trackCallProgress' in progress && !progress.trackCallProgress) {
    return { status: 200, body: { status: 'ignored', reason: 'call progress is not tracked for this tenant' } };
  }
  if (!parsed.interviewId) throw new MalformedPayloadError('data.interviewId', 'required for interview and analysis events');

  const applicationId = await deps.store.findApplicationByInterview(tenant.id, provider, parsed.interviewId).catch(() => {
    throw new ServiceUnavailableError('state store unavailable');
  });
  const event: ProviderEvent = {
    type: 'provider',
    provider,
    tenantId: tenant.id,
    deliveryId: parsed.deliveryId,
    kind: parsed.kind,
    occurredAt: parsed.occurredAt,
    receivedAt: request.receivedAt.toISOString(),
    interviewId: parsed.interviewId,
    ...(applicationId ? { applicationId } : {}),
    ...(parsed.callAttemptId ? { callAttemptId: parsed.callAttemptId } : {}),
    ...(parsed.candidateId ? { providerCandidateId: parsed.candidateId } : {}),
    ...(parsed.status ? { status: parsed.status } : {}),
    ...(parsed.reason ? { reason: parsed.reason } : {}),
  };
  try {
    await deps.queue.send([{
      message: event,
      groupId: messageGroupOf(tenant.id, applicationId ?? `${provider}-interview-${parsed.interviewId}`),
      deduplicationId: deduplicationIdOf(provider, tenant.id, parsed.deliveryId),
    }]);
  } catch (error) {
    if (error instanceof QueueUnavailableError) throw new ServiceUnavailableError();
    throw error;
  }
  deps.telemetry.count('ProviderWebhooksAccepted', { Provider: provider, Event: parsed.kind });
  return {
    status: WEBHOOK_TAKEN,
    body: { status: 'accepted' },
    correlation: { deliveryId: parsed.deliveryId, interviewId: parsed.interviewId, ...(applicationId ? { applicationId } : {}) },
  };
}
