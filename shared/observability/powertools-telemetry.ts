import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import type { Telemetry } from '../ports/telemetry.ts';

export function powertoolsTelemetry(metrics: Metrics): Telemetry {
  return {
    count(metric, dimensions, value = 1) {
      if (!dimensions || Object.keys(dimensions).length === 0) {
        metrics.addMetric(metric, MetricUnit.Count, value);
        return;
      }
      // A dimensioned metric is its own EMF blob so it does not pollute the batch's dimensions.
      const single = metrics.singleMetric();
      for (const [name, dimValue] of Object.entries(dimensions)) single.addDimension(name, dimValue);
      single.addMetric(metric, MetricUnit.Count, value);
    },
  };
}
