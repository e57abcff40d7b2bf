import { describe, expect, it } from 'vitest';
import { parseConfig } from '#shared/config/load-config';
import type { TenantSecrets } from '#shared/config/schema';
import { providerAdminFor } from '../../../cli/adapters/instaview-admin.ts';

/**
 * `bridge provider …` tells a Xobin tenant the URL to paste into Xobin's Workflows tab, with
 * <secrets.xobin.webhookPathSecret> to fill in. Against AWS the secret comes from Secrets
 * Manager, which no config check sees: filled in with a secret a URL cannot carry ("/", "?",
 * "#", "%", a space), or with none set, the URL never authenticates and Xobin's webhooks are
 * refused. The CLI says so next to the URL (never printing the value).
 */
const config = parseConfig({
  tenants: [{
    id: 'lv',
    providers: { xobin: { baseUrl: 'https://app.xobin.com/api/v2' } },
    rules: [{ id: 'x', source: 'lever', stage: { name: 'AI Phone Screen' }, provider: 'xobin', xobin: { aiInterviewId: 1 } }],
  }],
}, 'test');
const urlOf = (provider: string, tenantId: string) => `https://bridge.example.com/webhooks/providers/${provider}/${tenantId}`;
const URL = 'https://bridge.example.com/webhooks/providers/xobin/lv/<secrets.xobin.webhookPathSecret>';

function hintFor(secrets: TenantSecrets): string {
  try {
    providerAdminFor(config.tenants[0]!, secrets, 'xobin', urlOf);
  } catch (error) {
    const { message, hint } = error as { message: string; hint?: string };
    return `${message}\n${hint ?? ''}`;
  }
  throw new Error('not refused');
}

describe('the Xobin webhook URL the CLI prints', () => {
  it('says when the stored webhookPathSecret is not URL-safe, and which characters are', () => {
    const secret = 'xobin/path?secret 0123456789abcdef';
    const hint = hintFor({ xobin: { apiKey: 'x', webhookPathSecret: secret } });
    expect(hint).toContain(URL);
    expect(hint).toMatch(/secrets\.xobin\.webhookPathSecret is not URL-safe/);
    expect(hint).toContain("A–Z a–z 0–9 - . _ ~ ! $ & ' ( ) * + , ; = : @");
    expect(hint).not.toContain(secret);
  });

  it('says when no webhookPathSecret is stored', () => {
    const hint = hintFor({ xobin: { apiKey: 'x' } });
    expect(hint).toContain(URL);
    expect(hint).toMatch(/no secrets\.xobin\.webhookPathSecret is set/);
  });

  it('adds nothing about the secret when it is usable', () => {
    const hint = hintFor({ xobin: { apiKey: 'x', webhookPathSecret: 'AZaz09-_.~AZaz09-_.~AZaz09' } });
    expect(hint).toContain(URL);
    expect(hint).not.toMatch(/not URL-safe|is set/);
  });
});
