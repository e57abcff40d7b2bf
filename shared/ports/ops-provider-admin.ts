/**
 * An interview provider's account, as an operator manages it: the bridge's webhook there
 * and the usage it bills. InstaView implements it; other providers may not.
 */
export interface ProviderWebhookInfo {
  id: string;
  /** Absent when the provider's listing gave none that can be read: it may point at the bridge. */
  url?: string;
  isActive?: boolean;
  consecutiveFailures?: number;
  /** Set when the provider stopped delivering after repeated failures (circuit open). */
  circuitOpenedAt?: string;
}

export interface ProviderWebhookAdmin {
  readonly provider: string;
  listWebhooks(): Promise<ProviderWebhookInfo[]>;
  /** `token` comes back on every delivery in the bridge's token header. */
  registerWebhook(url: string, token: string): Promise<{ id: string; signingSecret?: string }>;
  testWebhook(id: string): Promise<{ success: boolean; httpStatus?: number; durationMs?: number; message?: string }>;
  resetWebhookCircuit(id: string): Promise<void>;
}

export interface CompanyUsageLine {
  companyId: string;
  companyName?: string;
  /** The unit this company is billed in. */
  billingSystem: 'minutes' | 'credits' | 'unknown';
  /** In that unit; null: the provider's report gave no readable figure (unknown, not 0). */
  used: number | null;
  interviews: number | null;
}

export interface ProviderUsage {
  readonly provider: string;
  usageByCompany(range: { start?: string; end?: string }): Promise<CompanyUsageLine[]>;
}

/** An ATS partner's provider account: one company per client (InstaView partner keys). */
export interface ProviderCompanies {
  readonly provider: string;
  createCompany(input: { name: string; ownerEmail?: string }): Promise<{ id: string; name: string }>;
  /** Irreversible at the provider (its jobs, candidates and interviews go too): `confirm` must repeat the id. */
  deleteCompany(companyId: string, guard: { confirm: string }): Promise<'deleted' | 'not_found'>;
}
