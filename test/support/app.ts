// Test harness: the app over the curated corpus, queried in process through yoga.fetch, with a
// store that counts its calls so batching can be asserted.

import type { GraphStore } from '../../src/store/graph-store.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { createApp, type PapergraphApp } from '../../src/api/yoga.js';
import { loadCuratedStore } from '../../src/server/load-default-store.js';

export interface GraphQLResponse<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  extensions?: Record<string, unknown>;
}

export { countingStore } from './counting-store.js';

let curated: MemoryStore | null = null;

/** The curated corpus store, loaded once per test file. */
export function curatedStore(): MemoryStore {
  curated ??= loadCuratedStore();
  return curated;
}

export async function execute<T = any>(
  app: PapergraphApp,
  query: string,
  variables?: Record<string, unknown>,
  operationName?: string,
): Promise<GraphQLResponse<T>> {
  const response = await app.fetch('http://papergraph.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query, variables, operationName }),
  });
  const body = await response.json();
  return { status: response.status, ...body };
}

/** Runs a query and fails the test on any GraphQL error. */
export async function query<T = any>(
  app: PapergraphApp,
  text: string,
  variables?: Record<string, unknown>,
  operationName?: string,
): Promise<T> {
  const result = await execute<T>(app, text, variables, operationName);
  if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
  return result.data as T;
}

export function curatedApp(store: GraphStore = curatedStore()): PapergraphApp {
  return createApp({ store, graphiql: false });
}
