import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { WebhookRequest } from '#shared/ports/ats-source';

/** Greenhouse web hook fixtures as raw bytes, and requests signed the way Greenhouse signs them. */

export const greenhouseFixtures = [
  'application_updated',
  'candidate_anonymized',
  'candidate_stage_change',
  'delete_application',
  'delete_candidate',
  'hire_candidate',
  'merge_candidate',
  'new_candidate_application',
  'ping',
  'reject_candidate',
  'reject_candidate.withdrawn',
  'unreject_candidate',
] as const;
export type GreenhouseFixture = (typeof greenhouseFixtures)[number];

export function fixtureBytes(name: GreenhouseFixture): Buffer {
  return readFileSync(new URL(`../fixtures/greenhouse/${name}.json`, import.meta.url));
}

export function fixtureJson(name: GreenhouseFixture): any {
  return JSON.parse(fixtureBytes(name).toString('utf8'));
}

/** `Signature: sha256 <hex>` over exactly these bytes. */
export function greenhouseSignature(body: Buffer | string, secret: string): string {
  return `sha256 ${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export interface GreenhouseRequestOptions {
  secret?: string;
  /** Greenhouse-Event-ID; null leaves the header out. */
  eventId?: string | null;
  headers?: Record<string, string>;
  receivedAt?: Date;
}

/** A request as the HTTP adapter hands it over: raw bytes, lower-cased headers, signed unless told otherwise. */
export function greenhouseRequest(body: Buffer | string | object, options: GreenhouseRequestOptions = {}): WebhookRequest {
  const rawBody = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.secret !== undefined) headers['signature'] = greenhouseSignature(rawBody, options.secret);
  if (options.eventId !== null) headers['greenhouse-event-id'] = options.eventId ?? 'a1b2c3d4-0000-4000-8000-000000000001';
  return { headers: { ...headers, ...options.headers }, rawBody, query: {}, receivedAt: options.receivedAt ?? new Date('2026-04-13T17:00:00.000Z') };
}
