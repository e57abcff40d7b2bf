import { describe, expect, it } from 'vitest';
import { createInstaViewProvider } from '#shared/providers/instaview/adapter';
import { clientOn, envelope } from './fake-fetch.ts';

/**
 * GET /billing/usage (billing guide) with the variations real answers have: totals as text
 * ("42.5", as JSON serialisers write decimals), a null breakdown entry's numbers, a cost key
 * missing. The report still adds up what is there instead of failing as "unexpected response".
 */

const usage = {
  companies: [
    { companyId: 'comp_m', companyName: 'Minutes Co', billingSystem: 'minutes', totalMinutesUsed: '42.5', totalCreditsUsed: null, totalInterviews: '5', breakdownByCostKey: [{ costKey: 'interview_minutes', minutesUsed: '42.5', events: '5' }] },
    { companyId: 'comp_c', billingSystem: 'credits', totalInterviews: 2, breakdownByCostKey: [{ creditsUsed: '7.5', events: 2 }, { costKey: 'other', creditsUsed: 1 }] },
  ],
  totalMinutesUsed: '42.5',
  totalInterviews: '7',
  breakdownByCostKey: null,
};

describe('InstaView usage with numbers as text', () => {
  it('is summed per company in its unit', async () => {
    const { client } = clientOn(() => envelope(usage));
    const summary = await createInstaViewProvider({ client }).getUsageSummary();
    expect(summary).toEqual([
      { companyId: 'comp_m', companyName: 'Minutes Co', billingSystem: 'minutes', used: 42.5, minutesUsed: 42.5, creditsUsed: null, interviews: 5 },
      { companyId: 'comp_c', billingSystem: 'credits', used: 8.5, minutesUsed: null, creditsUsed: 8.5, interviews: 2 },
    ]);
  });
});
