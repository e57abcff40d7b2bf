import { describe, expect, it } from 'vitest';
import { parseConfig } from '#shared/config/load-config';
import { providerAdminFor } from '../../../cli/adapters/instaview-admin.ts';

/**
 * A Lever + Xobin tenant follows the README and runs `bridge provider webhooks register lv`:
 * the answer was "tenant lv has no providers.instaview in its config" (and with --provider xobin,
 * "cannot be managed from the CLI"), which leaves them without the one thing they need: the URL
 * to paste into Xobin's Workflows tab. DRVN sends no webhooks at all.
 */
const config = parseConfig({
  tenants: [{
    id: 'lv',
    providers: { xobin: { baseUrl: 'https://app.xobin.com/api/v2' } },
    rules: [{ id: 'x', source: 'lever', stage: { name: 'AI Phone Screen' }, provider: 'xobin', xobin: { aiInterviewId: 1 } }],
  }, {
    id: 'ab',
    providers: { drvn: {} },
    rules: [{ id: 'd', source: 'ashby', stage: { name: 'AI Phone Screen' }, provider: 'drvn', drvn: { interviewerId: 17 } }],
  }],
}, 'test');
const urlOf = (provider: string, tenantId: string) => `https://bridge.example.com/webhooks/providers/${provider}/${tenantId}`;
const refusal = (tenant: number, provider: string) => {
  try {
    providerAdminFor(config.tenants[tenant]!, {}, provider, urlOf);
  } catch (error) {
    return error as { message: string; hint?: string };
  }
  throw new Error('not refused');
};

describe('provider commands for a tenant without InstaView', () => {
  it('name the Xobin webhook URL to set in Xobin (path secret as a placeholder, never its value)', () => {
    for (const provider of ['instaview', 'xobin']) {
      const { message, hint } = refusal(0, provider);
      expect(`${message}\n${hint}`).toContain('https://bridge.example.com/webhooks/providers/xobin/lv/<secrets.xobin.webhookPathSecret>');
      expect(`${message}\n${hint}`).toMatch(/Workflows/);
    }
  });

  it('say that DRVN sends no webhooks, so there is nothing to register', () => {
    const { message, hint } = refusal(1, 'instaview');
    expect(`${message}\n${hint}`).toMatch(/DRVN sends no webhooks/);
  });
});
