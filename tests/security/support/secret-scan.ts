/**
 * Finding a secret wherever it may have been written: as itself, or as it appears inside JSON text
 * (quotes and backslashes escaped). Used to grep logs, files and messages captured by a test.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The spellings a secret can take in captured text. */
export function spellings(secret: string): string[] {
  const jsonEscaped = JSON.stringify(secret).slice(1, -1);
  return jsonEscaped === secret ? [secret] : [secret, jsonEscaped];
}

/** How many times any spelling of `secret` occurs in `text`. */
export function occurrences(text: string, secret: string): number {
  let count = 0;
  for (const form of spellings(secret)) count += text.split(form).length - 1;
  return count;
}

/** Every regular file under `dir` (recursively) with its content as text. */
export function filesUnder(dir: string): { path: string; text: string }[] {
  const found: { path: string; text: string }[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const info = statSync(path);
    if (info.isDirectory()) found.push(...filesUnder(path));
    else if (info.isFile()) found.push({ path, text: readFileSync(path).toString('utf8') });
  }
  return found;
}
