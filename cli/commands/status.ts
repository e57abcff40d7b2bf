import { TIMELINE_LIMIT, type ApplicationState } from '#shared/domain/application-state';
import type { TimeZoneSource } from '#shared/domain/time/candidate-timezone';
import type { StateStore } from '#shared/ports/state-store';
import { applicationStatus, type ApplicationStatusView, type PendingLine } from '#shared/use-cases/ops/application-status';
import { OpsError } from '#shared/use-cases/ops/errors';
import type { Command } from '../support/command.ts';
import { json, localTime, relative, table, utcTime } from '../support/format.ts';

export const status: Command = {
  words: ['status'],
  summary: 'one application: timeline (UTC and candidate time), phase, pending retries, write-back',
  description: 'Reads the application\'s state and checks its planned retries against the scheduler. Shows ids, never contact details.',
  positionals: [
    { name: 'tenant', required: true, description: 'tenant id' },
    { name: 'application', required: true, description: 'the ATS application id' },
  ],
  options: { 'no-scheduler': { type: 'boolean', description: 'do not ask the scheduler whether planned retries exist' } },
  examples: ['bridge status acme 71234560', 'bridge status acme 71234560 --json | jq .timeline'],
  async run(ctx) {
    const [tenantId, applicationId] = ctx.positionals as [string, string];
    const target = await ctx.target();
    const tenant = target.tenant(tenantId);
    const store = target.store();
    // The view does not say whether the record's timeline was cut: keep the record it reads.
    let record: ApplicationState | undefined;
    const reading: StateStore = Object.assign(Object.create(store) as StateStore, { get: async (t: string, a: string) => (record = await store.get(t, a)) });
    const view = await applicationStatus(
      { tenantId, applicationId, tenant },
      { store: reading, ...(ctx.options['no-scheduler'] ? {} : { schedules: target.schedules() }) },
    ).catch(async (error: unknown) => {
      // A newcomer restarts npm start and looks for yesterday's candidate: say where it went.
      if (!(error instanceof OpsError) || error.kind !== 'not_found' || target.kind !== 'local') throw error;
      throw new OpsError(error.message, error.kind, `${error.hint}\n  the local stack keeps its records in memory only: what it received before it last started is gone (${await target.instance()})`);
    });
    const cut = timelineCut(record!);
    if (ctx.json) return void ctx.print(json(cut ? { ...view, timelineCut: cut } : view));
    ctx.print(render(view, (await target.clock()).now(), cut));
    ctx.note(`(${target.description})`);
  },
};

/** What can decide the candidate's zone (the application state's timeZone.source); the view says 'unknown' or 'not decided yet' otherwise. */
const ZONE_SOURCES = new Set(Object.keys({ ats: true, address: true, phone: true, job_office: true, tenant_default: true } satisfies Record<TimeZoneSource, true>));

/** What the record no longer holds: it keeps only its last TIMELINE_LIMIT entries. */
export interface TimelineCut {
  keeps: number;
  /** The oldest entry kept: nothing before it is shown. */
  since: string;
  recordCreatedAt: string;
}

/**
 * A full record whose oldest entry is later than the record itself has dropped its first
 * entries (the first one is written when the record is created): say so rather than show a
 * partial story as whole.
 */
export function timelineCut(state: ApplicationState): TimelineCut | undefined {
  const oldest = state.timeline[0];
  if (state.timeline.length < TIMELINE_LIMIT || !oldest || Date.parse(oldest.at) <= Date.parse(state.createdAt)) return undefined;
  return { keeps: TIMELINE_LIMIT, since: oldest.at, recordCreatedAt: state.createdAt };
}

