import type { InstaViewUsage } from './schemas.ts';

/**
 * InstaView bills a company either by call minutes or by credits (billingSystem
 * "minutes" | "credits"); the usage report carries both totals. One line per company
 * in the unit that company is billed in, so a report never adds minutes to credits.
 */
export interface CompanyUsage {
  companyId: string;
  companyName?: string;
  billingSystem: 'minutes' | 'credits' | 'unknown';
  /** In the company's billing unit. */
  used: number;
  minutesUsed: number;
  creditsUsed: number;
  interviews: number;
}

export function summarizeUsage(usage: InstaViewUsage): CompanyUsage[] {
  return usage.companies.map((c) => {
    const system = c.billingSystem?.toLowerCase();
    const billingSystem = system === 'minutes' || system === 'credits' ? system : 'unknown';
    const fromBreakdown = (key: 'minutesUsed' | 'creditsUsed') => c.breakdownByCostKey.reduce((sum, b) => sum + (b[key] ?? 0), 0);
    const minutesUsed = c.totalMinutesUsed ?? fromBreakdown('minutesUsed');
    const creditsUsed = c.totalCreditsUsed ?? fromBreakdown('creditsUsed');
    return {
      companyId: c.companyId,
      ...(c.companyName ? { companyName: c.companyName } : {}),
      billingSystem,
      used: billingSystem === 'credits' ? creditsUsed : minutesUsed,
      minutesUsed,
      creditsUsed,
      interviews: c.totalInterviews ?? 0,
    };
  });
}
