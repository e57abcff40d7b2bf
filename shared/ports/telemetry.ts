/** Business metrics (CloudWatch EMF via Powertools in AWS). */
export interface Telemetry {
  count(metric: string, dimensions?: Record<string, string>, value?: number): void;
}

export const noTelemetry: Telemetry = { count: () => undefined };
