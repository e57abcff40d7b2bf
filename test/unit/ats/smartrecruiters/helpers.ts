import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseConfig } from '#shared/config/load-config';
import type { BridgeConfig } from '#shared/config/schema';
import type { WebhookRequest } from '#shared/ports/ats-source';
import { atsSource } from '#shared/ats/registry';
import { acceptAtsWebhook } from '#shared/use-cases/accept-ats-webhook';
import { InMemoryQueue, InMemoryReplayGuard, RecordingTelemetry, StaticTenantSecrets } from '../../../support/fakes.ts';

export const TENANT = 'acme';
export const SECRET = 'sr-test-subscription-secret';

export function ingressConfig(sources: Record<string, unknown> = {}): BridgeConfig {
  return parseConfig({ maxWebhookBytes: 65_536, tenants: [{ id: TENANT, sources }, { id: 'globex' }] }, 'test config');
}

export const smartRecruitersFixtures = [
  'application.created', 'application.status.updated', 'application.status.updated.rejected', 'candidate.deleted', 'job.created',
] as const;
export type SmartRecruitersFixture = (typeof smartRecruitersFixtures)[number];

export function fixtureBytes(name: SmartRecruitersFixture): Buffer {
  return readFileSync(new URL(`../../../fixtures/smartrecruiters/${name}.json`, import.meta.url));
}

export function fixtureJson(name: SmartRecruitersFixture): any {
  return JSON.parse(fixtureBytes(name).toString('utf8'));
}

/** The event headers recorded with a fixture (event-id, event-name, event-version, link, timestamp). */
export function fixtureHeaders(name: SmartRecruitersFixture): Record<string, string> {
  return JSON.parse(readFileSync(new URL(`../../../fixtures/smartrecruiters/${name}.headers.json`, import.meta.url), 'utf8'));
}

/** v1 = hex HMAC-SHA256 of `timestamp.body.event-id.event-name.event-version.link` ("" for an absent header). */
export function v1Signature(body: Buffer | string, headers: Record<string, string>, secret = SECRET): string {
  const parts = [headers['smartrecruiters-timestamp'] ?? '', Buffer.from(body).toString('utf8'), headers['event-id'] ?? '', headers['event-name'] ?? '', headers['event-version'] ?? '', headers['link'] ?? ''];
  return createHmac('sha256', secret).update(parts.join('.')).digest('hex');
}

/** The time a fixture arrives: a few seconds after its timestamp. */
export function arrivalOf(headers: Record<string, string>): Date {
  return new Date((Number(headers['smartrecruiters-timestamp']) + 5) * 1000);
}

/** A fixture request, signed `v1=<hex>` with `secret` unless told otherwise. */
export function srRequest(name: SmartRecruitersFixture, options: { secret?: string | null; headers?: Record<string, string>; body?: Buffer | object } = {}): WebhookRequest {
  const rawBody = options.body === undefined ? fixtureBytes(name) : Buffer.isBuffer(options.body) ? options.body : Buffer.from(JSON.stringify(options.body));
  const headers: Record<string, string> = { 'content-type': 'application/json', ...fixtureHeaders(name), ...options.headers };
  if (options.secret !== null) headers['smartrecruiters-signature'] = `v1=${v1Signature(rawBody, headers, options.secret ?? SECRET)}`;
  return { headers, rawBody, query: {}, receivedAt: arrivalOf(headers) };
}

/** The ingress use case with the tenant's SmartRecruiters secret and an in-memory queue. */
export function ingress() {
  const queue = new InMemoryQueue();
  const deps = {
    config: ingressConfig(), secrets: new StaticTenantSecrets({ [TENANT]: { smartrecruiters: { webhookSecrets: [SECRET] } } }), queue,
    sourceFor: atsSource, telemetry: new RecordingTelemetry(), replayGuard: new InMemoryReplayGuard(),
  };
  const send = (request: WebhookRequest) => acceptAtsWebhook({ source: 'smartrecruiters', tenantId: TENANT, request }, deps);
  return { queue, send };
}
