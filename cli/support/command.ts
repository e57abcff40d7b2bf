import { parseArgs } from 'node:util';
import { closestKey } from '#shared/config/closest-key';
import type { ProgressReporter } from '#shared/ports/ops-progress';
import type { Target } from '../target.ts';
import { UsageError } from './errors.ts';
import type { CliIo } from './io.ts';

/**
 * One CLI command: its words, options and help, and what it runs. Options are declared once
 * and give both the parser's spec and the --help text.
 */
export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** Shown in help: `--stage <stage>`. */
  value?: string;
  description: string;
}

export interface PositionalSpec {
  name: string;
  required: boolean;
  description: string;
}

export type OptionValues = Record<string, string | boolean | string[] | undefined>;

export interface CommandContext {
  io: CliIo;
  positionals: string[];
  options: OptionValues;
  json: boolean;
  /** The target (local stack or AWS), resolved on first use. */
  target(): Promise<Target>;
  progress(): ProgressReporter;
  print(text: string): void;
  /** Notes for the human (stderr): never mixed into --json output. */
  note(text: string): void;
}

export interface Command {
  words: string[];
  summary: string;
  description?: string;
  positionals?: PositionalSpec[];
  options?: Record<string, OptionSpec>;
  examples?: string[];
  run(ctx: CommandContext): Promise<number | void>;
}

/** Options every command takes. */
export const globalOptions: Record<string, OptionSpec> = {
  target: { type: 'string', value: 'local|aws', description: 'where the bridge runs (default: local when a local stack is running, else aws)' },
  json: { type: 'boolean', description: 'machine-readable output on stdout' },
  'state-dir': { type: 'string', value: 'dir', description: 'where .bridge files live (default ./.bridge, or BRIDGE_STATE_DIR)' },
  config: { type: 'string', value: 'path', description: 'bridge config (aws: the deployed, secret-free file; default BRIDGE_CONFIG or cdk.json context "config")' },
  outputs: { type: 'string', value: 'file', description: 'aws: stack outputs file from `cdk deploy --outputs-file` (default ./cdk-outputs.json)' },
  stack: { type: 'string', value: 'name', description: 'aws: stack name in the outputs file (default: the only one, or AtsInterviewBridge)' },
  'state-table': { type: 'string', value: 'name', description: 'aws: state table (output StateTableName)' },
  'events-queue': { type: 'string', value: 'name|url', description: 'aws: events queue (output EventsQueueName)' },
  'events-dlq': { type: 'string', value: 'name|url', description: 'aws: events DLQ (output EventsDlqName)' },
  'scheduler-dlq': { type: 'string', value: 'name|url', description: 'aws: scheduler DLQ (output SchedulerDlqName)' },
  'schedule-group': { type: 'string', value: 'name', description: 'aws: schedule group (output ScheduleGroupName)' },
  'webhook-base': { type: 'string', value: 'url', description: 'aws: webhook base URL (output WebhookBaseUrl)' },
  'secret-prefix': { type: 'string', value: 'prefix', description: 'aws: tenant secret name prefix (default cdk.json "secretPrefix" or ats-interview-bridge/tenants/)' },
  debug: { type: 'boolean', description: 'print stack traces of unexpected errors' },
  help: { type: 'boolean', short: 'h', description: 'show help' },
};

export interface ParsedCommandLine {
  command?: Command;
  /** Words that named no command (for "unknown command" and group help). */
  words: string[];
  positionals: string[];
  options: OptionValues;
}

/**
 * Finds the command named by the leading words (global options may come anywhere) and parses
 * the rest strictly against its options plus the global ones.
 */
export function parseCommandLine(argv: string[], commands: Command[]): ParsedCommandLine {
  const stringOptions = new Set<string>();
  const shorts = new Map<string, string>();
  for (const spec of [globalOptions, ...commands.map((c) => c.options ?? {})]) {
    for (const [name, option] of Object.entries(spec)) {
      if (option.type === 'string') stringOptions.add(name);
      if (option.short) shorts.set(option.short, name);
    }
  }
  // The words: tokens that are neither options nor option values.
  const words: { word: string; index: number }[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === '--') break;
    if (token.startsWith('--')) {
      if (!token.includes('=') && stringOptions.has(token.slice(2))) i++;
      continue;
    }
    if (token.startsWith('-') && token.length > 1) {
      const name = shorts.get(token.slice(1));
      if (name && stringOptions.has(name)) i++;
      continue;
    }
    words.push({ word: token, index: i });
  }
  let command: Command | undefined;
  for (const candidate of commands) {
    const n = candidate.words.length;
    if (n > (command?.words.length ?? 0) && candidate.words.every((w, i) => words[i]?.word === w)) command = candidate;
  }
  const named = command ? words.slice(0, command.words.length).map((w) => w.index) : [];
  const rest = argv.filter((_, i) => !named.includes(i));
  const options = { ...globalOptions, ...(command?.options ?? {}) };
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      options: Object.fromEntries(Object.entries(options).map(([name, o]) => [name, { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) }])),
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    const message = (error as Error).message.replace(/\. To specify a positional argument.*$/s, '');
    const near = (error as NodeJS.ErrnoException).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? nearOption(rest, Object.keys(options)) : undefined;
    const see = command ? `see: bridge ${command.words.join(' ')} --help` : 'see: bridge --help';
    throw new UsageError(message, near ? `did you mean --${near}? ${see}` : see);
  }
  const positionals = command ? parsed.positionals : [];
  return { ...(command ? { command } : {}), words: command ? command.words : words.map((w) => w.word), positionals, options: parsed.values as OptionValues };
}

