import { describe, expect, it } from 'vitest';
import { createDrvnProvider } from '#shared/providers/drvn/adapter';
import { createInstaViewProvider } from '#shared/providers/instaview/adapter';
import { clientOn } from './instaview/fake-fetch.ts';
import { drvnClientOn } from './drvn/fake-drvn.ts';
import { rejection, type Reply } from './support/fake-http.ts';

/**
 * The providers answer JSON. A 2xx HTML page comes from something in between (a load
 * balancer's maintenance page, a captive proxy), not from the provider, so it says nothing
 * about whether the request was carried out. Requests whose answer the bridge does not read
 * took it as done: a call attempt "asked for" that InstaView never scheduled left the
 * candidate waiting for a call that never came. It is a passing failure: the request is sent
 * again (all of these are safe to repeat).
 */

const page: Reply = { status: 200, raw: '<!DOCTYPE html><html><body>Maintenance</body></html>', headers: { 'content-type': 'text/html; charset=utf-8' } };

describe('a 2xx HTML page to a request whose answer is not read', () => {
  it('InstaView call attempt: retryable, not taken as asked for', async () => {
    const { client } = clientOn(() => page, { maxRetries: 0, rateLimiter: null });
    const error = await rejection(createInstaViewProvider({ client }).requestCallAttempt('int_1', '2026-03-03T09:30:00+01:00'));
    expect(error).toMatchObject({ retryable: true });
  });

  it('InstaView interview delete: retryable, not taken as deleted', async () => {
    const { client } = clientOn(() => page, { maxRetries: 0, rateLimiter: null });
    expect(await rejection(createInstaViewProvider({ client }).deleteInterview('int_1'))).toMatchObject({ retryable: true });
  });

  it('the same request answered with JSON (or nothing) is done', async () => {
    const { client } = clientOn(() => ({ status: 200, body: { success: true, message: 'Call attempt scheduled' } }), { maxRetries: 0, rateLimiter: null });
    await expect(createInstaViewProvider({ client }).requestCallAttempt('int_1')).resolves.toBeUndefined();
    const empty = clientOn(() => ({ status: 204 }), { maxRetries: 0, rateLimiter: null });
    await expect(createInstaViewProvider({ client: empty.client }).deleteInterview('int_1')).resolves.toBe('deleted');
  });

  it('DRVN accept (its answer read after a create): a page is retryable', async () => {
    const { client } = drvnClientOn(() => page, { maxRetries: 0 });
    expect(await rejection(createDrvnProvider({ client }).acceptInterview('42'))).toMatchObject({ retryable: true });
  });
});
