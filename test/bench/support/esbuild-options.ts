import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BuildOptions } from 'esbuild';

/**
 * The esbuild options NodejsFunction derives from BridgeFunction's `bundling` props
 * (infra/constructs/bridge-function.ts), as esbuild JS API options. CDK turns them into
 * `esbuild --bundle <entry> --target=node24 --platform=node --format=esm
 * --outfile=<out>/index.mjs --minify --sourcemap=external --sources-content=false
 * --log-level=warning --banner:js=<createRequire> --main-fields=module,main
 * --tree-shaking=true` (aws-cdk-lib/aws-lambda-nodejs/lib/bundling.js, buildEsbuildArgs),
 * run in the project root, no externals (bundleAwsSDK: true).
 *
 * The banner and the runtime are imported from the construct itself; the rest is checked
 * against the construct's source by `assertBundlingUnchanged`, so an edit there fails the
 * bench instead of silently measuring other bundles than the ones that deploy.
 */

export const BRIDGE_FUNCTION_SOURCE = 'infra/constructs/bridge-function.ts';

/** The bundling props this file mirrors, as they must read in the construct. */
const MIRRORED: [key: string, pattern: RegExp][] = [
  ['format', /format:\s*OutputFormat\.ESM\b/],
  ['logLevel', /logLevel:\s*LogLevel\.WARNING\b/],
  ['minify', /minify:\s*true\b/],
  ['sourceMap', /sourceMap:\s*true\b/],
  ['sourceMapMode', /sourceMapMode:\s*SourceMapMode\.EXTERNAL\b/],
  ['sourcesContent', /sourcesContent:\s*false\b/],
  ['esbuildArgs', /esbuildArgs:\s*\{\s*'--tree-shaking':\s*'true'\s*\}/],
  ['mainFields', /mainFields:\s*\[\s*'module'\s*,\s*'main'\s*\]/],
  ['banner', /banner:\s*CREATE_REQUIRE_BANNER\b/],
  ['bundleAwsSDK', /bundleAwsSDK:\s*true\b/],
  ['forceDockerBundling', /forceDockerBundling:\s*false\b/],
];
/** Props that do not change what esbuild writes (the config copy happens after bundling). */
const IRRELEVANT = new Set(['commandHooks', 'beforeBundling', 'beforeInstall', 'afterBundling']);

export function assertBundlingUnchanged(root: string): void {
  const source = readFileSync(join(root, BRIDGE_FUNCTION_SOURCE), 'utf8');
  const start = source.indexOf('bundling: {');
  if (start < 0) throw new Error(`${BRIDGE_FUNCTION_SOURCE}: no "bundling: {" block found; update test/bench/support/esbuild-options.ts`);
  // The block ends at the brace that closes "bundling: {".
  let depth = 0;
  let end = start;
  for (let i = source.indexOf('{', start); i < source.length; i++) {
    if (source[i] === '{') depth++;
    if (source[i] === '}' && --depth === 0) { end = i; break; }
  }
  const block = source.slice(start, end + 1);
  const problems: string[] = [];
  for (const [key, pattern] of MIRRORED) if (!pattern.test(block)) problems.push(`${key} is not ${pattern.source}`);
  const keys = [...block.matchAll(/^\s*([A-Za-z]+):/gm)].map((m) => m[1]!).filter((k) => k !== 'bundling');
  for (const key of keys) if (!IRRELEVANT.has(key) && !MIRRORED.some(([k]) => k === key)) problems.push(`new bundling prop "${key}"`);
  if (problems.length) {
    throw new Error(`${BRIDGE_FUNCTION_SOURCE} bundling changed (${problems.join('; ')}): mirror it in test/bench/support/esbuild-options.ts`);
  }
}

/** `nodejs24.x` → `node24`, as CDK's toTarget does. */
export function targetOf(runtimeName: string): string {
  const match = /nodejs(\d+)/.exec(runtimeName);
  if (!match) throw new Error(`cannot read a Node.js version from runtime ${runtimeName}`);
  return `node${match[1]}`;
}

/** The construct's banner and runtime, read from the construct module (it loads aws-cdk-lib: ~3 s). */
export async function bridgeBundlingConstants(): Promise<{ banner: string; target: string }> {
  const construct = await import('#infra/constructs/bridge-function');
  return { banner: construct.CREATE_REQUIRE_BANNER, target: targetOf(construct.BRIDGE_RUNTIME.name) };
}

export function bridgeBuildOptions(input: { root: string; entry: string; outDir: string; banner: string; target: string }): BuildOptions & { metafile: true } {
  return {
    absWorkingDir: input.root,
    entryPoints: [input.entry],
    bundle: true,
    outfile: join(input.outDir, 'index.mjs'),
    target: input.target,
    platform: 'node',
    format: 'esm',
    minify: true,
    sourcemap: 'external',
    sourcesContent: false,
    logLevel: 'warning',
    banner: { js: input.banner },
    mainFields: ['module', 'main'],
    treeShaking: true,
    // Not a CDK option: esbuild reports what went into the output; the output is the same.
    metafile: true,
  };
}
