import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../cli/main.ts';
import { captureIo } from '../../../cli/support/io.ts';

/**
 * A running local stack whose config the CLI cannot take ended with the hint
 * `check it with: bridge config validate <path>`, the placeholder printed as such: the user had
 * to find out which file the stack was started with. The hint names it now.
 */
const server = createServer((_req, res) => res.end(JSON.stringify({ webhookBase: `${url()}/webhooks` })));
const url = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
beforeAll(() => new Promise<void>((done) => server.listen(0, '127.0.0.1', done)));
afterAll(() => new Promise<void>((done) => server.close(() => done())));

function stackWith(configPath?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'bridge-state-'));
  writeFileSync(join(dir, 'local.json'), JSON.stringify({
    version: 1, pid: process.pid, startedAt: new Date().toISOString(), url: url(), adminUrl: `${url()}/admin`, webhookBase: `${url()}/webhooks`, region: 'local',
    dynamodb: { endpoint: url(), tables: { state: 's', idempotency: 'i' } },
    sqs: { endpoint: url(), eventsUrl: 'e', eventsArn: 'e', dlqUrl: 'd', dlqArn: 'd' },
    ...(configPath ? { configPath } : {}),
    config: { tenants: [{ id: 'demo', defaultTimezone: 'Europe/Atlantis' }] },
  }));
  return dir;
}

describe('a running local stack whose config the CLI refuses', () => {
  it('hints at bridge config validate with the file the stack was started with', async () => {
    const io = captureIo({ env: {} });
    expect(await runCli(['tenants', 'list', '--state-dir', stackWith('config/my-bridge.json')], io)).toBe(1);
    expect(io.err()).toContain('tenants.0.defaultTimezone');
    expect(io.err()).toContain('check it with: bridge config validate config/my-bridge.json');
    expect(io.err()).not.toContain('<path>');
  });

  it('started with a config given in code (no file): no placeholder either', async () => {
    const io = captureIo({ env: {} });
    expect(await runCli(['tenants', 'list', '--state-dir', stackWith()], io)).toBe(1);
    expect(io.err()).not.toContain('<path>');
  });
});
