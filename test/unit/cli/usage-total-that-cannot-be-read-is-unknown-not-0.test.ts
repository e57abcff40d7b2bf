import { afterEach, describe, expect, it, vi } from 'vitest';
import { tenantSchema } from '#shared/config/schema';
import { usage } from '../../../cli/commands/provider.ts';
import { captureIo, runCli } from '../../../cli/main.ts';
import type { Target } from '../../../cli/target.ts';

/**
 * `bridge usage` is read for billing. A company whose total InstaView gave in a form the bridge
 * cannot read (null, "n/a", absent with no breakdown to add up) was shown as 0 used, 0
 * interviews: a wrong figure that looks right. It is shown as unknown (null in --json) instead;
 * a readable 0 stays 0.
 */

const report = {
  companies: [
    { companyId: 'comp_read', companyName: 'Read Co', billingSystem: 'minutes', totalMinutesUsed: 0, totalInterviews: 0, breakdownByCostKey: [] },
    { companyId: 'comp_null', companyName: 'Null Co', billingSystem: 'minutes', totalMinutesUsed: null, totalInterviews: 'n/a', breakdownByCostKey: [] },
    { companyId: 'comp_part', companyName: 'Part Co', billingSystem: 'credits', totalInterviews: 3, breakdownByCostKey: [{ costKey: 'interview_minutes', creditsUsed: 12 }, { costKey: 'other', creditsUsed: 'lots' }] },
    { companyId: 'comp_sum', companyName: 'Sum Co', billingSystem: 'credits', totalInterviews: 2, breakdownByCostKey: [{ costKey: 'interview_minutes', creditsUsed: '7.5' }, { costKey: 'other', creditsUsed: 1 }] },
  ],
};

async function run(...args: string[]) {
  vi.stubGlobal('fetch', async () => new Response(JSON.stringify({ success: true, data: report }), { status: 200, headers: { 'content-type': 'application/json' } }));
  const tenant = tenantSchema.parse({ id: 'demo', providers: { instaview: { baseUrl: 'https://api.instaview.test/v1' } } });
  const target = {
    kind: 'local', description: 'test stack', tenant: () => tenant,
    secrets: () => ({ forTenant: async () => ({ instaview: { apiKey: 'sk_demo' } }) }),
    webhookUrl: () => 'http://127.0.0.1:3000/webhooks/providers/instaview/demo',
  } as unknown as Target;
  const io = captureIo();
  const code = await runCli(['usage', 'demo', ...args], io, [{ ...usage, run: (ctx) => usage.run({ ...ctx, target: async () => target }) }]);
  return { code, out: io.out() };
}

afterEach(() => { vi.unstubAllGlobals(); });

describe('bridge usage with a total that cannot be read', () => {
  it('--json gives null, not 0, for what cannot be read; a readable 0 and a breakdown that adds up stay', async () => {
    const { code, out } = await run('--json');
    expect(code).toBe(0);
    const byId = Object.fromEntries((JSON.parse(out) as { companies: { companyId: string; used: unknown; interviews: unknown }[] }).companies.map((c) => [c.companyId, [c.used, c.interviews]]));
    expect(byId).toEqual({
      comp_read: [0, 0],
      comp_null: [null, null],
      comp_part: [null, 3],
      comp_sum: [8.5, 2],
    });
  });

  it('the table says unknown where it cannot read the figure', async () => {
    const { out } = await run();
    const line = (id: string) => out.split('\n').find((l) => l.startsWith(id)) ?? '';
    expect(line('comp_null')).toMatch(/minutes\s+unknown\s+unknown$/);
    expect(line('comp_part')).toMatch(/credits\s+unknown\s+3$/);
    expect(line('comp_read')).toMatch(/minutes\s+0\s+0$/);
  });
});
