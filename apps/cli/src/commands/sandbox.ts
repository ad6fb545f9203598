/**
 * `zcc-sms sandbox`: the fake Zoom from `@zcc-sms/sandbox` on a local port, printing the `export ZOOM_…=…`
 * lines that point this CLI (or anything else) at it. Runs until Ctrl-C. Arguments and help are the
 * sandbox's own (`runSandboxCli`), so the two stay in step.
 */
import type { Command, CommandContext } from '../command.ts';

const rename = (text: string): string => text.replace(/zcc-sms-sandbox/g, 'zcc-sms sandbox');

async function run(ctx: CommandContext): Promise<number> {
  const { io } = ctx;
  // Loaded on use: the sandbox (and its data generator) is not needed by any other command.
  const { runSandboxCli } = await import('@zcc-sms/sandbox');
  const code = await runSandboxCli([...ctx.positionals], {
    stdout: { write: (text: string) => io.stdout.write(rename(text)) },
    stderr: { write: (text: string) => io.stderr.write(rename(text)) },
    signal: io.interrupt.signal,
  });
  return code;
}

export const sandboxCommand: Command = {
  name: 'sandbox',
  summary: 'Start a local fake Zoom and print the ZOOM_* lines that point zcc-sms at it',
  usage: 'sandbox [--records N] [--plan pro|business] [--latency-ms N] [--port N] …',
  flags: {},
  rawArgs: true,
  examples: [
    'eval "$(zcc-sms sandbox --records 20000 &)"',
    'zcc-sms sandbox --port 8765 --plan business --latency-ms 100',
  ],
  run,
};
