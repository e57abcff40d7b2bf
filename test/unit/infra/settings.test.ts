import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { DeploymentSettingsError, readDeploymentSettings, stackEnvironment } from '#infra/settings';
import { cdkJsonContext } from './support.ts';

const settingsFrom = (context: Record<string, unknown>) => readDeploymentSettings(new App({ context }).node);

describe('deployment settings (CDK context)', () => {
  it('defaults to the example config and a retained, env-agnostic deployment', () => {
    expect(settingsFrom({})).toEqual({
      config: 'config/bridge.example.json',
      stackName: 'AtsInterviewBridge',
      secretPrefix: 'ats-interview-bridge/tenants/',
      removalPolicy: 'retain',
      logLevel: 'INFO',
      logRetentionDays: 30,
      apiThrottleRateLimit: 50,
      apiThrottleBurstLimit: 100,
      processorMaxConcurrency: 2,
      processorBatchSize: 5,
      processorTimeoutSeconds: 90,
      queueAgeAlarmSeconds: 600,
      metricsNamespace: 'AtsInterviewBridge',
    });
  });

  it('cdk.json states the same defaults', () => {
    expect(settingsFrom(cdkJsonContext())).toEqual(settingsFrom({}));
  });

  it('reads -c values, which arrive as strings', () => {
    const settings = settingsFrom({ processorMaxConcurrency: '20', apiThrottleRateLimit: '5', logRetentionDays: '90', removalPolicy: 'destroy', alarmEmail: 'ops@example.com' });
    expect(settings).toMatchObject({ processorMaxConcurrency: 20, apiThrottleRateLimit: 5, logRetentionDays: 90, removalPolicy: 'destroy', alarmEmail: 'ops@example.com' });
  });

  it('treats an empty value as not set', () => {
    expect(settingsFrom({ alarmEmail: '' }).alarmEmail).toBeUndefined();
  });

  it('names every bad key', () => {
    expect(() => settingsFrom({ processorMaxConcurrency: '1', logRetentionDays: 31, removalPolicy: 'keep', region: 'mars' }))
      .toThrow(DeploymentSettingsError);
    try {
      settingsFrom({ processorMaxConcurrency: '1', logRetentionDays: 31, removalPolicy: 'keep', region: 'mars' });
    } catch (error) {
      expect((error as DeploymentSettingsError).problems.map((p) => p.split(':')[0]).sort()).toEqual(['logRetentionDays', 'processorMaxConcurrency', 'region', 'removalPolicy']);
    }
  });

  it('pins the stack environment only when told (context first, then the CLI\'s defaults)', () => {
    const base = settingsFrom({});
    expect(stackEnvironment(base, {})).toBeUndefined();
    expect(stackEnvironment(base, { CDK_DEFAULT_ACCOUNT: '111111111111', CDK_DEFAULT_REGION: 'eu-west-1' })).toEqual({ account: '111111111111', region: 'eu-west-1' });
    expect(stackEnvironment(settingsFrom({ account: '222222222222', region: 'eu-central-1' }), { CDK_DEFAULT_ACCOUNT: '111111111111' })).toEqual({ account: '222222222222', region: 'eu-central-1' });
  });
});
