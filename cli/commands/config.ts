import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { LocalOnlyUrlError, SecretsInConfigError, loadDeploymentConfig } from '#infra/deployment-config';
import { discoveryPath, readDiscoveryFile } from '#infra/local/discovery';
import { ConfigError } from '#shared/config/load-config';
import { listTenants } from '#shared/use-cases/ops/list-tenants';
import { validateConfigText, type ConfigProblem, type ConfigValidation } from '#shared/use-cases/ops/validate-config';
import type { Command } from '../support/command.ts';
import { CliError, EXIT } from '../support/errors.ts';
import { json, table } from '../support/format.ts';
import { stateDirOf } from '../target.ts';

export const configValidate: Command = {
  words: ['config', 'validate'],
  summary: 'check a bridge config file: each bad key and why',
  description: 'Validates as `npm start` runs the file (each tenant carries the secrets its sources and rules use), or with --deploy as `cdk synth` does (no secrets at all). Without a path: --config, BRIDGE_CONFIG, the running local stack\'s config, else config/bridge.local.json. Values are never printed (a bad key may be a secret).',
  positionals: [{ name: 'path', required: false, description: 'config file to check' }],
  options: { deploy: { type: 'boolean', description: 'also refuse what `cdk synth` refuses: inline secrets, "sandbox" URLs, body limits over 4.5 MB' } },
  examples: ['bridge config validate config/my-bridge.json --deploy'],
  async run(ctx) {
    const discovery = readDiscoveryFile(discoveryPath(stateDirOf(ctx.options, ctx.io)));
    const given = ctx.positionals[0] ?? (typeof ctx.options.config === 'string' ? ctx.options.config : undefined) ?? ctx.io.env.BRIDGE_CONFIG ?? discovery?.configPath ?? 'config/bridge.local.json';
    const path = resolve(ctx.io.cwd, given);
    const shown = relative(ctx.io.cwd, path) || path;
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      throw new CliError(`cannot read ${shown}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    let result = validateConfigText(text, { forDeploy: ctx.options.deploy === true });
    if (result.ok && ctx.options.deploy) result = deployable(path, result);
    if (ctx.json) {
      ctx.print(json(result.ok ? { path: shown, valid: true, checkedAs: result.checkedAs, tenants: result.tenants } : { path: shown, valid: false, checkedAs: result.checkedAs, problems: result.problems }));
      return result.ok ? EXIT.ok : EXIT.failed;
    }
    if (result.ok) {
      ctx.print(`✓ ${shown} is valid: ${result.tenants.length} tenant(s) (${result.tenants.join(', ')})${ctx.options.deploy ? ', no inline secrets' : ''}\n`);
      // No tenant has a secrets block: a file for `cdk deploy`, which `npm start` would refuse.
      if (result.checkedAs === 'deploy' && !ctx.options.deploy) {
        ctx.note(`(no secrets in the file: checked as a config for \`cdk deploy\`, whose secrets live in Secrets Manager; \`npm start\` needs each tenant's secrets block; --deploy also runs the checks synth adds)`);
      }
      return EXIT.ok;
    }
    ctx.print(`✗ ${shown} is invalid: ${result.problems.length} problem(s)\n\n${table(['key', 'why'], result.problems.map((p) => [p.path, p.message]))}\n`);
    // Some tenants carry secrets, so the file is checked as `npm start` runs it: each tenant needs its own.
    if (result.checkedAs === 'local' && result.problems.some((p) => /^tenants\.\d+\.secrets\./.test(p.path))) {
      ctx.note(`(checked as a local config, as \`npm start\` runs it, since some tenants carry secrets; a config for \`cdk deploy\` has none: bridge config validate ${shown} --deploy)`);
    }
    return EXIT.failed;
  },
};

/** The checks synth itself runs (infra/deployment-config.ts), so a ✓ here means synth takes the file. */
function deployable(path: string, valid: ConfigValidation): ConfigValidation {
  try {
    loadDeploymentConfig(path);
    return valid;
  } catch (error) {
    const problems: ConfigProblem[] | undefined =
      error instanceof LocalOnlyUrlError ? error.keys.map((key) => ({ path: key, message: '"sandbox" is a local stand-in only: give the vendor\'s API URL, or leave the key out for its default' }))
        : error instanceof SecretsInConfigError ? error.tenantIds.map((id) => ({ path: `tenant ${id}`, message: 'carries secrets' }))
          : error instanceof ConfigError ? error.byKey
            : undefined;
    if (!problems) throw error;
    return { ok: false, problems, checkedAs: 'deploy' };
  }
}

export const tenantsList: Command = {
  words: ['tenants', 'list'],
  summary: 'the tenants of the target\'s config and their rules',
  async run(ctx) {
    const target = await ctx.target();
    const tenants = listTenants(target.config());
    if (ctx.json) return void ctx.print(json(tenants));
    const rows = tenants.flatMap((t) => (t.rules.length ? t.rules : [undefined]).map((r, i) => [
      i === 0 ? t.id : '', i === 0 ? t.defaultTimezone : '', i === 0 ? t.providers.join(', ') : '',
      r ? r.id : '(no rules)', r ? `${r.source} ${r.stage}` : '', r ? r.provider : '', r ? r.jobs : '',
    ]));
    ctx.print(`${table(['tenant', 'default zone', 'providers', 'rule', 'trigger', 'provider', 'jobs'], rows)}\n`);
    ctx.note(`(${target.description})`);
  },
};
