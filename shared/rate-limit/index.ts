/** Provider rate limits: token-bucket math, an in-memory bucket store, keys and process wiring. */
export * from './token-bucket.ts';
export { InMemoryRateLimiter, type RateLimiterOptions } from './in-memory-rate-limiter.ts';
export { rateLimitKey } from './key.ts';
export { installProviderRateLimiter, installedProviderRateLimiter, runWithDeadline, timeLeftMs } from './context.ts';
export type { RateLimiter, RateLimitGrant, RateLimitSignal, AcquireOptions } from '../ports/rate-limiter.ts';
