import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalHttpServer } from '../../../infra/local/local-http-server.ts';

/**
 * The local HTTP server plays API Gateway in front of the real handlers. A path the server
 * cannot decode is the caller's mistake (400, saying which part), not the bridge's (a 5xx makes
 * a sender retry the same bad URL for hours). And when a handler fails, the answer says so
 * without the error's text, as API Gateway does: a message can quote a payload, a secret's name
 * or an internal detail.
 */

let server: Awaited<ReturnType<typeof startLocalHttpServer>>;
const invoked: string[] = [];

beforeAll(async () => {
  server = await startLocalHttpServer({
    port: 0,
    atsWebhook: async (event) => {
      invoked.push(event.pathParameters?.tenantId ?? '');
      if (event.pathParameters?.tenantId === 'crash') throw new Error('secret ats-interview-bridge/tenants/crash: candidate ada@example.com +1 604 555 0199');
      return { statusCode: 200, body: '{"status":"accepted"}' };
    },
    providerWebhook: async () => ({ statusCode: 202, body: '{}' }),
    admin: {},
  });
});

afterAll(() => server.close());

describe('local HTTP server: bad paths and failing handlers', () => {
  it('answers a path with a malformed %-escape 400, naming the path, and invokes no handler', async () => {
    const before = invoked.length;
    const answer = await fetch(`${server.url}/webhooks/ats/greenhouse/%E0%A4%A`, { method: 'POST', body: '{}' });
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({ error: 'MalformedPath' });
    expect(invoked.length).toBe(before);
  });

  it('still decodes well-formed escapes in path parameters', async () => {
    const answer = await fetch(`${server.url}/webhooks/ats/greenhouse/ac%6De`, { method: 'POST', body: '{}' });
    expect(answer.status).toBe(200);
    expect(invoked.at(-1)).toBe('acme');
  });

  it('answers a handler failure 500 without echoing the error message', async () => {
    const answer = await fetch(`${server.url}/webhooks/ats/greenhouse/crash`, { method: 'POST', body: '{}' });
    expect(answer.status).toBe(500);
    const text = await answer.text();
    expect(text).not.toContain('ada@example.com');
    expect(text).not.toContain('604');
    expect(text).not.toContain('tenants/crash');
    expect(JSON.parse(text)).toEqual({ message: 'Internal Server Error' });
  });
});
