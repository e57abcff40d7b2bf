import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import { MalformedPayloadError, SignatureError } from '#shared/domain/errors';
import type { ProviderEventKind } from '#shared/domain/messages';

/**
 * InstaView's webhook events. The docs spell the event three ways: dotted
 * (`interview.completed`, older page), UPPER_SNAKE (`INTERVIEW_COMPLETED`, newer page)
 * and as a number 0–5 in the order below (the older page's enum). All three are read.
 */
export const INSTAVIEW_WEBHOOK_EVENTS = [
  'analysis.completed',
  'analysis.failed',
  'ping',
  'interview.completed',
  'interview.failed',
  'interview.started',
] as const;
export type InstaViewWebhookEvent = (typeof INSTAVIEW_WEBHOOK_EVENTS)[number];

/** The custom header the bridge asks InstaView to send with every delivery (registered with the webhook). */
export const WEBHOOK_TOKEN_HEADER = 'X-Bridge-Webhook-Token';

export interface InstaViewWebhookNotice {
  kind: ProviderEventKind | 'ping' | 'ignored';
  /** The event as InstaView spelled it (kept for 'ignored' diagnostics). */
  event: string;
  deliveryId: string;
  occurredAt: string;
  interviewId?: string;
  callAttemptId?: string;
  candidateId?: string;
  status?: string;
  reason?: string;
}

/** Dotted, UPPER_SNAKE or numeric → dotted; undefined when it is not one of the six. */
export function normalizeInstaViewEvent(event: string | number): InstaViewWebhookEvent | undefined {
  if (typeof event === 'number') return Number.isInteger(event) ? INSTAVIEW_WEBHOOK_EVENTS[event] : undefined;
  if (/^\d+$/.test(event.trim())) return INSTAVIEW_WEBHOOK_EVENTS[Number(event)];
  const dotted = event.trim().toLowerCase().replace(/_/g, '.');
  return (INSTAVIEW_WEBHOOK_EVENTS as readonly string[]).includes(dotted) ? (dotted as InstaViewWebhookEvent) : undefined;
}

const text = z.union([z.string(), z.number()]).nullish().transform((v) => (v === null || v === undefined || v === '' ? undefined : String(v)));

const payloadSchema = z.looseObject({
  event: z.union([z.string().min(1), z.number()]),
  timestamp: z.union([z.string().min(1), z.number()]),
  deliveryId: z.union([z.string().min(1), z.number()]).transform(String),
  data: z.looseObject({
    interviewId: text,
    callAttemptId: text,
    candidateId: text,
    status: text,
    reasonCode: text,
    reason: text,
    error: z.union([z.string(), z.looseObject({ message: z.string().optional(), code: z.string().optional() })]).nullish(),
  }).nullish(),
});

export function parseInstaViewWebhook(body: unknown): InstaViewWebhookNotice {
  const parsed = payloadSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new MalformedPayloadError(issue?.path.map(String).join('.') || 'body', issue?.message ?? 'not an InstaView webhook');
  }
  const { event, timestamp, deliveryId } = parsed.data;
  const data = parsed.data.data ?? { interviewId: undefined, callAttemptId: undefined, candidateId: undefined, status: undefined, reasonCode: undefined, reason: undefined, error: undefined };
  if (typeof event === 'number' && !Number.isInteger(event)) throw new MalformedPayloadError('event', 'not an event number');
  const occurredAt = toIso(timestamp);
  const normalized = normalizeInstaViewEvent(event);
  const base = { event: String(event), deliveryId, occurredAt };

  // SOURCING_* / ENRICH_* and anything newer: acknowledged, not acted on.
  if (normalized === undefined) return { ...base, kind: 'ignored' };
  if (normalized === 'ping') return { ...base, kind: 'ping' };
  if (!data.interviewId) throw new MalformedPayloadError('data.interviewId', `required for ${normalized}`);

  const error = data.error;
  // A code (NO_ANSWER) is more useful to the bridge than a sentence; take the most specific.
  const reason = data.reasonCode ?? (typeof error === 'string' ? error : error?.code ?? error?.message) ?? data.reason;
  return {
    ...base,
    kind: normalized,
    interviewId: data.interviewId,
    callAttemptId: data.callAttemptId,
    candidateId: data.candidateId,
    status: data.status,
    reason: reason || undefined,
  };
}

function toIso(timestamp: string | number): string {
  const ms = typeof timestamp === 'number' ? (timestamp < 1e12 ? timestamp * 1000 : timestamp) : Date.parse(timestamp);
  if (Number.isNaN(ms)) throw new MalformedPayloadError('timestamp', 'not a date-time');
  return new Date(ms).toISOString();
}

/**
 * InstaView documents no signature header, so deliveries are authenticated by a secret
 * custom header the bridge registered with the webhook. Both sides are HMAC'd with a
 * per-process key before the constant-time compare: equal lengths always, so neither
 * the token's length nor its content leaks through timing.
 */
const compareKey = randomBytes(32);

export function verifyInstaViewWebhookToken(headers: Record<string, string | string[] | undefined>, expectedToken: string): void {
  const wanted = WEBHOOK_TOKEN_HEADER.toLowerCase();
  const entry = Object.entries(headers).find(([name]) => name.toLowerCase() === wanted)?.[1];
  const received = Array.isArray(entry) ? entry[0] : entry;
  if (!received) throw new SignatureError(`missing ${WEBHOOK_TOKEN_HEADER} header`);
  if (!expectedToken) throw new SignatureError('no webhook token configured');
  const digest = (value: string) => createHmac('sha256', compareKey).update(value, 'utf8').digest();
  if (!timingSafeEqual(digest(received), digest(expectedToken))) throw new SignatureError(`${WEBHOOK_TOKEN_HEADER} does not match`);
}

/**
 * Headers that may carry InstaView's body signature. InstaView returns a signingSecret
 * when a webhook is created but documents neither the header nor the format; these are
 * the plausible names (the sandbox sends the first). Lower case; one list to change.
 */
export const INSTAVIEW_SIGNATURE_HEADERS = ['x-instaview-signature', 'x-instaview-signature-256', 'x-webhook-signature', 'x-signature', 'x-hub-signature-256'] as const;

/**
 * HMAC-SHA256 of the raw body with the webhook's signingSecret, hex, with or without a
 * `sha256=` prefix. Any of the listed headers may carry it; one valid value is enough.
 */
export function verifyInstaViewWebhookSignature(headers: Record<string, string | string[] | undefined>, rawBody: Buffer | string, signingSecret: string): void {
  if (!signingSecret) throw new SignatureError('no signing secret configured');
  const lower = new Map(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  const received = INSTAVIEW_SIGNATURE_HEADERS.flatMap((name) => [lower.get(name) ?? []].flat()).filter((v) => v.length > 0);
  if (received.length === 0) throw new SignatureError(`missing signature header (${INSTAVIEW_SIGNATURE_HEADERS.join(', ')})`);
  const expected = createHmac('sha256', signingSecret).update(rawBody).digest();
  const matches = received.some((value) => {
    const hex = value.trim().replace(/^sha256=/i, '');
    if (!/^[0-9a-f]{64}$/i.test(hex)) return false;
    return timingSafeEqual(Buffer.from(hex, 'hex'), expected);
  });
  if (!matches) throw new SignatureError('webhook signature does not match the body');
}
