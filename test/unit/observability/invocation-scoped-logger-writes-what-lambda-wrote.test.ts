import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import middy from '@middy/core';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';
import { localLambdaContext } from '#infra/local/lambda-context';
import { InvocationScopedLogger } from '#shared/observability/invocation-scoped-logger';
import { redactingReplacer } from '#shared/observability/redact';

/**
 * In AWS an environment runs one invocation at a time: there the per-invocation logger scope
 * must write exactly the lines the plain Powertools Logger wrote with appendKeys + resetKeys
 * (cold_start on the first invocation only, keys of one invocation gone in the next,
 * persistent keys kept, start-up lines unchanged). One difference, on purpose: a line written
 * after an invocation, outside any (AWS freezes the environment there; locally it is the
 * runtime's own line), carries no invocation's request id, where the plain Logger kept the last one's.
 */

let written: string[] = [];

beforeEach(() => {
  written = [];
  vi.stubEnv('AWS_LAMBDA_INITIALIZATION_TYPE', 'on-demand');
  vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: unknown) => written.push(String(chunk)) > 0) as typeof process.stdout.write);
  vi.spyOn(process.stderr, 'write').mockImplementation(((chunk: unknown) => written.push(String(chunk)) > 0) as typeof process.stderr.write);
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

/** The lines one logger writes for the same start-up and three invocations in a row. */
async function linesOf(logger: Logger, scope: (run: () => Promise<void>) => Promise<void>): Promise<Record<string, unknown>[]> {
  written = [];
  logger.appendPersistentKeys({ deployment: 'test' });
  logger.info('starting');
  const handler = middy(async (event: { tenantId: string; applicationId?: string }) => {
    logger.appendKeys({ tenantId: event.tenantId });
    if (event.applicationId) logger.appendKeys({ applicationId: event.applicationId });
    logger.info('handled');
    logger.removeKeys(['tenantId']);
    logger.warn('tenant key removed');
  }).use(injectLambdaContext(logger, { resetKeys: true }));
  const contexts = ['a', 'b', 'c'].map((id) => ({ ...localLambdaContext('ats-webhook', 1000), awsRequestId: `request-${id}` }) as Context);
  await scope(() => handler({ tenantId: 'acme', applicationId: '1' }, contexts[0]!));
  await scope(() => handler({ tenantId: 'globex' }, contexts[1]!));
  await scope(() => handler({ tenantId: 'acme', applicationId: '3' }, contexts[2]!));
  logger.info('after the invocations');
  return written.join('').split('\n').filter((l) => l.trim()).map((l) => {
    const { timestamp: _timestamp, ...line } = JSON.parse(l) as Record<string, unknown>;
    return line;
  });
}

describe('InvocationScopedLogger, one invocation at a time (as in AWS)', () => {
  it('writes the same lines as the plain Powertools Logger', async () => {
    const plain = await linesOf(new Logger({ serviceName: 'scope-test', logLevel: 'INFO' }), (run) => run());
    const scoped = new InvocationScopedLogger({ serviceName: 'scope-test', logLevel: 'INFO' });
    const ours = await linesOf(scoped, (run) => scoped.runInvocation(run));

    expect(plain).toHaveLength(8);
    expect(ours.slice(0, 7)).toEqual(plain.slice(0, 7));
    const { cold_start: _c, function_arn: _a, function_memory_size: _m, function_name: _n, function_request_id: _r, ...withoutContext } = plain[7]!;
    expect(ours[7]).toEqual(withoutContext);
    // What "the same" means here, spelled out on the plain Logger's lines.
    expect(plain.map((l) => [l.message, l.cold_start, l.function_request_id, l.tenantId, l.applicationId, l.deployment])).toEqual([
      ['starting', undefined, undefined, undefined, undefined, 'test'],
      ['handled', true, 'request-a', 'acme', '1', 'test'],
      ['tenant key removed', true, 'request-a', undefined, '1', 'test'],
      ['handled', false, 'request-b', 'globex', undefined, 'test'],
      ['tenant key removed', false, 'request-b', undefined, undefined, 'test'],
      ['handled', false, 'request-c', 'acme', '3', 'test'],
      ['tenant key removed', false, 'request-c', undefined, '3', 'test'],
      ['after the invocations', false, 'request-c', undefined, undefined, 'test'],
    ]);
  });

  it('redacts inside an invocation as outside (the invocation\'s logger keeps the redacting replacer)', async () => {
    const logger = new InvocationScopedLogger({ serviceName: 'scope-test', logLevel: 'INFO', jsonReplacerFn: redactingReplacer });
    await logger.runInvocation(async () => {
      logger.appendKeys({ contact: 'ada.lovelace@example.com' });
      logger.info('reach the candidate', { note: 'call +1 604-555-0199 or write ada.lovelace@example.com' });
    });
    const output = written.join('');
    expect(output).toContain('reach the candidate');
    expect(output).not.toContain('ada.lovelace@example.com');
    expect(output).not.toContain('604-555-0199');
  });
});
