import { applicationStatus, type ApplicationStatusView, type PendingLine } from '#shared/use-cases/ops/application-status';
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
    const view = await applicationStatus(
      { tenantId, applicationId, tenantDefaultZone: tenant.defaultTimezone },
      { store: target.store(), ...(ctx.options['no-scheduler'] ? {} : { schedules: target.schedules() }) },
    );
    if (ctx.json) return void ctx.print(json(view));
    ctx.print(render(view, (await target.clock()).now()));
    ctx.note(`(${target.description})`);
  },
};

export function render(v: ApplicationStatusView, now: Date): string {
  const zone = v.timeZone.zones[0]!;
  const lines: string[] = [];
  lines.push(`Application ${v.tenantId}/${v.applicationId}  (${v.source}, candidate ${v.candidateId}, record v${v.version})`);
  lines.push('');
  const facts: [string, string][] = [
    ['ATS', `${v.atsStatus}${v.stage ? `, stage "${v.stage.name}" (${v.stage.id})` : ''}${v.stageAt ? ` since ${utcTime(v.stageAt)}` : ''}`],
    ['Phase', v.interview ? `${v.phase} (rule ${v.interview.ruleId}, ${v.interview.provider}${v.interview.providerInterviewId ? ` interview ${v.interview.providerInterviewId}` : ''}, #${v.interview.generation})` : 'no interview'],
    ['Time zone', `${v.timeZone.zones.join(', ')}, decided by ${v.timeZone.explanation} [${v.timeZone.source}]${v.timeZone.countryCode ? ` ${v.timeZone.countryCode}${v.timeZone.region ? `-${v.timeZone.region}` : ''}` : ''}`],
  ];
  if (v.interview?.firstCallAt) facts.push(['First call', `${utcTime(v.interview.firstCallAt)}  /  ${localTime(v.interview.firstCallAt, zone)}`]);
  if (v.interview) facts.push(['Calls', `${v.interview.calls.length} unanswered or cut short, ${v.interview.callAttemptsRequested} extra attempt(s) requested`]);
  if (v.interview?.note) facts.push(['Note', v.interview.note]);
  if (v.interview?.lastError) facts.push(['Last error', `${v.interview.lastError.code}: ${v.interview.lastError.message} (${utcTime(v.interview.lastError.at)})`]);
  if (v.interview?.result) facts.push(['Result', `${v.interview.result.outcome}${v.interview.result.score !== undefined ? `, score ${v.interview.result.score}` : ''}${v.interview.result.recommendation ? `, ${v.interview.result.recommendation}` : ''}`]);
  facts.push(['Write-back', v.writeBack ? `${v.writeBack.status} (${v.writeBack.outcome}), ${v.writeBack.attempts} attempt(s)${v.writeBack.completedSteps.length ? `, done: ${v.writeBack.completedSteps.join(', ')}` : ''}${v.writeBack.lastError ? `; last error ${v.writeBack.lastError.code}: ${v.writeBack.lastError.message}` : ''}` : 'nothing to write back yet']);
  const width = Math.max(...facts.map(([k]) => k.length)) + 2;
  for (const [k, value] of facts) lines.push(`  ${`${k}:`.padEnd(width)}${value}`);

  lines.push('', 'Pending:');
  const pending = [...v.pending, ...v.otherSchedules];
  if (!pending.length) lines.push('  nothing planned');
  else {
    lines.push(indent(table(['what', 'UTC', `candidate time (${zone})`, 'when', 'schedule', 'scheduler'], pending.map((p) => [
      describePending(p), utcTime(p.at), localTime(p.at, zone), relative(p.at, now), p.name, p.inScheduler === undefined ? '(not asked)' : p.inScheduler ? 'found' : 'MISSING (fired or lost)',
    ]))));
  }
  lines.push('', `Timeline (${v.timeline.length} entries; candidate time in ${zone}):`);
  lines.push(indent(table(['UTC', 'candidate time', 'event', 'detail'], v.timeline.map((t) => [utcTime(t.at), localTime(t.atLocal, zone), t.label, t.detail]))));
  if (v.pastInterviews.length) {
    lines.push('', 'Earlier interviews:');
    for (const p of v.pastInterviews) lines.push(`  #${p.generation} rule ${p.ruleId}: ${p.phase}${p.note ? ` (${p.note})` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}

function describePending(p: PendingLine): string {
  if (p.kind === 'call') return `call #${p.attempt}${p.why ? ` (after ${p.why.replace('_', ' ')})` : ''}`;
  if (p.kind === 'write_back') return `write-back try #${(p.attempt ?? 0) + 1}`;
  return p.why ?? 'schedule';
}

function indent(text: string): string {
  return text.split('\n').map((l) => `  ${l}`).join('\n');
}
