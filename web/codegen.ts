// `npm run web:codegen`: typed operations for the Explorer from schema/schema.graphql (the
// schema the server prints and a drift test keeps current). The client preset reads every
// graphql(`…`) call in web/src and writes web/src/gql/ (committed, so a fresh clone typechecks
// and builds without running this; run it after editing an operation or the schema).

import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  documents: ['web/src/**/*.{ts,tsx}', '!web/src/gql/**'],
  ignoreNoDocuments: false,
  generates: {
    'web/src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTime: 'string', JSON: 'unknown' },
        avoidOptionals: false,
      },
    },
  },
};

export default config;
