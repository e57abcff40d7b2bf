import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantSchema } from '#shared/config/schema';
import { systemClock } from '#shared/ports/clock';
import { startInstaViewSandbox, type InstaViewSandbox } from '#infra/local/sandboxes/instaview/index';
import { usage } from '../../../cli/commands/provider.ts';
import { captureIo, runCli } from '../../../cli/main.ts';
import type { Target } from '../../../cli/target.ts';

/**
 * `bridge usage demo` without --from/--to printed minutes and interviews with no period at all:
 * InstaView counts its default period (the last 30 days) then, and an operator reading the
 * figures as "all time" or "this month" bills the wrong amount. The note names the period.
 */
let sandbox: InstaViewSandbox;

beforeAll(async () => {
  sandbox = await startInstaViewSandbox({ clock: systemClock, keys: [{ apiKey: 'sk_demo', companyId: 'company-demo' }], tickMs: 0 });
});
afterAll(async () => { await sandbox?.stop(); });

async function run(...args: string[]) {
  const tenant = tenantSchema.parse({ id: 'demo', providers: { instaview: { baseUrl: sandbox.url } } });
  const target = {
    kind: 'local',
    description: 'test stack',
    tenant: () => tenant,
    secrets: () => ({ forTenant: async () => ({ instaview: { apiKey: 'sk_demo' } }) }),
    webhookUrl: () => 'http://127.0.0.1:3000/webhooks/providers/instaview/demo',
  } as unknown as Target;
  const io = captureIo();
  const code = await runCli(['usage', 'demo', ...args], io, [{ ...usage, run: (ctx) => usage.run({ ...ctx, target: async () => target }) }]);
  return { code, out: io.out(), err: io.err() };
}

describe('bridge usage says which period it counts', () => {
  it('without --from/--to: the provider\'s default period', async () => {
    const { code, err } = await run();
    expect(code).toBe(0);
    expect(err).toMatch(/instaview, the provider's default period \(InstaView: the last 30 days\)/);
  });

  it('with --from only: from that day until now', async () => {
    expect((await run('--from', '2026-11-01')).err).toMatch(/instaview, 2026-11-01 – now/);
  });

  it('with both: as given', async () => {
    expect((await run('--from', '2026-11-01', '--to', '2026-11-30')).err).toMatch(/instaview, 2026-11-01 – 2026-11-30/);
  });
});
