import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import { MalformedPayloadError, SignatureError, WebhookPathSecretUnusableError } from '#shared/domain/errors';
import { parsePayload } from '#shared/ats/parse-payload';
import type { ParsedProviderWebhook } from '#shared/ports/provider-webhook-source';
import { lenientText } from '../lenient-fields.ts';
import { toXobinStatus } from './schemas.ts';
import { webhookPathSecretProblem } from './webhook-path-secret.ts';

/**
 * Xobin's "AI Interview Workflows" webhooks (set up per AI interview in Xobin's
 * dashboard): Start and Submission. Documented payloads carry response_id but not our
 * custom_field_id, no delivery id, no event name and no signature. So:
 * - the event is told by invite_status ("Started" / "Completed"), else by the
 *   Submission-only fields;
 * - interviewId = response_id (recorded at invite time);
 * - deliveryId = a hash of the body (a redelivery of the same body dedupes);
 * - authenticity = a secret last segment of the URL the tenant pasted into Xobin.
 */

/** Submission's completed_date, e.g. "Jul 05, 2025, 4:42:45 AM"; the zone is not documented: GMT assumed. */
export const XOBIN_COMPLETED_DATE = { format: 'MMM dd, yyyy, h:mm:ss a', zone: 'UTC' } as const;

/** An optional field: text or a number, else absent (an odd value must not refuse the delivery). */
const text = lenientText.transform((v) => (v === '' ? undefined : v));

const payloadSchema = z.looseObject({
  response_id: z.union([z.string().min(1), z.number()]).transform(String),
  invite_status: text,
  candidate_id: text,
  ai_interview_id: text,
  completed_date: text,
  candidate_summary: text,
  score: z.unknown().optional(),
});

export type XobinWebhookNotice = ParsedProviderWebhook & { event: string };

export function parseXobinWebhook(body: unknown, now: Date = new Date()): XobinWebhookNotice {
  // The field and why in plain words ("response_id: required"), as for the ATS webhooks.
  if (!isObject(body)) throw new MalformedPayloadError('body', 'not a Xobin AI interview webhook');
  const data = parsePayload(payloadSchema, body);
  const deliveryId = `xobin-${createHash('sha256').update(canonicalJson(body)).digest('hex').slice(0, 40)}`;
  const status = toXobinStatus(data.invite_status);
  // Told by the fields being there, whatever their shape.
  const looksSubmitted = ['completed_date', 'candidate_summary', 'score'].some((field) => (body as Record<string, unknown>)[field] != null);
  const base = {
    deliveryId,
    interviewId: data.response_id,
    ...(data.candidate_id ? { candidateId: data.candidate_id } : {}),
    ...(data.invite_status ? { status: data.invite_status } : {}),
  };
  if (status === 'COMPLETED' || (status === 'UNKNOWN' && looksSubmitted)) {
    return { ...base, event: 'submission', kind: 'analysis.completed', occurredAt: completedAt(data.completed_date) ?? now.toISOString() };
  }
  if (status === 'IN_PROGRESS') return { ...base, event: 'start', kind: 'interview.started', occurredAt: now.toISOString() };
  return { ...base, event: data.invite_status ?? 'unknown', kind: 'ignored', occurredAt: now.toISOString() };
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * The documented format ("Jul 05, 2025, 4:42:45 AM", UTC) read by hand: a date library here
 * would put ~70 KB into the webhook function's bundle for one pattern.
 */
function completedAt(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const m = /^([A-Za-z]{3}) (\d{1,2}), (\d{4}), (\d{1,2}):(\d{2}):(\d{2}) ([AP]M)$/i.exec(value.trim());
  const month = m ? MONTHS.indexOf(m[1]!.toLowerCase()) : -1;
  if (m && month >= 0 && Number(m[4]) >= 1 && Number(m[4]) <= 12) {
    const hour = (Number(m[4]) % 12) + (m[7]!.toUpperCase() === 'PM' ? 12 : 0);
    return new Date(Date.UTC(Number(m[3]), month, Number(m[2]), hour, Number(m[5]), Number(m[6]))).toISOString();
  }
  const iso = Date.parse(value);
  return Number.isNaN(iso) ? undefined : new Date(iso).toISOString();
}

/** Key order does not change the delivery id. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Both sides are HMAC'd with a per-process key before the constant-time compare, so
 * neither the secret's length nor its content leaks through timing.
 */
const compareKey = randomBytes(32);

export function verifyXobinPathToken(pathToken: string | undefined, expected: string | undefined): void {
  if (!expected) throw new SignatureError('xobin webhooks are not configured for this tenant (no webhookPathSecret)');
  // Whatever arrived: no URL Xobin was given can carry this secret, so even a token that happens
  // to match (decoded on the way) is refused, and the answer says what to fix rather than "does
  // not match". Checked here, not in the secrets schema: in AWS that would fail the whole tenant.
  const problem = webhookPathSecretProblem(expected);
  if (problem) throw new WebhookPathSecretUnusableError(`secrets.xobin.webhookPathSecret is ${problem}`);
  if (!pathToken) throw new SignatureError('missing secret path segment in the webhook URL');
  const digest = (value: string) => createHmac('sha256', compareKey).update(value, 'utf8').digest();
  if (!timingSafeEqual(digest(pathToken), digest(expected))) throw new SignatureError('webhook path secret does not match');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
