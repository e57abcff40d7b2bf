import { DateTime } from 'luxon';

/** Plain-text tables and times for the human-readable output. */

export function table(header: string[], rows: (string | number | undefined)[][]): string {
  const cells = [header, ...rows.map((r) => r.map((c) => (c === undefined ? '' : String(c))))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  return cells
    .map((r) => r.map((c, i) => (i === r.length - 1 ? c : (c ?? '').padEnd(widths[i]!))).join('  ').trimEnd())
    .join('\n');
}

/** 2026-12-02 18:00:01Z */
export function utcTime(iso: string): string {
  const time = DateTime.fromISO(iso, { zone: 'utc' });
  return time.isValid ? `${time.toFormat('yyyy-MM-dd HH:mm:ss')}Z` : iso;
}

/** Wed 2026-12-02 10:00:01 PST, from an ISO time with offset, in `zone`. */
export function localTime(iso: string, zone: string): string {
  const time = DateTime.fromISO(iso, { setZone: true }).setZone(zone);
  return time.isValid ? time.toFormat('ccc yyyy-MM-dd HH:mm:ss ZZZZ') : iso;
}

/** "in 3 h 5 min", "12 min ago". */
export function relative(iso: string, now: Date): string {
  const ms = Date.parse(iso) - now.getTime();
  if (Number.isNaN(ms)) return '';
  const abs = Math.abs(ms);
  const minutes = Math.round(abs / 60_000);
  const text = minutes < 1 ? 'now' : minutes < 60 ? `${minutes} min` : minutes < 48 * 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min` : `${Math.round(minutes / 1440)} d`;
  if (text === 'now') return 'now';
  return ms >= 0 ? `in ${text}` : `${text} ago`;
}

export function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
