import { listRetries } from '#shared/use-cases/ops/list-retries';
import { retryReasonInWords } from '#shared/use-cases/ops/retry-reasons';
import type { Command } from '../support/command.ts';
import { json, relative, table, utcTime } from '../support/format.ts';

export const retriesList: Command = {
  words: ['retries', 'list'],
  summary: 'pending retry schedules (next calls, write-back retries, rate-limit backoffs)',
  description: 'AWS: the schedules in the bridge\'s EventBridge Scheduler group (ListSchedules + GetSchedule). Local: the local scheduler (admin route GET /admin/schedules).',
  options: { tenant: { type: 'string', value: 'id', description: 'only this tenant\'s' } },
  async run(ctx) {
    const target = await ctx.target();
    const tenantId = typeof ctx.options.tenant === 'string' ? ctx.options.tenant : undefined;
    if (tenantId) target.tenant(tenantId);
    const lines = await listRetries(target.schedules(), tenantId ? { tenantId } : {});
    if (ctx.json) return void ctx.print(json(lines));
    const now = (await target.clock()).now();
    ctx.print(lines.length
      ? `${table(['due (UTC)', 'when', 'tenant', 'application', 'reason', 'attempt', 'schedule'], lines.map((l) => [utcTime(l.at), relative(l.at, now), l.tenantId, l.applicationId, retryReasonInWords(l.reason), l.attempt, l.name]))}\n\n${lines.length} pending\n`
      : `no pending retries${tenantId ? ` for ${tenantId}` : ''}\n`);
    ctx.note(`(${target.description})`);
  },
};
