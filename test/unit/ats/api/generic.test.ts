import { describe, expect, it } from 'vitest';
import { GenericApi } from '#shared/ats/generic/api';
import { verifyGenericSignature } from '#shared/ats/generic/verify';
import { completed, everything, fakeFetch, ManualClock, refOf, settings, type Reply } from './support.ts';

const SECRET = 'generic-callback-secret';

function generic(reply: (attempt: number) => Reply = () => ({ status: 200, body: { ok: true } })) {
  const clock = new ManualClock();
  let attempt = 0;
  const fake = fakeFetch(() => reply(++attempt));
  const api = new GenericApi({ callbackUrl: 'https://hr.example.test/hooks/bridge', freshnessSeconds: 300, writeBack: { note: true } }, { webhookSecret: SECRET }, { fetch: fake.fetch, clock, sleep: clock.sleep });
  return { api, calls: fake.calls, clock };
}

const headersOf = (h: Headers) => Object.fromEntries([...h.entries()]);

describe('generic callback write-back', () => {
  it('POSTs the outcome signed like the generic webhooks, verifiable by the bridge\'s own check', async () => {
    const g = generic();
    const receipt = await g.api.writeBack(refOf(), completed(82), everything());
    const [call] = g.calls;
    expect(call!.method).toBe('POST');
    expect(call!.url.toString()).toBe('https://hr.example.test/hooks/bridge');
    expect(call!.headers.get('x-bridge-timestamp')).toBe(String(Math.floor(g.clock.now().getTime() / 1000)));
    expect(() => verifyGenericSignature(Buffer.from(call!.text), headersOf(call!.headers), SECRET, g.clock.now(), 300)).not.toThrow();
    expect(() => verifyGenericSignature(Buffer.from(call!.text), headersOf(call!.headers), 'another-secret', g.clock.now(), 300)).toThrow();
    expect(call!.body).toMatchObject({
      type: 'interview.outcome', tenantId: 'acme', applicationId: '2001', candidateId: '1001', jobIds: ['3001'],
      outcome: { kind: 'completed', result: { score: 82 } },
      note: { subject: 'AI interview (InstaView): completed, score 82' },
      actions: { tag: 'ai-pass', customField: { id: '6001', value: 82 }, moveToStageId: '4002' },
    });
    expect(call!.headers.get('idempotency-key')).toBe((call!.body as { deliveryId: string }).deliveryId);
    expect(receipt).toEqual({ noteId: (call!.body as { deliveryId: string }).deliveryId, tags: ['ai-pass'], customField: '6001', movedToStageId: '4002' });
  });

  it('the same outcome always has the same delivery id; another outcome another one', async () => {
    const g = generic();
    await g.api.writeBack(refOf(), completed(82), settings());
    await g.api.writeBack(refOf(), completed(82), settings());
    await g.api.writeBack(refOf(), { ...completed(82), occurredAt: '2026-09-16T09:30:00Z' }, settings());
    const ids = g.calls.map((c) => c.headers.get('idempotency-key'));
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).not.toBe(ids[0]);
  });

  it('carries the provider report inline (base64) when one is attached; says why when there is none', async () => {
    const g = generic();
    const content = Buffer.from('%PDF-1.4 report');
    const receipt = await g.api.writeBack(refOf(), completed(82), settings(), { load: async () => ({ filename: 'r.pdf', contentType: 'application/pdf', content }) });
    expect(g.calls[0]!.body).toMatchObject({ attachments: [{ filename: 'r.pdf', contentType: 'application/pdf', contentBase64: content.toString('base64') }] });
    expect(receipt.attachmentId).toBeDefined();
    const none = await g.api.writeBack(refOf(), completed(82), settings(), { load: async () => ({ unavailable: 'no report yet' }) });
    expect(g.calls[1]!.body).not.toHaveProperty('attachments');
    expect(none).toMatchObject({ skipped: ['attachment: no report yet'] });
  });

  it('note off: null note and no note id', async () => {
    const g = generic();
    const receipt = await g.api.writeBack(refOf(), completed(82), settings({ note: false }));
    expect(g.calls[0]!.body).toMatchObject({ note: null, actions: {} });
    expect(receipt).toEqual({});
  });

  it('5xx is retried (the idempotency key makes it safe), then a retryable error', async () => {
    const g = generic((n) => (n < 3 ? { status: 502 } : { status: 200 }));
    await g.api.writeBack(refOf(), completed(), settings());
    expect(g.calls).toHaveLength(3);
    const down = generic(() => ({ status: 500 }));
    await expect(down.api.writeBack(refOf(), completed(), settings())).rejects.toMatchObject({ code: 'SERVER_ERROR', retryable: true });
    expect(down.calls).toHaveLength(3);
  });

  it('401 from the receiver (bad signature) is not retryable', async () => {
    const g = generic(() => ({ status: 401, body: { error: 'invalid_signature' } }));
    await expect(g.api.writeBack(refOf(), completed(), settings())).rejects.toMatchObject({ code: 'UNAUTHORIZED', retryable: false });
  });
});
