import { ProviderError, type InterviewProvider } from '../ports/interview-provider.ts';
import type { Telemetry } from '../ports/telemetry.ts';

/**
 * Counts every provider error by kind (ProviderErrors{Provider, Status=4xx|5xx|429|limiter|network})
 * around any provider adapter, so the dashboard and the 429 alarm see all providers alike.
 * "limiter" is the bridge's own token bucket saying "wait" (no request was sent): not a 429
 * of the provider, and no network fault either.
 */
export function instrumentedProvider(provider: InterviewProvider, telemetry: Telemetry): InterviewProvider {
  const count = (error: unknown): never => {
    if (error instanceof ProviderError) telemetry.count('ProviderErrors', { Provider: provider.name, Status: statusClass(error) });
    throw error;
  };
  return new Proxy(provider, {
    get(target, key) {
      const value = Reflect.get(target, key);
      return typeof value === 'function' ? (...args: unknown[]) => Promise.resolve(value.apply(target, args)).catch(count) : value;
    },
  });
}

function statusClass(error: ProviderError): string {
  const status = error.httpStatus;
  if (status === 429) return '429';
  if ((status === undefined || status === 0) && error.code === 'RATE_LIMITED') return 'limiter';
  if (status === undefined || status === 0) return 'network';
  return status >= 500 ? '5xx' : '4xx';
}
