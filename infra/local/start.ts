/**
 * `npm start`: the whole bridge on this machine, on the embedded defaults
 * (config/bridge.local.json, or BRIDGE_CONFIG; port PORT or 3000).
 */
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { label, webhookBannerLines } from './webhook-banner.ts';

// Set before the handlers (and Powertools) load: local metrics go to /admin/metrics, not stdout.
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
process.env.POWERTOOLS_SERVICE_NAME ??= 'ats-interview-bridge-local';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.POWERTOOLS_LOG_LEVEL ??= process.env.LOG_LEVEL ?? 'INFO';

const SAMPLE = 'infra/local/samples/greenhouse-candidate-stage-change.json';

const { startLocalBridge, DEFAULT_CONFIG_PATH } = await import('./local-bridge.ts');
const { demoGreenhouseSeed } = await import('./samples/demo-seed.ts');
const { writeDiscovery, DEFAULT_STATE_DIR, discoveryPath, isLiveStack, readDiscoveryFile } = await import('./discovery.ts');

// One stack per state folder: the CLI finds a stack through its discovery file, and a second
// stack writing over it would hide the first from the CLI (and delete the file when it stops).
const registered = readDiscoveryFile(discoveryPath());
if (registered && registered.pid !== process.pid && await isLiveStack(registered)) {
  const file = relative(process.cwd(), discoveryPath()).startsWith('..') ? discoveryPath() : relative(process.cwd(), discoveryPath());
  console.error([
    '',
    `ats-interview-bridge could not start: another local stack (pid ${registered.pid}, ${registered.url}) runs from ${file}, where the CLI finds one stack.`,
    'Stop it (Ctrl-C in its terminal), or run this one with its own folder and port:',
    '',
    '  BRIDGE_STATE_DIR=.bridge/3001 PORT=3001 npm start',
    '',
    `(the CLI then takes --state-dir .bridge/3001; if no stack runs as pid ${registered.pid}, delete ${file})`,
    '',
  ].join('\n'));
  process.exit(1);
}

// The folder is made before the stack starts: one the user cannot write (a file of that name, a
// read-only checkout) is named, not a Node stack trace after everything started.
try {
  mkdirSync(dirname(discoveryPath()), { recursive: true, mode: 0o700 });
} catch (error) {
  const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  console.error(`\nats-interview-bridge could not start: cannot use ${dirname(discoveryPath())} as its state folder (${code}), where it tells the CLI how to reach it.\nPick a folder it can write: BRIDGE_STATE_DIR=<folder> npm start (the CLI then takes --state-dir <folder>).\n`);
  process.exit(1);
}

let bridge;
try {
  // The Greenhouse stand-in knows the sample's candidate, so the result note has somewhere to go.
  bridge = await startLocalBridge({ atsSeeds: { greenhouse: demoGreenhouseSeed(SAMPLE) } });
} catch (error) {
  const message = (error as Error).message;
  // Another stack (or anything else) on the port: say how to pick another instead of only failing.
  const hint = /EADDRINUSE/.test(message) ? `\nThe port is taken (another \`npm start\`?). Pick another: PORT=${Number(process.env.PORT ?? 3000) + 1} npm start\n` : '';
  console.error(`\nats-interview-bridge could not start: ${message}\n${hint}`);
  process.exit(1);
}

// The `bridge` CLI finds this stack (endpoints, queues, tables, admin URL) through .bridge/local.json.
const discovery = await writeDiscovery(bridge, { configPath: resolve(process.env.BRIDGE_CONFIG ?? DEFAULT_CONFIG_PATH) });
process.once('exit', () => discovery.remove());

const tenant = bridge.config.tenants.find((t) => t.secrets?.greenhouse?.webhookSecret) ?? bridge.config.tenants[0]!;
const lines = [
  '',
  'ats-interview-bridge is running locally (127.0.0.1 only).',
  '',
  ...webhookBannerLines(bridge.config.tenants, bridge.webhookUrl),
  `  Admin:               ${bridge.adminUrl}/health   (applications, schedules, dlq, metrics, clock)`,
  ...(bridge.sandbox ? [`  InstaView sandbox:   ${bridge.sandbox.url}   (state: ${bridge.sandbox.adminUrl}/state)`] : []),
  ...(bridge.xobin ? [`  Xobin sandbox:       ${bridge.xobin.url}   (state: ${bridge.xobin.adminUrl}/state)`] : []),
  ...(bridge.drvn ? [`  DRVN sandbox:        ${bridge.drvn.url}   (state: ${bridge.drvn.adminUrl}/state)`] : []),
  ...bridge.atsSandboxes.map((s) => `  ${label(`${s.source} stand-in:`)}${s.url}   (notes, tags, stages: ${s.adminUrl}/state)`),
];
const secret = tenant.secrets?.greenhouse?.webhookSecret;
if (secret) {
  const body = readFileSync(SAMPLE);
  const signature = createHmac('sha256', secret).update(body).digest('hex');
  const eventId = `demo-${randomUUID()}`;
  lines.push(
    '',
    'Send a signed sample Greenhouse candidate_stage_change (candidate moved to "AI Phone Screen"):',
    '',
    `  curl -sS -X POST '${bridge.webhookUrl('ats', 'greenhouse', tenant.id)}' \\`,
    `    -H 'Content-Type: application/json' -H 'Greenhouse-Event-ID: ${eventId}' \\`,
    `    -H 'Signature: sha256 ${signature}' \\`,
    `    --data-binary @${relative(process.cwd(), SAMPLE) || SAMPLE}`,
    '',
    'Then look at the scheduled interview:',
    '',
    `  curl -sS '${bridge.adminUrl}/applications'`,
    ...(bridge.sandbox ? [`  curl -sS '${bridge.sandbox.adminUrl}/state'`] : []),
    '',
    `(sample body sha256 ${createHash('sha256').update(body).digest('hex').slice(0, 12)}…; run from the repository root)`,
  );
}
const shownPath = relative(process.cwd(), discovery.path).startsWith('..') ? discovery.path : relative(process.cwd(), discovery.path);
// A folder other than ./.bridge (BRIDGE_STATE_DIR) is named, so the command works in a shell without it.
const stateDirFlag = dirname(discovery.path) === resolve(DEFAULT_STATE_DIR) ? '' : ` --state-dir ${shellWord(dirname(shownPath))}`;
lines.push('', `Operate it with the CLI (finds this stack through ${shownPath}):`, '', `  npx tsx cli/bridge.ts status ${tenant.id} <applicationId>${stateDirFlag}`, '  npx tsx cli/bridge.ts --help');
console.log(lines.join('\n') + '\n');

function shellWord(text: string): string {
  return /^[\w./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  discovery.remove();
  await bridge.stop();
  process.exit(0);
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
// `kill <pid of npm>` reaches only the script's `sh -c`, which dies without passing the signal
// on: left without its parent, the stack stops as on Ctrl-C instead of running on unseen.
const parent = process.ppid;
setInterval(() => { if (process.ppid !== parent) void shutdown(); }, 1000).unref();
