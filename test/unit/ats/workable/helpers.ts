import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseConfig } from '#shared/config/load-config';
import type { BridgeConfig } from '#shared/config/schema';
import type { WebhookRequest } from '#shared/ports/ats-source';

export const TENANT = 'acme';
export const SECRET = 'workable-test-account-token';

export function ingressConfig(sources: Record<string, unknown> = {}): BridgeConfig {
  return parseConfig({ maxWebhookBytes: 65_536, tenants: [{ id: TENANT, sources }, { id: 'globex' }] }, 'test config');
}

export const workableFixtures = [
  'candidate_created', 'candidate_moved', 'candidate_moved.disqualified', 'candidate_moved.withdrew', 'candidate_moved.hired',
  'candidate_deleted', 'employee_created',
] as const;
export type WorkableFixture = (typeof workableFixtures)[number];

export function fixtureBytes(name: WorkableFixture): Buffer {
  return readFileSync(new URL(`../../../fixtures/workable/${name}.json`, import.meta.url));
}

export function fixtureJson(name: WorkableFixture): any {
  return JSON.parse(fixtureBytes(name).toString('utf8'));
}

/** `X-Workable-Signature: <hex HMAC-SHA256 of the raw body>`. */
export function workableSignature(body: Buffer | string, secret = SECRET): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

export function workableRequest(body: Buffer | object, options: { secret?: string | null; receivedAt?: Date } = {}): WebhookRequest {
  const rawBody = Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.secret !== null) headers['x-workable-signature'] = workableSignature(rawBody, options.secret ?? SECRET);
  return { headers, rawBody, query: {}, receivedAt: options.receivedAt ?? new Date('2026-04-13T17:00:00.000Z') };
}
