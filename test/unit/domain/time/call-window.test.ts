import { describe, expect, it } from 'vitest';
import { callWindowSchema, type CallWindowConfig } from '#shared/config/schema';
import { CallWindow } from '#shared/domain/time/call-window';
import { planFirstCall } from '#shared/domain/time/plan-first-call';

const everyDay = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const hours = (start: string, end: string, days: readonly (typeof everyDay)[number][] = everyDay): CallWindowConfig =>
  callWindowSchema.parse({ days: [...days], start, end });
const d = (iso: string) => new Date(iso);
const intervals = (w: CallWindow, from: string, to: string) =>
  [...w.openIntervals(d(from), d(to))].map((i) => `${i.start.toISOString()}–${i.end.toISOString()}`);

describe('CallWindow: wall times that do not exist (spring forward)', () => {
  // Vancouver, Sunday 8 March 2026: 02:00 PST → 03:00 PDT at 10:00Z.
  const vancouver = (start: string, end: string) => new CallWindow(hours(start, end), ['America/Vancouver']);

  it('a window that starts at a skipped time opens when the clocks jump, and closes on time', () => {
    const w = vancouver('02:00', '04:00');
    expect(w.nextOpening(d('2026-03-08T08:00:00Z'))?.toISOString()).toBe('2026-03-08T10:00:00.000Z'); // 03:00 PDT
    expect(w.closesAfter(d('2026-03-08T10:00:00Z')).toISOString()).toBe('2026-03-08T11:00:00.000Z'); // 04:00 PDT
    expect(w.contains(d('2026-03-08T09:59:00Z'))).toBe(false); // 01:59 PST
    expect(intervals(w, '2026-03-08T00:00:00Z', '2026-03-09T00:00:00Z')).toEqual(['2026-03-08T10:00:00.000Z–2026-03-08T11:00:00.000Z']);
  });

  it('a window lying wholly in the skipped hour is closed that day and opens the next', () => {
    const w = vancouver('02:15', '02:45');
    expect(w.nextOpening(d('2026-03-08T08:00:00Z'))?.toISOString()).toBe('2026-03-09T09:15:00.000Z'); // Mon 02:15 PDT
    expect(planFirstCall(d('2026-03-08T08:00:00Z'), w, 0, 'k').localIso).toBe('2026-03-09T02:15:00-07:00');
  });

  it('a window ending in the skipped hour closes when the clocks jump', () => {
    const w = vancouver('01:00', '02:30');
    expect(intervals(w, '2026-03-08T00:00:00Z', '2026-03-09T00:00:00Z')).toEqual(['2026-03-08T09:00:00.000Z–2026-03-08T10:00:00.000Z']);
  });

  it('Santiago skips Sunday\'s first hour (Saturday 24:00 → Sunday 01:00): a 00:00–01:00 window does not open that Sunday', () => {
    const w = new CallWindow(hours('00:00', '01:00'), ['America/Santiago']);
    expect(w.nextOpening(d('2026-09-06T02:00:00Z'))?.toISOString()).toBe('2026-09-07T03:00:00.000Z'); // Mon 00:00 -03
  });

  it('Lord Howe skips half an hour (02:00 → 02:30)', () => {
    const w = new CallWindow(hours('02:00', '03:00'), ['Australia/Lord_Howe']);
    expect(intervals(w, '2026-10-03T12:00:00Z', '2026-10-04T00:00:00Z')).toEqual(['2026-10-03T15:30:00.000Z–2026-10-03T16:00:00.000Z']);
    expect(w.localIso(d('2026-10-03T15:30:00Z'))).toBe('2026-10-04T02:30:00+11:00');
  });
});

