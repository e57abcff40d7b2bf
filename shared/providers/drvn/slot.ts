import { ProviderError } from '#shared/ports/interview-provider';
import type { CallWindow } from '#shared/domain/time/call-window';

/**
 * Picks a DRVN interview slot: the first start, at least `leadHours` from now, inside the
 * tenant's hours in the candidate's zone(s), whose window stays open for the whole
 * interview. Starts are on a quarter-hour grid (a 10:37:12 interview reads as a bug).
 * All wall-clock logic is CallWindow's (luxon), so DST days need nothing here.
 */

export const SLOT_STEP_MINUTES = 15;
/** Windows inspected before giving up (CallWindow looks 21 days ahead). */
const MAX_WINDOWS = 64;

export interface DrvnSlot {
  start: Date;
  end: Date;
  /** ISO 8601 with the candidate's offset, as sent to DRVN. */
  startAt: string;
  endAt: string;
}

export const slotErrorCodes = { noSlot: 'NO_SLOT_IN_WINDOW' } as const;

export function planDrvnSlot(window: CallWindow, now: Date, options: { leadHours: number; durationMinutes: number; stepMinutes?: number }): DrvnSlot {
  const stepMs = (options.stepMinutes ?? SLOT_STEP_MINUTES) * 60_000;
  const durationMs = options.durationMinutes * 60_000;
  const ceil = (ms: number) => Math.ceil(ms / stepMs) * stepMs;
  let from = ceil(now.getTime() + options.leadHours * 3_600_000);

  for (let i = 0; i < MAX_WINDOWS; i++) {
    const opening = window.nextOpening(new Date(from));
    if (!opening) break;
    const start = new Date(ceil(opening.getTime()));
    if (!window.contains(start)) {
      // The window opened off the grid and closed before the next grid point.
      from = Math.max(start.getTime(), from + stepMs);
      continue;
    }
    const closes = window.closesAfter(start).getTime();
    const end = start.getTime() + durationMs;
    if (end <= closes) {
      return { start, end: new Date(end), startAt: window.localIso(start), endAt: window.localIso(new Date(end)) };
    }
    // Too little of this window is left: the next one.
    from = Math.max(closes, start.getTime() + stepMs);
  }
  throw new ProviderError(
    `no ${options.durationMinutes}-minute slot within the scheduling hours (${window.zones.join(', ')}) in the next 3 weeks`,
    slotErrorCodes.noSlot, false,
  );
}
