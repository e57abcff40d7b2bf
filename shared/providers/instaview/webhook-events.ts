import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import { MalformedPayloadError, SignatureError } from '#shared/domain/errors';
import { parsePayload } from '#shared/ats/parse-payload';
import type { ParsedIgnored, ParsedPing, ParsedProviderEvent } from '#shared/ports/provider-webhook-source';
import { EPOCH_DIGITS, lenientObject, lenientText } from '../lenient-fields.ts';
import { rawJsonMembers } from './raw-json-members.ts';

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

/** The port's notices, with the event always kept as InstaView spelled it (for 'ignored' diagnostics). */
export type InstaViewPing = ParsedPing & { event: string };
export type InstaViewIgnored = ParsedIgnored & { event: string };
export type InstaViewEventNotice = ParsedProviderEvent & { event: string };
export type InstaViewWebhookNotice = InstaViewEventNotice | InstaViewIgnored | InstaViewPing;

/** Dotted, UPPER_SNAKE or numeric → dotted; undefined when it is not one of the six. */
export function normalizeInstaViewEvent(event: string | number): InstaViewWebhookEvent | undefined {
  if (typeof event === 'number') return Number.isInteger(event) ? INSTAVIEW_WEBHOOK_EVENTS[event] : undefined;
  if (/^\d+$/.test(event.trim())) return INSTAVIEW_WEBHOOK_EVENTS[Number(event)];
  const dotted = event.trim().toLowerCase().replace(/_/g, '.');
  return (INSTAVIEW_WEBHOOK_EVENTS as readonly string[]).includes(dotted) ? (dotted as InstaViewWebhookEvent) : undefined;
}

/** An optional field: text or a number, else absent (an odd value must not refuse the delivery). */
const text = lenientText.transform((v) => (v === '' ? undefined : v));

const eventSchema = z.looseObject({ event: z.union([z.string().min(1), z.number()]) });

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
    error: z.unknown().optional().transform((v) => (typeof v === 'string' ? v : lenientObject(z.looseObject({ message: text, code: text })).parse(v))),
  }).nullish(),
});

/**
 * Reads a delivery. Every event the bridge enqueues requires `deliveryId`, the key its FIFO
 * deduplication uses (a redelivery must not act twice), and `timestamp`, which orders it against
 * the ATS's events. A ping and an event type the bridge ignores (SOURCING_*, ENRICH_*, anything
 * newer) are answered 200 and never enqueued, so they need neither: anything they lack or send
 * oddly is left out rather than refused (a 4xx counts towards InstaView's circuit breaker for
 * the endpoint, which would then stop the interview events too; a failed ping also marks
 * InstaView's webhook test failed).
 */
