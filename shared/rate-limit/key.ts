import { createHash } from 'node:crypto';

/**
 * The bucket name of one provider API key: `<provider>:<first 24 hex of sha256(key)>`.
 * Every processor that holds the same key lands on the same bucket; the key itself never
 * leaves the process (not in DynamoDB, not in logs).
 */
export function rateLimitKey(provider: string, apiKey: string): string {
  const digest = createHash('sha256').update(`${provider}\n${apiKey}`).digest('hex').slice(0, 24);
  return `${provider}:${digest}`;
}
