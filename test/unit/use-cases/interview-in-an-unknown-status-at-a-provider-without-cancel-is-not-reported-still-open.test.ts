import { describe, expect, it } from 'vitest';
import { renderNote } from '#shared/ats/render-note';
import { atsEvent } from '../../support/bridge.ts';
import { minute as t, pendingSchedules, providerWithoutCancel, xobinOnlyTenant } from '../../support/multi-rule.ts';
import { processorHarness, testConfig, TRIGGER_STAGE } from '../../support/bridge.ts';

/**
 * A rejected application's Xobin or DRVN interview cannot be cancelled by the bridge, so the
 * ATS is told. When the provider reports it in a status the bridge does not know (a Xobin
 * report exists only once the candidate took the interview; a DRVN status outside pending /
 * scheduled / amended / rejected), the note said "still open at Xobin: cancel it there": not
 * known to be true, and a recruiter might "cancel" an interview that already took place.
 * Wanted: the note says its status is unknown to the bridge, it was left as is, and to check
 * it at the provider; its result is still asked for (it may have taken place).
 */
describe('an interview in an unknown status at a provider without cancel, after a rejection', () => {
  it.each(['xobin', 'drvn'] as const)('%s: the ATS is told its status is unknown and it was left as is, not that it is still open', async (name) => {
    const { h, provider } = name === 'xobin'
      ? (({ h, xobin }) => ({ h, provider: xobin }))(xobinOnlyTenant())
      : (() => {
        const h = processorHarness({ config: testConfig((raw) => {
          raw.tenants[0].providers.drvn = { baseUrl: 'sandbox' };
          raw.tenants[0].rules = [{ id: 'drvn-slot', source: 'greenhouse', stage: { name: TRIGGER_STAGE.name }, provider: 'drvn', drvn: { interviewerId: 'int-9', intervieweeMap: { '*': 'ee-1' } } }];
        }) });
        return { h, provider: providerWithoutCancel(h, 'drvn') };
      })();
    await h.process(atsEvent({ deliveryId: 's1', occurredAt: t(0) }));
    const iv = provider.liveInterviews()[0]!;
    provider.setStatus(iv.id, 'UNKNOWN');
    const before = h.ats.writes.length;

    await h.process(atsEvent({ kind: 'application.rejected', applicationStatus: 'rejected', deliveryId: 'r1', occurredAt: t(30) }));

    const told = h.ats.writes.slice(before).filter((w) => w.outcome.kind === 'not_cancelled');
    expect(told).toHaveLength(1);
    const note = renderNote(told[0]!.outcome);
    expect(note.text).not.toMatch(/still open|stays open|cancel it there/);
    expect(note.subject).toMatch(/status unknown to the bridge/i);
    expect(note.text).toMatch(/left as is/);
    expect(note.text).toMatch(new RegExp(`check it (in|at) ${name === 'xobin' ? 'Xobin' : 'DRVN'}`, 'i'));
    expect(pendingSchedules(h, 'poll_result').length).toBeGreaterThan(0);
  });
});
