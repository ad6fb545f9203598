/**
 * `node:util` `parseArgs` with errors a user can act on: an unknown flag names the closest known one, a
 * missing value names the placeholder. All of them are usage errors (exit 2), raised before anything runs.
 */
import { parseArgs } from 'node:util';
import { UsageError } from './cli-error.ts';
import type { FlagTable, FlagValues } from './command.ts';

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = row[j]!;
      row[j] = next;
    }
  }
  return row[b.length]!;
}

/** The known flag closest to `given`, when close enough to be a typo. */
export function closestFlag(given: string, names: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const name of names) {
    const score = distance(given, name);
    if (score < bestScore) {
      best = name;
      bestScore = score;
    }
  }
  return best !== undefined && bestScore <= Math.max(2, Math.floor(given.length / 3)) ? best : undefined;
}

export interface ParsedFlags {
  readonly flags: FlagValues;
  readonly positionals: string[];
}

export function parseFlags(
  command: string,
  argv: readonly string[],
  table: FlagTable,
  maxPositionals: number,
): ParsedFlags {
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }> = {};
  for (const [name, spec] of Object.entries(table)) {
    options[name] = {
      type: spec.type,
      ...(spec.multiple ? { multiple: true } : {}),
      ...(spec.short ? { short: spec.short } : {}),
    };
  }
  const help = `Run \`zcc-sms ${command} --help\` for the flags.`;
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    const code = (error as { code?: string }).code;
    const message = (error as Error).message;
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const given = /'(-{1,2}[^']*)'/.exec(message)?.[1] ?? message;
      const bare = given.replace(/^-+/, '').split('=')[0] ?? '';
      const near = closestFlag(bare, Object.keys(table));
      throw new UsageError(
        `unknown flag ${given} for \`${command}\`${near ? `; did you mean --${near}?` : '.'} ${help}`,
      );
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      const flag = /'(--?[a-z-]+)/i.exec(message)?.[1] ?? '';
      const name = flag.replace(/^-+/, '');
      const spec = table[name];
      if (spec?.type === 'boolean')
        throw new UsageError(`${flag} takes no value; write ${flag} on its own. ${help}`);
      throw new UsageError(`${flag} needs a value (${flag} ${spec?.value ?? 'VALUE'}). ${help}`);
    }
    throw new UsageError(`${message}. ${help}`);
  }
  if (parsed.positionals.length > maxPositionals) {
    const extra = parsed.positionals[maxPositionals];
    throw new UsageError(`unexpected argument ${JSON.stringify(extra)} for \`${command}\`. ${help}`);
  }
  return { flags: parsed.values as FlagValues, positionals: parsed.positionals };
}