export function parseInstaViewWebhook(body: unknown): InstaViewWebhookNotice {
  // The field and why in plain words ("timestamp: required"), as for the ATS webhooks.
  if (!isObject(body)) throw new MalformedPayloadError('body', 'not an InstaView webhook');
  const { event } = parsePayload(eventSchema, body);
  if (typeof event === 'number' && !Number.isInteger(event)) throw new MalformedPayloadError('event', 'not an event number');
  const normalized = normalizeInstaViewEvent(event);
  if (normalized === 'ping') return { kind: 'ping', ...readableDelivery(String(event), body) };
  // SOURCING_* / ENRICH_* and anything newer: acknowledged, counted and logged, not acted on.
  // Such an event never reaches the queue, so it needs no replay protection (that is the FIFO
  // deduplication of its deliveryId, for enqueued events only) nor a time to be ordered by.
  if (normalized === undefined) return { kind: 'ignored', ...readableDelivery(String(event), body) };

  const payload = parsePayload(payloadSchema, body);
  const { timestamp, deliveryId } = payload;
  const data = payload.data ?? { interviewId: undefined, callAttemptId: undefined, candidateId: undefined, status: undefined, reasonCode: undefined, reason: undefined, error: undefined };
  const occurredAt = toIso(timestamp);
  const base = { event: String(event), deliveryId, occurredAt };

  if (!data.interviewId) throw new MalformedPayloadError('data.interviewId', `required for ${normalized}`);

  const error = data.error;
  // Only a code (NO_ANSWER) is a reason: the docs give failed events an error *message*, and
  // a sentence would be misread as "answered but not completed". Without a code the bridge
  // asks the interview's callAttempts, where InstaView documents reasonCode.
  const reason = [data.reasonCode, typeof error === 'string' ? error : error?.code, data.reason].find(isReasonCode);
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

/** The event with what it carries of deliveryId and timestamp, each only when readable (a ping's, an ignored event's). */
function readableDelivery(event: string, body: Record<string, unknown>): { event: string; deliveryId?: string; occurredAt?: string } {
  const deliveryId = z.union([z.string().min(1), z.number()]).transform(String).safeParse(body.deliveryId);
  let occurredAt: string | undefined;
  try {
    occurredAt = typeof body.timestamp === 'string' || typeof body.timestamp === 'number' ? toIso(body.timestamp) : undefined;
  } catch {
    occurredAt = undefined;
  }
  return { event, ...(deliveryId.success ? { deliveryId: deliveryId.data } : {}), ...(occurredAt ? { occurredAt } : {}) };
}

function isReasonCode(value: string | undefined): value is string {
  return !!value && /^[A-Z][A-Z0-9_]{1,63}$/.test(value.trim());
}

function toIso(timestamp: string | number): string {
  // Epoch digits sent as text are the same epoch; other digits alone are no time ("20261126"
  // would be a day in 1970, and Date.parse reads "7" as 2001).
  if (typeof timestamp === 'string' && /^\s*\d+\s*$/.test(timestamp) && !EPOCH_DIGITS.test(timestamp)) throw new MalformedPayloadError('timestamp', 'not a date-time');
  const epoch = typeof timestamp === 'number' ? timestamp : EPOCH_DIGITS.test(timestamp) ? Number(timestamp) : undefined;
  const ms = epoch !== undefined ? (epoch < 1e12 ? epoch * 1000 : epoch) : Date.parse(timestamp as string);
  // A number beyond the range of a Date (±8.64e15 ms) is NaN only once it is a Date; toISOString
  // would throw a RangeError (a 500) instead of this 400.
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) throw new MalformedPayloadError('timestamp', 'not a date-time');
  return date.toISOString();
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
 * Where InstaView's body signature may be: InstaView returns a signingSecret (64 hex) when a
 * webhook is created but documents neither the header nor the format. So every header whose
 * name contains "signature" is read (the sandbox sends x-instaview-signature), in the usual
 * layouts: `sha256=<hex>`, bare hex or base64 of HMAC-SHA256 over the body or one of the
 * usual prefixes of it (bodyPrefixes), `t=<ts>,v1=<hex>` over `<ts>.<body>`, and
 * Svix's `v1,<base64>` over `<webhook-id>.<webhook-timestamp>.<body>`; keyed by the secret as
 * text or, being hex, as its bytes.
 */
export const INSTAVIEW_SIGNATURE_HEADERS = ['x-instaview-signature', 'x-instaview-signature-256', 'x-webhook-signature', 'x-signature', 'x-hub-signature-256', 'webhook-signature'] as const;

export type SignatureCheck = 'verified' | 'absent' | 'unreadable';

type Headers = Record<string, string | string[] | undefined>;

/**
 * Verifies the body's HMAC with the webhook's signingSecret. A signature the bridge can read
 * and that does not match is refused. A delivery with no signature header ('absent'), or with
 * one in a layout none of the guesses reads ('unreadable'), is not refused: the format is a
 * guess, the token header has already authenticated the sender, and a wrong guess must not
 * turn every delivery into a 401 (InstaView would open its circuit).
 */
export function verifyInstaViewWebhookSignature(headers: Headers, rawBody: Buffer | string, signingSecret: string): SignatureCheck {
  if (!signingSecret) throw new SignatureError('no signing secret configured');
  const received = valuesOf(headers, (name) => name.includes('signature'));
  if (received.length === 0) return 'absent';
  const body = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody;
  const candidates = received.flatMap((value) => candidatesOf(value, body, headers));
  if (candidates.length === 0) return 'unreadable';
  const keys: Buffer[] = [Buffer.from(signingSecret, 'utf8'), ...(/^([0-9a-f]{2})+$/i.test(signingSecret) ? [Buffer.from(signingSecret, 'hex')] : [])];
  const matches = candidates.some(({ digest, signed }) => keys.some((key) => timingSafeEqual(digest, createHmac('sha256', key).update(signed).digest())));
  if (!matches) throw new SignatureError('webhook signature does not match the body');
  return 'verified';
}

function valuesOf(headers: Headers, named: (lowerCaseName: string) => boolean): string[] {
  return Object.entries(headers)
    .filter(([name]) => named(name.toLowerCase()))
    .flatMap(([, value]) => [value ?? []].flat())
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
}

const prefixed = (prefix: string, body: Buffer): Buffer => Buffer.concat([Buffer.from(prefix, 'utf8'), body]);

/** The 32-byte digests a header value may hold, each with the bytes it would be over. */
function candidatesOf(value: string, body: Buffer, headers: Headers): { digest: Buffer; signed: Buffer }[] {
  const stamped = /(?:^|,)\s*t=([^,]+)/.exec(value);
  if (stamped) {
    const signed = prefixed(`${stamped[1]!.trim()}.`, body);
    return [...value.matchAll(/(?:^|,)\s*v1=([^,\s]+)/g)].flatMap((m) => digestOf(m[1]!)).map((digest) => ({ digest, signed }));
  }
  const timestamps = valuesOf(headers, (name) => name.includes('timestamp'));
  const svix = [...value.matchAll(/(?:^|\s)v1,(\S+)/g)].flatMap((m) => digestOf(m[1]!));
  if (svix.length) {
    const ids = valuesOf(headers, (name) => name === 'webhook-id' || name === 'svix-id');
    const signed = ids.flatMap((id) => timestamps.map((ts) => prefixed(`${id}.${ts}.`, body)));
    return svix.flatMap((digest) => signed.map((bytes) => ({ digest, signed: bytes })));
  }
  const digests = digestOf(value.replace(/^sha256=/i, ''));
  if (digests.length === 0) return [];
  const overs = [body, ...bodyPrefixes(body, timestamps).map((prefix) => prefixed(prefix, body))];
  return digests.flatMap((digest) => overs.map((signed) => ({ digest, signed })));
}

/**
 * What a plain digest may be over besides the body alone: `<ts>.<body>` and `<ts><body>` with
 * each timestamp header's value exactly as sent (seconds or milliseconds: never converted, so
 * no value the sender did not send is tried); without such a header, `<ts>.<body>` with the
 * body's own top-level `timestamp` as written; and `<deliveryId>.<body>` with the body's own
 * deliveryId. Each guess is one more HMAC under the same secret, so a forger still needs the
 * secret; what the layouts share is a body InstaView sent, so at most a replay of it (which the
 * FIFO deduplication of its deliveryId absorbs).
 */
function bodyPrefixes(body: Buffer, timestamps: string[]): string[] {
  const own = rawJsonMembers(body.toString('utf8'), ['timestamp', 'deliveryId']);
  const bodyTimestamp = own.get('timestamp');
  const deliveryId = own.get('deliveryId');
  return [
    ...timestamps.flatMap((ts) => [`${ts}.`, ts]),
    ...(timestamps.length === 0 && bodyTimestamp ? [`${bodyTimestamp}.`] : []),
    ...(deliveryId ? [`${deliveryId}.`] : []),
  ];
}

function digestOf(text: string): Buffer[] {
  if (/^[0-9a-f]{64}$/i.test(text)) return [Buffer.from(text, 'hex')];
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(text)) {
    const bytes = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    return bytes.length === 32 ? [bytes] : [];
  }
  return [];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
