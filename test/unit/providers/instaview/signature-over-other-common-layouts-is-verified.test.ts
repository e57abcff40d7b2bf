import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SignatureError } from '#shared/domain/errors';
import { verifyInstaViewWebhookSignature } from '#shared/providers/instaview/webhook-events';

/**
 * InstaView documents neither its signature header nor what it signs. A signature the bridge
 * reads but computes over other bytes than InstaView did is refused 401, which would refuse
 * every delivery and open InstaView's circuit. So the other common layouts are tried too:
 * `<ts><body>` (no dot), `<ts>.<body>` with the body's own `timestamp` (as its raw text) when
 * no timestamp header is sent, and `<deliveryId>.<body>`. Each HMAC here is computed on its
 * own, with the secret as text, the way a sender would.
 */
const secret = 'ab'.repeat(32);
const hmac = (bytes: string, key = secret) => createHmac('sha256', key).update(bytes, 'utf8').digest('hex');
const header = (bytes: string, key?: string) => ({ 'x-instaview-signature': `sha256=${hmac(bytes, key)}` });
const verify = (headers: Record<string, string>, body: string, key = secret) => verifyInstaViewWebhookSignature(headers, Buffer.from(body, 'utf8'), key);

const isoBody = '{"event":"ANALYSIS_COMPLETED","timestamp":"2026-03-02T09:15:00.000Z","deliveryId":"dlv_7","data":{"interviewId":"iv_1","timestamp":"other"}}';
// A number JSON.parse would rewrite ("1772442900.500" → 1772442900.5): the raw text is what was signed.
const numericBody = '{ "event" : "ANALYSIS_COMPLETED", "timestamp" : 1772442900.500, "deliveryId" : 17, "data" : { "interviewId" : "iv_1" } }';

describe('InstaView body signature in the other common layouts', () => {
  it('<ts><body> (no dot) with the timestamp header, seconds or milliseconds as sent', () => {
    expect(verify({ 'x-instaview-timestamp': '1772442900', ...header(`1772442900${isoBody}`) }, isoBody)).toBe('verified');
    expect(verify({ 'x-instaview-timestamp': '1772442900000', ...header(`1772442900000${isoBody}`) }, isoBody)).toBe('verified');
  });

  it('<ts>.<body> with the header timestamp in milliseconds as sent', () => {
    expect(verify({ 'x-webhook-timestamp': '1772442900000', ...header(`1772442900000.${isoBody}`) }, isoBody)).toBe('verified');
  });

  it('the header timestamp is used only as given: one signed over its other unit (seconds for milliseconds) is refused', () => {
    expect(() => verify({ 'x-instaview-timestamp': '1772442900000', ...header(`1772442900.${isoBody}`) }, isoBody)).toThrow(SignatureError);
    expect(() => verify({ 'x-instaview-timestamp': '1772442900', ...header(`1772442900000.${isoBody}`) }, isoBody)).toThrow(SignatureError);
  });

  it('<ts>.<body> with the body\'s own timestamp text when no timestamp header is sent (ISO text)', () => {
    expect(verify(header(`2026-03-02T09:15:00.000Z.${isoBody}`), isoBody)).toBe('verified');
  });

  it('<ts>.<body> with the body\'s own timestamp exactly as written (a number JSON.parse would rewrite)', () => {
    expect(verify(header(`1772442900.500.${numericBody}`), numericBody)).toBe('verified');
    expect(() => verify(header(`1772442900.5.${numericBody}`), numericBody)).toThrow(SignatureError);
  });

  it('the body\'s timestamp is the top-level one, and is not guessed when a timestamp header is sent', () => {
    expect(() => verify(header(`other.${isoBody}`), isoBody)).toThrow(SignatureError);
    expect(() => verify({ 'x-instaview-timestamp': '1772442900', ...header(`2026-03-02T09:15:00.000Z.${isoBody}`) }, isoBody)).toThrow(SignatureError);
  });

  it('<deliveryId>.<body> with the body\'s deliveryId (text or a number as written)', () => {
    expect(verify(header(`dlv_7.${isoBody}`), isoBody)).toBe('verified');
    expect(verify(header(`17.${numericBody}`), numericBody)).toBe('verified');
  });

  it.each([
    ['<ts><body>', { 'x-instaview-timestamp': '1772442900' }, `1772442900${isoBody}`],
    ['<body ts>.<body>', {}, `2026-03-02T09:15:00.000Z.${isoBody}`],
    ['<deliveryId>.<body>', {}, `dlv_7.${isoBody}`],
  ])('a signature in the %s layout made with another secret is still refused', (_, extra, signed) => {
    expect(() => verify({ ...extra, ...header(signed, 'cd'.repeat(32)) }, isoBody)).toThrow(SignatureError);
  });
});
