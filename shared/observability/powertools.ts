import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { InvocationScopedLogger } from './invocation-scoped-logger.ts';
import { redactingReplacer } from './redact.ts';

/**
 * One Powertools setup shared by every function: same service name, namespace and
 * redaction everywhere. POWERTOOLS_SERVICE_NAME / POWERTOOLS_METRICS_NAMESPACE override.
 */
const serviceName = process.env.POWERTOOLS_SERVICE_NAME ?? 'ats-interview-bridge';

/** Keys and Lambda context per invocation (functions/commons/middleware.ts runs each in its own scope). */
export const logger = new InvocationScopedLogger({ serviceName, jsonReplacerFn: redactingReplacer });

export const metrics = new Metrics({
  serviceName,
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'AtsInterviewBridge',
  // Metrics' own warnings (e.g. "no metrics to publish") go through the same logger.
  logger,
});

export const tracer = new Tracer({ serviceName, enabled: process.env.POWERTOOLS_TRACE_ENABLED !== 'false' && !!process.env.AWS_LAMBDA_FUNCTION_NAME });
