import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseConfig } from '#shared/config/load-config';
import type { BridgeConfig } from '#shared/config/schema';
import type { WebhookRequest } from '#shared/ports/ats-source';

export const TENANT = 'acme';
export const SECRET = 'merge-test-signature-key';
export const LINKED_ACCOUNT = '0496d4c2-42e6-4072-80b3-7b69bfdc76fd';

export function ingressConfig(sources: Record<string, unknown> = {}): BridgeConfig {
  return parseConfig({ maxWebhookBytes: 65_536, tenants: [{ id: TENANT, sources }, { id: 'globex' }] }, 'test config');
}

export const mergeFixtures = [
  'Application.added', 'Application.changed', 'Application.changed.rejected', 'Application.removed', 'Candidate.removed', 'LinkedAccount.synced',
] as const;
export type MergeFixture = (typeof mergeFixtures)[number];

export function fixtureBytes(name: MergeFixture): Buffer {
  return readFileSync(new URL(`../../../fixtures/merge/${name}.json`, import.meta.url));
}

export function fixtureJson(name: MergeFixture): any {
  return JSON.parse(fixtureBytes(name).toString('utf8'));
}

/** base64url(HMAC-SHA256(key, raw body)) with "=" padding, as Merge's sample code computes it. */
export function mergeSignature(body: Buffer | string, secret = SECRET): string {
  const digest = createHmac('sha256', secret).update(body).digest();
  return digest.toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
}

export function mergeRequest(body: Buffer | object, options: { signature?: string | null; receivedAt?: Date } = {}): WebhookRequest {
  const rawBody = Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.signature !== null) headers['x-merge-webhook-signature'] = options.signature ?? mergeSignature(rawBody);
  return { headers, rawBody, query: {}, receivedAt: options.receivedAt ?? new Date('2026-04-13T17:00:00.000Z') };
}
