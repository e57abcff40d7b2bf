import type { TenantConfig, TenantSecrets } from '#shared/config/schema';
import type { ProviderCompanies, ProviderUsage, ProviderWebhookAdmin } from '#shared/ports/ops-provider-admin';
import { createInstaViewProvider } from '#shared/providers/instaview/index';
import { URL_SAFE_CHARACTERS, webhookPathSecretProblem } from '#shared/providers/xobin/webhook-path-secret';
import { OpsError } from '#shared/use-cases/ops/errors';

/** The providers whose account the CLI can manage (webhook, usage, companies): InstaView. */
export const adminProviders = ['instaview'] as const;

export function providerAdminFor(
  tenant: TenantConfig, secrets: TenantSecrets, provider: string,
  webhookUrl?: (provider: string, tenantId: string) => string,
): ProviderWebhookAdmin & ProviderUsage & ProviderCompanies {
  if (provider !== 'instaview') throw new OpsError(`provider ${provider} cannot be managed from the CLI`, 'bad_command_line', `supported: ${adminProviders.join(', ')}${otherProviders(tenant, secrets, webhookUrl)}`);
  const config = tenant.providers.instaview;
  if (!config) throw new OpsError(`tenant ${tenant.id} has no providers.instaview in its config`, 'misconfigured', otherProviders(tenant, secrets, webhookUrl).trimStart() || undefined);
  const apiKey = secrets.instaview?.apiKey;
  if (!apiKey) throw new OpsError(`tenant ${tenant.id} has no instaview.apiKey secret`, 'misconfigured');
  const instaview = createInstaViewProvider({ config, apiKey });
  return {
    provider: 'instaview',
    async listWebhooks() {
      const out = [];
      for await (const w of instaview.client.paginate((page) => instaview.client.listWebhooks({ page }), 20)) {
        out.push({
          id: w.id,
          url: w.url,
          ...(w.isActive !== null && w.isActive !== undefined ? { isActive: w.isActive } : {}),
          ...(typeof w.consecutiveFailures === 'number' ? { consecutiveFailures: w.consecutiveFailures } : {}),
          ...(w.circuitOpenedAt ? { circuitOpenedAt: w.circuitOpenedAt } : {}),
        });
      }
      return out;
    },
    registerWebhook: (url, token) => instaview.registerWebhook(url, token, { name: 'ats-interview-bridge' }),
    async testWebhook(id) {
      const r = await instaview.testWebhook(id);
      return {
        success: r.success,
        ...(typeof r.httpStatus === 'number' ? { httpStatus: r.httpStatus } : {}),
        ...(typeof r.durationMs === 'number' ? { durationMs: r.durationMs } : {}),
        ...(r.message ? { message: r.message } : {}),
      };
    },
    resetWebhookCircuit: (id) => instaview.resetWebhookCircuit(id),
    async usageByCompany(range) {
      const lines = await instaview.getUsageSummary(range);
      return lines.map((l) => ({ companyId: l.companyId, ...(l.companyName ? { companyName: l.companyName } : {}), billingSystem: l.billingSystem, used: l.used, interviews: l.interviews }));
    },
    async createCompany({ name, ownerEmail }) {
      const company = await instaview.createCompany(name, ownerEmail);
      return { id: company.id, name: company.name ?? name };
    },
    deleteCompany: (companyId, guard) => instaview.deleteCompany(companyId, guard),
  };
}

/**
 * What a tenant on Xobin or DRVN does instead (neither offers a webhook API): the URL to set in
 * Xobin's dashboard, with the path secret as a placeholder (the CLI never prints secret values),
 * and whether the stored secret can fill it in: one that is not set or not URL-safe (which no
 * config check sees in Secrets Manager) makes a URL whose webhooks are all refused.
 */
function otherProviders(tenant: TenantConfig, secrets: TenantSecrets, webhookUrl?: (provider: string, tenantId: string) => string): string {
  const lines: string[] = [];
  if (tenant.providers.xobin) {
    const url = `${webhookUrl ? webhookUrl('xobin', tenant.id) : `<webhook base>/webhooks/providers/xobin/${tenant.id}`}/<secrets.xobin.webhookPathSecret>`;
    lines.push(`xobin has no webhook API: in Xobin, set each AI interview's Workflows (Start, Submission) to ${url}`);
    const secret = secrets.xobin?.webhookPathSecret;
    const problem = secret === undefined ? undefined : webhookPathSecretProblem(secret);
    if (secret === undefined) lines.push(`  but no secrets.xobin.webhookPathSecret is set: Xobin's webhooks are refused until one is (24+ characters of ${URL_SAFE_CHARACTERS})`);
    else if (problem) lines.push(`  but secrets.xobin.webhookPathSecret is ${problem}; then use it in this URL`);
  }
  if (tenant.providers.drvn) lines.push('DRVN sends no webhooks and has no account API (usage, companies): nothing to register or read');
  return lines.map((line) => `\n  ${line}`).join('');
}
