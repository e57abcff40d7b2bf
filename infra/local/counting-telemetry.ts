import type { Telemetry } from '#shared/ports/telemetry';

/** Local mode's metrics: counted in memory and shown by GET /admin/metrics instead of EMF lines. */
export class CountingTelemetry implements Telemetry {
  private readonly counts = new Map<string, number>();

  /** `also`: the Powertools telemetry the functions use in AWS (disabled locally, but fed the same). */
  constructor(private readonly also?: Telemetry) {}

  count(metric: string, dimensions?: Record<string, string>, value = 1): void {
    this.also?.count(metric, dimensions, value);
    const key = dimensions && Object.keys(dimensions).length
      ? `${metric}{${Object.entries(dimensions).map(([k, v]) => `${k}=${v}`).join(',')}}`
      : metric;
    this.counts.set(key, (this.counts.get(key) ?? 0) + value);
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }
}
