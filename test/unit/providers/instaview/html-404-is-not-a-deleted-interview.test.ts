import { describe, expect, it } from 'vitest';
import { createInstaViewProvider } from '#shared/providers/instaview/adapter';
import { rejection } from '../support/fake-http.ts';
import { apiError, clientOn, type Reply } from './fake-fetch.ts';

/**
 * InstaView answers a missing interview with its JSON error (RESOURCE_NOT_FOUND, error-handling
 * page). A 404 HTML page comes from something else (a CDN, a load balancer, a wrong baseUrl):
 * read as "the interview is gone", a rejection cancelled nothing ("already gone") and the
 * candidate was still called. It is not taken as gone: it is a passing failure, retried and, if
 * it persists, parked visibly (DLQ) with InstaView's URL in the reason.
 */

const page: Reply = { status: 404, raw: '<html><head><title>404 Not Found</title></head><body><center><h1>404 Not Found</h1></center><hr><center>nginx</center></body></html>', headers: { 'content-type': 'text/html' } };

describe('InstaView 404', () => {
  it('an HTML page is not "gone": getInterview and deleteInterview throw a retryable error', async () => {
    const { client } = clientOn(() => page, { maxRetries: 0, rateLimiter: null });
    const instaview = createInstaViewProvider({ client });
    expect(await rejection(instaview.getInterview('int_1'))).toMatchObject({ retryable: true, httpStatus: 404 });
    expect(await rejection(instaview.deleteInterview('int_1'))).toMatchObject({ retryable: true, httpStatus: 404 });
  });

  it('InstaView\'s own RESOURCE_NOT_FOUND is gone', async () => {
    const { client } = clientOn(() => apiError(404, 'RESOURCE_NOT_FOUND', 'Interview not found'), { maxRetries: 0, rateLimiter: null });
    const instaview = createInstaViewProvider({ client });
    expect(await instaview.getInterview('int_1')).toBeUndefined();
    expect(await instaview.deleteInterview('int_1')).toBe('not_found');
  });

  it('a bare JSON 404 (NestJS style) is gone too', async () => {
    const { client } = clientOn(() => ({ status: 404, body: { statusCode: 404, message: 'Interview not found', error: 'Not Found' } }), { maxRetries: 0, rateLimiter: null });
    expect(await createInstaViewProvider({ client }).getInterview('int_1')).toBeUndefined();
  });
});
