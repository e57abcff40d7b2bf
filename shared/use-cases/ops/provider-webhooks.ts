import * as z from 'zod';
import type { CompanyUsageLine, ProviderUsage, ProviderWebhookAdmin, ProviderWebhookInfo } from '../../ports/ops-provider-admin.ts';
import { OpsError } from './errors.ts';

/**
 * `bridge provider webhooks register|test|reset` and `bridge usage`: the bridge's webhook at
 * the interview provider, and what the provider bills. Registration is done once per tenant
 * (a second webhook to the same URL would deliver every event twice), so it refuses when one
 * is already there unless forced (e.g. to rotate the token).
 */

export interface RegisteredWebhook {
  id: string;
  url: string;
  /** Returned once, at creation: the operator must store it in the tenant's secret. */
  signingSecret?: string;
  alreadyRegistered: boolean;
}

export async function registerProviderWebhook(
  admin: ProviderWebhookAdmin,
  input: { url: string; token: string | undefined; force?: boolean },
): Promise<RegisteredWebhook> {
  if (!input.token || input.token.length < 16) {
    throw new OpsError(`the tenant has no ${admin.provider}.webhookToken secret (16+ characters)`, 'misconfigured',
      `put one into the tenant's secrets first: the provider sends it back on every delivery and the bridge refuses deliveries without it`);
  }
  const listed = await admin.listWebhooks();
  const existing = listed.filter((w) => sameUrl(w.url, input.url));
  if (existing.length && !input.force) {
    return { id: existing[0]!.id, url: input.url, alreadyRegistered: true };
  }
  // A webhook whose URL could not be read may be this one: registering beside it would deliver every event twice.
  const unreadable = listed.filter((w) => w.url === undefined);
  if (unreadable.length && !input.force) {
    throw new OpsError(`${admin.provider} lists ${unreadableIds(unreadable)} without a URL the bridge can read: it may already be the bridge's webhook, so nothing was registered`, 'failed',
      `check it in ${admin.provider}'s dashboard (or with \`bridge provider webhooks test <tenant> --id <webhookId>\`); --force registers another one anyway`);
  }
  const created = await admin.registerWebhook(input.url, input.token);
  return { id: created.id, url: input.url, ...(created.signingSecret ? { signingSecret: created.signingSecret } : {}), alreadyRegistered: false };
}

/** The webhook to act on: the given id, else the one registered for the bridge's URL. */
export async function findBridgeWebhook(admin: ProviderWebhookAdmin, input: { url: string; id?: string }): Promise<ProviderWebhookInfo> {
  const all = await admin.listWebhooks();
  if (input.id) {
    const found = all.find((w) => w.id === input.id);
    if (!found) throw new OpsError(`no ${admin.provider} webhook ${input.id}`, 'not_found', `webhooks of this account: ${all.map((w) => w.id).join(', ') || 'none'}`);
    return found;
  }
  const ours = all.filter((w) => sameUrl(w.url, input.url));
  if (ours.length === 1) return ours[0]!;
  const unreadable = all.filter((w) => w.url === undefined);
  if (ours.length === 0 && unreadable.length) {
    throw new OpsError(`no ${admin.provider} webhook is known to point at ${input.url}: ${unreadableIds(unreadable)} listed without a URL the bridge can read`, 'not_found', 'pass --id if it is the bridge\'s webhook');
  }
  if (ours.length === 0) {
    throw new OpsError(`no ${admin.provider} webhook points at ${input.url}`, 'not_found', 'register it with `bridge provider webhooks register <tenant>`, or pass --id');
  }
  throw new OpsError(`${ours.length} ${admin.provider} webhooks point at ${input.url} (${ours.map((w) => w.id).join(', ')})`, 'failed', 'pass --id to choose one (and delete the others: each delivers every event)');
}

/**
 * `verifiesSignature`: the tenant stored the provider's signingSecret, so the bridge checks the
 * body signature too. InstaView documents no signature scheme: a 401 to the test is where a
 * wrong guess of it shows first, and the hint says how to go on with the token header alone.
 */
