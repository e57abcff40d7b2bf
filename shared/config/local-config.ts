import type { ConfigProblem } from './config-problems.ts';
import { missingSecrets, type BridgeConfig } from './schema.ts';

/**
 * Local mode (`npm start`, `bridge config validate` without --deploy): the config file is the
 * only place the bridge finds secrets. A tenant without a `secrets` block would run on
 * placeholder keys (its ATS's webhooks refused with 401, every message in the DLQ), so each
 * secret its sources and rules need is named, as for a partial block (schema.ts). A deployable
 * config has no block at all (Secrets Manager holds them): synth and the functions do not ask.
 */
export function localSecretsProblems(config: BridgeConfig): ConfigProblem[] {
  return config.tenants.flatMap((tenant, i) => (tenant.secrets ? [] : missingSecrets(tenant, {}).map((problem) => ({
    path: ['tenants', i, ...problem.path].join('.'),
    message: problem.message,
  }))));
}
