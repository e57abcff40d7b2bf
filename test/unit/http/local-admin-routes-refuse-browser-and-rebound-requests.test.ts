import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalHttpServer } from '../../../infra/local/local-http-server.ts';

/**
 * The local stack's admin routes move the clock (which fires due calls), arm crash faults and
 * return applications' full state, contact details included. Listening on 127.0.0.1 keeps the
 * network out, but not a web page in the developer's own browser: a cross-site POST (a form or
 * a no-cors fetch) carries an Origin header, and a DNS-rebound page reaches 127.0.0.1 under its
 * own host name. Both must be refused before a route runs; curl, the CLI and the tests (no
 * Origin, Host 127.0.0.1 or localhost) keep working.
 */

let server: Awaited<ReturnType<typeof startLocalHttpServer>>;
let port: number;
const moves: unknown[] = [];

beforeAll(async () => {
  const unused = async () => ({ statusCode: 500, body: '' });
  server = await startLocalHttpServer({
    port: 0,
    atsWebhook: unused,
    providerWebhook: unused,
    admin: {
      'POST /admin/clock': async ({ body }) => { moves.push(body); return { body: { moved: true } }; },
      'GET /admin/applications/:tenantId/:applicationId': async ({ params }) => ({ body: { ...params, candidate: { emails: ['ada@example.com'] } } }),
    },
  });
  port = Number(new URL(server.url).port);
});

afterAll(() => server.close());

/** A raw request, so the test controls Host and Origin exactly as a browser would send them. */
function send(method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const clockMove = JSON.stringify({ advanceMinutes: 900 });

describe('local admin routes: only the developer\'s own tools get through', () => {
  it('refuses a cross-site POST from a browser page (Origin of another site) and does not run the route', async () => {
    const before = moves.length;
    const answer = await send('POST', '/admin/clock', { host: `127.0.0.1:${port}`, origin: 'https://evil.example', 'content-type': 'text/plain' }, clockMove);
    expect(answer.status).toBe(403);
    expect(moves.length).toBe(before);
  });

  it('refuses a DNS-rebound request (Host is not a loopback name) and returns no candidate data', async () => {
    const read = await send('GET', '/admin/applications/acme/71234560', { host: `rebind.evil.example:${port}` });
    expect(read.status).toBe(403);
    expect(read.text).not.toContain('ada@example.com');
    const before = moves.length;
    const write = await send('POST', '/admin/clock', { host: `rebind.evil.example:${port}`, 'content-type': 'application/json' }, clockMove);
    expect(write.status).toBe(403);
    expect(moves.length).toBe(before);
  });

  it('still serves curl, the CLI and the tests: Host 127.0.0.1 or localhost, no Origin (or a loopback one)', async () => {
    expect((await send('POST', '/admin/clock', { host: `127.0.0.1:${port}`, 'content-type': 'application/json' }, clockMove)).status).toBe(200);
    expect((await send('POST', '/admin/clock', { host: `localhost:${port}`, 'content-type': 'application/json' }, clockMove)).status).toBe(200);
    expect((await send('POST', '/admin/clock', { host: `127.0.0.1:${port}`, origin: `http://127.0.0.1:${port}`, 'content-type': 'application/json' }, clockMove)).status).toBe(200);
    expect((await send('GET', '/admin/applications/acme/71234560', { host: `[::1]:${port}` })).status).toBe(200);
    const viaFetch = await fetch(`${server.url}/admin/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: clockMove });
    expect(viaFetch.status).toBe(200);
  });
});