export async function testProviderWebhook(admin: ProviderWebhookAdmin, input: { url: string; id?: string; verifiesSignature?: boolean }) {
  const webhook = await findBridgeWebhook(admin, input);
  const result = await admin.testWebhook(webhook.id);
  const hint = result.httpStatus === 401 ? refusedTestHint(admin.provider, input.verifiesSignature === true) : undefined;
  return { webhook, result, ...(hint ? { hint } : {}) };
}

function refusedTestHint(provider: string, verifiesSignature: boolean): string {
  const token = `the ${provider}.webhookToken header registered with the webhook is not the tenant's (rotate: \`bridge provider webhooks register <tenant> --force\`, then delete the old webhook)`;
  if (!verifiesSignature) return `the bridge refused the test delivery (401): ${token}`;
  return `the bridge refused the test delivery (401): either ${token}, or the body signature did not verify with ${provider}.signingSecret. `
    + `${provider} does not document how it signs, so the bridge checks the usual schemes: if the token is the tenant's, remove signingSecret from the tenant's secret `
    + 'and deliveries are authenticated by the token header alone';
}

export async function resetProviderWebhook(admin: ProviderWebhookAdmin, input: { url: string; id?: string }) {
  const webhook = await findBridgeWebhook(admin, input);
  await admin.resetWebhookCircuit(webhook.id);
  return { webhook, wasOpen: webhook.circuitOpenedAt !== undefined || (webhook.isActive === false) };
}

export async function providerUsage(usage: ProviderUsage, range: { from?: string; to?: string }): Promise<{ provider: string; from?: string; to?: string; companies: CompanyUsageLine[] }> {
  const { start, end } = usagePeriod(range);
  const companies = await usage.usageByCompany({ ...(start ? { start } : {}), ...(end ? { end } : {}) });
  return { provider: usage.provider, ...(range.from ? { from: range.from } : {}), ...(range.to ? { to: range.to } : {}), companies };
}

/**
 * A day or an instant with its offset. Not Date.parse: it takes "1" (the year 2001),
 * "2026-11-31" (1 December) and times without an offset (this machine's zone), none of which
 * the provider would read as the operator meant.
 */
const usageDate = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

/** The instants `--from`/`--to` stand for; a wrong one is a wrong command line (the CLI checks it before it looks for a target). */
export function usagePeriod(range: { from?: string; to?: string }): { start?: string; end?: string } {
  for (const [flag, value] of Object.entries(range)) {
    if (value !== undefined && !usageDate.safeParse(value).success) {
      throw new OpsError(`--${flag} "${value}" is not a date`, 'bad_command_line', 'give YYYY-MM-DD (a whole day, UTC) or an ISO 8601 time with its offset, e.g. 2026-11-30T09:00:00+01:00');
    }
  }
  const start = range.from ? startOfDay(range.from) : undefined;
  const end = range.to ? endOfDay(range.to) : undefined;
  if (start && end && Date.parse(start) > Date.parse(end)) throw new OpsError('--from is after --to', 'bad_command_line');
  return { ...(start ? { start } : {}), ...(end ? { end } : {}) };
}

/**
 * The provider reads `start`/`end` as instants, so a bare date is its midnight: `--to 2026-11-30`
 * would leave out the 30th. A date means the whole day (UTC, as the provider bills); a full ISO
 * time is passed as given.
 */
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

function startOfDay(value: string): string {
  return DATE_ONLY.test(value) ? `${value}T00:00:00.000Z` : value;
}

function endOfDay(value: string): string {
  return DATE_ONLY.test(value) ? `${value}T23:59:59.999Z` : value;
}

function sameUrl(a: string | undefined, b: string): boolean {
  return a !== undefined && a.replace(/\/+$/, '') === b.replace(/\/+$/, '');
}

function unreadableIds(webhooks: ProviderWebhookInfo[]): string {
  return `webhook${webhooks.length > 1 ? 's' : ''} ${webhooks.map((w) => w.id).join(', ')}`;
}
