// The Explorer's generated types (web/src/gql/, committed so a fresh clone typechecks and builds
// without a codegen step) are what `npm run web:codegen` makes from schema/schema.graphql and the
// operations in web/src today: a schema or operation change without regeneration fails here.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generate } from '@graphql-codegen/cli';
import { expect, it } from 'vitest';
import config from '../../web/codegen';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

it('web/src/gql is up to date with the schema and the operations (else: npm run web:codegen)', async () => {
  const previous = process.cwd();
  process.chdir(ROOT);
  try {
    const files = (await generate({ ...config, silent: true, verbose: false }, false)) as { filename: string; content: string }[];
    expect(files.map((f) => f.filename)).toEqual(
      expect.arrayContaining(['web/src/gql/gql.ts', 'web/src/gql/graphql.ts', 'web/src/gql/index.ts']),
    );
    for (const { filename, content } of files) {
      expect(readFileSync(`${ROOT}${filename}`, 'utf8'), `${filename} is stale: run npm run web:codegen`).toBe(content);
    }
  } finally {
    process.chdir(previous);
  }
});
