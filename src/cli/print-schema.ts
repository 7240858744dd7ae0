// Writes schema/schema.graphql from the code: sorted, so the diff of a change is the change.

import { writeFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { printSchemaSorted } from '../api/print-schema.js';

const target = fileURLToPath(new URL('../../schema/schema.graphql', import.meta.url));
mkdirSync(new URL('../../schema/', import.meta.url), { recursive: true });
writeFileSync(target, printSchemaSorted());
console.log(`wrote ${target}`);
