import { describe, expect, it } from 'vitest';
import { createInstaViewProvider } from '#shared/providers/instaview/adapter';
import { clientOn, envelope } from './fake-fetch.ts';

/**
 * A 2xx HTML page is something in between, not InstaView's answer (html-page-answered-2xx…).
 * But the Content-Type label alone does not make a page: servers and gateways label JSON
 * "text/html" (a framework's default), and an empty 204 may carry the label too. Such an answer
 * is InstaView's own: its JSON was read as a page, so a delete that happened was retried into
 * the DLQ (the rejection's cancel never completed), and a created interview's answer was
 * thrown away as uncertain.
 */
const html = { 'content-type': 'text/html; charset=utf-8' };

describe('an InstaView 2xx whose body is JSON but labelled text/html', () => {
  it('delete: done', async () => {
    const { client } = clientOn(() => ({ ...envelope(true), headers: html }), { maxRetries: 0, rateLimiter: null });
    await expect(createInstaViewProvider({ client }).deleteInterview('int_1')).resolves.toBe('deleted');
  });

  it('delete answered 204 with the label and no body: done', async () => {
    const { client } = clientOn(() => ({ status: 204, headers: html }), { maxRetries: 0, rateLimiter: null });
    await expect(createInstaViewProvider({ client }).deleteInterview('int_1')).resolves.toBe('deleted');
  });

  it('a read: the interview is read', async () => {
    const { client } = clientOn(() => ({ ...envelope({ id: 'int_1', status: 'SCHEDULED', callAttempts: [] }), headers: html }), { maxRetries: 0, rateLimiter: null });
    await expect(createInstaViewProvider({ client }).getInterview('int_1')).resolves.toMatchObject({ id: 'int_1', status: 'SCHEDULED' });
  });
});
