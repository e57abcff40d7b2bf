import { describe, expect, it } from 'vitest';
import { statusView } from '#shared/use-cases/ops/application-status';
import { render } from '../../../cli/commands/status.ts';
import { atsEvent, processorHarness } from '../../support/bridge.ts';

/**
 * Rejected in the evening, before the next morning's first call: status still printed
 * "First call: <tomorrow 09:00>" as if it would ring, and "ATS: rejected … since <the stage
 * change>", the time the candidate entered the stage, not when they were rejected.
 */
describe('bridge status after a rejection before the first call', () => {
  it('says the first call never took place, and when the application was rejected', async () => {
    const h = processorHarness({ now: '2026-04-14T03:00:00Z' }); // Monday 20:00 in Vancouver
    await h.process(atsEvent({ occurredAt: '2026-04-14T02:59:00Z' }));
    h.clock.advance(60_000);
    await h.process(atsEvent({ kind: 'application.rejected', applicationStatus: 'rejected', occurredAt: '2026-04-14T03:00:30Z' }));

    const view = statusView(await h.state());
    expect(view.phase).toBe('CANCELLED');
    const text = render(view, h.clock.now());
    expect(text).toMatch(/ATS: +rejected since 2026-04-14 03:00:30Z, stage "AI Phone Screen" \(9012399\) since 2026-04-14 02:59:00Z/);
    expect(text).toMatch(/First call: +2026-04-14 16:\d\d:00Z {2}\/ {2}Tue 2026-04-14 09:\d\d:00 \S+ {2}\(never took place: interview cancelled before\)/);
  });
});
