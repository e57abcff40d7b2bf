import type { CallWindow } from './call-window.ts';
import { stableFraction } from './spread.ts';

export interface PlannedCall {
  /** undefined: call now (we are inside the window). */
  at?: Date;
  /** The same instant with the candidate's UTC offset, for the provider. */
  localIso?: string;
}

/** The candidate's calling hours never open (e.g. hours valid in Adelaide and Perth at once that never overlap). */
export class NoCallingHoursError extends Error {
  readonly code = 'NO_CALLING_HOURS';
  constructor(zones: readonly string[]) {
    super(`no calling hours within 21 days in ${zones.join(', ')}`);
    this.name = 'NoCallingHoursError';
  }
}

/**
 * First call: now when inside the window, else when it next opens plus a spread
 * (stable per application, so a retry plans the same time and thousands of candidates
 * moved at once do not all ring at 09:00:00).
 */
export function planFirstCall(now: Date, window: CallWindow, jitterMinutes: number, spreadKey: string): PlannedCall {
  if (window.contains(now)) return {};
  const opening = window.nextOpening(now);
  if (!opening) throw new NoCallingHoursError(window.zones);
  const spreadMs = jitterMinutes > 0 ? (stableFraction(spreadKey) * jitterMinutes * 60_000) : 0;
  let at = new Date(opening.getTime() + Math.floor(spreadMs / 60_000) * 60_000);
  // The spread stays inside the stretch that just opened (a short window keeps its opening).
  if (at.getTime() >= window.closesAfter(opening).getTime() || !window.contains(at)) at = opening;
  return { at, localIso: window.localIso(at) };
}
