/**
 * A `.env` reader (the dotenv file format): `KEY=value` lines, optional `export ` prefix, `#` comments,
 * single quotes (literal), double quotes (with `\n`, `\t`, `\"`, `\\` escapes, may span lines), and inline
 * comments after unquoted values. Pure: the caller reads the file.
 */
import { UsageError } from './cli-error.ts';

const LINE = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/;

function unescapeDouble(text: string): string {
  return text.replace(/\\([nrt"\\$])/g, (_m, c: string) => ({ n: '\n', r: '\r', t: '\t' })[c] ?? c);
}

/** Parses `.env` text; throws a usage error naming the file and line for a malformed line. */
export function parseDotenv(text: string, fileName = '.env'): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    if (/^\s*(#.*)?$/.test(raw)) continue;
    const match = LINE.exec(raw);
    if (!match) {
      throw new UsageError(`${fileName} line ${i + 1} is not KEY=value; fix or remove that line`);
    }
    const key = match[1]!;
    let value = match[2]!;
    const quote = value[0];
    if (quote === '"' || quote === "'" || quote === '`') {
      let body = value.slice(1);
      let end = findClosing(body, quote);
      // A double-quoted value may continue on the following lines.
      while (end < 0 && quote !== "'" && i + 1 < lines.length) {
        i += 1;
        body += `\n${lines[i]}`;
        end = findClosing(body, quote);
      }
      if (end < 0)
        throw new UsageError(
          `${fileName} line ${i + 1}: the quoted value of ${key} is not closed; add the closing ${quote}`,
        );
      const inner = body.slice(0, end);
      value = quote === '"' ? unescapeDouble(inner) : inner;
    } else {
      value = value.replace(/\s+#.*$/, '').trim();
    }
    out[key] = value;
  }
  return out;
}

function findClosing(body: string, quote: string): number {
  for (let j = 0; j < body.length; j++) {
    if (body[j] === '\\' && quote === '"') {
      j += 1;
      continue;
    }
    if (body[j] === quote) return j;
  }
  return -1;
}
