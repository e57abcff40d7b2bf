import { describe, expect, it } from 'vitest';
import { statusView } from '#shared/use-cases/ops/application-status';
import { render } from '../../../cli/commands/status.ts';
import { atsEvent, processorHarness } from '../../support/bridge.ts';

/**
 * Before an interview is planned (no rule's stage yet, or a start waiting out a provider rate
 * limit) the bridge has not decided the candidate's zone: `bridge status` shows the times in the
 * tenant's default zone. It said so as "Time zone: Europe/Bratislava, decided by not recorded
 * [unknown]" and headed the columns "candidate time": for a candidate in Vancouver, an operator
 * read Bratislava times as the candidate's own.
 */
const NOW = new Date('2026-04-13T17:30:00Z');

function tenantInBratislava(h: ReturnType<typeof processorHarness>) {
  return { ...h.config.tenants[0]!, defaultTimezone: 'Europe/Bratislava' };
}

describe('bridge status before the candidate\'s zone is decided', () => {
  it('no interview yet: the times are the tenant\'s, and say so', async () => {
    const h = processorHarness();
    await h.process(atsEvent({ stage: { id: 'x', name: 'Hiring Manager Review' } }));
    const text = render(statusView(await h.state(), { tenant: tenantInBratislava(h) }), NOW);
    expect(text).toMatch(/Time zone: +Europe\/Bratislava, the tenant's default zone: the candidate's own zone is not decided yet/);
    expect(text).not.toMatch(/decided by/);
    expect(text).toMatch(/Timeline \(1 entries; tenant time in Europe\/Bratislava\)/);
    expect(text).not.toMatch(/candidate time/);
  });

  it('an interview whose start has not recorded a zone (waiting out a rate limit): the same', async () => {
    const h = processorHarness();
    await h.process(atsEvent());
    const state = await h.state();
    const { timeZone: _zone, ...interview } = state.interview!;
    const text = render(statusView({ ...state, interview: { ...interview, phase: 'CREATING' } }, { tenant: tenantInBratislava(h) }), NOW);
    expect(text).toMatch(/Time zone: +Europe\/Bratislava, the tenant's default zone: the candidate's own zone is not decided yet/);
    expect(text).not.toMatch(/decided by not recorded/);
    expect(text).not.toMatch(/candidate time/);
  });

  it('a decided zone is still the candidate\'s, with what decided it', async () => {
    const h = processorHarness();
    await h.process(atsEvent());
    const text = render(statusView(await h.state(), { tenant: tenantInBratislava(h) }), NOW);
    expect(text).toMatch(/Time zone: +America\/Vancouver, decided by /);
    expect(text).toMatch(/candidate time in America\/Vancouver/);
  });
});
