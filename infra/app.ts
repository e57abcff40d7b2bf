import { App } from 'aws-cdk-lib';
import { ConfigError } from '#shared/config/load-config';
import { buildBridgeApp } from './bridge-app.ts';
import { LocalOnlyUrlError, SecretsInConfigError } from './deployment-config.ts';
import { DeploymentSettingsError } from './settings.ts';

// CDK entry (cdk.json "app"). Config and context mistakes end with their message, not a stack trace.
try {
  buildBridgeApp(new App());
} catch (error) {
  if (error instanceof ConfigError || error instanceof SecretsInConfigError || error instanceof LocalOnlyUrlError || error instanceof DeploymentSettingsError) {
    console.error(`\n${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
