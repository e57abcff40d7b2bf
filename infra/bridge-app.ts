import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { BridgeStack, type FunctionSources } from './bridge-stack.ts';
import { loadDeploymentConfig } from './deployment-config.ts';
import { readDeploymentSettings, stackEnvironment } from './settings.ts';

export interface BuildBridgeAppOptions {
  /** Where the function sources live (tests). @default this repository */
  sources?: FunctionSources;
}

/**
 * Builds the deployment into `app`: reads the context, loads the bridge config (invalid
 * or secret-carrying config throws before anything is built), adds the stack, and
 * registers cdk-nag's AWS Solutions checks, so an unacknowledged finding fails the synth.
 */
export function buildBridgeApp(app: App, options: BuildBridgeAppOptions = {}): BridgeStack {
  const settings = readDeploymentSettings(app.node);
  const config = loadDeploymentConfig(settings.config);
  const stack = new BridgeStack(app, settings.stackName, {
    config,
    settings,
    sources: options.sources,
    env: stackEnvironment(settings),
    description: 'ats-interview-bridge: ATS webhooks to AI interview providers',
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return stack;
}
