// Ranked full-text search over every node kind.

import { NODE_KIND } from '../../model/index.js';
import type { GraphNodeKind, SearchHit } from '../../store/graph-store.js';
import { MAX_SEARCH_TERMS, SEARCH_KINDS, searchTerms } from '../../store/search-index.js';
import { builder } from '../builder.js';
import { searchCost } from '../complexity.js';
import { pageOf } from '../../store/page.js';
import { connectionOf, pageRequestFrom } from '../connection.js';
import { UserInputError } from '../errors.js';
import { loadNodes } from '../graph-nodes.js';
import { STUB_DESCRIPTION } from './paper.js';

const MAX_QUERY_LENGTH = 200;

const SearchableType = builder.enumType('SearchableType', {
  description: 'Node kinds search can return.',
  values: Object.fromEntries(Object.entries(SEARCH_KINDS).map(([kind, { description }]) => [kind, { description }])) as {
    [K in GraphNodeKind]: { description: string };
  },
});

/** "papers, concepts, …, authors and venues": the tables search reads, in SEARCH_KINDS order. */
const searchedTables = (Object.keys(SEARCH_KINDS) as GraphNodeKind[])
  .map((kind) => NODE_KIND[kind].collection)
  .join(', ')
  .replace(/, (?=[^,]*$)/, ' and ');

const SearchConnection = builder.connectionObject(
  { type: builder.nodeInterfaceRef(), name: 'SearchResultConnection', description: 'Search hits, most relevant first.' },
  {
    name: 'SearchResultEdge',
    description: 'A search hit.',
    fields: (t) => ({
      score: t.float({
        description: 'Relevance (BM25 with prefix and typo matches); higher is better.',
        resolve: (e) => (e as unknown as { hit: SearchHit }).hit.score,
      }),
    }),
  },
);

builder.queryFields((t) => ({
  search: t.field({
    nullable: true, // a bad argument nulls this field alone, not the whole answer
    type: SearchConnection,
    description: `Ranked search across ${searchedTables}, tolerant of prefixes and typos. Its cost follows how many documents its words match.`,
    complexity: searchCost,
    args: {
      query: t.arg.string({
        required: true,
        description: `Words to look for, e.g. "contrastive learning": at most ${MAX_QUERY_LENGTH} characters and ${MAX_SEARCH_TERMS} distinct words (a repeated word counts once). A query with no word (a cleared search box) answers an empty list.`,
      }),
      types: t.arg({ type: [SearchableType], description: 'Only these kinds of node; all by default.' }),
      includeStubs: t.arg.boolean({ defaultValue: false, description: STUB_DESCRIPTION }),
      ...t.arg.connectionArgs(),
    },
    resolve: async (_root, args, ctx) => {
      const text = args.query.trim();
      if (text.length > MAX_QUERY_LENGTH) throw new UserInputError(`"query" is ${text.length} characters; the most is ${MAX_QUERY_LENGTH}`);
      const words = searchTerms(text).length;
      if (words > MAX_SEARCH_TERMS) throw new UserInputError(`"query" has ${words} distinct words; the most is ${MAX_SEARCH_TERMS}`);
      const request = pageRequestFrom(args);
      // A cleared search box (or one holding no word) matches nothing: an empty list, not an error.
      const page =
        words === 0
          ? pageOf<SearchHit>([], request)
          : await ctx.loaders.search.load({
              text,
              kinds: args.types ?? null,
              page: request,
              ...(args.includeStubs ? { includeStubs: true } : {}),
            });
      const nodes = await loadNodes(
        ctx,
        page.items.map((h) => h.node),
      );
      return connectionOf(page, (hit, cursor, k) => ({ cursor, node: nodes[k] as never, hit }));
    },
  }),
}));
