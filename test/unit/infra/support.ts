import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { FUNCTION_ENTRIES, REPO_SOURCES, type FunctionSources } from '#infra/bridge-stack';

export const REPO_ROOT = REPO_SOURCES.projectRoot;

/** cdk.json's context (defaults and feature flags), so tests build what `cdk synth` builds. */
export function cdkJsonContext(): Record<string, unknown> {
  return (JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> }).context;
}

/**
 * An App like the CLI's, with its own temporary cloud assembly folder. The built-in
 * CloudFormation schema validation (10+ s) is left to `npm run synth`; cdk-nag runs.
 */
export function testApp(context: Record<string, unknown> = {}): { app: App; outdir: string; dispose(): void } {
  const outdir = mkdtempSync(join(tmpdir(), 'bridge-cdk-out-'));
  const app = new App({ outdir, context: { ...cdkJsonContext(), ...context }, builtinCloudFormationValidation: false });
  return { app, outdir, dispose: () => rmSync(outdir, { recursive: true, force: true }) };
}

/**
 * Function sources for a synth: the repository's own entries when all exist (and
 * INFRA_TEST_FUNCTIONS is not "stub"), else throwaway stubs in a temp folder that import
 * the SDK the way the real handlers do, so the ESM bundling is exercised either way.
 */
export function functionSources(): { sources: FunctionSources; real: boolean; dispose(): void } {
  const realExist = Object.values(FUNCTION_ENTRIES).every((file) => existsSync(join(REPO_SOURCES.functionsDir, file)));
  if (realExist && process.env.INFRA_TEST_FUNCTIONS !== 'stub') return { sources: REPO_SOURCES, real: true, dispose: () => {} };
  return { ...stubSources(), real: false };
}

export function stubSources(): { sources: FunctionSources; dispose(): void } {
  const root = mkdtempSync(join(tmpdir(), 'bridge-stub-functions-'));
  const functionsDir = join(root, 'functions');
  mkdirSync(functionsDir);
  writeFileSync(join(root, 'package-lock.json'), '{"name":"stubs","lockfileVersion":3,"requires":true,"packages":{}}\n');
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
  for (const file of Object.values(FUNCTION_ENTRIES)) {
    writeFileSync(join(functionsDir, file), [
      "import { readFileSync } from 'node:fs';",
      "import { SQSClient } from '@aws-sdk/client-sqs';",
      'const sqs = new SQSClient({});',
      'export const handler = async () => ({ statusCode: 200, body: String(Boolean(sqs)) + readFileSync(process.env.BRIDGE_CONFIG!, "utf8").length });',
      '',
    ].join('\n'));
  }
  return { sources: { projectRoot: root, functionsDir }, dispose: () => rmSync(root, { recursive: true, force: true }) };
}

/** Writes a bridge config file into a temp folder and returns its path. */
export function writeTempConfig(config: unknown): { path: string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'bridge-config-'));
  const path = join(dir, 'bridge.json');
  writeFileSync(path, typeof config === 'string' ? config : JSON.stringify(config, null, 2));
  return { path, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

export function exampleConfig(): { tenants: Record<string, unknown>[] } & Record<string, unknown> {
  return JSON.parse(readFileSync(join(REPO_ROOT, 'config', 'bridge.example.json'), 'utf8')) as { tenants: Record<string, unknown>[] };
}
