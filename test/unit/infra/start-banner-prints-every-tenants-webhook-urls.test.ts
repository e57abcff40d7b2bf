import { describe, expect, it } from 'vitest';
import { parseConfig } from '#shared/config/load-config';
import { webhookBannerLines } from '#infra/local/webhook-banner';

/**
 * A newcomer configures three tenants (Greenhouse + InstaView, Lever + Xobin, Ashby + DRVN) and
 * runs `npm start`: the banner printed the URLs of one tenant only, so where to send Lever's and
 * Ashby's webhooks had to be guessed.
 */
const rule = (source: string, provider: string, block: Record<string, unknown>) => ({ id: 'r', source, stage: { name: 'AI Phone Screen' }, provider, [provider]: block });
const config = parseConfig({
  tenants: [
    { id: 'acme', sources: { greenhouse: {} }, providers: { instaview: { baseUrl: 'sandbox' } }, rules: [rule('greenhouse', 'instaview', { agentId: 'a', defaultJobId: 'j' })] },
    { id: 'lv', sources: { lever: {} }, providers: { xobin: {} }, rules: [rule('lever', 'xobin', { aiInterviewId: 1 })] },
    { id: 'ab', sources: { ashby: {} }, providers: { drvn: {} }, rules: [rule('ashby', 'drvn', { interviewerId: 17 })] },
  ],
}, 'test');
const url = (kind: string, name: string, tenantId: string) => `http://127.0.0.1:3000/webhooks/${kind}/${name}/${tenantId}`;

describe('the webhook URLs npm start prints', () => {
  it('name every tenant\'s ATS and provider webhooks', () => {
    const text = webhookBannerLines(config.tenants, url).join('\n');
    expect(text).toContain('http://127.0.0.1:3000/webhooks/ats/greenhouse/acme');
    expect(text).toContain('http://127.0.0.1:3000/webhooks/providers/instaview/acme');
    expect(text).toMatch(/lv lever webhook: +http:\/\/127\.0\.0\.1:3000\/webhooks\/ats\/lever\/lv/);
    expect(text).toContain('http://127.0.0.1:3000/webhooks/providers/xobin/lv/<webhookPathSecret>');
    expect(text).toMatch(/ab ashby webhook: +http:\/\/127\.0\.0\.1:3000\/webhooks\/ats\/ashby\/ab/);
  });

  it('keep the one-tenant banner as the README shows it', () => {
    expect(webhookBannerLines([config.tenants[0]!], url)).toEqual([
      '  greenhouse webhook:  http://127.0.0.1:3000/webhooks/ats/greenhouse/acme',
      '  instaview webhook:   http://127.0.0.1:3000/webhooks/providers/instaview/acme',
    ]);
  });
});
