import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildBridgeApp } from '#infra/bridge-app';
import { atsSourceNames } from '#shared/ats/config-registry';
import { exampleConfig, stubSources, testApp, writeTempConfig } from './support.ts';

/**
 * A CloudFormation template may have at most 200 outputs, or the deploy fails. The stack
 * lists each tenant's secret name and webhook URLs while they fit; whether they fit depends on
 * how many sources and providers the tenants have, not only on how many tenants there are.
 * Tenant ids that differ only in hyphens ("acme-eu1", "acme-eu-1") must not collide either.
 */

type Json = Record<string, any>;

function synthOutputs(tenants: Json[], context: Record<string, unknown> = {}): Record<string, Json> {
  const file = writeTempConfig({ ...exampleConfig(), tenants });
  const stubs = stubSources();
  const test = testApp({ config: file.path, ...context });
  try {
    const stack = buildBridgeApp(test.app, { sources: stubs.sources });
    return Template.fromStack(stack).toJSON().Outputs as Record<string, Json>;
  } finally {
    test.dispose();
    stubs.dispose();
    file.dispose();
  }
}

function tenant(id: string): Json {
  const base = exampleConfig().tenants[0]!;
  return {
    ...base,
    id,
    sources: Object.fromEntries(atsSourceNames.map((source) => [source, (base.sources as Json)[source] ?? {}])),
    providers: { ...(base.providers as Json), xobin: {} },
  };
}

describe('stack outputs', () => {
  it('stay within 200 when 20 tenants each use every ATS and two providers, keeping the URL patterns', () => {
    const outputs = synthOutputs(Array.from({ length: 20 }, (_, i) => tenant(`tenant-${i}`)), { alarmEmail: 'ops@example.com' });
    expect(Object.keys(outputs).length).toBeLessThanOrEqual(200);
    for (const name of ['WebhookBaseUrl', 'AtsWebhookUrlPattern', 'ProviderWebhookUrlPattern', 'TenantSecretNamePattern', 'DashboardName', 'AlarmTopicArn']) expect(outputs, name).toHaveProperty(name);
  }, 120_000);

  it('keep per-tenant outputs apart for ids that differ only in hyphens', () => {
    const outputs = synthOutputs([tenant('acme-eu1'), tenant('acme-eu-1')]);
    const secretNames = Object.values(outputs).map((o) => o.Value).filter((v): v is string => typeof v === 'string' && v.startsWith('ats-interview-bridge/tenants/') && !v.includes('<'));
    expect(secretNames.sort()).toEqual(['ats-interview-bridge/tenants/acme-eu-1', 'ats-interview-bridge/tenants/acme-eu1']);
  }, 120_000);
});
