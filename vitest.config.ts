import { defineConfig } from 'vitest/config';

export default defineConfig({
  // graphql 16 has no exports map: give vitest one copy, or schemas and scalars come from two realms.
  resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] },
  test: {
    include: ['test/**/*.test.ts', 'test/web/**/*.test.tsx'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
