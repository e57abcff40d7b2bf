import { describe, expect, it } from 'vitest';
import type { CompanyUsageLine, ProviderUsage } from '#shared/ports/ops-provider-admin';
import { providerUsage } from '#shared/use-cases/ops/provider-webhooks';

/**
 * InstaView's GET /billing/usage takes `start` and `end` as ISO 8601 instants: a bare date is
 * its midnight. An operator who asks for `--from 2026-11-01 --to 2026-11-30` means all of
 * November, so the 30th must be counted (the README's own example).
 */
class InstantFilteringUsage implements ProviderUsage {
  readonly provider = 'instaview';
  constructor(private readonly minutes: { at: string; minutes: number }[]) {}
  async usageByCompany(range: { start?: string; end?: string }): Promise<CompanyUsageLine[]> {
    const start = range.start ? Date.parse(range.start) : -Infinity;
    const end = range.end ? Date.parse(range.end) : Infinity;
    const rows = this.minutes.filter((m) => Date.parse(m.at) >= start && Date.parse(m.at) <= end);
    return [{ companyId: 'c1', billingSystem: 'minutes', used: rows.reduce((s, r) => s + r.minutes, 0), interviews: rows.length }];
  }
}

const november = new InstantFilteringUsage([
  { at: '2026-11-01T00:30:00Z', minutes: 5 },
  { at: '2026-11-30T15:00:00Z', minutes: 7 },
  { at: '2026-12-01T00:10:00Z', minutes: 11 },
]);

describe('bridge usage --from/--to with dates', () => {
  it('counts the whole --to day (UTC), and nothing of the day after', async () => {
    const report = await providerUsage(november, { from: '2026-11-01', to: '2026-11-30' });
    expect(report.companies[0]).toMatchObject({ used: 12, interviews: 2 });
  });

  it('takes one day as --from D --to D', async () => {
    const report = await providerUsage(november, { from: '2026-11-30', to: '2026-11-30' });
    expect(report.companies[0]).toMatchObject({ used: 7, interviews: 1 });
  });

  it('passes a full ISO --to through as given', async () => {
    const report = await providerUsage(november, { from: '2026-11-01', to: '2026-11-30T12:00:00Z' });
    expect(report.companies[0]).toMatchObject({ used: 5, interviews: 1 });
  });
});
