import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '#shared/ports/clock';
import { startAtsSandbox } from '../../../infra/local/sandboxes/ats/index.ts';
import { startDrvnSandbox } from '../../../infra/local/sandboxes/drvn/index.ts';
import { startInstaViewSandbox } from '../../../infra/local/sandboxes/instaview/index.ts';
import { startXobinSandbox } from '../../../infra/local/sandboxes/xobin/index.ts';

/**
 * The sandboxes' /__sandbox/ routes seed and return candidates and inject faults. Like the
 * local stack's admin routes, they must refuse what only a web page in the developer's browser
 * sends: a cross-site Origin, or a Host that is not this machine (DNS rebinding). Plain
 * callers (curl, the bridge, the tests) keep working.
 */

interface Running { name: string; port: number; stop(): Promise<void> }
const running: Running[] = [];
const portOf = (url: string) => Number(new URL(url).port);

beforeAll(async () => {
  const clock = systemClock;
  const ats = await startAtsSandbox('greenhouse', { clock });
  running.push({ name: 'greenhouse stand-in', port: portOf(ats.url), stop: () => ats.stop() });
  const instaview = await startInstaViewSandbox({ clock, keys: [{ apiKey: 'k', companyId: 'c' }], tickMs: 0 });
  running.push({ name: 'instaview', port: portOf(instaview.url), stop: () => instaview.stop() });
  const xobin = await startXobinSandbox({ clock, keys: [{ apiKey: 'k' }] });
  running.push({ name: 'xobin', port: portOf(xobin.url), stop: () => xobin.stop() });
  const drvn = await startDrvnSandbox({ clock, users: [{ jwt: 'j', userId: 1, role: 'interviewer' }] });
  running.push({ name: 'drvn', port: portOf(drvn.url), stop: () => drvn.stop() });
});

afterAll(async () => { await Promise.all(running.map((r) => r.stop())); });

function get(port: number, path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method: 'GET', path, headers }, (res) => { res.resume(); res.on('end', () => resolve(res.statusCode ?? 0)); });
    req.on('error', reject);
    req.end();
  });
}

describe('sandbox admin routes', () => {
  it('answer a plain local caller', async () => {
    for (const r of running) expect(await get(r.port, '/__sandbox/state', { host: `127.0.0.1:${r.port}` }), r.name).not.toBe(403);
  });

  it('refuse a cross-site page and a DNS-rebound host', async () => {
    for (const r of running) {
      expect(await get(r.port, '/__sandbox/state', { host: `127.0.0.1:${r.port}`, origin: 'https://evil.example' }), r.name).toBe(403);
      expect(await get(r.port, '/__sandbox/state', { host: `evil.example:${r.port}` }), r.name).toBe(403);
    }
  });
});
