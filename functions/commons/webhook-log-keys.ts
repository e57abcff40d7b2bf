import type { BridgeConfig } from '#shared/config/schema';

/**
 * What a webhook function may log of the path's tenant segment and of its refusal. Until the
 * segment names a configured tenant it is the sender's text: an operator who swaps the last two
 * segments of Xobin's URL puts the tenant's webhookPathSecret there, and a secret is never logged.
 */
export function webhookLogKeys(config: BridgeConfig, tenantId: string) {
  const known = config.tenants.some((tenant) => tenant.id === tenantId);
  return {
    tenantId: known ? tenantId : '(unknown)',
    /** The refusal's message (an IngressError's: names fields and keys, never values), without an unknown tenant's echoed name. */
    reasonOf(answer: { status: number; body: unknown }): string | undefined {
      if (answer.status < 400) return undefined;
      if (!known) return 'unknown tenant (its path segment is not logged)';
      const message = (answer.body as { message?: unknown }).message;
      return typeof message === 'string' ? message : undefined;
    },
  };
}
