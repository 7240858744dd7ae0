// Automatic persisted queries (the APQ handshake of Apollo Client and urql's persistedExchange):
// a request may carry `extensions.persistedQuery = { version: 1, sha256Hash }` instead of its
// text. A hash the server does not know answers PersistedQueryNotFound (404, code
// PERSISTED_QUERY_NOT_FOUND), the client resends the text with its hash, the server checks the
// hash and keeps the text, and from then on the hash alone runs it, over POST or GET.
//
// The same protocol as @graphql-yoga/plugin-apq 3.6.2, written here because that package
// declares a peer @graphql-tools/utils ^10 and graphql-yoga 5.24.1 ships 11 (npm refuses the
// install). Its store is bounded by entries only; this one also by the text it keeps, since a
// client can register any document of up to the body limit.
// A registered text is only text: it is parsed, validated, costed and limited on each run like
// any other, and a mutation by hash over GET is still a 405.

import { sha256Hex } from '../hash.js';
import { createGraphQLError, type Plugin } from 'graphql-yoga';

export interface APQOptions {
  /** Documents kept (least recently used go first). */
  maxEntries?: number;
  /** Characters of document text kept in all; a text over a tenth of it is run but not kept. */
  maxChars?: number;
}

export function useAPQ({ maxEntries = 1000, maxChars = 2_000_000 }: APQOptions = {}): Plugin {
  const store = new Map<string, string>();
  let chars = 0;
  const remember = (hash: string, text: string) => {
    if (text.length > maxChars / 10 || store.has(hash)) return;
    store.set(hash, text);
    chars += text.length;
    for (const [oldest, kept] of store) {
      if (chars <= maxChars && store.size <= maxEntries) break;
      store.delete(oldest);
      chars -= kept.length;
    }
  };
  const recall = (hash: string): string | undefined => {
    const text = store.get(hash);
    if (text !== undefined) store.delete(hash), store.set(hash, text);
    return text;
  };
  return {
    onParams({ params, setParams }) {
      // A batch item may be anything (yoga refuses a non-object later, with a 400).
      const persisted = (params as typeof params | null)?.extensions?.persistedQuery as
        | { version?: unknown; sha256Hash?: unknown }
        | undefined;
      if (persisted == null || typeof persisted !== 'object') return;
      if (persisted.version !== 1 || typeof persisted.sha256Hash !== 'string') {
        throw createGraphQLError('Unsupported persisted query: send extensions.persistedQuery as { version: 1, sha256Hash }', {
          extensions: { code: 'PERSISTED_QUERY_NOT_SUPPORTED', http: { status: 400 } },
        });
      }
      const hash = persisted.sha256Hash.toLowerCase();
      if (typeof params.query !== 'string' || params.query === '') {
        const text = recall(hash);
        if (text === undefined) {
          throw createGraphQLError('PersistedQueryNotFound', {
            extensions: { code: 'PERSISTED_QUERY_NOT_FOUND', http: { status: 404 } },
          });
        }
        setParams({ ...params, query: text });
        return;
      }
      if (sha256Hex(params.query) !== hash) {
        throw createGraphQLError('PersistedQueryMismatch: sha256Hash is not the SHA-256 of the query text', {
          extensions: { code: 'PERSISTED_QUERY_MISMATCH', http: { status: 400 } },
        });
      }
      remember(hash, params.query);
    },
  };
}
