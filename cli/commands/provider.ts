import { createProviderCompany, deleteProviderCompany } from '#shared/use-cases/ops/provider-companies';
import { providerUsage, registerProviderWebhook, resetProviderWebhook, testProviderWebhook, usagePeriod } from '#shared/use-cases/ops/provider-webhooks';
import { adminProviders, providerAdminFor } from '../adapters/instaview-admin.ts';
import type { Command, CommandContext, OptionSpec } from '../support/command.ts';
import { EXIT } from '../support/errors.ts';
import { json, table } from '../support/format.ts';

const tenantArg = [{ name: 'tenant', required: true, description: 'tenant id' }];
const providerOption: Record<string, OptionSpec> = {
  provider: { type: 'string', value: 'name', description: `the interview provider (default instaview; supported: ${adminProviders.join(', ')})` },
};
const idOption: Record<string, OptionSpec> = { id: { type: 'string', value: 'webhookId', description: 'the webhook (default: the one pointing at the bridge)' } };

async function admin(ctx: CommandContext) {
  const target = await ctx.target();
  const tenant = target.tenant(ctx.positionals[0]!);
  const provider = typeof ctx.options.provider === 'string' ? ctx.options.provider : 'instaview';
  const secrets = await target.secrets().forTenant(tenant.id);
  return { target, tenant, provider, secrets, admin: providerAdminFor(tenant, secrets, provider, (name, tenantId) => target.webhookUrl('providers', name, tenantId)), url: target.webhookUrl('providers', provider, tenant.id) };
}

export const webhooksRegister: Command = {
  words: ['provider', 'webhooks', 'register'],
  summary: 'create the bridge\'s webhook at the provider (once per tenant)',
  description: 'Registers <webhook base>/webhooks/providers/<provider>/<tenant> with the tenant\'s webhookToken as a custom header. The provider returns a signingSecret once: store it in the tenant\'s secret (instaview.signingSecret) so the bridge also verifies the body signature. An existing webhook for the same URL is kept, and a listed one whose URL cannot be read stops it (it may be the bridge\'s); --force adds another, e.g. to rotate the token (delete the old one then).',
  positionals: tenantArg,
  options: { ...providerOption, url: { type: 'string', value: 'url', description: 'register this URL instead of the target\'s' }, force: { type: 'boolean', description: 'register even if one exists for the URL' } },
  async run(ctx) {
    const { target, tenant, provider, secrets, admin: a, url } = await admin(ctx);
    const webhookUrl = typeof ctx.options.url === 'string' ? ctx.options.url : url;
    const token = (secrets as Record<string, { webhookToken?: string } | undefined>)[provider]?.webhookToken;
    const result = await registerProviderWebhook(a, { url: webhookUrl, token, force: ctx.options.force === true });
    const where = target.kind === 'aws' ? `the tenant's secret (Secrets Manager, JSON key ${provider}.signingSecret)` : `the config file: tenants[${tenant.id}].secrets.${provider}.signingSecret`;
    if (ctx.json) return void ctx.print(json({ ...result, storeSigningSecretIn: where }));
    if (result.alreadyRegistered) {
      ctx.print(`${provider} already has the bridge's webhook for ${tenant.id}: ${result.id}\n  ${webhookUrl}\n(nothing registered; --force adds another)\n`);
      return EXIT.ok;
    }
    ctx.print(`registered ${provider} webhook ${result.id}\n  ${webhookUrl}\n`);
    if (result.signingSecret) {
      ctx.print(`\nsigningSecret: ${result.signingSecret}\n\n${provider} shows it only now. Store it in ${where}; from then on the bridge verifies each delivery's body signature too. Then run \`bridge provider webhooks test ${tenant.id}\`: ${provider} does not document its signature scheme, and the test shows whether the bridge reads it.\n`);
    } else {
      ctx.print(`\n${provider} returned no signingSecret: deliveries are authenticated by the webhook token header only.\n`);
    }
    ctx.note(`(${target.description})`);
  },
};

export const webhooksTest: Command = {
  words: ['provider', 'webhooks', 'test'],
  summary: 'ask the provider to send a test delivery to the bridge',
  positionals: tenantArg,
  options: { ...providerOption, ...idOption },
  async run(ctx) {
    const { target, admin: a, url, provider, secrets } = await admin(ctx);
    const verifiesSignature = !!(secrets as Record<string, { signingSecret?: string } | undefined>)[provider]?.signingSecret;
    const { webhook, result, hint } = await testProviderWebhook(a, { url, verifiesSignature, ...(typeof ctx.options.id === 'string' ? { id: ctx.options.id } : {}) });
    if (ctx.json) ctx.print(json({ webhook, result, ...(hint ? { hint } : {}) }));
    else ctx.print(`${result.success ? '✓' : '✗'} test delivery to ${webhook.url ?? '(URL not readable)'} (webhook ${webhook.id}): ${result.success ? 'delivered' : 'failed'}${result.httpStatus !== undefined ? `, HTTP ${result.httpStatus}` : ''}${result.durationMs !== undefined ? `, ${result.durationMs} ms` : ''}${result.message ? ` (${result.message})` : ''}\n${hint ? `  ${hint}\n` : ''}`);
    ctx.note(`(${target.description})`);
    return result.success ? EXIT.ok : EXIT.failed;
  },
};

