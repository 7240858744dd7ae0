// Writes schema/schema.graphql from the code (sorted, so the diff of a change is the change), and
// schema/possible-types.json beside it for Apollo Client's cache.

import { writeFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { printPossibleTypes, printSchemaSorted } from '../api/print-schema.js';

mkdirSync(new URL('../../schema/', import.meta.url), { recursive: true });
for (const [file, text] of [
  ['schema.graphql', printSchemaSorted()],
  ['possible-types.json', printPossibleTypes()],
] as const) {
  const target = fileURLToPath(new URL(`../../schema/${file}`, import.meta.url));
  writeFileSync(target, text);
  console.log(`wrote ${target}`);
}