export function render(v: ApplicationStatusView, now: Date, cut?: TimelineCut): string {
  const zone = v.timeZone.zones[0]!;
  // Until an interview is planned the times are in the tenant's zone, not (yet) the candidate's.
  const decided = ZONE_SOURCES.has(v.timeZone.source);
  const whose = decided ? 'candidate' : 'tenant';
  const lines: string[] = [];
  lines.push(`Application ${v.tenantId}/${v.applicationId}  (${v.source}, candidate ${v.candidateId}, record v${v.version})`);
  lines.push('');
  const iv = v.interview;
  const facts: [string, string][] = [
    ['ATS', `${v.atsStatus}${v.atsStatusAt && v.atsStatus !== 'active' ? ` since ${utcTime(v.atsStatusAt)}` : ''}${v.stage ? `, stage "${v.stage.name}" (${v.stage.id})` : ''}${v.stageAt ? ` since ${utcTime(v.stageAt)}` : ''}`],
    ['Phase', iv ? `${v.phase} (rule ${iv.ruleId}, ${iv.provider} ${iv.kind} interview${iv.providerInterviewId ? ` ${iv.providerInterviewId}` : ''}, #${iv.generation})` : 'no interview'],
    ['Time zone', decided
      ? `${v.timeZone.zones.join(', ')}, decided by ${v.timeZone.explanation} [${v.timeZone.source}]${v.timeZone.countryCode ? ` ${v.timeZone.countryCode}${v.timeZone.region ? `-${v.timeZone.region}` : ''}` : ''}`
      : `${zone}, the tenant's default zone: the candidate's own zone is not decided yet (it is when an interview is planned)`],
  ];
  if (iv?.firstCallAt) facts.push([iv.kind === 'booking' ? 'Booked slot' : iv.kind === 'phone' ? 'First call' : 'Starts', `${utcTime(iv.firstCallAt)}  /  ${localTime(iv.firstCallAt, zone)}${notPlaced(v)}`]);
  if (iv?.kind === 'phone') facts.push(['Calls', `${iv.calls.length} unanswered or cut short, ${iv.callAttemptsRequested} extra attempt(s) requested`]);
  if (iv?.note) facts.push(['Note', iv.note]);
  // A resolved error is history (a timeline line), not news.
  if (iv?.lastError && !iv.lastError.resolved) facts.push(['Last error', `${iv.lastError.code}: ${iv.lastError.message} (${utcTime(iv.lastError.at)})`]);
  if (iv?.result) facts.push(['Result', `${iv.result.outcome}${iv.result.score !== undefined ? `, score ${iv.result.score}` : ''}${iv.result.recommendation ? `, ${iv.result.recommendation}` : ''}`]);
  const wb = v.writeBack;
  facts.push(['Write-back', wb ? `${wb.status} (${wb.outcome}), ${wb.attempts} attempt(s)${wb.completedSteps.length ? `, done: ${wb.completedSteps.join(', ')}` : ''}${wb.lastError && wb.status !== 'DONE' ? `; last error ${wb.lastError.code}: ${wb.lastError.message}` : ''}` : 'nothing to write back yet']);
  const width = Math.max(...facts.map(([k]) => k.length)) + 2;
  for (const [k, value] of facts) lines.push(`  ${`${k}:`.padEnd(width)}${value}`);

  lines.push('', 'Pending:');
  const pending = [...v.pending, ...v.otherSchedules];
  if (!pending.length) lines.push('  nothing planned');
  else {
    lines.push(indent(table(['what', 'UTC', `${whose} time (${zone})`, 'when', 'schedule', 'scheduler'], pending.map((p) => [
      describePending(p), utcTime(p.at), localTime(p.at, zone), relative(p.at, now), p.name, p.inScheduler === undefined ? '(not asked)' : p.inScheduler ? 'found' : 'MISSING (fired or lost)',
    ]))));
    for (const p of pending) if (p.waits) lines.push(`  call #${p.attempt} waits: ${p.waits}`);
  }
  lines.push('', `Timeline (${v.timeline.length} entries; ${whose} time in ${zone}):`);
  if (cut) lines.push(`  older entries were dropped: the record keeps only its last ${cut.keeps}; nothing recorded before ${utcTime(cut.since)} is shown (the record began ${utcTime(cut.recordCreatedAt)})`);
  lines.push(indent(table(['UTC', `${whose} time`, 'event', 'detail'], v.timeline.map((t) => [utcTime(t.at), localTime(t.atLocal, zone), t.label, t.detail]))));
  if (v.pastInterviews.length) {
    lines.push('', 'Earlier interviews:');
    for (const p of v.pastInterviews) lines.push(`  #${p.generation} rule ${p.ruleId}: ${p.phase}${p.note ? ` (${p.note})` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}

/** A first call (or slot) the interview ended before: it never took place. */
function notPlaced(v: ApplicationStatusView): string {
  const iv = v.interview!;
  if (v.phase !== 'CANCELLED' && v.phase !== 'ERASED') return '';
  const ended = [...v.timeline].reverse().find((t) => t.what === 'interview.cancelled' || t.what === 'erased');
  return ended && Date.parse(ended.at) < Date.parse(iv.firstCallAt!) ? `  (never took place: ${ended.label} before)` : '';
}

function describePending(p: PendingLine): string {
  if (p.kind === 'call') return `call #${p.attempt}${p.why ? ` (after ${p.why.replace('_', ' ')})` : ''}`;
  if (p.kind === 'write_back') return `write-back try #${(p.attempt ?? 0) + 1}`;
  return p.why ?? 'schedule';
}

function indent(text: string): string {
  return text.split('\n').map((l) => `  ${l}`).join('\n');
}
