import type { InstaViewUsage } from './schemas.ts';

/**
 * InstaView bills a company either by call minutes or by credits (billingSystem
 * "minutes" | "credits"); the usage report carries both totals. One line per company
 * in the unit that company is billed in, so a report never adds minutes to credits.
 * A figure the report does not give readably is null ("unknown"), never 0: these
 * numbers are read for billing, and a 0 would look like a true one.
 */
export interface CompanyUsage {
  companyId: string;
  companyName?: string;
  billingSystem: 'minutes' | 'credits' | 'unknown';
  /** In the company's billing unit; null: not readable in the report. */
  used: number | null;
  minutesUsed: number | null;
  creditsUsed: number | null;
  interviews: number | null;
}

type Breakdown = InstaViewUsage['breakdownByCostKey'];

export function summarizeUsage(usage: InstaViewUsage): CompanyUsage[] {
  return usage.companies.map((c) => {
    const system = c.billingSystem?.toLowerCase();
    const billingSystem = system === 'minutes' || system === 'credits' ? system : 'unknown';
    const minutesUsed = c.totalMinutesUsed ?? sumOf(c.breakdownByCostKey, 'minutesUsed');
    const creditsUsed = c.totalCreditsUsed ?? sumOf(c.breakdownByCostKey, 'creditsUsed');
    return {
      companyId: c.companyId,
      ...(c.companyName ? { companyName: c.companyName } : {}),
      billingSystem,
      used: billingSystem === 'credits' ? creditsUsed : minutesUsed,
      minutesUsed,
      creditsUsed,
      interviews: c.totalInterviews ?? null,
    };
  });
}

/** The breakdown added up, only when every entry gives the figure (one unreadable entry makes the sum short). */
function sumOf(breakdown: Breakdown, key: 'minutesUsed' | 'creditsUsed'): number | null {
  if (breakdown.length === 0 || breakdown.some((b) => b[key] === undefined)) return null;
  return breakdown.reduce((sum, b) => sum + b[key]!, 0);
}
