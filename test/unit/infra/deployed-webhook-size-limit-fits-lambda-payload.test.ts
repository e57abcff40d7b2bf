import { describe, expect, it } from 'vitest';
import { ConfigError } from '#shared/config/load-config';
import { loadDeploymentConfig } from '#infra/deployment-config';
import { exampleConfig, writeTempConfig } from './support.ts';

/**
 * Local mode accepts ATS webhooks up to maxWebhookBytes (up to 10 MiB) and answers bigger ones
 * 413. In AWS the body reaches the function inside a synchronous Lambda invocation, whose event
 * may be at most 6 MB; API Gateway base64-encodes non-text bodies (4/3 larger). A deployment
 * set above what fits would never reach the function's 413: the invocation fails and the
 * sender gets a 500, which it retries for hours. Synth refuses such a config, naming the key.
 */

function load(overrides: Record<string, unknown>) {
  const file = writeTempConfig({ ...exampleConfig(), ...overrides });
  try {
    return loadDeploymentConfig(file.path);
  } finally {
    file.dispose();
  }
}

describe('webhook size limits of a deployment', () => {
  it('refuses an ATS webhook limit that a Lambda invocation cannot carry, naming the key and the ceiling', () => {
    let error: unknown;
    try {
      load({ maxWebhookBytes: 8 * 1024 * 1024 });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([expect.stringMatching(/^maxWebhookBytes: .*4500000/)]);
    expect((error as ConfigError).message).toMatch(/Lambda/);
  });

  it('takes the defaults and anything up to the ceiling', () => {
    expect(load({}).maxWebhookBytes).toBe(1_048_576);
    expect(load({ maxWebhookBytes: 4_500_000, maxProviderWebhookBytes: 4_500_000 })).toMatchObject({ maxWebhookBytes: 4_500_000, maxProviderWebhookBytes: 4_500_000 });
  });
});
