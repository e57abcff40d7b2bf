import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseConfig } from '#shared/config/load-config';
import type { BridgeConfig } from '#shared/config/schema';
import type { WebhookRequest } from '#shared/ports/ats-source';

export const TENANT = 'acme';
export const SECRET = 'generic-test-secret';
export const NOW = new Date('2026-04-13T17:00:00.000Z');

export function ingressConfig(sources: Record<string, unknown> = {}): BridgeConfig {
  return parseConfig({ maxWebhookBytes: 65_536, tenants: [{ id: TENANT, sources }, { id: 'globex' }] }, 'test config');
}

export const genericFixtures = ['stage_changed', 'created', 'rejected', 'deleted', 'ping'] as const;
export type GenericFixture = (typeof genericFixtures)[number];

export function fixtureBytes(name: GenericFixture): Buffer {
  return readFileSync(new URL(`../../../fixtures/generic/${name}.json`, import.meta.url));
}

export function fixtureJson(name: GenericFixture): any {
  return JSON.parse(fixtureBytes(name).toString('utf8'));
}

/** What a sender computes: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>. */
export function bridgeSignature(timestamp: string | number, body: Buffer | string, secret = SECRET): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex')}`;
}

/** A request signed at `signedAt` (default: NOW), received at NOW. */
export function genericRequest(body: Buffer | object, options: { signedAt?: Date; secret?: string; headers?: Record<string, string>; receivedAt?: Date } = {}): WebhookRequest {
  const rawBody = Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
  const timestamp = String(Math.floor((options.signedAt ?? NOW).getTime() / 1000));
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-bridge-timestamp': timestamp,
    'x-bridge-signature': bridgeSignature(timestamp, rawBody, options.secret ?? SECRET),
    ...options.headers,
  };
  return { headers, rawBody, query: {}, receivedAt: options.receivedAt ?? NOW };
}
