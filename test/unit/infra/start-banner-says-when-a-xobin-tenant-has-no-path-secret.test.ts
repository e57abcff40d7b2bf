import { describe, expect, it } from 'vitest';
import { parseConfig } from '#shared/config/load-config';
import { webhookBannerLines } from '#infra/local/webhook-banner';

/**
 * `npm start` prints each Xobin tenant's webhook URL with <webhookPathSecret> to fill in. The
 * secret is optional in the config (invites work without it), but without one every Xobin
 * webhook is refused: the banner says so next to the URL rather than offer one that cannot work.
 * (One that is not URL-safe never gets here: the local start refuses the config.)
 */
const rule = { id: 'r', source: 'lever', stage: { name: 'AI Phone Screen' }, provider: 'xobin', xobin: { aiInterviewId: 1 } };
const tenant = (webhookPathSecret?: string) => parseConfig({
  tenants: [{
    id: 'lv', sources: { lever: {} }, providers: { xobin: {} }, rules: [rule],
    secrets: { lever: { signatureTokens: ['tok'] }, xobin: { apiKey: 'x', ...(webhookPathSecret ? { webhookPathSecret } : {}) } },
  }],
}, 'test', 'local').tenants;
const url = (kind: string, name: string, tenantId: string) => `http://127.0.0.1:3000/webhooks/${kind}/${name}/${tenantId}`;

describe('the Xobin webhook URL npm start prints', () => {
  it('says that Xobin\'s webhooks are refused while no webhookPathSecret is set', () => {
    const line = webhookBannerLines(tenant(), url).find((l) => l.includes('/providers/xobin/'));
    expect(line).toContain('http://127.0.0.1:3000/webhooks/providers/xobin/lv/<webhookPathSecret>');
    expect(line).toMatch(/no secrets\.xobin\.webhookPathSecret set: its webhooks are refused/);
  });

  it('adds nothing when one is set', () => {
    const line = webhookBannerLines(tenant('AZaz09-_.~AZaz09-_.~AZaz09'), url).find((l) => l.includes('/providers/xobin/'));
    expect(line).toBe('  xobin webhook:       http://127.0.0.1:3000/webhooks/providers/xobin/lv/<webhookPathSecret>');
  });
});
