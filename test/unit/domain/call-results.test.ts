import { describe, expect, it } from 'vitest';
import { classifyFailedCall, lastPlacedCall } from '#shared/domain/call-results';

describe('lastPlacedCall', () => {
  it('takes the latest call that rang, by time, whatever the order of the list', () => {
    const attempts = [
      { id: 'a3', status: 'SCHEDULED', scheduledAt: '2026-04-14T16:00:00Z', retryNumber: 2 },
      { id: 'a2', status: 'FAILED', reasonCode: 'NO_ANSWER', calledAt: '2026-04-13T19:01:00Z', retryNumber: 1 },
      { id: 'a1', status: 'FAILED', reasonCode: 'BUSY', calledAt: '2026-04-13T17:00:00Z', retryNumber: 0 },
      { id: 'a0', status: 'CANCELLED', scheduledAt: '2026-04-13T20:00:00Z' },
    ];
    expect(lastPlacedCall(attempts)?.id).toBe('a2');
    expect(lastPlacedCall([...attempts].reverse())?.id).toBe('a2');
  });

  it('orders a call whose time cannot be read by its planned time, not as the oldest call', () => {
    // The later call's calledAt is present but unreadable: taken as time 0, the earlier call
    // (already counted) would be read as the last one and the new outcome missed.
    const attempts = [
      { id: 'first', status: 'FAILED', reasonCode: 'NO_ANSWER', calledAt: '2026-04-13T17:00:00Z', scheduledAt: '2026-04-13T17:00:00Z', retryNumber: 0 },
      { id: 'second', status: 'FAILED', reasonCode: 'BUSY', calledAt: 'not a time', scheduledAt: '2026-04-14T09:00:00Z', retryNumber: 0 },
    ];
    expect(lastPlacedCall(attempts)?.id).toBe('second');
    expect(lastPlacedCall([...attempts].reverse())?.id).toBe('second');
    expect(lastPlacedCall([attempts[0]!, { ...attempts[1]!, calledAt: '' }])?.id).toBe('second');
  });

  it('is undefined when nothing rang yet', () => {
    expect(lastPlacedCall([{ id: 'a', status: 'SCHEDULED' }, { id: 'b', status: null }])).toBeUndefined();
    expect(lastPlacedCall([])).toBeUndefined();
  });
});

describe('classifyFailedCall', () => {
  it('no-answer codes spend the no-answer budget; a connected call without one is incomplete', () => {
    expect(classifyFailedCall('NO_ANSWER')).toBe('no_answer');
    expect(classifyFailedCall('voicemail')).toBe('no_answer');
    expect(classifyFailedCall(undefined, true)).toBe('incomplete');
    expect(classifyFailedCall(undefined)).toBe('no_answer');
    expect(classifyFailedCall('CALL_DROPPED')).toBe('incomplete');
  });
});
