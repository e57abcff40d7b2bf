import type { TenantConfig } from '#shared/config/schema';

type WebhookUrl = (kind: 'ats' | 'providers', name: string, tenantId: string) => string;

/**
 * The webhook URLs `npm start` prints: every tenant's ATS sources and the providers that call
 * back. With several tenants each line names its tenant, so a Lever or Ashby tenant listed
 * after the first one is not left to guess its URL.
 */
export function webhookBannerLines(tenants: readonly TenantConfig[], webhookUrl: WebhookUrl): string[] {
  const many = tenants.length > 1;
  return tenants.flatMap((tenant) => {
    const name = (what: string) => label(many ? `${tenant.id} ${what}` : what);
    return [
      ...Object.keys(tenant.sources).map((source) => `  ${name(`${source} webhook:`)}${webhookUrl('ats', source, tenant.id)}`),
      ...(tenant.providers.instaview ? [`  ${name('instaview webhook:')}${webhookUrl('providers', 'instaview', tenant.id)}`] : []),
      ...(tenant.providers.xobin ? [`  ${name('xobin webhook:')}${webhookUrl('providers', 'xobin', tenant.id)}/<webhookPathSecret>${xobinSecretNote(tenant)}`] : []),
    ];
  });
}

/**
 * The secret is optional (invites work without it), but without one every Xobin webhook is
 * refused. One that is not URL-safe never gets here: the local start refuses the config.
 */
function xobinSecretNote(tenant: TenantConfig): string {
  return tenant.secrets?.xobin?.webhookPathSecret ? '' : '  (no secrets.xobin.webhookPathSecret set: its webhooks are refused)';
}

/** A label in the banner's column, and at least one space before its URL (smartrecruiters is longer than the column). */
export function label(text: string): string {
  return `${text} `.padEnd(21);
}
