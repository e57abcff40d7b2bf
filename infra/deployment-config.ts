import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfigFile, withoutSecrets } from '#shared/config/load-config';
import type { BridgeConfig } from '#shared/config/schema';

/**
 * The bridge config as it goes into a deployment: validated, and free of secrets.
 * Secrets live in Secrets Manager (one secret per tenant); a config file that carries
 * them is refused, so a secret can never end up in the template or a Lambda asset.
 */

/** File name of the config inside every function bundle. */
export const BUNDLED_CONFIG_FILE = 'bridge.config.json';

/**
 * Where the bundled config sits at run time. Zip-packaged Lambda functions are unpacked
 * into LAMBDA_TASK_ROOT, which is always /var/task; an absolute path does not depend on
 * the process's working directory or on where the ESM bundle lives.
 */
export const BUNDLED_CONFIG_PATH = `/var/task/${BUNDLED_CONFIG_FILE}`;

export class SecretsInConfigError extends Error {
  constructor(readonly path: string, readonly tenantIds: string[]) {
    super(
      `${path} contains secrets for tenant(s) ${tenantIds.join(', ')}. A deployed bridge reads secrets from ` +
        'AWS Secrets Manager only, so they never reach the CloudFormation template or the Lambda bundles. ' +
        'Remove every "secrets" block from the file, deploy, then put each tenant\'s secrets with ' +
        '`aws secretsmanager put-secret-value --secret-id <secretPrefix><tenantId> --secret-string file://secrets.json`.',
    );
    this.name = 'SecretsInConfigError';
  }
}

export class LocalOnlyUrlError extends Error {
  constructor(readonly path: string, readonly keys: string[]) {
    super(`${path} points at the local stand-ins ("sandbox"), which exist only in local mode: ${keys.join(', ')}. Give the vendor's API URL, or leave the key out for its default.`);
    this.name = 'LocalOnlyUrlError';
  }
}

/**
 * Largest webhook body a deployment can take. A webhook reaches its function in a synchronous
 * Lambda invocation, whose event may be at most 6 MB, and API Gateway base64-encodes non-text
 * bodies (4/3 larger): 4.5 MB plus headers fits. Above this the invocation itself fails and
 * the sender gets a 500 (and retries) instead of the function's 413. The provider limit's
 * schema maximum is the same number; the ATS one allows more for local mode only.
 */
export const LAMBDA_SAFE_WEBHOOK_BYTES = 4_500_000;

/** Loads and validates the config (ConfigError names each bad key); refuses any tenant `secrets`, any "sandbox" URL and body limits Lambda cannot carry. */
export function loadDeploymentConfig(path: string): BridgeConfig {
  // Secrets are refused before the schema runs: the schema asks a local config's secrets block
  // for every secret its tenant uses, which would tell a deployer to add more secrets here.
  const withSecretsBlock = tenantsWithSecretsBlock(path);
  if (withSecretsBlock.length > 0) throw new SecretsInConfigError(path, withSecretsBlock);
  const config = loadConfigFile(path);
  const tooLarge = (['maxWebhookBytes', 'maxProviderWebhookBytes'] as const)
    .filter((key) => config[key] > LAMBDA_SAFE_WEBHOOK_BYTES)
    .map((key) => ({ path: key, message: `at most ${LAMBDA_SAFE_WEBHOOK_BYTES} in AWS (a Lambda invocation carries 6 MB, base64-encoded bodies grow by 4/3), not ${config[key]}` }));
  if (tooLarge.length > 0) throw new ConfigError(`${path} cannot be deployed:\n  - ${tooLarge.map((p) => `${p.path}: ${p.message}`).join('\n  - ')}`, tooLarge);
  const withSecrets = config.tenants.filter((tenant) => tenant.secrets !== undefined).map((tenant) => tenant.id);
  if (withSecrets.length > 0) throw new SecretsInConfigError(path, withSecrets);
  const sandboxKeys = config.tenants.flatMap((tenant, i) => [
    ...sandboxUrls(tenant.sources, `tenants.${i}.sources`),
    ...sandboxUrls(tenant.providers, `tenants.${i}.providers`),
  ]);
  if (sandboxKeys.length > 0) throw new LocalOnlyUrlError(path, sandboxKeys);
  return withoutSecrets(config);
}

/** Ids of the tenants whose file entry has a `secrets` key; an unreadable file is left to loadConfigFile's errors. */
function tenantsWithSecretsBlock(path: string): string[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return [];
  }
  const tenants = (raw as { tenants?: unknown })?.tenants;
  if (!Array.isArray(tenants)) return [];
  return tenants.flatMap((tenant, i) => (tenant && typeof tenant === 'object' && 'secrets' in tenant
    ? [typeof (tenant as { id?: unknown }).id === 'string' ? (tenant as { id: string }).id : `tenants.${i}`]
    : []));
}

/** Paths of the values that are exactly "sandbox" (the local stand-in marker) in a block of per-vendor settings. */
function sandboxUrls(blocks: Record<string, unknown>, prefix: string): string[] {
  return Object.entries(blocks).flatMap(([name, block]) => Object.entries((block ?? {}) as Record<string, unknown>)
    .filter(([, value]) => value === 'sandbox')
    .map(([key]) => `${prefix}.${name}.${key}`));
}

/**
 * Writes the config to a private temporary file for the bundler to copy into each
 * function asset. Call `dispose()` once the functions are built (bundling runs while
 * the NodejsFunction is constructed).
 */
export function writeBundledConfig(config: BridgeConfig): { path: string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'ats-bridge-config-'));
  const path = join(dir, BUNDLED_CONFIG_FILE);
  writeFileSync(path, `${JSON.stringify(withoutSecrets(config), null, 2)}\n`);
  return { path, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
