import { ConfigError } from '#shared/config/load-config';
import { AtsApiError } from '#shared/ports/ats-api';
import { ProviderError } from '#shared/ports/interview-provider';
import { OpsError } from '#shared/use-cases/ops/errors';
import { commands as allCommands } from './commands/index.ts';
import { checkPositionals, commandHelp, nearCommand, overviewHelp, parseCommandLine, type Command, type CommandContext } from './support/command.ts';
import { CliError, EXIT } from './support/errors.ts';
import type { CliIo } from './support/io.ts';
import { progressBar } from './support/progress.ts';
import { resolveTarget, type Target } from './target.ts';

export { processIo, captureIo, type CliIo } from './support/io.ts';

/**
 * `bridge <command> …`: parses the command line, runs the command against its target, and
 * turns every failure into a message on stderr and an exit code (0 done, 1 failed, 2 wrong
 * command line). Returns the exit code instead of exiting, so tests run it in-process.
 */
export async function runCli(argv: string[], io: CliIo, commands: Command[] = allCommands): Promise<number> {
  let target: Target | undefined;
  // `bridge help dlq redrive` is `bridge dlq redrive --help`, as in git and npm.
  if (argv[0] === 'help' && argv.length > 1) argv = [...argv.slice(1), '--help'];
  let debug = argv.includes('--debug');
  try {
    const line = parseCommandLine(argv, commands);
    debug = line.options.debug === true;
    if (!line.command) {
      const prefix = line.words;
      const group = prefix.length > 0 && commands.some((c) => prefix.every((w, i) => c.words[i] === w));
      if (prefix.length === 0 || prefix[0] === 'help' || (line.options.help && group)) {
        io.stdout.write(overviewHelp(commands, group ? prefix : []));
        return line.options.help || prefix[0] === 'help' ? EXIT.ok : EXIT.usage;
      }
      if (group) {
        io.stderr.write(overviewHelp(commands, prefix));
        return EXIT.usage;
      }
      const near = nearCommand(prefix, commands);
      throw new CliError(`unknown command "${prefix.join(' ')}"`, EXIT.usage, `${near ? `did you mean bridge ${near.words.join(' ')}? ` : ''}see: bridge --help`);
    }
    const command = line.command;
    if (line.options.help) {
      io.stdout.write(commandHelp(command));
      return EXIT.ok;
    }
    checkPositionals(command, line.positionals);
    const json = line.options.json === true;
    const note = (text: string) => { if (!json) io.stderr.write(`${text}\n`); };
    const ctx: CommandContext = {
      io,
      positionals: line.positionals,
      options: line.options,
      json,
      target: async () => (target ??= await resolveTarget(line.options, io, note)),
      progress: () => progressBar(io.stderr, { enabled: !json && io.stderr.isTTY === true }),
      print: (text) => io.stdout.write(text),
      note,
    };
    return (await command.run(ctx)) ?? EXIT.ok;
  } catch (error) {
    const { message, hint, code } = explain(error);
    io.stderr.write(`bridge: ${message}\n${hint ? `  ${hint}\n` : ''}`);
    if (debug && code === EXIT.failed && error instanceof Error && !(error instanceof CliError) && !(error instanceof OpsError)) io.stderr.write(`${error.stack}\n`);
    return code;
  } finally {
    target?.close();
  }
}

function explain(error: unknown): { message: string; hint?: string; code: number } {
  if (error instanceof CliError) return { message: error.message, ...(error.hint ? { hint: error.hint } : {}), code: error.exitCode };
  if (error instanceof OpsError) return { message: error.message, ...(error.hint ? { hint: error.hint } : {}), code: error.kind === 'bad_command_line' ? EXIT.usage : EXIT.failed };
  if (error instanceof ConfigError) return { message: error.message, hint: 'check it with: bridge config validate (or name the file: bridge config validate FILE)', code: EXIT.failed };
  if (error instanceof AtsApiError || error instanceof ProviderError) return { message: `${error.message} [${error.code}]`, ...(error.retryable ? { hint: 'this may pass if you try again later' } : {}), code: EXIT.failed };
  const e = error as Error & { $metadata?: unknown };
  if (e?.name === 'CredentialsProviderError') return { message: 'no AWS credentials', hint: 'set AWS_PROFILE (or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY), or run against a local stack (`npm start`)', code: EXIT.failed };
  if (e?.$metadata !== undefined) return { message: `AWS said ${e.name}: ${e.message}`, hint: 'check the region, the credentials and the names (stack outputs)', code: EXIT.failed };
  return { message: `unexpected error: ${e?.message ?? String(error)}`, hint: 'run again with --debug for the stack trace', code: EXIT.failed };
}
