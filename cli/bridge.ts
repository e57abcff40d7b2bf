#!/usr/bin/env tsx
/**
 * `bridge`: operate an ats-interview-bridge, locally (`npm start`) or in AWS.
 * Run: npx tsx cli/bridge.ts --help
 */
// Before the SDK loads: its Node-version notice is not for operators of this tool.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const { runCli, processIo } = await import('./main.ts');
process.exitCode = await runCli(process.argv.slice(2), processIo());

export {};
