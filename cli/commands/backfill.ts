import { backfillStage, backfill as runBackfill } from '#shared/use-cases/ops/backfill';
import { assertBackfillSource, atsListingFor, backfillSources } from '../adapters/ats-listing.ts';
import { backfillCheckpointPath, fileCheckpointStore } from '../adapters/file-checkpoint.ts';
import type { Command } from '../support/command.ts';
import { EXIT, UsageError } from '../support/errors.ts';
import { json, table } from '../support/format.ts';

export const backfill: Command = {
  words: ['backfill'],
  summary: 'start interviews for candidates already in a trigger stage (dry run unless --apply)',
  description: [
    'Lists the applications sitting in the stage from the ATS and shows what would be enqueued: one',
    'normalized stage change per application, in its FIFO group and with the ingress\'s deduplication,',
    'so a re-run adds nothing. Applications the bridge already knows, or that no rule matches, are skipped.',
    `--apply enqueues; it is resumable (cursor in .bridge/backfill-<tenant>-<stage>.json). Sources: ${backfillSources.join(', ')}.`,
  ].join('\n'),
  positionals: [{ name: 'tenant', required: true, description: 'tenant id' }],
  options: {
    stage: { type: 'string', value: 'stage', description: 'a rule\'s trigger stage, by name or id (required)' },
    source: { type: 'string', value: 'ats', description: 'the ATS (default greenhouse)' },
    apply: { type: 'boolean', description: 'enqueue (default: dry run)' },
    restart: { type: 'boolean', description: 'ignore the saved cursor and what earlier runs enqueued' },
  },
  examples: ['bridge backfill acme --stage "AI Phone Screen"', 'bridge backfill acme --stage "AI Phone Screen" --apply'],
  async run(ctx) {
    const stage = ctx.options.stage;
    if (typeof stage !== 'string' || !stage.trim()) throw new UsageError('--stage is required', 'see: bridge backfill --help');
    const source = typeof ctx.options.source === 'string' ? ctx.options.source : 'greenhouse';
    const target = await ctx.target();
    const tenant = target.tenant(ctx.positionals[0]!);
    // A source or stage no rule uses is named before that ATS's credentials are asked for.
    assertBackfillSource(source);
    backfillStage(tenant, source, stage);
    const clock = await target.clock();
    const listing = atsListingFor(tenant, await target.secrets().forTenant(tenant.id), source, clock);
    const apply = ctx.options.apply === true;
    const report = await runBackfill({ tenant, source, stage, apply, restart: ctx.options.restart === true }, {
      listing,
      queue: await target.eventQueue(),
      store: target.store(),
      checkpoints: fileCheckpointStore(backfillCheckpointPath(target.stateDir, tenant.id, stage, source)),
      clock,
      progress: ctx.progress(),
      bridge: await target.instance(),
    });
    if (report.checkpointOfAnotherBridge) ctx.note(`(${report.checkpoint} was written for another run of the bridge, e.g. a local stack since restarted: not used)`);
    if (ctx.json) return void ctx.print(json(report));
    if (report.resumedAtPage) ctx.print(`resumed at page ${report.resumedAtPage} (checkpoint ${report.checkpoint})\n`);
    if (report.lines.length) {
      ctx.print(`${table(['application', 'candidate', 'job(s)', 'stage', apply ? 'done' : 'would', 'rule / why'], report.lines.map((l) => [
        l.applicationId, l.candidateId, l.jobIds.join(','), `${l.stage.name} (${l.stage.id})`, l.action, l.why ?? l.ruleId,
      ]))}\n\n`);
    }
    for (const notice of report.notices) ctx.print(`${notice}\n`);
    const c = report.counts;
    ctx.print(apply
      ? `enqueued ${c.enqueued} of ${c.seen} application(s) in the stage, skipped ${c.skipped} (${report.pagesRead} page(s); checkpoint ${report.checkpoint})\n`
      : `dry run: would enqueue ${c.wouldEnqueue} of ${c.seen} application(s) in the stage, skip ${c.skipped}. Run again with --apply to enqueue.\n`);
    ctx.note(`(${target.description})`);
    return EXIT.ok;
  },
};