/** The known option closest to the first unknown `--name` on the line (a typo such as --form for --from). */
function nearOption(args: string[], known: string[]): string | undefined {
  const unknown = args.find((arg) => arg.startsWith('--') && arg !== '--' && !known.includes(arg.slice(2).split('=')[0]!));
  return unknown ? closestKey(unknown.slice(2).split('=')[0]!, known) : undefined;
}

/** The command whose words are closest to the words given (`config valdate` → `config validate`). */
export function nearCommand(words: string[], commands: Command[]): Command | undefined {
  for (let n = Math.min(words.length, 3); n > 0; n--) {
    const sameLength = commands.filter((c) => c.words.length === n);
    const near = closestKey(words.slice(0, n).join(' '), sameLength.map((c) => c.words.join(' ')));
    if (near) return sameLength.find((c) => c.words.join(' ') === near);
  }
  return undefined;
}

/** Checks the positionals against the command's spec (count), so each command can trust them. */
export function checkPositionals(command: Command, positionals: string[]): void {
  const specs = command.positionals ?? [];
  const required = specs.filter((p) => p.required).length;
  if (positionals.length < required) {
    const missing = specs.filter((p) => p.required).slice(positionals.length).map((p) => `<${p.name}>`);
    throw new UsageError(`missing ${missing.join(' ')}`, `usage: ${usageLine(command)}`);
  }
  if (positionals.length > specs.length) {
    throw new UsageError(`unexpected argument "${positionals[specs.length]}"`, `usage: ${usageLine(command)}`);
  }
}

export function usageLine(command: Command): string {
  const positionals = (command.positionals ?? []).map((p) => (p.required ? `<${p.name}>` : `[${p.name}]`));
  const options = Object.keys(command.options ?? {}).length ? ['[options]'] : [];
  return ['bridge', ...command.words, ...positionals, ...options].join(' ');
}

export function commandHelp(command: Command): string {
  const lines = [`${usageLine(command)}`, '', command.summary];
  if (command.description) lines.push('', command.description);
  if (command.positionals?.length) {
    lines.push('', 'Arguments:');
    for (const p of command.positionals) lines.push(`  ${p.name.padEnd(24)}${p.description}`);
  }
  const optionLines = (specs: Record<string, OptionSpec>) => Object.entries(specs).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : ''}--${name}${o.type === 'string' ? ` <${o.value ?? 'value'}>` : ''}`;
    return `  ${flag.padEnd(34)}${o.description}${o.multiple ? ' (repeatable)' : ''}`;
  });
  if (command.options && Object.keys(command.options).length) lines.push('', 'Options:', ...optionLines(command.options));
  lines.push('', 'Global options:', ...optionLines(globalOptions));
  if (command.examples?.length) lines.push('', 'Examples:', ...command.examples.map((e) => `  ${e}`));
  return `${lines.join('\n')}\n`;
}

export function overviewHelp(commands: Command[], prefix: string[] = []): string {
  const shown = commands.filter((c) => prefix.every((w, i) => c.words[i] === w));
  const width = Math.max(...shown.map((c) => c.words.join(' ').length)) + 4;
  return [
    prefix.length ? `bridge ${prefix.join(' ')} <command>` : 'bridge <command> [arguments] [options]',
    '',
    prefix.length ? `Commands of "${prefix.join(' ')}":` : 'Operate an ats-interview-bridge: a local stack (npm start) or a deployment in AWS.',
    ...(prefix.length ? [] : ['', 'Commands:']),
    ...shown.map((c) => `  ${c.words.join(' ').padEnd(width)}${c.summary}`),
    '',
    'Each command has --help. Exit codes: 0 done, 1 failed (or problems found), 2 wrong command line.',
    'Target: --target local|aws (default: local when a local stack is running, else aws).',
    '',
  ].join('\n');
}
