import { describe, expect, it } from 'vitest';
import { IANAZone } from 'luxon';
import { firstInstantAtOrAfterWallTime, instantsOfWallTime, offsetMinutes, transitions, wallTime } from '#shared/domain/time/wall-clock';
import { localTime } from '../../../support/local-time.ts';

const DAY = 86_400_000;
const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
const at = (iso: string) => new Date(iso).getTime();
const iso = (ms: number) => new Date(ms).toISOString();

const allZones = Intl.supportedValuesOf('timeZone').filter((z) => IANAZone.isValidZone(z));

describe('offsets and transitions (memoised) agree with the zone data', () => {
  it(`match luxon's offset in all ${allZones.length} zones, 2026–2027, at the transitions and between them`, () => {
    const from = at('2026-01-01T00:00:00Z');
    const to = at('2028-01-01T00:00:00Z');
    let checked = 0;
    for (const zone of allZones) {
      const luxon = IANAZone.create(zone);
      for (const t of transitions(zone, from, to)) {
        expect(luxon.offset(t - 1000), `${zone} ${iso(t)}`).not.toBe(luxon.offset(t));
        expect(offsetMinutes(zone, t)).toBe(luxon.offset(t));
        expect(offsetMinutes(zone, t - 1000)).toBe(luxon.offset(t - 1000));
        checked++;
      }
      for (let t = from + 3_601_000 * (allZones.indexOf(zone) % 97); t < to; t += 29 * DAY + 3_600_000) {
        expect(offsetMinutes(zone, t), `${zone} ${iso(t)}`).toBe(luxon.offset(t));
      }
    }
    expect(checked).toBeGreaterThan(300);
  }, 120_000); // ~10 s alone; several times that on 2 busy cores

  it('finds transitions at local midnight and in 30- and 45-minute zones', () => {
    const in2026 = (zone: string) => transitions(zone, at('2026-01-01T00:00:00Z'), at('2027-01-01T00:00:00Z')).map(iso);
    expect(in2026('America/Santiago')).toEqual(['2026-04-05T03:00:00.000Z', '2026-09-06T04:00:00.000Z']);
    expect(in2026('Australia/Lord_Howe')).toEqual(['2026-04-04T15:00:00.000Z', '2026-10-03T15:30:00.000Z']);
    expect(in2026('Pacific/Chatham')).toEqual(['2026-04-04T14:00:00.000Z', '2026-09-26T14:00:00.000Z']);
    expect(in2026('Asia/Kolkata')).toEqual([]);
    expect(in2026('UTC-5')).toEqual([]);
  });

  it('reads the wall clock like Intl does', () => {
    for (const [zone, instant] of [['America/Vancouver', '2026-11-01T09:30:00Z'], ['Australia/Lord_Howe', '2026-04-04T15:10:00Z'], ['Asia/Kathmandu', '2026-06-01T00:00:00Z'], ['Pacific/Kiritimati', '2026-06-01T10:00:00Z']] as const) {
      const ours = wallTime(zone, at(instant));
      const intl = localTime(new Date(instant), zone);
      expect([ours.weekday, ours.minuteOfDay, new Date(ours.dayWall).toISOString().slice(0, 10)]).toEqual([intl.weekday, intl.minuteOfDay, intl.date]);
    }
  });
});

describe('wall times DST skips or repeats', () => {
  it('a time skipped by spring forward has no instant; the first at or after it is when the clocks jump', () => {
    // Vancouver, 8 March 2026: 02:00 PST → 03:00 PDT at 10:00Z.
    expect(instantsOfWallTime('America/Vancouver', day('2026-03-08'), 2 * 60 + 30)).toEqual([]);
    expect(iso(firstInstantAtOrAfterWallTime('America/Vancouver', day('2026-03-08'), 2 * 60 + 30))).toBe('2026-03-08T10:00:00.000Z');
    // Lord Howe skips half an hour: 02:00 → 02:30 on 4 October 2026.
    expect(instantsOfWallTime('Australia/Lord_Howe', day('2026-10-04'), 2 * 60 + 15)).toEqual([]);
    expect(iso(firstInstantAtOrAfterWallTime('Australia/Lord_Howe', day('2026-10-04'), 2 * 60 + 15))).toBe('2026-10-03T15:30:00.000Z');
    // Santiago skips Sunday's first hour (Saturday 24:00 → Sunday 01:00).
    expect(instantsOfWallTime('America/Santiago', day('2026-09-06'), 0)).toEqual([]);
    expect(iso(firstInstantAtOrAfterWallTime('America/Santiago', day('2026-09-06'), 0))).toBe('2026-09-06T04:00:00.000Z');
  });

  it('a time repeated by fall back has two instants, earliest first (luxon alone picks the later one)', () => {
    expect(instantsOfWallTime('America/Vancouver', day('2026-11-01'), 90).map(iso)).toEqual(['2026-11-01T08:30:00.000Z', '2026-11-01T09:30:00.000Z']);
    expect(instantsOfWallTime('Europe/Bratislava', day('2026-10-25'), 2 * 60 + 30).map(iso)).toEqual(['2026-10-25T00:30:00.000Z', '2026-10-25T01:30:00.000Z']);
    expect(instantsOfWallTime('Australia/Lord_Howe', day('2026-04-05'), 90 + 15).map(iso)).toEqual(['2026-04-04T14:45:00.000Z', '2026-04-04T15:15:00.000Z']);
    // Beirut repeats Saturday's last hour (24:00 → 23:00).
    expect(instantsOfWallTime('Asia/Beirut', day('2026-10-24'), 23 * 60 + 30).map(iso)).toEqual(['2026-10-24T20:30:00.000Z', '2026-10-24T21:30:00.000Z']);
    expect(iso(firstInstantAtOrAfterWallTime('America/Vancouver', day('2026-11-01'), 90))).toBe('2026-11-01T08:30:00.000Z');
  });

  it('an ordinary time has exactly one instant', () => {
    expect(instantsOfWallTime('Asia/Kolkata', day('2026-03-08'), 9 * 60).map(iso)).toEqual(['2026-03-08T03:30:00.000Z']);
    expect(instantsOfWallTime('UTC-5', day('2026-03-08'), 9 * 60).map(iso)).toEqual(['2026-03-08T14:00:00.000Z']);
  });
});
