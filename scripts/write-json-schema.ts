/**
 * Writes the JSON Schema of scenario files to schema/scenario.schema.json, generated from the zod
 * schema in src/scenario/schema.ts (a test checks that the committed file has not drifted).
 *
 *   npx tsx scripts/write-json-schema.ts           (re)write the file
 *   npx tsx scripts/write-json-schema.ts --check   exit 1 if the file's content differs
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { fileURLToPath } from 'node:url';
import { toJsonSchema } from '../src/scenario/schema.ts';

/** Where the generated JSON Schema lives. */
export const JSON_SCHEMA_FILE = resolve(
  fileURLToPath(new URL('.', import.meta.url)),
  '../schema/scenario.schema.json',
);

/** The file's text: the schema as indented JSON with a final newline. */
export function renderJsonSchema(): string {
  return `${JSON.stringify(toJsonSchema(), null, 2)}\n`;
}

function main(args: string[]): number {
  const text = renderJsonSchema();
  if (args.includes('--check')) {
    let current: unknown;
    try {
      current = JSON.parse(readFileSync(JSON_SCHEMA_FILE, 'utf8'));
    } catch {
      // missing or unreadable: out of date
    }
    // Compared as data: reformatting the file (e.g. by prettier) is not a change.
    if (isDeepStrictEqual(current, JSON.parse(text))) return 0;
    process.stderr.write(
      `${JSON_SCHEMA_FILE} is out of date: run npx tsx scripts/write-json-schema.ts\n`,
    );
    return 1;
  }
  mkdirSync(dirname(JSON_SCHEMA_FILE), { recursive: true });
  writeFileSync(JSON_SCHEMA_FILE, text);
  process.stdout.write(`wrote ${JSON_SCHEMA_FILE}\n`);
  return 0;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
