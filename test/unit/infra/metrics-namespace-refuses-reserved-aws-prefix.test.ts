import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { DeploymentSettingsError, readDeploymentSettings } from '#infra/settings';

/**
 * CloudWatch reserves namespaces that start with "AWS/" for AWS services: metrics the functions
 * write there (EMF) are never stored, so the dashboard stays empty and the business-metric
 * alarms (provider rate limits, failed write-backs) can never fire. Synth must refuse such a
 * namespace with the key's name and the reason, like any other bad context value.
 */

const settingsFrom = (context: Record<string, unknown>) => readDeploymentSettings(new App({ context }).node);

function problemsOf(context: Record<string, unknown>): string[] {
  try {
    settingsFrom(context);
  } catch (error) {
    expect(error).toBeInstanceOf(DeploymentSettingsError);
    return (error as DeploymentSettingsError).problems;
  }
  return [];
}

describe('metricsNamespace', () => {
  it.each(['AWS/Lambda', 'AWS/AtsInterviewBridge'])('refuses the reserved namespace %s, saying why', (namespace) => {
    const problems = problemsOf({ metricsNamespace: namespace });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^metricsNamespace: .*AWS\//);
  });

  it('says which characters are allowed when the value has others', () => {
    expect(problemsOf({ metricsNamespace: 'Ats Bridge' })).toEqual([expect.stringMatching(/^metricsNamespace: .*letters, digits/)]);
  });

  it('still takes ordinary namespaces, including ones that merely contain "AWS"', () => {
    for (const namespace of ['AtsInterviewBridge', 'Acme/Bridge', 'MyAWS/Bridge', 'AWSome']) expect(settingsFrom({ metricsNamespace: namespace }).metricsNamespace).toBe(namespace);
  });
});
