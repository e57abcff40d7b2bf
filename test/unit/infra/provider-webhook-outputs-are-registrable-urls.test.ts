import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBridgeApp } from '#infra/bridge-app';
import { providerWebhookSource } from '#shared/providers/webhook-sources';
import { exampleConfig, stubSources, testApp, writeTempConfig } from './support.ts';

/**
 * The stack outputs the webhook URL an operator registers at each provider of each tenant.
 * Those URLs must be ones the provider webhook function accepts: Xobin signs nothing and is
 * authenticated by a secret last path segment (…/xobin/<tenant>/<webhookPathSecret>), so a
 * URL without it is refused (401) for every delivery; DRVN sends no webhooks at all, so a
 * URL for it only invites registering something that answers 404.
 */

type Json = Record<string, any>;
let outputs: Record<string, Json>;
let dispose: () => void;

beforeAll(() => {
  const config = exampleConfig();
  (config.tenants[0]!.providers as Json) = { ...(config.tenants[0]!.providers as Json), xobin: {}, drvn: {} };
  const file = writeTempConfig(config);
  const stubs = stubSources();
  const test = testApp({ config: file.path });
  dispose = () => { test.dispose(); stubs.dispose(); file.dispose(); };
  const stack = buildBridgeApp(test.app, { sources: stubs.sources });
  outputs = Template.fromStack(stack).toJSON().Outputs as Record<string, Json>;
}, 120_000);
afterAll(() => dispose?.());

/** Output values that point at a provider webhook route, as "<api>/webhooks/providers/…". */
function providerWebhookOutputs(): { id: string; url: string; description: string }[] {
  return Object.entries(outputs).flatMap(([id, output]) => {
    const value = output.Value as Json;
    const parts = value?.['Fn::Join']?.[1] as unknown[] | undefined;
    const tail = parts?.filter((p): p is string => typeof p === 'string').join('') ?? '';
    return /\/webhooks\/providers\/[a-z]+\/[a-z0-9-]+/.test(tail) ? [{ id, url: `<api>${tail}`, description: String(output.Description ?? '') }] : [];
  });
}

describe('provider webhook URLs in the stack outputs', () => {
  it('gives Xobin\'s URL with the secret path segment to fill in', () => {
    const xobin = providerWebhookOutputs().filter((o) => o.url.includes('/providers/xobin/'));
    expect(xobin.map((o) => o.url)).toEqual(['<api>/webhooks/providers/xobin/acme/<webhookPathSecret>']);
    expect(xobin[0]!.description).toMatch(/webhookPathSecret/);
    // A secret with / ? # % would break the URL pasted into Xobin: the output says what it may hold.
    expect(xobin[0]!.description).toMatch(/URL-safe: A-Z a-z 0-9 - \. _ ~ .*no \/ \? # % or space/);
  });

  it('gives InstaView\'s URL as it is', () => {
    expect(providerWebhookOutputs().filter((o) => o.url.includes('/providers/instaview/')).map((o) => o.url)).toEqual(['<api>/webhooks/providers/instaview/acme']);
  });

  it('gives no URL for a provider that sends no webhooks (DRVN)', () => {
    expect(providerWebhookSource('drvn')).toBeUndefined();
    expect(providerWebhookOutputs().filter((o) => o.url.includes('/providers/drvn/'))).toEqual([]);
  });
});
