/**
 * The code blocks of a README that name their file on their first line (`// worker.mjs — …`), so a test
 * runs exactly what the README tells users to write.
 */
import { readFile } from 'node:fs/promises';

export async function readmeFiles(readmePath: string): Promise<Map<string, string>> {
  const text = await readFile(readmePath, 'utf8');
  const files = new Map<string, string>();
  for (const match of text.matchAll(/```(?:js|ts)\n(\/\/ ([\w.-]+\.m?[jt]s)\b[^\n]*\n[\s\S]*?)```/g)) {
    const [, code, name] = match;
    if (code !== undefined && name !== undefined) files.set(name, code);
  }
  return files;
}
