import { afterEach, describe, expect, it, vi } from 'vitest';

/**
 * In Lambda (active tracing) every DynamoDB, SQS and Scheduler call the functions make is an
 * X-Ray subsegment under the handler's, so a slow or throttled table shows in the trace;
 * locally (no Lambda, or POWERTOOLS_TRACE_ENABLED=false) the clients stay untouched.
 */

const XRAY_MIDDLEWARE = 'XRaySDKInstrumentation';

async function freshDependencies(env: Record<string, string | undefined>) {
  vi.resetModules();
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value as string);
  return import('../../../functions/commons/lambda-dependencies.ts');
}

const middlewareNames = (client: { middlewareStack: { identify(): string[] } }) => client.middlewareStack.identify().join(' ');

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe('AWS SDK clients of the functions', () => {
  it('carry the X-Ray instrumentation when the function runs in Lambda with tracing on', async () => {
    const deps = await freshDependencies({ AWS_LAMBDA_FUNCTION_NAME: 'bridge-process-events', AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x', POWERTOOLS_TRACE_ENABLED: 'true', AWS_XRAY_CONTEXT_MISSING: 'IGNORE_ERROR' });
    expect(middlewareNames(deps.sqsClient())).toContain(XRAY_MIDDLEWARE);
    expect(middlewareNames(deps.schedulerClient())).toContain(XRAY_MIDDLEWARE);
    expect(middlewareNames(deps.dynamoDbClient())).toContain(XRAY_MIDDLEWARE);
    // The document client sends through the traced client's middleware.
    expect(middlewareNames(deps.documentClient())).toContain(XRAY_MIDDLEWARE);
  });

  it('are left alone when tracing is off', async () => {
    const deps = await freshDependencies({ AWS_LAMBDA_FUNCTION_NAME: 'bridge-process-events', POWERTOOLS_TRACE_ENABLED: 'false' });
    expect(middlewareNames(deps.sqsClient())).not.toContain(XRAY_MIDDLEWARE);
    expect(middlewareNames(deps.dynamoDbClient())).not.toContain(XRAY_MIDDLEWARE);
  });
});
