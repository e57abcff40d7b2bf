import { describe, expect, it } from 'vitest';
import { createInstaViewProvider } from '#shared/providers/instaview/adapter';
import { apiError, clientOn, envelope, type FakeRequest, type Reply } from './fake-fetch.ts';
import { rejection } from '../support/fake-http.ts';

/**
 * Creating a client company (ATS partner keys): the api-reference page and the changelog say
 * POST /company, the companies and ATS-integration guides POST /companies. Our sandbox serves
 * both; an InstaView stand-in built from either page serves one. A 404 to a create created
 * nothing, so the other documented path is tried; any other refusal is not.
 */

const notFoundRoute = (req: FakeRequest): Reply => ({ status: 404, body: { statusCode: 404, message: `Cannot ${req.method} ${req.path}`, error: 'Not Found' } });

function instaviewServing(routes: Record<string, (req: FakeRequest) => Reply>, options: { companyId?: string } = {}) {
  const { client, calls } = clientOn((req) => (routes[`${req.method} ${req.path}`] ?? notFoundRoute)(req), { maxRetries: 0, ...options });
  return { instaview: createInstaViewProvider({ client, clock: { now: () => new Date('2026-03-02T08:00:00Z') } }), calls };
}

const created = (req: FakeRequest): Reply => envelope({ id: 'comp_9', name: (req.body as { name: string }).name });

describe('InstaView: a company is created on either documented path', () => {
  it('an InstaView that serves the api-reference path (POST /company)', async () => {
    const { instaview, calls } = instaviewServing({ 'POST /company': created });
    expect(await instaview.createCompany('Client Co', 'owner@client.example')).toMatchObject({ id: 'comp_9', name: 'Client Co' });
    expect(calls.filter((c) => c.method === 'POST' && c.path === '/company').map((c) => c.body)).toEqual([{ name: 'Client Co', ownerEmail: 'owner@client.example' }]);
  });

  it("an InstaView that serves the guides' path (POST /companies)", async () => {
    const { instaview, calls } = instaviewServing({ 'POST /companies': created });
    expect(await instaview.createCompany('Client Co')).toMatchObject({ id: 'comp_9' });
    expect(calls.filter((c) => c.path === '/companies')).toHaveLength(1);
  });

  it('a refusal other than 404 is not sent again on the other path (it may be about the company itself)', async () => {
    const { instaview, calls } = instaviewServing({
      'POST /company': () => apiError(403, 'INSUFFICIENT_PERMISSIONS', 'ATS keys only'),
      'POST /companies': () => apiError(403, 'INSUFFICIENT_PERMISSIONS', 'ATS keys only'),
    });
    expect(await rejection(instaview.createCompany('Client Co'))).toMatchObject({ httpStatus: 403 });
    expect(calls).toHaveLength(1);
  });

  it('404 on both paths names both paths and what each said', async () => {
    const { instaview, calls } = instaviewServing({});
    const error = await rejection(instaview.createCompany('Client Co'));
    expect(error).toMatchObject({ httpStatus: 404 });
    expect(error.message).toContain('Cannot POST /company');
    expect(error.message).toContain('Cannot POST /companies');
    expect(calls.map((c) => c.path).sort()).toEqual(['/companies', '/company']);
  });

  it("a 404 naming a missing resource (the ATS key's companyId) is that reason, not the other path's missing route", async () => {
    const { instaview, calls } = instaviewServing({
      'POST /company': (req) => ({
        status: 404,
        body: {
          success: false,
          error: { code: 'RESOURCE_NOT_FOUND', message: 'Company not found', details: { resourceType: 'Company', resourceId: req.query.get('companyId') } },
          timestamp: '2026-01-01T00:00:00Z',
        },
      }),
    }, { companyId: 'comp_typo' });
    const error = await rejection(instaview.createCompany('Client Co'));
    expect(error).toMatchObject({ httpStatus: 404, code: 'RESOURCE_NOT_FOUND' });
    expect(error.message).toContain('Company not found');
    expect(calls.map((c) => c.path)).toEqual(['/company']);
  });
});
