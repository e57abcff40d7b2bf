import { describe, expect, it } from 'vitest';
import { TIMELINE_LIMIT } from '#shared/domain/application-state';
import { status } from '../../../cli/commands/status.ts';
import { captureIo, runCli } from '../../../cli/main.ts';
import type { Target } from '../../../cli/target.ts';
import { APPLICATION, TENANT, atsEvent, processorHarness } from '../../support/bridge.ts';

/**
 * The application's record keeps only its last 100 timeline entries. A candidate moved in and
 * out of the trigger stage often enough has lost the first ones (the webhook that started it
 * all), and `bridge status` printed the rest as if it were the whole story.
 */
async function statusOf(h: ReturnType<typeof processorHarness>, json = false) {
  const target = {
    kind: 'local',
    description: 'test stack',
    tenant: (id: string) => h.config.tenants.find((t) => t.id === id)!,
    store: () => h.store,
    clock: async () => h.clock,
  } as unknown as Target;
  const io = captureIo();
  const code = await runCli(['status', TENANT, APPLICATION, '--no-scheduler', ...(json ? ['--json'] : [])], io, [{ ...status, run: (ctx) => status.run({ ...ctx, target: async () => target }) }]);
  return { code, out: io.out() };
}

async function movedInAndOut(times: number) {
  const h = processorHarness();
  for (let i = 0; i < times; i++) {
    h.clock.advance(60_000);
    await h.process(atsEvent({ occurredAt: h.clock.now().toISOString(), receivedAt: h.clock.now().toISOString() }));
    h.clock.advance(60_000);
    await h.process(atsEvent({ occurredAt: h.clock.now().toISOString(), receivedAt: h.clock.now().toISOString(), stage: { id: 'other', name: 'Hiring Manager Review' } }));
  }
  return h;
}

describe('bridge status on a record whose timeline was cut', () => {
  it('says that older entries were dropped, and since when the timeline is complete', async () => {
    const h = await movedInAndOut(40);
    const state = await h.state();
    expect(state.timeline).toHaveLength(TIMELINE_LIMIT);
    const { code, out } = await statusOf(h);
    expect(code).toBe(0);
    expect(out).toMatch(/older entries were dropped/);
    expect(out).toContain('the record began 2026-04-13 17:01:00Z'); // when the record began, though its first entries are gone
  });

  it('says so in --json too', async () => {
    const h = await movedInAndOut(40);
    const view = JSON.parse((await statusOf(h, true)).out) as { timelineCut?: { keeps: number; since: string; recordCreatedAt: string } };
    expect(view.timelineCut).toMatchObject({ keeps: TIMELINE_LIMIT, recordCreatedAt: (await h.state()).createdAt });
  });

  it('says nothing for a full record that still holds its first entry', async () => {
    const h = await movedInAndOut(40);
    const state = await h.state();
    await h.store.save({ ...state, createdAt: state.timeline[0]!.at });
    expect((await statusOf(h)).out).not.toMatch(/dropped/);
  });

  it('says nothing of the kind for a short record', async () => {
    const h = await movedInAndOut(2);
    const { out } = await statusOf(h);
    expect(out).not.toMatch(/dropped/);
    expect(JSON.parse((await statusOf(h, true)).out)).not.toHaveProperty('timelineCut');
  });
});
