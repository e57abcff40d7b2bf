import { describe, expect, it } from 'vitest';
import { ProviderError, type InterviewProvider } from '#shared/ports/interview-provider';
import { instrumentedProvider } from '#shared/observability/instrumented-provider';
import { RecordingTelemetry } from '../../support/fakes.ts';

/**
 * ProviderErrors{Provider, Status} feeds the dashboard and the provider-429 alarm. Each kind
 * must land in its own Status: a provider's 429 in "429", the bridge's own token bucket
 * saying "wait" (nothing sent, no HTTP status) in "limiter" — not in "network", where it
 * would look like an outage — and a timeout in "network".
 */
function failingWith(error: ProviderError): InterviewProvider {
  return {
    name: 'instaview',
    capabilities: {},
    startInterview: async () => { throw error; },
  } as unknown as InterviewProvider;
}

async function statusOf(error: ProviderError): Promise<string | undefined> {
  const telemetry = new RecordingTelemetry();
  const provider = instrumentedProvider(failingWith(error), telemetry);
  await expect(provider.startInterview({} as never)).rejects.toBe(error);
  expect(telemetry.counts).toHaveLength(1);
  expect(telemetry.counts[0]).toMatchObject({ metric: 'ProviderErrors', dimensions: { Provider: 'instaview' } });
  return telemetry.counts[0]!.dimensions!.Status;
}

describe('ProviderErrors by kind', () => {
  it('counts a provider 429 as 429', async () => {
    expect(await statusOf(new ProviderError('rate limited', 'RATE_LIMITED', true, 429, 30))).toBe('429');
  });

  it('counts a wait on the bridge\'s own token bucket as limiter, not as a network fault', async () => {
    expect(await statusOf(new ProviderError('next free slot in 12 s', 'RATE_LIMITED', true, undefined, 12))).toBe('limiter');
  });

  it('counts a timeout as network, and 4xx / 5xx by class', async () => {
    expect(await statusOf(new ProviderError('no answer', 'TIMEOUT', true))).toBe('network');
    expect(await statusOf(new ProviderError('bad', 'INVALID_REQUEST', false, 422))).toBe('4xx');
    expect(await statusOf(new ProviderError('down', 'SERVER_ERROR', true, 503))).toBe('5xx');
  });
});
