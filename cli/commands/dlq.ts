import { listDeadLetters, redriveDeadLetters } from '#shared/use-cases/ops/dead-letters';
import type { Command, CommandContext, OptionSpec } from '../support/command.ts';
import { EXIT, UsageError } from '../support/errors.ts';
import { json, table, utcTime } from '../support/format.ts';

const queueOption: Record<string, OptionSpec> = {
  queue: { type: 'string', value: 'events|scheduler', description: 'which DLQ: the events queue\'s (default) or the retry scheduler\'s (aws only)' },
};

function queueOf(ctx: CommandContext): 'events' | 'scheduler' {
  const q = ctx.options.queue ?? 'events';
  if (q !== 'events' && q !== 'scheduler') throw new UsageError(`--queue must be events or scheduler, not "${String(q)}"`);
  return q;
}

export const dlqList: Command = {
  words: ['dlq', 'list'],
  summary: 'parked messages: reason code, reason, failedAt, tenant/application, delivery id',
  description: 'Looks without consuming. A FIFO DLQ shows the first parked message of each application; the count includes the ones behind them. No message bodies are shown (they may hold contact details).',
  options: { ...queueOption, limit: { type: 'string', value: 'n', description: 'show at most n (default 100)' } },
  async run(ctx) {
    const limit = ctx.options.limit === undefined ? 100 : Number(ctx.options.limit);
    if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit must be a positive whole number');
    const target = await ctx.target();
    const listing = await listDeadLetters(await target.deadLetters(queueOf(ctx)), { limit });
    if (ctx.json) return void ctx.print(json(listing));
    if (!listing.entries.length) {
      ctx.print(`${listing.queue} is empty\n`);
    } else {
      ctx.print(`${table(['message id', 'reason code', 'failed at', 'tenant', 'application', 'delivery id', 'type', 'reason'], listing.entries.map((e) => [
        e.messageId, e.reasonCode, e.failedAt ? utcTime(e.failedAt) : '', e.tenantId, e.applicationId, e.deliveryId, [e.messageType, e.kind].filter(Boolean).join(' '), e.reason,
      ]))}\n`);
      const hidden = listing.total - listing.entries.length;
      ctx.print(`\n${listing.total} message(s) in ${listing.queue}${hidden > 0 ? `; ${hidden} not shown (behind the first message of their application, or over --limit)` : ''}\n`);
    }
    ctx.note(`(${target.description})`);
  },
};

export const dlqRedrive: Command = {
  words: ['dlq', 'redrive'],
  summary: 'move parked messages back to the events queue (same group); safe to re-run',
  description: 'Each message goes back into its application\'s FIFO group, then leaves the DLQ. Fix the cause first (`bridge dlq list` shows it). A repeat of an interrupted run sends nothing twice: the deduplication id comes from the DLQ message id, and the processor is idempotent. Messages that are not bridge messages stay in the DLQ. A message that cannot be sent (or deleted) stays there too and is listed as failed (exit 1); the other applications\' messages still move, later ones of its own application wait for the next run.',
  options: {
    ...queueOption,
    all: { type: 'boolean', description: 'every parked message' },
    id: { type: 'string', multiple: true, value: 'messageId', description: 'only this message (from `bridge dlq list`)' },
  },
  examples: ['bridge dlq redrive --all', 'bridge dlq redrive --id 6f1c… --id 9a2b…'],
  async run(ctx) {
    const ids = (ctx.options.id as string[] | undefined) ?? [];
    if (!ctx.options.all && !ids.length) throw new UsageError('say which messages: --all, or --id <messageId>', 'see: bridge dlq list');
    if (ctx.options.all && ids.length) throw new UsageError('give either --all or --id, not both');
    const target = await ctx.target();
    const inbox = await target.deadLetters(queueOf(ctx));
    const report = await redriveDeadLetters(inbox, await target.rawSender(), { ...(ctx.options.all ? { all: true } : { ids }), progress: ctx.progress() });
    if (ctx.json) {
      ctx.print(json(report));
    } else {
      ctx.print(`moved ${report.moved.length} message(s) from ${report.queue} back to the events queue${report.failed.length ? `, ${report.failed.length} failed (still in the DLQ)` : ''}${report.skipped.length ? `, skipped ${report.skipped.length}` : ''}${report.notFound.length ? `, ${report.notFound.length} not found` : ''}\n`);
      if (report.stoppedEarly) ctx.print(`  ${report.stoppedEarly}\n`);
      for (const m of report.moved) ctx.print(`  moved    ${m.messageId}  ${m.tenantId ?? '?'}/${m.applicationId ?? '?'}  ${m.deliveryId ?? ''}\n`);
      for (const f of report.failed) ctx.print(`  failed   ${f.messageId}  ${f.tenantId ?? '?'}/${f.applicationId ?? '?'}  ${f.why}\n`);
      for (const s of report.skipped) ctx.print(`  skipped  ${s.messageId}  ${s.why}\n`);
      for (const id of report.notFound) ctx.print(`  missing  ${id}  not in the DLQ (already redriven, or behind another message of the same application: redrive that first)\n`);
      ctx.note(`(${target.description})`);
    }
    return report.notFound.length || report.skipped.length || report.failed.length || report.stoppedEarly ? EXIT.failed : EXIT.ok;
  },
};
