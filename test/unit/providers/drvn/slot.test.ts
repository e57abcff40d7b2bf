import { describe, expect, it } from 'vitest';
import { callWindowSchema } from '#shared/config/schema';
import { CallWindow } from '#shared/domain/time/call-window';
import { planDrvnSlot } from '#shared/providers/drvn/slot';
import { rejection } from '../support/fake-http.ts';

const weekdays = (zones: string[], hours: { start?: string; end?: string } = {}, isHoliday?: (d: { toISODate(): string | null }) => boolean) =>
  new CallWindow(callWindowSchema.parse({ ...hours }), zones, isHoliday as never);
const everyDay = (zones: string[], start = '09:00', end = '17:00') =>
  new CallWindow(callWindowSchema.parse({ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], start, end }), zones);
const plan = (window: CallWindow, now: string, leadHours: number, durationMinutes: number) => {
  const slot = planDrvnSlot(window, new Date(now), { leadHours, durationMinutes });
  return [slot.startAt, slot.endAt];
};

describe('planDrvnSlot', () => {
  it('starts when the window opens after now + lead, with the candidate offset', () => {
    // Mon 08:00 GMT + 24 h = Tue 08:00, before the 09:00 opening.
    expect(plan(weekdays(['Europe/London']), '2026-03-02T08:00:00Z', 24, 30)).toEqual(['2026-03-03T09:00:00+00:00', '2026-03-03T09:30:00+00:00']);
  });

  it('starts right at now + lead when that is inside the window, rounded up to the quarter hour', () => {
    expect(plan(weekdays(['Europe/Bratislava']), '2026-03-02T10:07:13Z', 24, 45)).toEqual(['2026-03-03T11:15:00+01:00', '2026-03-03T12:00:00+01:00']);
  });

  it('moves to the next window when the interview would run past the close', () => {
    // Mon 17:40 → 17:45 is inside, but 17:45 + 30 min ends after 18:00.
    expect(plan(weekdays(['Europe/London']), '2026-03-02T17:40:00Z', 0, 30)).toEqual(['2026-03-03T09:00:00+00:00', '2026-03-03T09:30:00+00:00']);
    // 17:30 + 30 min ends exactly at the close: it fits.
    expect(plan(weekdays(['Europe/London']), '2026-03-02T17:30:00Z', 0, 30)).toEqual(['2026-03-02T17:30:00+00:00', '2026-03-02T18:00:00+00:00']);
  });

  it('skips the weekend and holidays', () => {
    expect(plan(weekdays(['Europe/London']), '2026-03-06T16:00:00Z', 2, 30)[0]).toBe('2026-03-09T09:00:00+00:00');
    const mondayOff = weekdays(['Europe/London'], {}, (d) => d.toISODate() === '2026-03-09');
    expect(plan(mondayOff, '2026-03-06T16:00:00Z', 2, 30)[0]).toBe('2026-03-10T09:00:00+00:00');
  });

  it('spring forward (London, Sun 29 Mar 2026): 09:00 local is 08:00 UTC and carries +01:00', () => {
    const [start, end] = plan(everyDay(['Europe/London']), '2026-03-28T17:30:00Z', 0, 60);
    expect([start, end]).toEqual(['2026-03-29T09:00:00+01:00', '2026-03-29T10:00:00+01:00']);
    expect(new Date(start!).toISOString()).toBe('2026-03-29T08:00:00.000Z');
  });

  it('fall back (New York, Sun 1 Nov 2026): 09:00 local is 14:00 UTC and carries -05:00', () => {
    const [start] = plan(everyDay(['America/New_York']), '2026-10-31T22:00:00Z', 0, 30);
    expect(start).toBe('2026-11-01T09:00:00-05:00');
    expect(new Date(start!).toISOString()).toBe('2026-11-01T14:00:00.000Z');
  });

  it('a lead that crosses the DST night still lands at local opening time', () => {
    // Sat 12:00 GMT + 20 h = Sun 08:00 UTC = 09:00 BST: exactly the opening.
    expect(plan(everyDay(['Europe/London']), '2026-03-28T12:00:00Z', 20, 30)[0]).toBe('2026-03-29T09:00:00+01:00');
  });

  it('several possible zones: inside the hours of all of them, ending before the earliest close', () => {
    // Adelaide (+10:30) and Perth (+8): open together from Perth 09:00 = Adelaide 11:30 until Adelaide 17:00.
    const window = weekdays(['Australia/Adelaide', 'Australia/Perth'], { start: '09:00', end: '17:00' });
    expect(plan(window, '2026-03-02T00:00:00Z', 0, 60)).toEqual(['2026-03-02T11:30:00+10:30', '2026-03-02T12:30:00+10:30']);
    // At 16:30 Adelaide a 45-minute slot would end after Adelaide's close: next day.
    expect(plan(window, '2026-03-02T06:00:00Z', 0, 45)[0]).toBe('2026-03-03T11:30:00+10:30');
  });

  it('no window long enough → NO_SLOT_IN_WINDOW, not retryable', async () => {
    const short = new CallWindow(callWindowSchema.parse({ days: ['mon'], start: '09:00', end: '10:00' }), ['Europe/London']);
    expect(await rejection(Promise.resolve().then(() => planDrvnSlot(short, new Date('2026-03-02T08:00:00Z'), { leadHours: 0, durationMinutes: 90 }))))
      .toMatchObject({ code: 'NO_SLOT_IN_WINDOW', retryable: false });
  });
});
