import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseConfig } from '#shared/config/load-config';
import type { BridgeConfig } from '#shared/config/schema';
import type { WebhookRequest } from '#shared/ports/ats-source';

export const TENANT = 'acme';
export const SECRET = 'ashby-test-secret-token';

export function ingressConfig(sources: Record<string, unknown> = {}): BridgeConfig {
  return parseConfig({ maxWebhookBytes: 65_536, tenants: [{ id: TENANT, sources }, { id: 'globex' }] }, 'test config');
}

export const ashbyFixtures = [
  'applicationSubmit', 'candidateStageChange', 'applicationUpdate.active', 'applicationUpdate.archived', 'applicationUpdate.withdrawn',
  'candidateHire', 'candidateDelete', 'candidateMerge', 'ping', 'interviewScheduleCreate',
] as const;
export type AshbyFixture = (typeof ashbyFixtures)[number];

export function fixtureBytes(name: AshbyFixture): Buffer {
  return readFileSync(new URL(`../../../fixtures/ashby/${name}.json`, import.meta.url));
}

export function fixtureJson(name: AshbyFixture): any {
  return JSON.parse(fixtureBytes(name).toString('utf8'));
}

/** `Ashby-Signature: sha256=<hex>` over exactly these bytes. */
export function ashbySignature(body: Buffer | string, secret = SECRET): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** A request as the HTTP adapter hands it over (lower-cased headers); signed unless `secret` is null. */
export function ashbyRequest(body: Buffer | object, options: { secret?: string | null; headers?: Record<string, string>; receivedAt?: Date } = {}): WebhookRequest {
  const rawBody = Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.secret !== null) headers['ashby-signature'] = ashbySignature(rawBody, options.secret ?? SECRET);
  return { headers: { ...headers, ...options.headers }, rawBody, query: {}, receivedAt: options.receivedAt ?? new Date('2026-04-13T17:00:00.000Z') };
}
