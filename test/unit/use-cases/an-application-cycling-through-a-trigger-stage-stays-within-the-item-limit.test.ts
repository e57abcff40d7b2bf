import { describe, expect, it } from 'vitest';
import { OTHER_STAGE, atsEvent, processorHarness } from '../../support/bridge.ts';

/**
 * A recruiter (or an ATS automation) can move an application into the trigger stage and out
 * again many times: each round trip starts an interview and cancels it, and the cancelled one
 * was kept whole among the earlier interviews (~1.4 KB each). The application is one DynamoDB
 * item, and DynamoDB refuses items over 400 KB: past that, every write of the application fails
 * (no cancel recorded, no erasure, messages into the DLQ). What the earlier interviews must keep
 * is what is still owed for them; interviews cancelled long ago are done with.
 */

const DYNAMODB_ITEM_LIMIT = 400 * 1024;
const at = (second: number) => new Date(Date.parse('2026-04-13T16:00:00Z') + second * 1000).toISOString();
const itemBytes = (state: unknown) => Buffer.byteLength(JSON.stringify(state), 'utf8');

describe('an application moved in and out of the trigger stage many times', () => {
  it('stays far below the DynamoDB item limit, and still numbers, starts and cancels its interviews right', async () => {
    const h = processorHarness();
    let second = 0;
    const roundTrip = async () => {
      await h.process(atsEvent({ deliveryId: `in-${second}`, occurredAt: at(second++) }));
      await h.process(atsEvent({ deliveryId: `out-${second}`, stage: { ...OTHER_STAGE }, occurredAt: at(second++) }));
    };

    for (let i = 0; i < 30; i++) await roundTrip();
    const after30 = itemBytes(await h.state());
    for (let i = 0; i < 320; i++) await roundTrip();
    const after350 = itemBytes(await h.state());

    expect(after350).toBeLessThan(DYNAMODB_ITEM_LIMIT / 4);
    // Bounded, not merely slow: it no longer grows with each round trip.
    expect(after350).toBeLessThanOrEqual(after30 + 1024);
    expect(h.provider.liveInterviews()).toEqual([]);

    // The next interview still gets a number (and key) of its own, and its cancel still works.
    await h.process(atsEvent({ deliveryId: 'in-last', occurredAt: at(second++) }));
    const state = await h.state();
    expect(state.interview?.generation).toBe(351);
    expect(new Set([state.interview, ...state.pastInterviews].map((i) => i!.externalKey)).size).toBe(state.pastInterviews.length + 1);
    expect(h.provider.liveInterviews()).toHaveLength(1);
    await h.process(atsEvent({ deliveryId: 'out-last', stage: { ...OTHER_STAGE }, occurredAt: at(second++) }));
    expect(h.provider.liveInterviews()).toEqual([]);
  });
});
