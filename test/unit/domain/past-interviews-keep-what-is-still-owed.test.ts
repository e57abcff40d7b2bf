import { describe, expect, it } from 'vitest';
import type { InterviewRecord } from '#shared/domain/application-state';
import { SETTLED_KEPT, compactPast } from '#shared/domain/past-interviews';

/** Compacting the earlier interviews drops only ones nothing is owed for and nothing is held of. */

const record = (generation: number, patch: Partial<InterviewRecord> = {}): InterviewRecord => ({
  ruleId: 'phone', provider: 'instaview', generation, externalKey: `aib:acme:71234560:phone:${generation}`, phase: 'CANCELLED',
  providerInterviewId: `int-${generation}`, requestedBy: { deliveryId: `d-${generation}`, occurredAt: '2026-04-13T16:00:00Z' },
  callAttemptsRequested: 0, createdAt: '2026-04-13T16:00:00Z', updatedAt: '2026-04-13T16:00:00Z', ...patch,
});

describe('compactPast', () => {
  it('drops old cancelled interviews but keeps the newest few and the newest of each rule', () => {
    const past = Array.from({ length: 40 }, (_, i) => record(i + 1));
    const kept = compactPast(past);
    expect(kept.map((p) => p.generation)).toEqual([36, 37, 38, 39, 40].slice(-SETTLED_KEPT));
    const otherRule = record(1, { ruleId: 'video', externalKey: 'aib:acme:71234560:video:1' });
    expect(compactPast([otherRule, ...past])).toContain(otherRule);
  });

  it('keeps every interview something is still owed for or held of at the provider, however old', () => {
    const owed = [
      record(1, { phase: 'SCHEDULED', provider: 'xobin' }), // a kept link: cancel on rejection, its result
      record(2, { phase: 'IN_PROGRESS' }),
      record(3, { phase: 'CREATING', providerInterviewId: undefined }), // may exist at the provider
      record(4, { phase: 'FAILED', writeBack: { status: 'PENDING', attempts: 1, outcome: { kind: 'failed', provider: 'instaview', occurredAt: 't' } } }),
      record(5, { phase: 'COMPLETED' }), // its data is at the provider (erasure), its result maybe still to read
      record(6, { phase: 'GAVE_UP' }),
    ];
    const cancelled = Array.from({ length: 30 }, (_, i) => record(10 + i));
    const kept = compactPast([...owed, ...cancelled]);
    for (const p of owed) expect(kept).toContain(p);
    expect(kept).toHaveLength(owed.length + SETTLED_KEPT);
  });

  it('keeps interviews the provider may still hold though they are over here: an uncertain start, one cancelled there but not deleted', () => {
    const mayBeHeld = [
      record(1, { phase: 'FAILED', providerInterviewId: undefined, mayBeHeldAtProvider: true, writeBack: { status: 'DONE', attempts: 1, outcome: { kind: 'could_not_start', provider: 'xobin', occurredAt: 't' } } }),
      record(2, { phase: 'CANCELLED', mayBeHeldAtProvider: true }),
    ];
    const cancelled = Array.from({ length: 30 }, (_, i) => record(10 + i));
    const kept = compactPast([...mayBeHeld, ...cancelled]);
    for (const p of mayBeHeld) expect(kept).toContain(p);
    expect(kept).toHaveLength(mayBeHeld.length + SETTLED_KEPT);
  });

  it('drops old starts refused before anything was created (no interview at the provider)', () => {
    const refused = Array.from({ length: 20 }, (_, i) => record(i + 1, { phase: 'FAILED', providerInterviewId: undefined, writeBack: { status: 'DONE', attempts: 1, outcome: { kind: 'could_not_start', provider: 'instaview', occurredAt: 't' } } }));
    expect(compactPast(refused)).toHaveLength(SETTLED_KEPT);
  });
});
