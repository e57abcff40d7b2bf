import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { Context } from 'aws-lambda';
import { logger, metrics, tracer } from '#shared/observability/powertools';

/**
 * The same Powertools middleware stack on every function. Each invocation runs in its own
 * logger scope: in AWS one invocation at a time makes no difference, but the local stack runs
 * the handlers concurrently in one process, where shared keys would mix (invocation-scoped-logger.ts).
 */
export function withPowertools<E, R>(handler: (event: E, context: Context) => Promise<R>): (event: E, context: Context) => Promise<R> {
  const wrapped = middy(handler)
    .use(captureLambdaHandler(tracer))
    .use(injectLambdaContext(logger, { resetKeys: true }));
  // Locally all functions share one process (and one Metrics); the local stack counts metrics itself.
  const withMetrics = process.env.POWERTOOLS_METRICS_DISABLED === 'true' ? wrapped : wrapped.use(logMetrics(metrics));
  return (event, context) => logger.runInvocation(() => withMetrics(event, context));
}