describe('CallWindow: wall times that occur twice (fall back)', () => {
  // Vancouver, Sunday 1 November 2026: 02:00 PDT → 01:00 PST at 09:00Z.
  it('a window that starts at a repeated time opens at its first occurrence', () => {
    const w = new CallWindow(hours('01:30', '03:00'), ['America/Vancouver']);
    expect(w.nextOpening(d('2026-11-01T07:00:00Z'))?.toISOString()).toBe('2026-11-01T08:30:00.000Z'); // 01:30 PDT, not 01:30 PST
    // 01:00–01:29 PST comes round again: outside; 01:30 PST: inside again.
    expect(w.contains(d('2026-11-01T09:15:00Z'))).toBe(false);
    expect(w.contains(d('2026-11-01T09:30:00Z'))).toBe(true);
    expect(intervals(w, '2026-11-01T07:00:00Z', '2026-11-02T00:00:00Z')).toEqual([
      '2026-11-01T08:30:00.000Z–2026-11-01T09:00:00.000Z',
      '2026-11-01T09:30:00.000Z–2026-11-01T11:00:00.000Z',
    ]);
  });

  it('the repeated hour is inside twice when it is inside at all (01:00–02:00 lasts two hours)', () => {
    const w = new CallWindow(hours('01:00', '02:00'), ['America/Vancouver']);
    expect(intervals(w, '2026-11-01T07:00:00Z', '2026-11-02T00:00:00Z')).toEqual(['2026-11-01T08:00:00.000Z–2026-11-01T10:00:00.000Z']);
  });

  it('a window ending at a repeated time closes at each occurrence', () => {
    const w = new CallWindow(hours('00:00', '01:30'), ['America/Vancouver']);
    expect(intervals(w, '2026-11-01T06:00:00Z', '2026-11-02T00:00:00Z')).toEqual([
      '2026-11-01T07:00:00.000Z–2026-11-01T08:30:00.000Z',
      '2026-11-01T09:00:00.000Z–2026-11-01T09:30:00.000Z',
    ]);
    expect(w.closesAfter(d('2026-11-01T08:00:00Z')).toISOString()).toBe('2026-11-01T08:30:00.000Z');
    expect(w.nextOpening(d('2026-11-01T08:45:00Z'))?.toISOString()).toBe('2026-11-01T09:00:00.000Z');
  });

  it('writes each occurrence with its own offset', () => {
    const w = new CallWindow(hours('00:00', '23:00'), ['America/Vancouver']);
    expect(w.localIso(d('2026-11-01T08:10:00Z'))).toBe('2026-11-01T01:10:00-07:00');
    expect(w.localIso(d('2026-11-01T09:10:00Z'))).toBe('2026-11-01T01:10:00-08:00');
  });

  it('Beirut repeats Saturday\'s last hour (24:00 → 23:00)', () => {
    const w = new CallWindow(hours('22:30', '23:59', ['sat']), ['Asia/Beirut']);
    expect(intervals(w, '2026-10-24T12:00:00Z', '2026-10-25T12:00:00Z')).toEqual([
      '2026-10-24T19:30:00.000Z–2026-10-24T20:59:00.000Z',
      '2026-10-24T21:00:00.000Z–2026-10-24T21:59:00.000Z',
    ]);
  });
});

describe('CallWindow: hours on a day of 23 or 25 hours', () => {
  it('closes at 18:00 local on both transition days (not 17:00 or 19:00)', () => {
    const w = new CallWindow(hours('09:00', '18:00'), ['Europe/Bratislava']);
    expect(w.closesAfter(d('2026-03-29T08:00:00Z')).toISOString()).toBe('2026-03-29T16:00:00.000Z'); // 18:00 CEST
    expect(w.closesAfter(d('2026-10-25T08:00:00Z')).toISOString()).toBe('2026-10-25T17:00:00.000Z'); // 18:00 CET
  });
});

describe('CallWindow: several zones', () => {
  it('is open only where every zone is open, with each zone\'s own DST dates', () => {
    // 9 March 2026: New York is already on EDT, London not yet on BST: 4 hours apart.
    const w = new CallWindow(hours('09:00', '18:00'), ['America/New_York', 'Europe/London']);
    expect(intervals(w, '2026-03-09T00:00:00Z', '2026-03-10T00:00:00Z')).toEqual(['2026-03-09T13:00:00.000Z–2026-03-09T18:00:00.000Z']);
    // 30 March: both on summer time: 5 hours apart again.
    expect(intervals(w, '2026-03-30T00:00:00Z', '2026-03-31T00:00:00Z')).toEqual(['2026-03-30T13:00:00.000Z–2026-03-30T17:00:00.000Z']);
  });

  it('refuses a zone that is not one', () => {
    expect(() => new CallWindow(hours('09:00', '18:00'), ['Mars/Olympus_Mons'])).toThrow(/not a time zone/);
  });
});

describe('CallWindow: halves of the day', () => {
  const w = new CallWindow(callWindowSchema.parse({ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'], start: '09:00', end: '18:00', weekend: { days: ['sat'], start: '10:00', end: '14:00' } }), ['Europe/Bratislava']);

  it('splits each day\'s hours at their middle on the candidate\'s clock', () => {
    expect(w.dayPart(d('2026-04-14T11:29:00Z'))).toBe('morning'); // Tue 13:29
    expect(w.dayPart(d('2026-04-14T11:30:00Z'))).toBe('afternoon'); // Tue 13:30
    expect(w.dayPart(d('2026-04-11T09:59:00Z'))).toBe('morning'); // Sat 11:59 (10–14)
    expect(w.dayPart(d('2026-04-11T10:00:00Z'))).toBe('afternoon'); // Sat 12:00
    expect(w.dayPart(d('2026-04-14T04:00:00Z'))).toBe('morning'); // before the hours
    expect(w.dayPart(d('2026-04-14T19:00:00Z'))).toBe('afternoon'); // after them
  });

  it('restricts to a half', () => {
    expect(intervals(w.restrictedTo('afternoon'), '2026-04-14T00:00:00Z', '2026-04-15T00:00:00Z')).toEqual(['2026-04-14T11:30:00.000Z–2026-04-14T16:00:00.000Z']);
    expect(intervals(w.restrictedTo('morning'), '2026-04-11T00:00:00Z', '2026-04-12T00:00:00Z')).toEqual(['2026-04-11T08:00:00.000Z–2026-04-11T10:00:00.000Z']);
  });
});
