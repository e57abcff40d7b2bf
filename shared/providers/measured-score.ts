/**
 * A score as a measurement: neither provider documents a range, and the bridge moves stages by
 * comparing it with a threshold, so a negative number (the usual "not scored" sentinel) is no
 * score rather than the lowest one.
 */
export function measuredScore(value: number | undefined): number | undefined {
  return value !== undefined && Number.isFinite(value) && value >= 0 ? value : undefined;
}
