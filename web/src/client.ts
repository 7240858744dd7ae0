// The Explorer's GraphQL client: urql over papergraph's own /graphql, with graphcache as the
// normalised cache. Objects are keyed by `__typename:id` (every node, RelatedPaper,
// RelatedEvidence, Provenance and CollectionEntry has an `id`); the value types below have none
// and are stored inside their parent — this is the keys block from the README ("One consistent
// schema"). possible-types.json (printed with the schema) lets graphcache match fragments on
// interfaces and unions exactly instead of guessing.

import { cacheExchange, type CacheExchangeOpts } from '@urql/exchange-graphcache';
import { Client, fetchExchange } from 'urql';
import possibleTypes from '../../schema/possible-types.json';

/** graphcache keys for papergraph's embedded values (README, "One consistent schema"). */
export const EMBEDDED_KEYS: NonNullable<CacheExchangeOpts['keys']> = {
  PaperFacets: () => null,
  FacetBucket: () => null,
  YearCount: () => null,
  ConceptCooccurrence: () => null,
  ConceptEvidence: () => null,
  // `id` here is the id in another system (Wikidata, CSO), unique only within its scheme:
  ExternalId: () => null,
  ConceptMapping: () => null,
  // A neighbourhood or path answer: its nodes and edges have ids, the answer itself has none.
  Subgraph: () => null,
  // Search: a hit's highlights and the counts per kind belong to their edge and connection.
  SearchHighlight: () => null,
  SearchHighlightRange: () => null,
  SearchTypeCount: () => null,
  // Connections' page info and the graph version are values of what holds them.
  PageInfo: () => null,
  GraphVersion: () => null,
};

export interface ClientOptions {
  /** Where the API is (the same origin's /graphql when served by papergraph). */
  url?: string;
  /** An API key for writes (the curation screen), sent as a bearer token. */
  apiKey?: () => string | null;
  fetch?: typeof fetch;
}

export function createClient({ url = '/graphql', apiKey, fetch: fetchFn }: ClientOptions = {}): Client {
  return new Client({
    url,
    // Queries go as GET when they fit in a URL (urql's default), so the server's ETags and
    // HTTP caching apply; mutations are POSTs.
    exchanges: [cacheExchange({ keys: EMBEDDED_KEYS, possibleTypes }), fetchExchange],
    fetch: fetchFn,
    fetchOptions: () => {
      const key = apiKey?.();
      return key ? { headers: { authorization: `Bearer ${key}` } } : {};
    },
  });
}
