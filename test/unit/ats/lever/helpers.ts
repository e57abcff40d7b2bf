import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { WebhookRequest } from '#shared/ports/ats-source';
import { parseConfig } from '#shared/config/load-config';
import type { BridgeConfig } from '#shared/config/schema';

export const TENANT = 'acme';
export const OTHER_TENANT = 'globex';

/** Two tenants; the first with these `sources` settings (defaults apply to what is left out). */
export function ingressConfig(sources: Record<string, unknown> = {}): BridgeConfig {
  return parseConfig({ maxWebhookBytes: 65_536, tenants: [{ id: TENANT, sources }, { id: OTHER_TENANT }] }, 'test config');
}

/** Lever fixtures are signed with this signature token (see test/fixtures/lever/SOURCES.md). */
export const LEVER_TOKEN = 'lever-test-signature-token';

export const leverFixtures = [
  'applicationCreated', 'candidateStageChange', 'candidateArchiveChange', 'candidateArchiveChange.unarchived',
  'candidateHired', 'candidateDeleted', 'interviewCreated',
] as const;
export type LeverFixture = (typeof leverFixtures)[number];

export function fixtureBytes(name: LeverFixture): Buffer {
  return readFileSync(new URL(`../../../fixtures/lever/${name}.json`, import.meta.url));
}

export function fixtureJson(name: LeverFixture): any {
  return JSON.parse(fixtureBytes(name).toString('utf8'));
}

/** hex HMAC-SHA256(key = signature token, message = token + triggeredAt), as Lever signs. */
export function leverSignature(token: string, triggeredAt: number | string, key = LEVER_TOKEN): string {
  return createHmac('sha256', key).update(`${token}${triggeredAt}`).digest('hex');
}

/** A body re-signed after a change (token, triggeredAt), as Lever would have sent it. */
export function resigned(body: any, key = LEVER_TOKEN): any {
  return { ...body, signature: leverSignature(body.token, body.triggeredAt, key) };
}

/** The time a fixture arrives: one second after Lever triggered it. */
export function arrivalOf(body: { triggeredAt: number }): Date {
  return new Date(body.triggeredAt + 1000);
}

export function leverRequest(body: Buffer | object, receivedAt = new Date('2026-04-13T17:00:00.000Z')): WebhookRequest {
  const rawBody = Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
  return { headers: { 'content-type': 'application/json' }, rawBody, query: {}, receivedAt };
}
