/**
 * `main(argv, io)`: finds the command, parses its flags, runs it, and turns any failure into one line on
 * stderr and an exit code (see exit-codes.ts). Nothing here prints to stdout except help and the version.
 */
import { readFileSync } from 'node:fs';
import { UsageError } from './cli-error.ts';
import { COMMON_FLAGS, type CommandContext } from './command.ts';
import { COMMANDS, findCommand } from './commands/index.ts';
import { formatError, formatErrorJson, reportError } from './error-report.ts';
import { EXIT } from './exit-codes.ts';
import { commandHelp, mainHelp } from './help.ts';
import type { CliIo } from './io.ts';
import { type LogFormat, lineFormatter, logFormatOf } from './log-format.ts';
import { closestFlag, parseFlags } from './parse-flags.ts';
import { createRedactor } from './redactor.ts';

// Read, not imported: the same line works from src/ (workspace) and from dist/ (published package).
const manifest = readFileSync(new URL('../package.json', import.meta.url), 'utf8');
export const VERSION: string = (JSON.parse(manifest) as { version: string }).version;

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const redactor = createRedactor();
  const debug = argv.includes('--debug');
  // Until the format is known (a bad --log-format is itself a usage error), lines are text.
  let logFormat: LogFormat = 'text';
  let line = lineFormatter('text', (t) => redactor.redact(t));
  const say = (text: string): void => {
    io.stderr.write(line('info', text));
  };
  try {
    logFormat = logFormatOf(argv, io.env);
    line = lineFormatter(logFormat, (t) => redactor.redact(t));
    const [first, ...rest] = argv;
    if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
      const topic = first === 'help' ? rest[0] : undefined;
      const command = topic ? findCommand(topic) : undefined;
      io.stdout.write(command ? commandHelp(command) : mainHelp(COMMANDS, VERSION));
      return first === undefined ? EXIT.usage : EXIT.ok;
    }
    if (first === '--version' || first === '-v' || first === 'version') {
      io.stdout.write(`${VERSION}\n`);
      return EXIT.ok;
    }
    const command = findCommand(first);
    if (!command) {
      const near = closestFlag(
        first,
        COMMANDS.map((c) => c.name),
      );
      throw new UsageError(
        `unknown command ${JSON.stringify(first)}${near ? `; did you mean \`zcc-sms ${near}\`?` : '.'} Run \`zcc-sms --help\` for the list.`,
      );
    }
    const table = { ...command.flags, ...COMMON_FLAGS };
    if (command.rawArgs) {
      return await command.run({
        io,
        flags: {},
        positionals: rest,
        debug,
        redactor,
        message: say,
        logFormat,
        line,
      });
    }
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout.write(commandHelp({ ...command, flags: table }));
      return EXIT.ok;
    }
    const parsed = parseFlags(command.name, rest, table, command.positionals?.length ?? 0);
    const ctx: CommandContext = {
      io,
      flags: parsed.flags,
      positionals: parsed.positionals,
      debug,
      redactor,
      message: say,
      logFormat,
      line,
    };
    return await command.run(ctx);
  } catch (error) {
    const report = reportError(error);
    io.stderr.write(
      logFormat === 'json'
        ? formatErrorJson(error, report, { debug, redactor, line })
        : formatError(error, report, { debug, redactor }),
    );
    return report.exitCode;
  }
}
