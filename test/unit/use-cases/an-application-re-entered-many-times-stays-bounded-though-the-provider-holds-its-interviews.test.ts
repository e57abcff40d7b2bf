import { describe, expect, it } from 'vitest';
import { HELD_KEPT } from '#shared/domain/past-interviews';
import { OTHER_STAGE, atsEvent, processorHarness } from '../../support/bridge.ts';

/**
 * Compaction of the earlier interviews kept whole every interview the provider may still hold
 * (one found cancelled there but not deleted: `already_cancelled`, `mayBeHeldAtProvider`), since
 * an erasure must reach it. An application moved in and out of the trigger stage many times
 * while the provider cancels on its own (a recruiter cancelling in the provider's UI, a newer
 * call) grew by one whole record per round trip, without bound: past DynamoDB's 400 KB every
 * write of the application fails. Bounded now; what an erasure needs is kept as long as
 * possible, and what is let go is said (timeline, metric, log).
 */

const DYNAMODB_ITEM_LIMIT = 400 * 1024;
const at = (second: number) => new Date(Date.parse('2026-04-13T16:00:00Z') + second * 1000).toISOString();
const itemBytes = (state: unknown) => Buffer.byteLength(JSON.stringify(state), 'utf8');

describe('an application re-entered many times whose interviews the provider cancels but keeps', () => {
  async function cycled(rounds: number, cancelledThere = true) {
    const h = processorHarness();
    let second = 0;
    for (let i = 0; i < rounds; i++) {
      await h.process(atsEvent({ deliveryId: `in-${second}`, occurredAt: at(second++) }));
      // Cancelled at the provider (not deleted) before the candidate moves on.
      if (cancelledThere) h.provider.setStatus((await h.state()).interview!.providerInterviewId!, 'CANCELLED');
      await h.process(atsEvent({ deliveryId: `out-${second}`, stage: { ...OTHER_STAGE }, occurredAt: at(second++) }));
    }
    return h;
  }

  it('stays bounded: the item no longer grows with each round trip', async () => {
    const h = await cycled(40);
    const after40 = itemBytes(await h.state());
    const more = await cycled(400);
    const after400 = itemBytes(await more.state());
    expect(after400).toBeLessThan(DYNAMODB_ITEM_LIMIT / 4);
    expect(after400).toBeLessThanOrEqual(after40 * 3);
    // Still numbered right: the next interview gets a key of its own.
    expect((await more.state()).interview?.generation).toBe(400);
  }, 120_000);

  it('interviews deleted at the provider, dropped as before, are not counted as let go', async () => {
    const h = await cycled(30, false);
    expect(h.provider.interviews.size).toBe(0);
    expect(h.telemetry.total('PastInterviewsForgotten')).toBe(0);
    expect((await h.state()).timeline.some((e) => e.what === 'interviews.forgotten')).toBe(false);
  });

  it('an erasure still reaches the interviews the provider holds, as far back as the record goes, and what was let go is said', async () => {
    const h = await cycled(HELD_KEPT + 30);
    const state = await h.state();
    const held = [state.interview, ...state.pastInterviews].filter((i) => i?.providerInterviewId).length;
    const atProvider = h.provider.interviews.size;
    expect(atProvider).toBe(HELD_KEPT + 30);
    expect(held).toBeLessThan(atProvider);
    expect(h.telemetry.total('PastInterviewsForgotten')).toBe(atProvider - held);
    expect(state.timeline.some((e) => e.what === 'interviews.forgotten')).toBe(true);
    await h.process(atsEvent({ kind: 'application.deleted', deliveryId: 'erase', occurredAt: at(10_000) }));
    expect(h.provider.interviews.size).toBe(atProvider - held);
    expect(held).toBeGreaterThanOrEqual(HELD_KEPT);
  }, 120_000);
});
