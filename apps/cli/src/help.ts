/**
 * `--help` text: usage, description, flags grouped by heading, examples. Plain text, 80-column friendly.
 */
import type { Command, FlagSpec } from './command.ts';

function flagLabel(name: string, spec: FlagSpec): string {
  const short = spec.short ? `-${spec.short}, ` : '    ';
  const value = spec.type === 'string' ? ` ${spec.value ?? 'VALUE'}` : '';
  return `${short}--${name}${value}`;
}

export function commandHelp(command: Command): string {
  const lines: string[] = [`Usage: zcc-sms ${command.usage}`, '', command.summary];
  if (command.description) lines.push('', command.description.trim());
  const groups = new Map<string, Array<[string, FlagSpec]>>();
  for (const [name, spec] of Object.entries(command.flags)) {
    if (spec.hidden) continue;
    const group = spec.group ?? 'Options';
    groups.set(group, [...(groups.get(group) ?? []), [name, spec]]);
  }
  for (const [group, entries] of groups) {
    lines.push('', `${group}:`);
    const width = Math.min(36, Math.max(...entries.map(([n, s]) => flagLabel(n, s).length)) + 2);
    for (const [name, spec] of entries) {
      const label = flagLabel(name, spec);
      const repeat = spec.multiple ? ' (repeatable)' : '';
      const text = `${spec.description}${repeat}`;
      lines.push(
        label.length + 2 > width
          ? `  ${label}\n  ${' '.repeat(width)}${text}`
          : `  ${label.padEnd(width)}${text}`,
      );
    }
  }
  if (command.examples.length > 0) {
    lines.push('', 'Examples:');
    for (const example of command.examples) lines.push(`  ${example}`);
  }
  return `${lines.join('\n')}\n`;
}

export function mainHelp(commands: readonly Command[], version: string): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  const lines = [
    `zcc-sms ${version}: every SMS engagement log out of Zoom Contact Center, at the account's full rate limit.`,
    '',
    'Usage: zcc-sms <command> [flags]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    'Configuration: ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID, ZOOM_CLIENT_SECRET, ZOOM_API_BASE_URL, ZOOM_OAUTH_TOKEN_URL',
    'from the environment or a .env file in the working directory; flags override both.',
    '',
    'Examples:',
    '  zcc-sms demo                                   # no Zoom account needed',
    '  zcc-sms export --from 2026-01-01 --to 2026-03-31 --output q1.ndjson',
    '  zcc-sms backfill --from 2025-01-01 --to 2025-12-31 --sink ndjson:./sms',
    '',
    "Run `zcc-sms <command> --help` for a command's flags. `zcc-sms --version` prints the version.",
  ];
  return `${lines.join('\n')}\n`;
}