export const webhooksReset: Command = {
  words: ['provider', 'webhooks', 'reset'],
  summary: 'close the webhook\'s circuit after the provider stopped delivering (failures)',
  positionals: tenantArg,
  options: { ...providerOption, ...idOption },
  async run(ctx) {
    const { target, admin: a, url } = await admin(ctx);
    const { webhook } = await resetProviderWebhook(a, { url, ...(typeof ctx.options.id === 'string' ? { id: ctx.options.id } : {}) });
    if (ctx.json) ctx.print(json({ webhook, reset: true }));
    else ctx.print(`reset the circuit of webhook ${webhook.id} (${webhook.url ?? 'URL not readable'})${webhook.consecutiveFailures ? `; it had ${webhook.consecutiveFailures} consecutive failure(s)` : ''}\n`);
    ctx.note(`(${target.description})`);
  },
};

export const usage: Command = {
  words: ['usage'],
  summary: 'provider usage per company, in its billing unit (minutes or credits)',
  positionals: tenantArg,
  options: { ...providerOption, from: { type: 'string', value: 'date', description: 'start (YYYY-MM-DD: from that day\'s start, UTC; or ISO 8601 with its offset)' }, to: { type: 'string', value: 'date', description: 'end (YYYY-MM-DD: that whole day, UTC; or ISO 8601 with its offset)' } },
  examples: ['bridge usage acme --from 2026-11-01 --to 2026-11-30'],
  async run(ctx) {
    const range = {
      ...(typeof ctx.options.from === 'string' ? { from: ctx.options.from } : {}),
      ...(typeof ctx.options.to === 'string' ? { to: ctx.options.to } : {}),
    };
    usagePeriod(range); // a mistyped date is told as such, not as "no local stack"
    const { target, admin: a } = await admin(ctx);
    const report = await providerUsage(a, range);
    if (ctx.json) return void ctx.print(json(report));
    ctx.print(report.companies.length
      ? `${table(['company', 'name', 'billed in', 'used', 'interviews'], report.companies.map((c) => [c.companyId, c.companyName, c.billingSystem, c.used ?? 'unknown', c.interviews ?? 'unknown']))}\n`
      : 'no usage in this period\n');
    ctx.note(`(${report.provider}, ${period(report)}; ${target.description})`);
  },
};

/** The period the figures cover: what is not given is the provider's default (InstaView: the last 30 days, up to now). */
function period(report: { from?: string; to?: string }): string {
  if (!report.from && !report.to) return 'the provider\'s default period (InstaView: the last 30 days)';
  return `${report.from ?? 'the provider\'s default start'} – ${report.to ?? 'now'}`;
}

export const companyCreate: Command = {
  words: ['provider', 'company', 'create'],
  summary: 'onboard a client: create its company under the tenant\'s ATS partner key',
  description: 'Only ATS partner keys can create companies. With --owner-email the provider invites that person as the company\'s owner. Not retried on a lost answer (a second company would be billed apart): check `bridge usage` before running it again. Put the new id into the client tenant\'s providers.instaview.companyId.',
  positionals: tenantArg,
  options: {
    ...providerOption,
    name: { type: 'string', value: 'name', description: 'the company\'s name' },
    'owner-email': { type: 'string', value: 'email', description: 'invite this person as the company\'s owner' },
  },
  examples: ['bridge provider company create partner --name "Client Co" --owner-email owner@client.example'],
  async run(ctx) {
    const { target, admin: a } = await admin(ctx);
    const created = await createProviderCompany(a, {
      ...(typeof ctx.options.name === 'string' ? { name: ctx.options.name } : {}),
      ...(typeof ctx.options['owner-email'] === 'string' ? { ownerEmail: ctx.options['owner-email'] } : {}),
    });
    if (ctx.json) return void ctx.print(json(created));
    ctx.print(`created ${created.provider} company ${created.id} (${created.name})${created.ownerInvited ? '; the owner was invited' : ''}\nset providers.${created.provider}.companyId to ${created.id} for the client's tenant\n`);
    ctx.note(`(${target.description})`);
  },
};

export const companyDelete: Command = {
  words: ['provider', 'company', 'delete'],
  summary: 'offboard a client: delete its company (cascades; needs --confirm <companyId>)',
  description: 'Deletes the company with all its jobs, candidates and interviews at the provider. Irreversible, so the id must be given twice: as the argument and as --confirm.',
  positionals: [...tenantArg, { name: 'companyId', required: true, description: 'the company to delete' }],
  options: { ...providerOption, confirm: { type: 'string', value: 'companyId', description: 'the same id again, to confirm' } },
  examples: ['bridge provider company delete partner comp_123 --confirm comp_123'],
  async run(ctx) {
    const { target, admin: a } = await admin(ctx);
    const companyId = ctx.positionals[1]!;
    const outcome = await deleteProviderCompany(a, { companyId, ...(typeof ctx.options.confirm === 'string' ? { confirm: ctx.options.confirm } : {}) });
    if (ctx.json) return void ctx.print(json(outcome));
    ctx.print(outcome.result === 'deleted' ? `deleted ${outcome.provider} company ${companyId} and everything it held\n` : `${outcome.provider} has no company ${companyId} (already deleted?)\n`);
    ctx.note(`(${target.description})`);
    return outcome.result === 'deleted' ? EXIT.ok : EXIT.failed;
  },
};
